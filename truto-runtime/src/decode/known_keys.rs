//! A record answer must be the record: a non-empty JSON object none of whose keys the type
//! reads is refused, rather than decoded as a record whose every field is `None`.
//!
//! A type that skips a key asks its deserializer for `deserialize_ignored_any` (the generated
//! records' `record::skip`, serde's derive and `IgnoredAny` alike), and a model known in part
//! asks for the newtype [`OTHER_FIELD`] for a key it keeps without naming it; a key it reads
//! asks for anything else. [`Counting`] wraps the top-level object's entries and counts the skipped
//! ones, so the rule needs nothing from the type and applies to the top level only: nested
//! objects (an `owner` with keys the model does not know) stay lenient.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// The newtype name a model known in part reads a key it does not name by, into its
/// `other_fields` (see [`crate::record::other`]). The rule counts such a key as unknown, as it
/// does a skipped one; any other deserializer sees an ordinary newtype.
pub(crate) const OTHER_FIELD: &str = "$truto::private::OtherField";

/// Reads `T` from a JSON object through [`Counting`], and refuses the object when it has keys
/// and `T` skipped every one of them.
pub(crate) struct RecordAnswer<T>(pub T);

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for RecordAnswer<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        record(deserializer).map(RecordAnswer)
    }
}

/// Reads `T` as [`RecordAnswer`] does.
pub(crate) fn record<'de, D: Deserializer<'de>, T: de::Deserialize<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(AnswerVisitor(PhantomData))
}

struct AnswerVisitor<T>(PhantomData<T>);

impl<'de, T: de::Deserialize<'de>> Visitor<'de> for AnswerVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let mut counting = Counting { map, keys: 0, skipped: 0 };
        let value = T::deserialize(super::Entries(&mut counting))?;
        counting.known_key_of(std::any::type_name::<T>())?;
        Ok(value)
    }
}

/// Gives a visitor an object's entries counted (as `&mut Counting`, the map type every record
/// answer is read through, so that a model's reading is compiled once), and refuses the object
/// as [`RecordAnswer`] does when `record` names the type read and it skipped every key.
pub(crate) struct Counted<V> {
    pub(crate) visitor: V,
    pub(crate) record: Option<&'static str>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Counted<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let mut counting = Counting { map, keys: 0, skipped: 0 };
        let value = self.visitor.visit_map(&mut counting)?;
        if let Some(type_name) = self.record {
            counting.known_key_of(type_name)?;
        }
        Ok(value)
    }
}

/// `type_name`'s last path segments (`Widget`, `Option<Contact>`).
fn short_type_name(full: &str) -> String {
    let mut short = String::with_capacity(full.len());
    let mut segment_start = 0;
    for (index, c) in full.char_indices() {
        if c == ':' {
            segment_start = index + 1;
        } else if matches!(c, '<' | '>' | ',' | ' ' | '(' | ')' | '[' | ']' | '&' | ';') {
            short.push_str(&full[segment_start..index]);
            short.push(c);
            segment_start = index + 1;
        }
    }
    short.push_str(&full[segment_start..]);
    short
}

/// The entries of an object, counting its keys and the values that were skipped.
struct Counting<A> {
    map: A,
    keys: usize,
    skipped: usize,
}

impl<A> Counting<A> {
    /// An error when the object had keys and the type read, `type_name`, skipped every one.
    fn known_key_of<E: de::Error>(&self, type_name: &str) -> Result<(), E> {
        if self.keys > 0 && self.skipped == self.keys {
            return Err(E::custom(format_args!(
                "none of the {} key(s) of the object is a field of `{}`: the answer is not that record",
                self.keys,
                short_type_name(type_name),
            )));
        }
        Ok(())
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Counting<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let key = self.map.next_key_seed(seed)?;
        self.keys += usize::from(key.is_some());
        Ok(key)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let mut skipped = false;
        let value = self.map.next_value_seed(NoteSkip { seed, skipped: &mut skipped })?;
        self.skipped += usize::from(skipped);
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A value's seed, noting whether the value was skipped.
struct NoteSkip<'a, S> {
    seed: S,
    skipped: &'a mut bool,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for NoteSkip<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(SkipProbe { inner: deserializer, skipped: self.skipped })
    }
}

/// The deserializer of one value, passing everything through and noting a skip.
struct SkipProbe<'a, D> {
    inner: D,
    skipped: &'a mut bool,
}

macro_rules! pass {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method(visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for SkipProbe<'_, D> {
    type Error = D::Error;

    pass!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier
    );

    /// The one thing noted: the type skips this value.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        *self.skipped = true;
        self.inner.deserialize_ignored_any(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_unit_struct(name, visitor)
    }

    /// Noted too: a model known in part keeps this value among the fields it does not name.
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        if name == OTHER_FIELD {
            *self.skipped = true;
        }
        self.inner.deserialize_newtype_struct(name, visitor)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Contact {
        id: Option<String>,
        owner: Option<Owner>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Owner {
        id: Option<String>,
    }

    fn answer<T: de::DeserializeOwned>(json: &str) -> serde_json::Result<T> {
        crate::strict::from_slice::<RecordAnswer<T>>(json.as_bytes()).map(|answer| answer.0)
    }

    #[test]
    fn an_object_with_no_known_key_is_not_the_record() {
        let error = answer::<Contact>(r#"{"result": {"id": "1"}, "x": 2}"#).expect_err("no field of Contact");
        assert!(error.to_string().contains("none of the 2 key(s) of the object is a field of `Contact`"), "{error}");
        let error = answer::<Option<Contact>>(r#"{"name": "Ada"}"#).expect_err("inside an Option too");
        assert!(error.to_string().contains("a field of `Option<Contact>`"), "{error}");
    }

    #[test]
    fn one_known_key_or_none_at_all_decodes() {
        let contact = answer::<Contact>(r#"{"x": 1, "id": null}"#).expect("one known key");
        assert_eq!(contact, Contact::default());
        assert_eq!(answer::<Contact>("{}").expect("empty"), Contact::default());
        // Nested objects stay lenient: an owner with only unknown keys is an empty owner.
        let contact = answer::<Contact>(r#"{"id": "1", "owner": {"email": "a@b"}}"#).expect("nested");
        assert_eq!(contact.owner, Some(Owner::default()));
        // A type that reads every key never skips one.
        let value = answer::<serde_json::Value>(r#"{"x": 1}"#).expect("a Value reads all");
        assert_eq!(value, serde_json::json!({"x": 1}));
    }

    #[test]
    fn short_names_drop_module_paths() {
        assert_eq!(short_type_name(std::any::type_name::<Vec<Option<String>>>()), "Vec<Option<String>>");
        assert_eq!(short_type_name(std::any::type_name::<(u8, serde_json::Value)>()), "(u8, Value)");
    }
}
