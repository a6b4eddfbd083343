//! Decoding of the generated response records: from a JSON object only, every field
//! optional, scalars read leniently (see [`crate::lenient`]), unknown keys skipped (or, for a
//! model known only in part, kept in its [`OtherFields`]), a key given twice an error.
//!
//! A generated record implements [`Record`] (one `match` arm per field, naming how the field
//! is read and its number, by which a repeat is found) and gets its `Deserialize` from
//! [`record!`](crate::record!). This is far less code for the compiler than serde's derive,
//! which also reads structs from arrays by position (which a record must never be) and wraps
//! every lenient field in a helper type.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::{OtherFields, RawJson};

/// A response record: what its fields are called on the wire and how each is read.
pub trait Record: Default {
    /// The record's name, for errors ("a JSON object for `Opportunity`").
    const NAME: &'static str;

    /// Reads the value of the field [`Field::key`] names with one of `field`'s readers, giving
    /// it the field's number (its place among the record's fields, from 0); returns `Ok(false)`,
    /// the value left unread, when the record has no field of that name.
    fn read_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, A>) -> Result<bool, A::Error>;

    /// Takes the value of a key the record has no field for: skipped ([`skip`]), unless the
    /// record keeps such keys ([`other`]).
    fn read_other<'de, A: MapAccess<'de>>(&mut self, _key: &str, map: &mut A) -> Result<(), A::Error> {
        skip(map)
    }
}

/// Decodes a record from a map (a JSON object); anything else is an error, and so is a key the
/// object has twice (whatever its first value was: `null` and an unreadable scalar too), rather
/// than one value silently replacing the other.
pub fn deserialize<'de, D: Deserializer<'de>, R: Record>(deserializer: D) -> Result<R, D::Error> {
    deserializer.deserialize_map(RecordVisitor(PhantomData))
}

struct RecordVisitor<R>(PhantomData<R>);

impl<'de, R: Record> Visitor<'de> for RecordVisitor<R> {
    type Value = R;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object for `{}`", R::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<R, A::Error> {
        let mut record = R::default();
        read_entries(&mut map, &mut record)?;
        Ok(record)
    }
}

/// A record's readers, object-safe: [`read_entries`] calls them through a vtable, so that it
/// is compiled once per map type rather than once per record type and map type.
trait ErasedRecord<'de, A: MapAccess<'de>> {
    fn read_field(&mut self, field: Field<'_, A>) -> Result<bool, A::Error>;
    fn read_other(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

impl<'de, A: MapAccess<'de>, R: Record> ErasedRecord<'de, A> for R {
    fn read_field(&mut self, field: Field<'_, A>) -> Result<bool, A::Error> {
        Record::read_field(self, field)
    }

    fn read_other(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        Record::read_other(self, key, map)
    }
}

/// Reads every entry of `map` into `record`.
fn read_entries<'de, A: MapAccess<'de>>(map: &mut A, record: &mut dyn ErasedRecord<'de, A>) -> Result<(), A::Error> {
    // A repeated field is found by its number; a repeated key the record has no field for,
    // among the other such keys (kept only once the object has one).
    let mut fields = SeenFields::default();
    let mut others: Option<Keys<'de>> = None;
    while let Some(key) = map.next_key_seed(KeySeed)? {
        if !record.read_field(Field { key: &key, map: &mut *map, seen: &mut fields })? {
            let key = others.get_or_insert_with(Keys::default).insert(key)?;
            record.read_other(key, map)?;
        }
    }
    Ok(())
}

/// One entry of the object a record is read from, handed to [`Record::read_field`]: its key,
/// and readers for its value that refuse a field the object has given already.
pub struct Field<'a, A> {
    key: &'a str,
    map: &'a mut A,
    seen: &'a mut SeenFields,
}

impl<'a, A> Field<'a, A> {
    /// The entry's key.
    pub fn key(&self) -> &'a str {
        self.key
    }

    /// Reads a field of any type (`null` is `None`) into `slot`; `number` is the field's.
    pub fn value<'de, T: Deserialize<'de>>(mut self, number: usize, slot: &mut Option<T>) -> Result<bool, A::Error>
    where
        A: MapAccess<'de>,
    {
        self.first_of(number)?;
        *slot = self.map.next_value()?;
        Ok(true)
    }

