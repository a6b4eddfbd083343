//! Lenient decoding of response scalars, used by the generated models (and usable with
//! `#[serde(deserialize_with = "...")]` in your own types). Providers send `123` where the docs promise a
//! string (numeric ids), `"1200.50"` where they promise a number, `"true"` for a boolean. A
//! record must still decode: text fields take any scalar as text, number and boolean fields
//! take their text forms, and a scalar that cannot be read as the documented type (`"N/A"`
//! for a number, `1e400`, which no `f64` holds) decodes as `None` rather than failing the whole
//! response (the provider's original stays in `remote_data`). An object or array where the docs promise a scalar is a
//! different shape altogether, and stays an error. Text fields keep a number's digits exactly
//! as sent; number fields are `f64`, read with correct rounding (serde_json's
//! `float_roundtrip`), so an amount prints back as it was sent.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

use crate::decode::raw_text::{IsRawValueKey, SERDE_JSON_RAW_VALUE};

/// A field that may hold text, a number or a boolean. A number is kept exactly as written
/// (`123456789012345678901234` stays those digits, which no `u64` or `f64` holds).
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    read(deserializer)
}

/// A date-time field: any scalar, kept as its text.
pub fn date_time<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<crate::DateTime>, D::Error> {
    string(deserializer).map(|text| text.map(crate::DateTime::from))
}

/// A number field. A number too large for an `f64` (`1e400`) is unreadable: `None`.
pub fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    read(deserializer)
}

/// An integer field.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    read(deserializer)
}

/// A boolean field.
pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    read(deserializer)
}

/// Reads a scalar from its JSON text where the format has one, else as any scalar.
///
/// serde_json answers a request for this newtype with the value's JSON text (it is how
/// `RawValue` works), which is the only way to see a number before it is read into a `u64` or
/// an `f64`: its digits for a text field, and for a number field a number serde_json would
/// refuse as out of range (`1e400`), which must cost only that field. Other formats see an
/// ordinary newtype and answer with the scalar.
fn read<'de, D: Deserializer<'de>, T: Scalar>(deserializer: D) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_newtype_struct(SERDE_JSON_RAW_VALUE, FromText::<T>(PhantomData))
}

/// Reads a scalar through serde_json's raw text where there is one, else as any scalar.
struct FromText<T>(PhantomData<T>);

