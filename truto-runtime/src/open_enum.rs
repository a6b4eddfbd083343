//! Decoding support for the generated open enums (and [`crate::DateTime`]): a value read as
//! text, whatever scalar the provider sent.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Reads an enum value as text. Besides strings it accepts numbers and booleans, which some
/// providers send where the docs promise a string, so that decoding never fails on them.
pub fn deserialize_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(TextVisitor)
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (or a number or boolean)")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }
}

/// Writes the impls of an open enum: an enum with a variant per documented value,
/// `Unknown(String)` for any other, and an associated
/// `const DOCUMENTED: &[(Self, &str)]` pairing each documented variant with its text. It gets
/// `as_str`, `is_documented`, `From<&str>`, `From<String>`, `FromStr`, `Display` and serde, all
/// reading and writing the plain string, so values the docs never listed round-trip.
///
/// ```
/// /// An opportunity's status.
/// #[derive(Debug, Clone, PartialEq, Eq)]
/// pub enum Status {
///     /// Still open.
///     Open,
///     /// Won.
///     Won,
///     /// Any other value.
///     Unknown(String),
/// }
///
/// impl Status {
///     /// The documented values.
///     pub const DOCUMENTED: &'static [(Self, &'static str)] = &[(Self::Open, "open"), (Self::Won, "won")];
/// }
///
/// truto_unified_runtime::open_enum!(Status);
///
/// assert_eq!(Status::from("won"), Status::Won);
/// assert_eq!(Status::Won.as_str(), "won");
/// let later: Status = serde_json::from_str(r#""abandoned""#).unwrap();
/// assert_eq!(later, Status::Unknown("abandoned".to_owned()));
/// assert!(!later.is_documented());
/// assert_eq!(serde_json::to_string(&later).unwrap(), r#""abandoned""#);
/// ```
#[macro_export]
macro_rules! open_enum {
    ($name:ident) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Unknown(value) => value,
                    known => Self::DOCUMENTED.iter().find(|(v, _)| v == known).map_or("", |(_, text)| text),
                }
            }

            /// Whether the docs list this value.
            pub fn is_documented(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match Self::DOCUMENTED.iter().find(|(_, text)| *text == value) {
                    ::std::option::Option::Some((known, _)) => known.clone(),
                    ::std::option::Option::None => Self::Unknown(value.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::open_enum::deserialize_text(deserializer).map(Self::from)
            }
        }
    };
}