    /// Reads a scalar field leniently (see [`Lenient`]) into `slot`; `number` as for
    /// [`Field::value`].
    pub fn scalar<'de, T: Lenient>(mut self, number: usize, slot: &mut Option<T>) -> Result<bool, A::Error>
    where
        A: MapAccess<'de>,
    {
        self.first_of(number)?;
        *slot = self.map.next_value_seed(LenientSeed(PhantomData))?;
        Ok(true)
    }

    /// An error unless this is the first time the object gives field `number`.
    fn first_of<'de>(&mut self, number: usize) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
    {
        if self.seen.insert(number) {
            Ok(())
        } else {
            Err(de::Error::custom(format_args!("duplicate field `{}`", self.key)))
        }
    }
}

/// The numbers of the fields an object has given so far: bits, the first 128 inline.
#[derive(Default)]
struct SeenFields {
    first: u128,
    more: Vec<u128>,
}

impl SeenFields {
    /// Adds field `number`; `false` if it was there.
    #[inline]
    fn insert(&mut self, number: usize) -> bool {
        let (word, bit) = match number.checked_sub(128) {
            None => (&mut self.first, 1u128 << number),
            Some(past) => {
                let index = past / 128;
                if self.more.len() <= index {
                    self.more.resize(index + 1, 0);
                }
                (&mut self.more[index], 1u128 << (past % 128))
            }
        };
        let new = *word & bit == 0;
        *word |= bit;
        new
    }
}

/// The keys of one object so far, to find a repeat. Most objects have a few dozen keys at most,
/// borrowed from the input: those are kept inline, so an object costs no allocation, and a key
/// is compared with the others only when its hash bit says it may be one of them.
pub(crate) struct Keys<'de> {
    /// One bit per key, by a hash of the key: a key whose bit is clear is new.
    hashes: u64,
    inline: [&'de str; INLINE_KEYS],
    len: usize,
    /// The keys past the first [`INLINE_KEYS`], and those that had escapes (owned).
    more: Vec<Cow<'de, str>>,
}

/// How many borrowed keys an object keeps without allocating.
const INLINE_KEYS: usize = 24;

impl Default for Keys<'_> {
    fn default() -> Self {
        Keys { hashes: 0, inline: [""; INLINE_KEYS], len: 0, more: Vec::new() }
    }
}

impl<'de> Keys<'de> {
    /// Adds `key` and returns it; an error naming it if the object had it already.
    pub(crate) fn insert<E: de::Error>(&mut self, key: Cow<'de, str>) -> Result<&str, E> {
        let bit = 1u64 << (key_hash(key.as_bytes()) & 63);
        if self.hashes & bit != 0 && self.contains(&key) {
            return Err(E::custom(format_args!("duplicate field `{key}`")));
        }
        self.hashes |= bit;
        match key {
            Cow::Borrowed(key) if self.len < INLINE_KEYS => {
                self.inline[self.len] = key;
                self.len += 1;
                Ok(key)
            }
            key => {
                self.more.push(key);
                Ok(self.more.last().map_or("", |key| key))
            }
        }
    }

    fn contains(&self, key: &str) -> bool {
        self.inline[..self.len].contains(&key) || self.more.iter().any(|seen| seen == key)
    }
}

/// A cheap hash of a key (its length and three of its bytes): enough to tell most keys of an
/// object apart, and a collision only costs a comparison.
fn key_hash(key: &[u8]) -> u32 {
    let byte = |index: usize| key.get(index).map_or(0, |&b| u32::from(b));
    let len = key.len();
    let hash = [byte(0), byte(len / 2), byte(len.wrapping_sub(1))]
        .into_iter()
        .fold(len as u32, |hash, byte| hash.wrapping_mul(31).wrapping_add(byte));
    hash ^ (hash >> 6)
}

/// A key, borrowed from the input where it can be (no escapes), owned where not.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

/// Skips the value of a key the record does not have.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Keeps the value of a key the record does not name in `other` (the `other_fields` of a model
/// known only in part), as its raw JSON: nothing is skipped. A key `other` has already is an
/// error.
///
/// For the rule that a record answer must have a key its record names, a key kept so counts as
/// one the record does not know: `{"result": {..}}` in answer to a get is an error, not a
/// record with every named field `None`.
pub fn other<'de, A: MapAccess<'de>>(other: &mut OtherFields, key: &str, map: &mut A) -> Result<(), A::Error> {
    let json = map.next_value_seed(OtherValue)?;
    other.add(key, json)
}

/// A value kept in [`OtherFields`]: asked for by the newtype name
/// [`OTHER_FIELD`](crate::decode::OTHER_FIELD), which the record-answer rule counts as an
/// unknown key and every other deserializer reads as an ordinary newtype.
struct OtherValue;

