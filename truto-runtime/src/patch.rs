//! A PATCH body field: leave it, set it, or clear it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One field of a PATCH body. Truto (and the CRM behind it) treats the three cases apart:
/// a field left out is not touched, `null` clears it, a value sets it.
///
/// Generated PATCH bodies skip [`Patch::Absent`] fields when serializing, so only what was
/// set or cleared goes on the wire:
///
/// ```
/// use serde::Serialize;
/// use truto_unified_runtime::Patch;
///
/// #[derive(Serialize)]
/// struct Body {
///     #[serde(skip_serializing_if = "Patch::is_absent")]
///     name: Patch<String>,
///     #[serde(skip_serializing_if = "Patch::is_absent")]
///     description: Patch<String>,
///     #[serde(skip_serializing_if = "Patch::is_absent")]
///     amount: Patch<f64>,
/// }
///
/// let body = Body { name: "Renewal".into(), description: Patch::Null, amount: Patch::Absent };
/// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"name":"Renewal","description":null}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Leave the field as it is: it is not sent.
    #[default]
    Absent,
    /// Clear the field: it is sent as `null`.
    Null,
    /// Set the field to this value.
    Set(T),
}

impl<T> Patch<T> {
    /// Whether the field is left out of the body.
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// The value being set, if any.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Patch::Set(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<T> for Patch<T> {
    fn from(value: T) -> Self {
        Patch::Set(value)
    }
}

impl From<&str> for Patch<String> {
    fn from(value: &str) -> Self {
        Patch::Set(value.to_owned())
    }
}

impl From<&str> for Patch<crate::DateTime> {
    fn from(value: &str) -> Self {
        Patch::Set(value.into())
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some` sets the field, `None` clears it.
    fn from(value: Option<T>) -> Self {
        value.map_or(Patch::Null, Patch::Set)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Reached only when a caller serializes a Patch outside a generated body.
            Patch::Absent | Patch::Null => serializer.serialize_none(),
            Patch::Set(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    /// A present field decodes as `Null` or `Set`; a missing one stays `Absent` (the default).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}
