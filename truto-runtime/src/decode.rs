//! Decoding response bodies: records and pages are JSON objects only (at every depth, see
//! [`super::strict`]), and a decode error keeps a bounded prefix of the body.

use std::fmt;
use std::marker::PhantomData;

use http::StatusCode;
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};

use crate::Error;

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
        T::deserialize(MapAccessDeserializer::new(map))
    }
}

/// `T` read with [`object`]: what the body of a record or a page must be.
pub(crate) struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer).map(Object)
    }
}

/// Decodes a JSON object body into `T`, nested structs from objects only too.
pub(crate) fn decode_object<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    super::strict::from_slice::<Object<T>>(body).map(|object| object.0).map_err(|e| decode_error(status, e, body))
}

/// Decodes any JSON body into `T`.
pub(crate) fn decode_json<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| decode_error(status, e, body))
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
fn body_prefix(body: &[u8]) -> &[u8] {
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

/// A missing field stays an error; `null` reads as an empty list.
pub(crate) fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
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