impl<'de> DeserializeSeed<'de> for OtherValue {
    type Value = RawJson;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawJson, D::Error> {
        deserializer.deserialize_newtype_struct(crate::decode::OTHER_FIELD, OtherValue)
    }
}

impl<'de> Visitor<'de> for OtherValue {
    type Value = RawJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawJson, D::Error> {
        RawJson::deserialize(deserializer)
    }
}

/// A scalar that records read leniently: text takes any scalar as text, numbers and booleans
/// take their text forms (the readers of [`crate::lenient`]).
pub trait Lenient: Sized {
    /// Reads the value; `None` for `null` and for a scalar that cannot be read as `Self`.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error>;
}

impl Lenient for String {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        crate::lenient::string(deserializer)
    }
}

impl Lenient for crate::DateTime {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        crate::lenient::date_time(deserializer)
    }
}

impl Lenient for f64 {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        crate::lenient::number(deserializer)
    }
}

impl Lenient for i64 {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        crate::lenient::integer(deserializer)
    }
}

impl Lenient for bool {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        crate::lenient::boolean(deserializer)
    }
}

struct LenientSeed<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::read(deserializer)
    }
}

/// Gives a type that implements [`Record`] its `Deserialize`: `record!(Opportunity);`.
#[macro_export]
macro_rules! record {
    ($name:ident) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::record::deserialize(deserializer)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Deal {
        id: Option<String>,
        amount: Option<f64>,
        tags: Option<Vec<String>>,
        owner: Option<Box<Deal>>,
    }

    impl Record for Deal {
        const NAME: &'static str = "Deal";

        fn read_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, A>) -> Result<bool, A::Error> {
            match field.key() {
                "id" => field.scalar(0, &mut self.id),
                "amount" => field.scalar(1, &mut self.amount),
                "tags" => field.value(2, &mut self.tags),
                "owner" => field.value(3, &mut self.owner),
                _ => Ok(false),
            }
        }
    }

    crate::record!(Deal);

    #[test]
    fn fields_are_read_by_name_leniently_and_unknown_ones_skipped() {
        let deal: Deal = serde_json::from_str(
            r#"{"id": 123456789012345678901234, "amount": "12.50", "extra": {"x": [1]}, "tags": ["a"], "owner": {"id": "u\u0031"}}"#,
        )
        .unwrap();
        assert_eq!(deal.id.as_deref(), Some("123456789012345678901234"));
        assert_eq!(deal.amount, Some(12.5));
        assert_eq!(deal.tags, Some(vec!["a".to_owned()]));
        assert_eq!(deal.owner.and_then(|o| o.id).as_deref(), Some("u1"));
        assert_eq!(serde_json::from_str::<Deal>(r#"{"id": null}"#).unwrap(), Deal::default());
    }

    #[test]
    fn arrays_and_repeated_keys_are_errors() {
        let array = serde_json::from_str::<Deal>(r#"["1", 2]"#).unwrap_err();
        assert!(array.to_string().contains("a JSON object for `Deal`"), "{array}");
        let nested = serde_json::from_str::<Deal>(r#"{"owner": ["u1"]}"#).unwrap_err();
        assert!(nested.to_string().contains("a JSON object for `Deal`"), "{nested}");
        // A repeat is an error whatever came first, and for keys the record does not know too.
        for (twice, key) in [
            (r#"{"id": "1", "id": "2"}"#, "id"),
            (r#"{"id": null, "id": "2"}"#, "id"),
            (r#"{"amount": "N/A", "amount": 3}"#, "amount"),
            (r#"{"id": "1", "\u0069d": "2"}"#, "id"),
            (r#"{"extra": 1, "extra": 2}"#, "extra"),
        ] {
            let error = serde_json::from_str::<Deal>(twice).unwrap_err();
            assert!(error.to_string().contains(&format!("duplicate field `{key}`")), "{twice}: {error}");
        }
        assert!(serde_json::from_str::<Deal>(r#"{"id": {"a": 1}}"#).is_err());
    }

    #[test]
    fn a_repeat_is_found_among_many_keys_escaped_or_not() {
        let keys: Vec<String> = (0..40).map(|n| format!("k{n}")).collect();
        let object = |extra: &str| {
            let fields: Vec<String> = keys.iter().map(|key| format!("{key:?}: {}", key.len())).collect();
            format!("{{{}, {extra}}}", fields.join(", "))
        };
        assert_eq!(serde_json::from_str::<Deal>(&object(r#""id": "7""#)).expect("distinct").id.as_deref(), Some("7"));
        for (repeat, key) in
            [(r#""k3": 0"#, "k3"), (r#""k33": 0"#, "k33"), (r#""k\u0033": 0"#, "k3"), (r#""\u006b39": 0"#, "k39")]
        {
            let error = serde_json::from_str::<Deal>(&object(repeat)).expect_err(repeat);
            assert!(error.to_string().contains(&format!("duplicate field `{key}`")), "{repeat}: {error}");
        }
    }

    #[test]
    fn fields_past_the_first_128_are_told_apart_too() {
        let mut seen = SeenFields::default();
        for number in [0, 127, 128, 255, 256, 1000] {
            assert!(seen.insert(number), "{number} is new");
        }
        for number in [0, 127, 128, 255, 256, 1000] {
            assert!(!seen.insert(number), "{number} was seen");
        }
        assert!(seen.insert(1) && seen.insert(129) && seen.insert(999));
    }

    /// A record known in part: what it does not name is kept.
    #[derive(Debug, Default, PartialEq)]
    struct Partial {
        id: Option<String>,
        other_fields: OtherFields,
    }

    impl Record for Partial {
        const NAME: &'static str = "Partial";

        fn read_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, A>) -> Result<bool, A::Error> {
            match field.key() {
                "id" => field.scalar(0, &mut self.id),
                _ => Ok(false),
            }
        }

        fn read_other<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
            other(&mut self.other_fields, key, map)
        }
    }

    crate::record!(Partial);

    #[test]
    fn a_record_known_in_part_keeps_what_it_does_not_name() {
        let partial: Partial =
            serde_json::from_str(r#"{"urls": [{"type": "web"}], "id": 7, "rank": null}"#).expect("decodes");
        assert_eq!(partial.id.as_deref(), Some("7"));
        let kept: Vec<(&str, &str)> = partial.other_fields.iter().map(|(k, v)| (k, v.get())).collect();
        assert_eq!(kept, [("urls", r#"[{"type": "web"}]"#), ("rank", "null")]);
        let twice = serde_json::from_str::<Partial>(r#"{"rank": 1, "rank": 2}"#).expect_err("a repeat");
        assert!(twice.to_string().contains("duplicate field `rank`"), "{twice}");
    }

    /// A record answer must name a field of its record: keys kept among the other fields do
    /// not count, so a wrapped answer is an error rather than a record of `None`s.
    #[test]
    fn an_answer_of_only_other_fields_is_not_the_record() {
        let wrapped = r#"{"result": {"id": "1"}, "next_cursor": null}"#;
        let error = crate::decode::record_from_slice::<Partial>(wrapped.as_bytes()).expect_err("no field of Partial");
        assert!(error.to_string().contains("none of the 2 key(s) of the object is a field of `Partial`"), "{error}");
        let partial = crate::decode::record_from_slice::<Partial>(br#"{"id": "1", "urls": []}"#).expect("one named");
        assert_eq!((partial.id.as_deref(), partial.other_fields.len()), (Some("1"), 1));
        // Nested and stand-alone reads keep other fields as before: the rule is the answer's.
        let alone: Partial = serde_json::from_str(wrapped).expect("not an answer");
        assert_eq!(alone.other_fields.len(), 2);
    }

    /// `other` refuses a repeat on its own too, wherever it is called from.
    #[test]
    fn other_refuses_a_key_it_has() {
        struct EveryKey;

        impl<'de> Visitor<'de> for EveryKey {
            type Value = OtherFields;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OtherFields, A::Error> {
                let mut fields = OtherFields::new();
                while let Some(key) = map.next_key::<String>()? {
                    other(&mut fields, &key, &mut map)?;
                }
                Ok(fields)
            }
        }

        let mut json = serde_json::Deserializer::from_str(r#"{"a": 1, "b": 2}"#);
        assert_eq!(json.deserialize_map(EveryKey).expect("distinct").len(), 2);
        let mut json = serde_json::Deserializer::from_str(r#"{"a": 1, "a": 2}"#);
        let error = json.deserialize_map(EveryKey).expect_err("a repeat");
        assert!(error.to_string().contains("duplicate field `a`"), "{error}");
    }

    #[test]
    fn records_decode_from_a_value_too() {
        let deal: Deal = serde_json::from_value(serde_json::json!({"id": 7, "amount": 1.5})).unwrap();
        assert_eq!((deal.id.as_deref(), deal.amount), (Some("7"), Some(1.5)));
    }
}
