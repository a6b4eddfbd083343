//! The one error type of the crate.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use http::{HeaderMap, StatusCode};
use serde::Deserialize;

/// Everything that can go wrong building, sending or decoding a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built (a required parameter is missing, a bad base URL, ...).
    #[error("cannot build the request: {0}")]
    Build(String),
    /// The request failed its pre-flight check for the named integration; nothing was sent.
    #[error("{0}")]
    Check(crate::check::CheckReport),
    /// The request never got a whole HTTP response (connection refused, reset, TLS, a body cut
    /// short, too many redirects, ...). The message includes the causes, e.g.
    /// `error sending request: ...: connection reset by peer`.
    #[error("transport error: {}", with_causes(.0.as_ref()))]
    Transport(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// No response within the configured time.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// The response arrived but its body is not what the endpoint returns.
    #[error("cannot decode the {status} response: {message}")]
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// What did not fit.
        message: String,
        /// The body as received (lossily as UTF-8), up to its first
        /// [`BODY_PREFIX_LIMIT`](crate::BODY_PREFIX_LIMIT) bytes.
        body: String,
        /// The length of the whole body, in bytes.
        body_len: usize,
    },
    /// A list returned a cursor it had returned before; paging stopped instead of looping.
    #[error("the API returned the cursor `{0}` twice; stopping instead of looping")]
    RepeatedCursor(String),
    /// A record of a list page did not decode; the page's other records did. Yielded by
    /// `items()`, which goes on after it; [`crate::Page::invalid`] holds the same.
    #[error("record {} of the page did not decode: {}", .0.index, .0.error)]
    InvalidRecord(Box<crate::InvalidRecord>),
    /// Truto (or the CRM behind it) answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The integrated account's capabilities do not list this method of this resource; nothing
    /// was sent. See [`crate::capabilities`].
    #[error("the integrated account does not offer `{method}` on `{resource}`; nothing was sent")]
    NotOffered {
        /// The unified API and resource, e.g. `crm/opportunities`.
        resource: String,
        /// The method, e.g. `update`, or a custom method's name.
        method: String,
    },
}

impl Error {
    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether sending the request again may succeed, as the client's retries judge it: an API
    /// error with a retryable status (408, 425, 429, 502, 503, 504), a timeout, or a transport
    /// failure other than a redirect loop, a request reqwest cannot build, or a transport's
    /// `NotRetryable` error. Everything else (other statuses, decoding, building, checks) fails
    /// the same way again.
    ///
    /// The client has already retried such an error as far as its policy allows; this is for
    /// deciding what to do next (queue the work for later, say).
    ///
    /// ```
    /// use std::time::Duration;
    /// use truto_unified_runtime::Error;
    ///
    /// assert!(Error::Timeout(Duration::from_secs(30)).is_retryable());
    /// assert!(!Error::Build("a missing parameter".to_owned()).is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => is_retryable_status(e.status),
            Error::Timeout(_) => true,
            Error::Transport(error) => is_transient(error.as_ref()),
            _ => false,
        }
    }

    /// Whether Truto (or the CRM behind it) answered `404 Not Found`.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Api(e) if e.status == StatusCode::NOT_FOUND)
    }

    /// Whether Truto (or the CRM behind it) answered `429 Too Many Requests`; the
    /// [`ApiError`] has its `Retry-After` ([`ApiError::retry_after`]) and rate-limit headers
    /// ([`ApiError::rate_limit`]).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::Api(e) if e.status == StatusCode::TOO_MANY_REQUESTS)
    }
}

/// Whether a status is worth retrying (the client's `is_retryable`).
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 425 | 429 | 502 | 503 | 504)
}

/// Whether a transport failure may pass on another attempt, as the client judges it.
#[cfg(feature = "client")]
fn is_transient(error: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    crate::client::is_transient(error)
}

/// Without the client no transport of this crate made the error; any is taken as transient.
#[cfg(not(feature = "client"))]
fn is_transient(_error: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    true
}

/// An error and its chain of sources, `: `-separated (a cause that repeats the message before
/// it is left out).
fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        let message = error.to_string();
        if !text.ends_with(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        cause = error.source();
    }
    text
}

/// An error response from Truto.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers (rate-limit headers, the provider's headers, ...).
    pub headers: HeaderMap,
    /// The body: Truto's JSON error, or the text when it is not JSON.
    pub body: ApiErrorBody,
}

/// The body of an error response.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiErrorBody {
    /// Truto's JSON error body.
    Json(Box<TrutoError>),
    /// A body that is not Truto's JSON error, as text.
    Text(String),
}

