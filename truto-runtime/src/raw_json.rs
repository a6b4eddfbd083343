//! JSON kept as text until it is asked for.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// A JSON value kept as its text: `remote_data` and `custom_fields` of response records.
///
/// Providers put large, arbitrary payloads there. Keeping them as text makes decoding a
/// record cost little more than copying those bytes; parse them when you need them:
///
/// ```
/// use truto_unified_runtime::RawJson;
///
/// #[derive(serde::Deserialize)]
/// struct Record {
///     custom_fields: Option<RawJson>,
/// }
///
/// let record: Record = serde_json::from_str(r#"{"custom_fields": {"tier": "gold"}}"#).unwrap();
/// let fields = record.custom_fields.unwrap();
/// assert_eq!(fields.get(), r#"{"tier": "gold"}"#);
/// assert_eq!(fields.to_value().unwrap()["tier"], "gold");
/// ```
#[derive(Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The JSON text, exactly as received.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Parses the JSON into `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(self.get())
    }

    /// Parses the JSON into a [`serde_json::Value`].
    ///
    /// The text is valid JSON, but it can still fail: serde_json parses at most 128 levels of
    /// nesting (which keeps the stack safe), and providers' payloads are not bounded so.
    /// [`RawJson::get`] always has the text.
    pub fn to_value(&self) -> serde_json::Result<serde_json::Value> {
        self.parse()
    }

    /// Wraps a JSON value.
    pub fn from_value(value: &serde_json::Value) -> Self {
        // Serializing a Value to a string cannot fail: its keys are strings.
        let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
        RawValue::from_string(text).map(RawJson).unwrap_or_else(|_| RawJson::null())
    }

    /// The JSON text `json` (checked to be one JSON value, as a `RawValue` is).
    pub(crate) fn from_text(json: std::borrow::Cow<'_, str>) -> serde_json::Result<Self> {
        RawValue::from_string(json.into_owned()).map(RawJson)
    }

    fn null() -> Self {
        RawJson(RawValue::NULL.to_owned())
    }
}

/// Equal when the JSON text is equal (whitespace included).
impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_text_and_parses_on_demand() {
        let raw: RawJson = serde_json::from_str(r#"{"a": [1, 2]}"#).unwrap();
        assert_eq!(raw.get(), r#"{"a": [1, 2]}"#);
        assert_eq!(raw.to_value().unwrap(), json!({"a": [1, 2]}));
        assert_eq!(serde_json::to_string(&raw).unwrap(), r#"{"a": [1, 2]}"#);
        assert_eq!(RawJson::from_value(&json!({"b": true})).get(), r#"{"b":true}"#);
    }

    #[test]
    fn decodes_from_a_value_too() {
        let raw: RawJson = serde_json::from_value(json!({"x": 1})).unwrap();
        assert_eq!(raw.to_value().unwrap(), json!({"x": 1}));
    }

    #[test]
    fn nesting_beyond_the_parser_limit_is_an_error_not_null() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let raw: RawJson = serde_json::from_str(&deep).unwrap();
        assert_eq!(raw.get(), deep);
        let error = raw.to_value().expect_err("deeper than serde_json parses");
        assert!(error.to_string().contains("recursion limit"), "{error}");
    }
}
