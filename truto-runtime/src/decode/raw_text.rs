//! A JSON value's text as serde_json hands it over (the way `serde_json::value::RawValue`
//! works): borrowed from the input where it can be, owned where not.
//!
//! serde_json answers a request for a newtype of the name [`SERDE_JSON_RAW_VALUE`] with a map
//! of one entry, that name as the key and the value's JSON text as the value. Other formats see
//! an ordinary newtype.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// The newtype name for which serde_json hands over raw JSON text.
pub(crate) const SERDE_JSON_RAW_VALUE: &str = "$serde_json::private::RawValue";

/// Whether a key is [`SERDE_JSON_RAW_VALUE`], compared where it lies: a `String` per value
/// would cost an allocation per field read this way.
pub(crate) struct IsRawValueKey;

impl<'de> DeserializeSeed<'de> for IsRawValueKey {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for IsRawValueKey {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == SERDE_JSON_RAW_VALUE)
    }
}

/// One JSON value's text, exactly as received: a page's record before it is decoded.
pub(crate) struct RawText<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for RawText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(SERDE_JSON_RAW_VALUE, RawTextVisitor)
    }
}

struct RawTextVisitor;

impl<'de> Visitor<'de> for RawTextVisitor {
    type Value = RawText<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawText<'de>, A::Error> {
        match map.next_key_seed(IsRawValueKey)? {
            Some(true) => map.next_value_seed(TextSeed),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = RawText<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawText<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = RawText<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON text")
    }

    fn visit_borrowed_str<E: de::Error>(self, json: &'de str) -> Result<RawText<'de>, E> {
        Ok(RawText(Cow::Borrowed(json)))
    }

    fn visit_str<E: de::Error>(self, json: &str) -> Result<RawText<'de>, E> {
        Ok(RawText(Cow::Owned(json.to_owned())))
    }

    fn visit_string<E: de::Error>(self, json: String) -> Result<RawText<'de>, E> {
        Ok(RawText(Cow::Owned(json)))
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::RawText;

    #[test]
    fn text_is_borrowed_from_a_slice_and_owned_from_a_reader_or_a_value() {
        let json = br#"[{"a": [1, 2]}, "x\u0041"]"#;
        let texts: Vec<RawText<'_>> = serde_json::from_slice(json).expect("a slice");
        assert!(matches!(&texts[0].0, Cow::Borrowed(r#"{"a": [1, 2]}"#)));
        assert!(matches!(&texts[1].0, Cow::Borrowed(r#""x\u0041""#)));
        let mut reader = serde_json::Deserializer::from_reader(&json[..]);
        let owned: Vec<RawText<'_>> = serde::Deserialize::deserialize(&mut reader).expect("a reader");
        assert!(matches!(&owned[0].0, Cow::Owned(text) if text == r#"{"a": [1, 2]}"#));
        let from_value: RawText<'_> = serde::Deserialize::deserialize(serde_json::json!({"b": null})).expect("a value");
        assert_eq!(from_value.0, r#"{"b":null}"#);
    }
}
