//! A key repeated in one JSON object is an error, at any depth.
//!
//! serde_json keeps the last value of a repeated key in a `serde_json::Value` and drops the
//! others silently. The generated records refuse a repeated key themselves; JSON decoded into
//! other types (the untyped calls, `raw` and `normalized`) is read once more by
//! [`check`] first, which builds nothing and stops at the first repeat (by the direct reader,
//! and by serde_json where that gives up, which names the repeat).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// `Err` naming the first key that an object of `json` repeats; `Ok` for JSON without one
/// (and for JSON that does not parse: decoding reports that).
pub(crate) fn check(json: &[u8]) -> Result<(), serde_json::Error> {
    // The direct reader passes over most bodies several times faster; where it gives up (a
    // repeat among them), serde_json walks the body and names the repeat.
    if super::direct::has_no_repeated_key(json) {
        return Ok(());
    }
    walk(json)
}

/// [`check`] by serde_json alone.
pub(crate) fn walk(json: &[u8]) -> Result<(), serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    match deserializer.deserialize_any(Unique) {
        Err(error) if error.is_data() => Err(error),
        _ => Ok(()),
    }
}

/// Walks one value, checking each object's keys.
struct Unique;

impl<'de> de::Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Unique)
    }
}

impl<'de> Visitor<'de> for Unique {
    type Value = Unique;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Unique, E> {
        Ok(Unique)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Unique, E> {
        Ok(Unique)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Unique, E> {
        Ok(Unique)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Unique, E> {
        Ok(Unique)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Unique, E> {
        Ok(Unique)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Unique, E> {
        Ok(Unique)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        while seq.next_element::<Unique>()?.is_some() {}
        Ok(Unique)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
        let mut keys = crate::record::Keys::default();
        while let Some(key) = map.next_key_seed(crate::record::KeySeed)? {
            keys.insert(key)?;
            map.next_value::<Unique>()?;
        }
        Ok(Unique)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_found_at_any_depth_and_in_any_spelling() {
        for repeated in [
            r#"{"id": "1", "id": "2"}"#,
            r#"{"id": "1", "\u0069d": "2"}"#,
            r#"[{"a": {"b": [{"x": 1, "y": 2, "x": 3}]}}]"#,
            r#"{"id": null, "id": null}"#,
        ] {
            let error = check(repeated.as_bytes()).expect_err(repeated);
            assert!(error.to_string().contains("duplicate field"), "{repeated}: {error}");
        }
    }

    #[test]
    fn distinct_keys_scalars_and_unparsable_json_pass() {
        for fine in [r#"{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}"#, "[]", "3", r#""s""#, "{", ""] {
            check(fine.as_bytes()).unwrap_or_else(|e| panic!("{fine}: {e}"));
        }
    }

    #[test]
    fn deep_nesting_is_bounded_by_the_parser_not_the_stack() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        // Past serde_json's recursion limit: not a repeat; decoding reports the depth.
        check(deep.as_bytes()).expect("no repeat found");
    }
}
