//! An error response: its status, headers and body, with Truto's JSON error read leniently.
//!
//! See [`ApiError`] for how the body is read.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use http::{HeaderMap, StatusCode};
use serde::de::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::BODY_PREFIX_LIMIT;

/// An error response from Truto.
///
/// Truto documents its error body (`statusCode`, `error`, `message`, `details`,
/// `truto_is_remote_error`, `raw_response`, `truto_error_insight`), but a proxy, a CRM's error
/// passed through or a hostile server can send anything. The body is read field by field, like
/// a record: a field of another type than documented is read as that type where it can be
/// (`"statusCode": "422"`), kept as its JSON text where text is expected (a `message` that is
/// an object), and `None` where it cannot be read (a status outside `u16`); one odd field or
/// insight costs only itself, never the message. A body that is not a JSON object with a
/// `statusCode`, `error` or `message`, or that repeats a key, is kept as text. A body longer
/// than [`BODY_PREFIX_LIMIT`] is kept as its first [`BODY_PREFIX_LIMIT`] bytes of text, with
/// its length, as decode errors keep theirs.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers (rate-limit headers, the provider's headers, ...).
    pub headers: HeaderMap,
    /// The body: Truto's JSON error, or the text when it is not JSON (at most
    /// [`BODY_PREFIX_LIMIT`] bytes of it).
    pub body: ApiErrorBody,
    /// The length of the whole body, in bytes.
    pub body_len: usize,
}

/// The body of an error response.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiErrorBody {
    /// Truto's JSON error body.
    Json(Box<TrutoError>),
    /// A body that is not Truto's JSON error, as text; a body longer than
    /// [`BODY_PREFIX_LIMIT`] bytes, JSON or not, as its first [`BODY_PREFIX_LIMIT`] bytes.
    Text(String),
}

/// Truto's JSON error body, read leniently (see [`ApiError`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrutoError {
    /// The HTTP status Truto reports (`statusCode`; a number or its text, `None` outside `u16`).
    pub status_code: Option<u16>,
    /// The status's reason, e.g. `Bad Request`.
    pub error: Option<String>,
    /// What went wrong.
    pub message: Option<String>,
    /// More about it.
    pub details: Option<Value>,
    /// Whether the error came from the CRM rather than from Truto (`truto_is_remote_error`).
    pub is_remote_error: Option<bool>,
    /// The CRM's own response (JSON or text), for remote errors.
    pub raw_response: Option<Value>,
    /// Truto's analysis of a unified-API error, by kind (`missing_required_query_parameters`,
    /// `rate_limit_error`, ...): `truto_error_insight`.
    pub error_insight: Option<BTreeMap<String, ErrorInsight>>,
}

/// One entry of `truto_error_insight`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorInsight {
    /// What the insight says (an entry that is text is this text).
    pub description: Option<String>,
    /// The values it concerns (e.g. the missing parameters); an entry that is neither an object
    /// nor text is kept here whole.
    pub value: Option<Value>,
}

impl TrutoError {
    /// Reads Truto's error from a JSON object, field by field; a field that cannot be read is
    /// `None` and costs only itself.
    pub fn from_object(fields: &Map<String, Value>) -> Self {
        TrutoError {
            status_code: fields.get("statusCode").and_then(status_code),
            error: fields.get("error").and_then(text),
            message: fields.get("message").and_then(text),
            details: present(fields.get("details")),
            is_remote_error: fields.get("truto_is_remote_error").and_then(flag),
            raw_response: present(fields.get("raw_response")),
            error_insight: fields.get("truto_error_insight").and_then(Value::as_object).map(|insights| {
                insights.iter().map(|(kind, entry)| (kind.clone(), ErrorInsight::from_value(entry))).collect()
            }),
        }
    }

    /// Whether it says anything of Truto's error: a status, a reason or a message.
    fn is_truto_error(&self) -> bool {
        self.message.is_some() || self.error.is_some() || self.status_code.is_some()
    }
}

impl ErrorInsight {
    /// Reads one entry: an object's `description` and `value`, text as the description,
    /// anything else as the value.
    pub fn from_value(entry: &Value) -> Self {
        match entry {
            Value::Object(fields) => ErrorInsight {
                description: fields.get("description").and_then(text),
                value: present(fields.get("value")),
            },
            Value::String(description) => ErrorInsight { description: Some(description.clone()), value: None },
            Value::Null => ErrorInsight::default(),
            other => ErrorInsight { description: None, value: Some(other.clone()) },
        }
    }
}

/// Reads a JSON object leniently (anything else is an error).
impl<'de> Deserialize<'de> for TrutoError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Object(fields) => Ok(TrutoError::from_object(&fields)),
            _ => Err(serde::de::Error::custom("expected a JSON object for Truto's error")),
        }
    }
}

/// Reads any JSON leniently (see [`ErrorInsight::from_value`]).
impl<'de> Deserialize<'de> for ErrorInsight {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(|entry| ErrorInsight::from_value(&entry))
    }
}

/// A status: a whole number in `u16`, or its text.
fn status_code(value: &Value) -> Option<u16> {
    crate::lenient::integer(value).ok().flatten().and_then(|code| u16::try_from(code).ok())
}