impl<'de, T: Scalar> Visitor<'de> for FromText<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    /// serde_json's raw value: one entry, whose value is the JSON text.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        match map.next_key_seed(IsRawValueKey)? {
            Some(true) => map.next_value_seed(JsonText(PhantomData)),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_any(Lenient::<T>(PhantomData))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_any(Lenient::<T>(PhantomData))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Option<T>, E> {
        Ok(T::from_text(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Option<T>, E> {
        Ok(T::from_f64(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Option<T>, E> {
        Ok(T::from_i64(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Option<T>, E> {
        Ok(T::from_u64(value))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Option<T>, E> {
        Ok(T::from_bool(value))
    }
}

/// One JSON value's text, read as a scalar field.
struct JsonText<T>(PhantomData<T>);

impl<'de, T: Scalar> de::DeserializeSeed<'de> for JsonText<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<T: Scalar> Visitor<'_> for JsonText<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON text")
    }

    fn visit_str<E: de::Error>(self, json: &str) -> Result<Option<T>, E> {
        match json.as_bytes().first() {
            Some(b'"') => match json.strip_prefix('"').and_then(|text| text.strip_suffix('"')) {
                // A string without escapes is its text between the quotes.
                Some(text) if !text.contains('\\') => Ok(T::from_text(text)),
                _ => serde_json::from_str::<String>(json).map(|text| T::from_text(&text)).map_err(E::custom),
            },
            Some(b'{') => Err(E::invalid_type(de::Unexpected::Map, &T::EXPECTING)),
            Some(b'[') => Err(E::invalid_type(de::Unexpected::Seq, &T::EXPECTING)),
            Some(b'n') => Ok(None),
            Some(b't') => Ok(T::from_bool(true)),
            Some(b'f') => Ok(T::from_bool(false)),
            // A number, every digit as written.
            _ => Ok(T::from_number(json)),
        }
    }
}

/// How a scalar type reads each JSON scalar.
trait Scalar: Sized {
    const EXPECTING: &'static str;
    fn from_text(text: &str) -> Option<Self>;
    /// A JSON number, as written.
    fn from_number(json: &str) -> Option<Self>;
    fn from_f64(value: f64) -> Option<Self>;
    fn from_i64(value: i64) -> Option<Self>;
    fn from_u64(value: u64) -> Option<Self>;
    fn from_bool(value: bool) -> Option<Self>;
}

impl Scalar for String {
    const EXPECTING: &'static str = "text";
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
    fn from_number(json: &str) -> Option<Self> {
        Some(json.to_owned())
    }
    fn from_f64(value: f64) -> Option<Self> {
        Some(value.to_string())
    }
    fn from_i64(value: i64) -> Option<Self> {
        Some(value.to_string())
    }
    fn from_u64(value: u64) -> Option<Self> {
        Some(value.to_string())
    }
    fn from_bool(value: bool) -> Option<Self> {
        Some(value.to_string())
    }
}

impl Scalar for f64 {
    const EXPECTING: &'static str = "a number";
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse().ok().filter(|v: &f64| v.is_finite())
    }
    /// Correctly rounded (as serde_json's `float_roundtrip`); beyond `f64` it is `None`.
    fn from_number(json: &str) -> Option<Self> {
        Self::from_text(json)
    }
    fn from_f64(value: f64) -> Option<Self> {
        Some(value)
    }
    fn from_i64(value: i64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_u64(value: u64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Scalar for i64 {
    const EXPECTING: &'static str = "an integer";
    fn from_text(text: &str) -> Option<Self> {
        let text = text.trim();
        text.parse().ok().or_else(|| Self::from_f64(text.parse().ok()?))
    }
    fn from_number(json: &str) -> Option<Self> {
        Self::from_text(json)
    }
    fn from_f64(value: f64) -> Option<Self> {
        // Only whole numbers within range: 3.0 is 3, 3.5 is not an integer.
        (value.fract() == 0.0 && value >= i64::MIN as f64 && value <= i64::MAX as f64).then_some(value as i64)
    }
    fn from_i64(value: i64) -> Option<Self> {
        Some(value)
    }
    fn from_u64(value: u64) -> Option<Self> {
        i64::try_from(value).ok()
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Scalar for bool {
    const EXPECTING: &'static str = "a boolean";
    fn from_text(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        }
    }
    /// `0` and `1` only.
    fn from_number(json: &str) -> Option<Self> {
        Self::from_i64(json.parse().ok()?)
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn from_i64(value: i64) -> Option<Self> {
        match value {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn from_u64(value: u64) -> Option<Self> {
        Self::from_i64(i64::try_from(value).ok()?)
    }
    fn from_bool(value: bool) -> Option<Self> {
        Some(value)
    }
}

struct Lenient<T>(PhantomData<T>);

impl<'de, T: Scalar> Visitor<'de> for Lenient<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Option<T>, E> {
        Ok(T::from_text(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Option<T>, E> {
        Ok(T::from_f64(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Option<T>, E> {
        Ok(T::from_i64(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Option<T>, E> {
        Ok(T::from_u64(value))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Option<T>, E> {
        Ok(T::from_bool(value))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Record {
        #[serde(default, deserialize_with = "super::string")]
        text: Option<String>,
        #[serde(default, deserialize_with = "super::number")]
        number: Option<f64>,
        #[serde(default, deserialize_with = "super::integer")]
        integer: Option<i64>,
        #[serde(default, deserialize_with = "super::boolean")]
        boolean: Option<bool>,
    }

    fn decode(json: &str) -> Record {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn documented_types_decode_as_such() {
        let record = decode(r#"{"text": "a", "number": 1.5, "integer": 7, "boolean": true}"#);
        assert_eq!(record, Record { text: Some("a".into()), number: Some(1.5), integer: Some(7), boolean: Some(true) });
    }

    #[test]
    fn other_scalars_are_read_as_the_documented_type() {
        let record = decode(r#"{"text": 123, "number": "1200.50", "integer": "42", "boolean": "false"}"#);
        assert_eq!(
            record,
            Record { text: Some("123".into()), number: Some(1200.5), integer: Some(42), boolean: Some(false) }
        );
        assert_eq!(
            decode(r#"{"text": true, "integer": 3.0, "boolean": 1}"#),
            Record { text: Some("true".into()), integer: Some(3), boolean: Some(true), number: None }
        );
    }

    #[test]
    fn unreadable_scalars_and_nulls_are_none() {
        let record = decode(r#"{"number": "N/A", "integer": 3.5, "boolean": "maybe"}"#);
        assert_eq!(record, Record::default());
        assert_eq!(decode(r#"{"text": null, "number": null, "integer": null, "boolean": null}"#), Record::default());
        assert_eq!(decode("{}"), Record::default());
    }

    #[test]
    fn numbers_beyond_their_type_are_unreadable_and_text_keeps_them() {
        for huge in ["1e400", "-1E+400", "99999999999999999999999"] {
            let json = format!(r#"{{"text": {huge}, "number": {huge}, "integer": {huge}, "boolean": {huge}}}"#);
            let record = decode(&json);
            let expected_number = huge.parse::<f64>().ok().filter(|n| n.is_finite());
            assert_eq!(record.text.as_deref(), Some(huge), "{huge}");
            assert_eq!((record.number, record.integer, record.boolean), (expected_number, None, None), "{huge}");
        }
        assert_eq!(decode(r#"{"number": 1478635512.6780999}"#).number, Some(1478635512.6780999));
        assert_eq!(
            decode(r#"{"boolean": 1, "integer": -7}"#),
            Record { boolean: Some(true), integer: Some(-7), ..Record::default() }
        );
    }

    #[test]
    fn objects_and_arrays_are_a_different_shape() {
        assert!(serde_json::from_str::<Record>(r#"{"text": {"a": 1}}"#).is_err());
        assert!(serde_json::from_str::<Record>(r#"{"boolean": [true]}"#).is_err());
    }

    #[test]
    fn text_fields_keep_every_digit_of_a_number() {
        let record = decode(r#"{"text": 123456789012345678901234}"#);
        assert_eq!(record.text.as_deref(), Some("123456789012345678901234"));
        assert_eq!(decode(r#"{"text": -1.50e400}"#).text.as_deref(), Some("-1.50e400"));
        assert_eq!(decode(r#"{"text": "a\"b\u00e9"}"#).text.as_deref(), Some("a\"bé"));
        assert_eq!(decode(r#"{"text": "   "}"#).text.as_deref(), Some("   "));
        let from_reader: Record = serde_json::from_reader(&br#"{"text": 18446744073709551616}"#[..]).unwrap();
        assert_eq!(from_reader.text.as_deref(), Some("18446744073709551616"));
    }

    #[test]
    fn text_fields_decode_from_other_formats_too() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, MapDeserializer};
        let fields = [("text", "hello")].into_iter().map(|(k, v)| (k, v.into_deserializer()));
        let record = Record::deserialize(MapDeserializer::<_, Error>::new(fields)).unwrap();
        assert_eq!(record.text.as_deref(), Some("hello"));
    }

    #[test]
    fn works_from_a_value_too() {
        let record: Record = serde_json::from_value(serde_json::json!({"text": 5, "number": "2"})).unwrap();
        assert_eq!((record.text.as_deref(), record.number), (Some("5"), Some(2.0)));
    }
}
