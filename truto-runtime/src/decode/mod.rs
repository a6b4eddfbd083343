//! Decoding response bodies: records and pages are JSON objects only (at every depth, see
//! [`super::strict`]), a record answer must have a key of the record ([`known_keys`]), JSON
//! decoded as a whole has no repeated key ([`unique_keys`]), and a decode error keeps a
//! bounded prefix of the body. Bodies are read by the [`direct`] reader first, and by
//! serde_json wherever it gives up, which decides every error.

mod direct;
mod known_keys;
pub(crate) use known_keys::OTHER_FIELD;
mod page;
pub(crate) mod raw_text;
mod unique_keys;

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use http::StatusCode;
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::Error;
use crate::request::OperationKind;

/// How much of an undecodable body [`Error::Decode`] keeps: enough to see what came, bounded so
/// that a 50 MB body does not become a 50 MB error.
pub const BODY_PREFIX_LIMIT: usize = 64 * 1024;

/// Decodes `T` from a JSON object; anything else (an array above all, which serde would
/// otherwise read field by field, by position) is an error.
pub(crate) fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(Entries(map))
    }
}

/// The entries of an object, as a deserializer of the object: serde's
/// `MapAccessDeserializer`, except that an `Option` reads them as `Some` (a record may be
/// asked for as `Option<T>`).
pub(crate) struct Entries<A>(pub A);

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Entries<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        MapAccessDeserializer::new(self.0).deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        MapAccessDeserializer::new(self.0).deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// `T` read with [`object`]: what the body of a record or a page must be.
pub(crate) struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer).map(Object)
    }
}

/// Decodes a JSON object body into `T`, nested structs from objects only too. A page reads its
/// records in one pass (see [`page`]).
pub(crate) fn decode_object<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    object_from_slice(body, None).map_err(|e| decode_error(status, e, body))
}

/// Decodes what the `unified` format answers an endpoint of kind `kind` into its response
/// type `T`: a page for a list, the record inside `{"result": ...}` for a custom method, the
/// record itself otherwise (see [`decode_record`] and [`decode_custom`]); an empty answer to a
/// write is `T::default()`. Every kind goes through one function generic over `T`, so that a
/// model is read by one body of code, not one per kind of answer.
pub(crate) fn decode_unified<T: DeserializeOwned + Default>(
    method: &http::Method,
    kind: OperationKind,
    status: StatusCode,
    body: &[u8],
) -> Result<T, Error> {
    let Some(answer) = unified_answer(method, kind, status, body)? else { return Ok(T::default()) };
    let record = answer.record.then(std::any::type_name::<T>);
    object_from_slice(answer.json, record).map_err(|e| match kind {
        OperationKind::Custom => decode_error(status, format_args!("the record in `result`: {e}"), body),
        _ => decode_error(status, e, body),
    })
}

/// What of a `unified` answer is read as the response, and how.
struct Answer<'a> {
    json: &'a [u8],
    /// Read as a record answer (see [`known_keys`]).
    record: bool,
}

/// The part of [`decode_unified`] that is the same for every response type: `None` for no
/// record (an empty answer to a write, a custom method's `result: null`).
fn unified_answer<'a>(
    method: &http::Method,
    kind: OperationKind,
    status: StatusCode,
    body: &'a [u8],
) -> Result<Option<Answer<'a>>, Error> {
    // A write may answer 204, or 200 with no body: it was applied, and there is no record
    // to return. An error here would make the caller retry a write that succeeded.
    if crate::request::is_mutating(method) && is_empty(body) {
        return Ok(None);
    }
    Ok(match kind {
        OperationKind::List => Some(Answer { json: body, record: false }),
        OperationKind::Custom => custom_result(status, body)?.map(|json| Answer { json, record: true }),
        OperationKind::Get | OperationKind::Create | OperationKind::Update | OperationKind::Delete => {
            Some(Answer { json: body, record: true })
        }
    })
}