/// Text: a scalar as text, an object or array as its JSON text (kept, not dropped); `null` is
/// `None`.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// A boolean, or its text or `0`/`1` form.
fn flag(value: &Value) -> Option<bool> {
    crate::lenient::boolean(value).ok().flatten()
}

/// Any value but `null`.
fn present(value: Option<&Value>) -> Option<Value> {
    value.filter(|value| !value.is_null()).cloned()
}

impl ApiError {
    /// Reads an error response; a body that is not Truto's JSON error is kept as text, and one
    /// longer than [`BODY_PREFIX_LIMIT`] as its first [`BODY_PREFIX_LIMIT`] bytes of text (see
    /// [`ApiError`]).
    pub fn from_parts(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Self {
        let truto_error = (body.len() <= BODY_PREFIX_LIMIT)
            .then(|| read_truto_error(body))
            .flatten()
            .filter(TrutoError::is_truto_error);
        let kept = match truto_error {
            Some(error) => ApiErrorBody::Json(Box::new(error)),
            None => ApiErrorBody::Text(String::from_utf8_lossy(crate::decode::body_prefix(body)).into_owned()),
        };
        ApiError { status, headers, body: kept, body_len: body.len() }
    }

    /// The `Retry-After` header as the time to wait from now (seconds or an HTTP date), if the
    /// response has a readable one; see [`crate::request::retry_after_at`].
    pub fn retry_after(&self) -> Option<Duration> {
        crate::request::retry_after(&self.headers)
    }

    /// Truto's rate-limit headers, when the response has them.
    pub fn rate_limit(&self) -> Option<crate::request::RateLimit> {
        crate::request::RateLimit::from_headers(&self.headers)
    }

    /// Truto's message, or the text body.
    pub fn message(&self) -> Option<&str> {
        match &self.body {
            ApiErrorBody::Json(e) => e.message.as_deref().or(e.error.as_deref()),
            ApiErrorBody::Text(t) if !t.trim().is_empty() => Some(t.trim()),
            ApiErrorBody::Text(_) => None,
        }
    }
}

/// Truto's error, when `body` is a JSON object without a repeated key.
fn read_truto_error(body: &[u8]) -> Option<TrutoError> {
    crate::decode::refuse_repeated_keys(StatusCode::OK, body).ok()?;
    match serde_json::from_slice::<Value>(body).ok()? {
        Value::Object(fields) => Some(TrutoError::from_object(&fields)),
        _ => None,
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Truto answered {}", self.status)?;
        if let ApiErrorBody::Json(e) = &self.body {
            if e.is_remote_error == Some(true) {
                f.write_str(" (an error from the CRM)")?;
            }
        }
        if let Some(message) = self.message() {
            let line = message.lines().next().unwrap_or_default();
            let shown: String = line.chars().take(300).collect();
            write!(f, ": {shown}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(body: &str) -> ApiError {
        ApiError::from_parts(StatusCode::UNPROCESSABLE_ENTITY, HeaderMap::new(), body.as_bytes())
    }

    fn truto(body: &str) -> TrutoError {
        match read(body).body {
            ApiErrorBody::Json(error) => *error,
            ApiErrorBody::Text(text) => panic!("kept as text: {text}"),
        }
    }

    #[test]
    fn odd_fields_cost_only_themselves() {
        let error = truto(
            r#"{"statusCode": "422", "message": "bad", "truto_is_remote_error": "true",
                "truto_error_insight": {"missing": {"description": "x", "value": ["a"]}, "odd": 5, "text": "see docs"}}"#,
        );
        assert_eq!(
            (error.status_code, error.message.as_deref(), error.is_remote_error),
            (Some(422), Some("bad"), Some(true))
        );
        let insights = error.error_insight.expect("insights");
        assert_eq!(insights["missing"], ErrorInsight { description: Some("x".into()), value: Some(json!(["a"])) });
        assert_eq!(insights["odd"], ErrorInsight { description: None, value: Some(json!(5)) });
        assert_eq!(insights["text"].description.as_deref(), Some("see docs"));
        for status in ["-1", "70000", "4.5", r#""abc""#, "[422]"] {
            let error = truto(&format!(r#"{{"statusCode": {status}, "message": "kept"}}"#));
            assert_eq!((error.status_code, error.message.as_deref()), (None, Some("kept")), "{status}");
        }
        let error = truto(r#"{"message": {"en": "nested"}, "error": 400}"#);
        assert_eq!((error.message.as_deref(), error.error.as_deref()), (Some(r#"{"en":"nested"}"#), Some("400")));
    }

    #[test]
    fn other_bodies_are_text_and_long_ones_a_bounded_prefix() {
        for other in [r#"{"detail": "x"}"#, "[1]", "plain", r#"{"message": "a", "message": "b"}"#] {
            assert_eq!(read(other).body, ApiErrorBody::Text(other.to_owned()), "{other}");
        }
        let long = format!(r#"{{"message": "m", "details": "{}"}}"#, "x".repeat(10 * 1024 * 1024));
        let error = read(&long);
        assert_eq!(error.body_len, long.len());
        let ApiErrorBody::Text(prefix) = &error.body else { panic!("a prefix") };
        assert_eq!(prefix.as_str(), &long[..BODY_PREFIX_LIMIT]);
        assert!(format!("{error:?}").len() < 2 * BODY_PREFIX_LIMIT);
    }
}
