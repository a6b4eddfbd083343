//! The fields a record has beyond those its model names.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::RawJson;

/// The fields of a record that its model does not name, by wire name, in the order received,
/// each as its raw JSON: what a model known only in part keeps (its `other_fields`), so that
/// nothing a server sends beyond the documented fields is lost.
///
/// It serializes as a map of those fields, so a struct that flattens it writes them back
/// beside its own. Reading one from a map refuses a key given twice.
///
/// ```
/// use truto_unified_runtime::OtherFields;
///
/// let other: OtherFields = serde_json::from_str(r#"{"urls": [{"type": "web"}], "rank": 3}"#)?;
/// assert_eq!(other.get("rank").map(|json| json.get()), Some("3"));
/// assert_eq!(other.keys().collect::<Vec<_>>(), ["urls", "rank"]);
/// assert_eq!(serde_json::to_string(&other)?, r#"{"urls":[{"type": "web"}],"rank":3}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct OtherFields(Vec<(String, RawJson)>);

impl OtherFields {
    /// No fields.
    pub fn new() -> Self {
        OtherFields(Vec::new())
    }

    /// The JSON of the field `key`, if the record had it.
    pub fn get(&self, key: &str) -> Option<&RawJson> {
        self.0.iter().find(|(name, _)| name == key).map(|(_, json)| json)
    }

    /// Whether the record had the field `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets the field `key` (after the others, or in its place), returning the JSON it had.
    pub fn insert(&mut self, key: impl Into<String>, json: RawJson) -> Option<RawJson> {
        let key = key.into();
        match self.0.iter_mut().find(|(name, _)| *name == key) {
            Some((_, slot)) => Some(std::mem::replace(slot, json)),
            None => {
                self.0.push((key, json));
                None
            }
        }
    }

    /// The fields in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawJson)> {
        self.0.iter().map(|(name, json)| (name.as_str(), json))
    }

    /// The wire names in the order received.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(name, _)| name.as_str())
    }

    /// How many fields there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds the field `key`, which the record must not have had yet.
    pub(crate) fn add<E: de::Error>(&mut self, key: &str, json: RawJson) -> Result<(), E> {
        if self.contains_key(key) {
            return Err(E::custom(format_args!("duplicate field `{key}`")));
        }
        self.0.push((key.to_owned(), json));
        Ok(())
    }
}

/// Fields in order; a key given again replaces the earlier one's JSON in its place (as
/// [`OtherFields::insert`] does).
///
/// ```
/// use truto_unified_runtime::{OtherFields, RawJson};
///
/// let other: OtherFields = [("rank", RawJson::from_value(&serde_json::json!(3)))].into_iter().collect();
/// assert_eq!(serde_json::to_string(&other)?, r#"{"rank":3}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<K: Into<String>> FromIterator<(K, RawJson)> for OtherFields {
    fn from_iter<T: IntoIterator<Item = (K, RawJson)>>(fields: T) -> Self {
        let mut other = OtherFields::new();
        for (key, json) in fields {
            other.insert(key, json);
        }
        other
    }
}

impl fmt::Debug for OtherFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for OtherFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, json) in &self.0 {
            map.serialize_entry(name, json)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for OtherFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = OtherFields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object of fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OtherFields, A::Error> {
        let mut fields = OtherFields::new();
        while let Some(key) = map.next_key_seed(crate::record::KeySeed)? {
            fields.add(&key, map.next_value()?)?;
        }
        Ok(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_their_order_and_json_and_refuse_a_repeat() {
        let fields: OtherFields = serde_json::from_str(r#"{"b": 1, "a": {"x": [true]}, "c": null}"#).expect("fields");
        assert_eq!(
            fields.iter().map(|(k, v)| (k, v.get())).collect::<Vec<_>>(),
            [("b", "1"), ("a", r#"{"x": [true]}"#), ("c", "null")]
        );
        assert_eq!(format!("{fields:?}"), r#"{"b": 1, "a": {"x": [true]}, "c": null}"#);
        let error = serde_json::from_str::<OtherFields>(r#"{"a": 1, "\u0061": 2}"#).expect_err("a repeat");
        assert!(error.to_string().contains("duplicate field `a`"), "{error}");
        assert!(serde_json::from_str::<OtherFields>("[1]").is_err());
    }

    #[test]
    fn insert_replaces_in_place() {
        let mut fields = OtherFields::new();
        assert_eq!(fields.insert("a", RawJson::from_value(&serde_json::json!(1))), None);
        fields.insert("b", RawJson::from_value(&serde_json::json!(2)));
        let old = fields.insert("a", RawJson::from_value(&serde_json::json!(3)));
        assert_eq!(old.map(|json| json.get().to_owned()).as_deref(), Some("1"));
        assert_eq!(serde_json::to_string(&fields).expect("json"), r#"{"a":3,"b":2}"#);
        assert_eq!((fields.len(), fields.is_empty(), OtherFields::new().is_empty()), (2, false, true));
    }
}
