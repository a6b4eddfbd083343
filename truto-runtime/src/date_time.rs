//! A date and time as the provider sent it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `date-time` field: the text exactly as received or given.
///
/// Providers write dates in many formats (RFC 3339, dates without a time, epoch numbers), so
/// decoding keeps the text and never fails on it; parse it when you need a point in time. In
/// requests, anything that converts to text can be given:
///
/// ```
/// use truto_unified_runtime::DateTime;
///
/// let closes = DateTime::from("2026-12-31T17:00:00Z");
/// assert_eq!(closes.as_str(), "2026-12-31T17:00:00Z");
/// assert_eq!(serde_json::to_string(&closes).unwrap(), r#""2026-12-31T17:00:00Z""#);
/// // A provider that sends an epoch number: kept as its digits.
/// let epoch: DateTime = serde_json::from_str("1767200400").unwrap();
/// assert_eq!(epoch.as_str(), "1767200400");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DateTime(String);

impl DateTime {
    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text is empty (a required date left unset).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<String> for DateTime {
    fn from(text: String) -> Self {
        DateTime(text)
    }
}

impl From<&str> for DateTime {
    fn from(text: &str) -> Self {
        DateTime(text.to_owned())
    }
}

impl From<DateTime> for String {
    fn from(value: DateTime) -> Self {
        value.0
    }
}

/// The text, as `&str` (so `Option<DateTime>::as_deref()` gives `Option<&str>`).
impl std::ops::Deref for DateTime {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for DateTime {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    /// Text, or a number or boolean kept as its text.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::open_enum::deserialize_text(deserializer).map(DateTime)
    }
}