/// Truto's JSON error body.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrutoError {
    /// The HTTP status Truto reports.
    pub status_code: Option<u16>,
    /// The status's reason, e.g. `Bad Request`.
    pub error: Option<String>,
    /// What went wrong.
    pub message: Option<String>,
    /// More about it.
    pub details: Option<serde_json::Value>,
    /// Whether the error came from the CRM rather than from Truto.
    #[serde(rename = "truto_is_remote_error")]
    pub is_remote_error: Option<bool>,
    /// The CRM's own response (JSON or text), for remote errors.
    #[serde(rename = "raw_response")]
    pub raw_response: Option<serde_json::Value>,
    /// Truto's analysis of a unified-API error, by kind (`missing_required_query_parameters`,
    /// `rate_limit_error`, ...).
    #[serde(rename = "truto_error_insight")]
    pub error_insight: Option<BTreeMap<String, ErrorInsight>>,
}

/// One entry of `truto_error_insight`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ErrorInsight {
    /// What the insight says.
    pub description: Option<String>,
    /// The values it concerns (e.g. the missing parameters).
    pub value: Option<serde_json::Value>,
}

impl ApiError {
    /// Reads an error response; a body that is not Truto's JSON error is kept as text.
    pub fn from_parts(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Self {
        let parsed = serde_json::from_slice::<TrutoError>(body)
            .ok()
            .filter(|e| e.message.is_some() || e.error.is_some() || e.status_code.is_some());
        let body = match parsed {
            Some(error) => ApiErrorBody::Json(Box::new(error)),
            None => ApiErrorBody::Text(String::from_utf8_lossy(body).into_owned()),
        };
        ApiError { status, headers, body }
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

/// A slug or display name that names no known integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownIntegration(pub String);

impl fmt::Display for UnknownIntegration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown integration `{}` (expected a slug such as `hubspot`)", self.0)
    }
}

impl std::error::Error for UnknownIntegration {}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> Error {
        let status = StatusCode::from_u16(status).expect("a status");
        Error::Api(Box::new(ApiError::from_parts(status, HeaderMap::new(), b"{\"message\":\"no\"}")))
    }

    /// An error with a chain of two causes.
    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the proxy failed")
        }
    }

    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    fn foreign() -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(Outer(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by peer")))
    }

    #[test]
    fn api_errors_are_retryable_by_status_as_the_client_retries_them() {
        for status in [408, 425, 429, 502, 503, 504] {
            assert!(api(status).is_retryable(), "{status}");
        }
        for status in [300, 302, 400, 401, 403, 404, 405, 409, 422, 500, 501] {
            assert!(!api(status).is_retryable(), "{status}");
        }
        for code in 100..=999 {
            let status = StatusCode::from_u16(code).expect("a status");
            assert_eq!(api(code).is_retryable(), is_retryable_status(status), "{status}");
        }
    }

    #[test]
    fn timeouts_and_transport_failures_are_retryable_and_the_rest_is_not() {
        assert!(Error::Timeout(Duration::from_millis(30)).is_retryable());
        assert!(Error::Transport(foreign()).is_retryable());
        assert!(!Error::Build("missing".to_owned()).is_retryable());
        assert!(!Error::RepeatedCursor("c".to_owned()).is_retryable());
        let decode =
            Error::Decode { status: StatusCode::OK, message: "m".to_owned(), body: String::new(), body_len: 0 };
        assert!(!decode.is_retryable());
        assert!(!decode.is_not_found() && !decode.is_rate_limited());
    }

    #[cfg(feature = "client")]
    #[test]
    fn transport_failures_the_client_does_not_retry_are_not_retryable() {
        assert!(!Error::Transport(Box::new(crate::NotRetryable(foreign()))).is_retryable());
        let builder = reqwest::Client::builder().build().expect("a client").get("http://[::1").build();
        let builder = builder.expect_err("not a URL");
        assert!(builder.is_builder());
        assert!(!Error::Transport(Box::new(builder)).is_retryable());
    }

    #[test]
    fn not_found_and_rate_limited_are_those_statuses_only() {
        assert!(api(404).is_not_found());
        assert!(!api(404).is_rate_limited());
        assert!(api(429).is_rate_limited());
        assert!(!api(429).is_not_found());
        for status in [400, 410, 500, 503] {
            assert!(!api(status).is_not_found() && !api(status).is_rate_limited(), "{status}");
        }
        assert!(!Error::Timeout(Duration::from_secs(1)).is_rate_limited());
        assert_eq!(api(429).status(), Some(StatusCode::TOO_MANY_REQUESTS));
    }

    #[test]
    fn a_foreign_transport_error_shows_its_causes() {
        let error = Error::Transport(foreign());
        assert_eq!(error.to_string(), "transport error: the proxy failed: reset by peer");
        #[cfg(feature = "client")]
        {
            let error = Error::Transport(Box::new(crate::NotRetryable(foreign())));
            assert_eq!(error.to_string(), "transport error: the proxy failed: reset by peer");
        }
    }
}
