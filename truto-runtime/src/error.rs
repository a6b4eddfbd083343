//! The one error type of the crate.

use std::fmt;
use std::time::Duration;

use http::StatusCode;

use crate::ApiError;

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
    /// The response body is larger than the client's limit
    /// (`ClientBuilder::max_body_size`), counted as it is decompressed: reading stopped there and
    /// nothing of the body was kept. Not retried: the same answer would come again.
    #[error("the {status} response's body is larger than the client's limit of {limit} bytes; reading stopped there")]
    BodyTooLarge {
        /// The HTTP status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A list returned a cursor it had returned before; paging stopped instead of looping.
    #[error("the API returned the cursor `{0}` twice; stopping instead of looping")]
    RepeatedCursor(String),
    /// A list has more pages than the call's `max_pages`: paging stopped after that many,
    /// with the cursor of the next page to go on from.
    #[error(
        "the list has more than {pages} page(s), the call's `max_pages`; the next page's cursor is `{next_cursor}`"
    )]
    PageLimit {
        /// The pages fetched: the limit.
        pages: usize,
        /// The cursor of the next page.
        next_cursor: String,
    },
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
            Error::Decode { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
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
    use http::HeaderMap;

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