/// `T` from a JSON object, read through [`ObjectBody`]; as a record answer of the type named
/// `record`, if one is.
fn object_from_slice<'de, T: Deserialize<'de>>(body: &'de [u8], record: Option<&'static str>) -> serde_json::Result<T> {
    if let Some(value) = direct_object(body, record) {
        return Ok(value);
    }
    let mut json = serde_json::Deserializer::from_slice(body);
    let took_body = Cell::new(false);
    let value =
        T::deserialize(ObjectBody { json: super::strict::Strict(&mut json), body, took_body: &took_body, record })?;
    // A type that took the whole body read all of it itself.
    if !took_body.get() {
        json.end()?;
    }
    Ok(value)
}

/// [`object_from_slice`] by the [`direct`] reader: `None` when it gave up, and the body is then
/// serde_json's to read.
fn direct_object<'de, T: Deserialize<'de>>(body: &'de [u8], record: Option<&'static str>) -> Option<T> {
    let mut reader = direct::Reader::new(body)?;
    let took_body = Cell::new(false);
    let value = T::deserialize(ObjectBody { json: &mut reader, body, took_body: &took_body, record }).ok()?;
    if !took_body.get() {
        reader.end().ok()?;
    }
    Some(value)
}

/// The deserializer of a body that must be a JSON object: [`Object`]'s rules (structs from
/// objects only at every depth, and an `Option` reads the object as `Some`), as a record answer
/// when `record` names the type (see [`known_keys`]), and for a type that asks for it by the
/// newtype name [`page::WHOLE_BODY`], the body's bytes (a page, which reads them in one pass
/// and again record by record if a record fails). Entries come counted either way
/// ([`known_keys::Counted`]), so that a type is read through one map type whatever the answer.
struct ObjectBody<'a, 'de, D> {
    json: D,
    body: &'de [u8],
    took_body: &'a Cell<bool>,
    record: Option<&'static str>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectBody<'_, 'de, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.json.deserialize_map(known_keys::Counted { visitor, record: self.record })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        if name == page::WHOLE_BODY {
            self.took_body.set(true);
            return visitor.visit_borrowed_bytes(self.body);
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.json.deserialize_map(EnumOf { name, variants, visitor })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// An enum read from an object's entries (`{"Variant": ...}`), as serde reads one from a map.
struct EnumOf<V> {
    name: &'static str,
    variants: &'static [&'static str],
    visitor: V,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for EnumOf<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        MapAccessDeserializer::new(map).deserialize_enum(self.name, self.variants, self.visitor)
    }
}

/// Decodes a record answer (a get, create, update or delete, and a page's records) into `T`:
/// a JSON object, nested structs from objects only, and not a non-empty object none of whose
/// keys `T` reads (see [`known_keys`]).
pub(crate) fn decode_record<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    record_from_slice(body).map_err(|e| decode_error(status, e, body))
}

/// [`decode_record`] without the status, for the records of a page.
pub(crate) fn record_from_slice<T: DeserializeOwned>(json: &[u8]) -> serde_json::Result<T> {
    strict_from_slice::<known_keys::RecordAnswer<T>>(json).map(|answer| answer.0)
}

/// [`strict::from_slice`](super::strict::from_slice), read by the [`direct`] reader unless it
/// gives up.
pub(crate) fn strict_from_slice<'de, T: Deserialize<'de>>(json: &'de [u8]) -> serde_json::Result<T> {
    direct::from_slice(json).map_or_else(|| super::strict::from_slice(json), Ok)
}

/// Decodes a custom method's answer, `{"result": <record>}` as Truto documents it, into the
/// record `T` read as [`decode_record`] does. `result: null` is no record: `T::default()`, as
/// for an empty answer to a write. An answer without `result` is an error.
pub(crate) fn decode_custom<T: DeserializeOwned + Default>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    match custom_result(status, body)? {
        None => Ok(T::default()),
        Some(record) => record_from_slice(record)
            .map_err(|e| decode_error(status, format_args!("the record in `result`: {e}"), body)),
    }
}

/// The JSON text of a custom method's `result`; `None` for `null`.
fn custom_result(status: StatusCode, body: &[u8]) -> Result<Option<&[u8]>, Error> {
    #[derive(Deserialize)]
    struct Wrapped<'a> {
        // `deserialize_with` keeps a missing `result` an error (a plain `Option` would be `None`).
        #[serde(borrow, deserialize_with = "nullable")]
        result: Option<&'a RawValue>,
    }
    let wrapped: Wrapped<'_> = super::strict::from_slice::<Object<Wrapped<'_>>>(body)
        .map(|object| object.0)
        .map_err(|e| decode_error(status, format_args!("a custom method answers `{{\"result\": ...}}`: {e}"), body))?;
    Ok(wrapped.result.map(|record| record.get().as_bytes()))
}

fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}

/// Decodes any JSON body into `T`, refusing a key repeated in one object (which a
/// `serde_json::Value` would otherwise keep only the last of).
pub(crate) fn decode_json<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    refuse_repeated_keys(status, body)?;
    serde_json::from_slice(body).map_err(|e| decode_error(status, e, body))
}

/// [`Error::Decode`] naming the first key an object of `body` repeats.
pub(crate) fn refuse_repeated_keys(status: StatusCode, body: &[u8]) -> Result<(), Error> {
    unique_keys::check(body).map_err(|e| decode_error(status, e, body))
}

/// [`Error::Decode`] with the first [`BODY_PREFIX_LIMIT`] bytes of the body and its length.
pub(crate) fn decode_error(status: StatusCode, message: impl fmt::Display, body: &[u8]) -> Error {
    Error::Decode {
        status,
        message: message.to_string(),
        body: String::from_utf8_lossy(body_prefix(body)).into_owned(),
        body_len: body.len(),
    }
}

/// At most [`BODY_PREFIX_LIMIT`] bytes, cut before a UTF-8 character rather than inside one.
pub(crate) fn body_prefix(body: &[u8]) -> &[u8] {
    let mut end = body.len().min(BODY_PREFIX_LIMIT);
    for _ in 0..3 {
        if end < body.len() && end > 0 && body[end] & 0xC0 == 0x80 {
            end -= 1;
        }
    }
    &body[..end]
}

/// Whether a body is empty (or only whitespace): what a 204 or a bare 200 sends.
pub(crate) fn is_empty(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// A page's cursor: text, or a number read as text, exactly as written; `null` is none (an
/// empty cursor is kept: [`crate::Page::next`] treats it as none). Anything else (`true`, an
/// object) is an error, not a cursor.
pub(crate) fn cursor<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let Some(raw) = Option::<Box<RawValue>>::deserialize(deserializer)? else { return Ok(None) };
    let json = raw.get();
    match json.as_bytes().first() {
        Some(b'"') => serde_json::from_str(json).map(Some).map_err(de::Error::custom),
        Some(b'-' | b'0'..=b'9') => Ok(Some(json.to_owned())),
        Some(b'{') => Err(de::Error::custom("a cursor is text, a number or null, not an object")),
        Some(b'[') => Err(de::Error::custom("a cursor is text, a number or null, not an array")),
        _ => Err(de::Error::custom(format_args!("a cursor is text, a number or null, not `{json}`"))),
    }
}

/// A count that may come as a number or as text; unreadable counts are `None`.
pub(crate) fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    Ok(crate::lenient::integer(deserializer)?.and_then(|count| u64::try_from(count).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_bounded_and_cut_between_characters() {
        let body = "é".repeat(BODY_PREFIX_LIMIT);
        let prefix = body_prefix(body.as_bytes());
        assert!(prefix.len() <= BODY_PREFIX_LIMIT && prefix.len() >= BODY_PREFIX_LIMIT - 3);
        assert!(std::str::from_utf8(prefix).is_ok());
        assert_eq!(body_prefix(b"short"), b"short");
    }

    #[test]
    fn arrays_are_not_records() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Record {
            id: Option<String>,
        }
        assert!(serde_json::from_str::<Object<Record>>(r#"{"id": "1"}"#).is_ok());
        let error = serde_json::from_str::<Object<Record>>(r#"["1"]"#).err().expect("an array is refused");
        assert!(error.to_string().contains("expected a JSON object"), "{error}");
    }
}
