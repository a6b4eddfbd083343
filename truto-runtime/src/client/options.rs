//! What one call may set apart from its client: extra headers, timeouts and retries.

use std::time::Duration;

use http::header::{
    AUTHORIZATION, CONNECTION, CONTENT_LENGTH, HOST, HeaderName, HeaderValue, TE, TRAILER, TRANSFER_ENCODING, UPGRADE,
};

use super::RetryPolicy;
use crate::Error;

/// The headers that say how the request is framed on the connection (its length, its
/// encoding, its host, the connection's own options: RFC 9110 §7.6.1). They are the
/// transport's to set from the request it sends: a `content-length` of a call's own would cut
/// or stall the body it goes with.
const FRAMING: [HeaderName; 9] = [
    CONTENT_LENGTH,
    TRANSFER_ENCODING,
    HOST,
    CONNECTION,
    TE,
    TRAILER,
    UPGRADE,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
];

/// A call's own settings; what is unset comes from the client.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    /// Headers to add, in order; each replaces a header of the same name the request carries.
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The first setting that could not be made (a header, a key), reported when the call is
    /// built.
    problem: Option<String>,
    attempt_timeout: Option<Option<Duration>>,
    total_timeout: Option<Option<Duration>>,
    retry: Option<RetryPolicy>,
    /// The most pages a list call fetches (`None`: no limit).
    max_pages: Option<usize>,
    /// The field a list's records are keyed by (`truto_key_by`, set by `Call::key_by`).
    key_by: Option<String>,
}

/// The retries and timeouts a call is sent with: the call's own over the client's.
#[derive(Debug, Clone)]
pub struct Settings {
    pub(crate) retry: RetryPolicy,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
}

impl CallOptions {
    pub(crate) fn header<K, V>(&mut self, name: K, value: V)
    where
        K: TryInto<HeaderName>,
        V: TryInto<HeaderValue>,
    {
        match (name.try_into(), value.try_into()) {
            (Ok(name), _) if FRAMING.contains(&name) => self.reject(&format!(
                "the header `{name}` frames the request on the connection: the transport sets it, a call cannot"
            )),
            (Ok(name), Ok(mut value)) => {
                // A per-call token is as secret as the client's.
                if name == AUTHORIZATION {
                    value.set_sensitive(true);
                }
                self.headers.push((name, value));
            }
            (Err(_), _) => self.reject("a header name is not valid"),
            // The value is not printed: it may be a credential.
            (Ok(name), Err(_)) => self.reject(&format!("the value of header `{name}` is not valid")),
        }
    }

    /// Notes a setting that could not be made; the first one fails the call when it is built.
    pub(crate) fn reject(&mut self, problem: &str) {
        self.problem.get_or_insert_with(|| problem.to_owned());
    }

    pub(crate) fn attempt_timeout(&mut self, timeout: Duration) {
        self.attempt_timeout = Some(Some(timeout));
    }

    pub(crate) fn total_timeout(&mut self, timeout: Duration) {
        self.total_timeout = Some(Some(timeout));
    }

    pub(crate) fn retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    pub(crate) fn set_max_pages(&mut self, pages: usize) {
        self.max_pages = Some(pages);
    }

    pub(crate) fn max_pages(&self) -> Option<usize> {
        self.max_pages
    }

    pub(crate) fn set_key_by(&mut self, field: String) {
        self.key_by = Some(field);
    }

    /// The query parameters the call's own methods set (besides the format), as
    /// [`request::build_request_with`](crate::request::build_request_with) takes them.
    pub(crate) fn runtime_query(&self) -> Vec<(&'static str, &str)> {
        self.key_by.iter().map(|field| (crate::vocabulary::KEY_BY_PARAM, field.as_str())).collect()
    }

    /// Puts the call's headers on a built request, after the standard ones so that they win;
    /// fails with the first setting that could not be made.
    pub(crate) fn apply_headers(&self, headers: &mut http::HeaderMap) -> Result<(), Error> {
        if let Some(problem) = &self.problem {
            return Err(Error::Build(problem.clone()));
        }
        for (name, _) in &self.headers {
            headers.remove(name);
        }
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        Ok(())
    }

    /// The call's settings over `client`'s.
    pub(crate) fn over(&self, client: &Settings) -> Settings {
        Settings {
            retry: self.retry.clone().unwrap_or_else(|| client.retry.clone()),
            attempt_timeout: self.attempt_timeout.unwrap_or(client.attempt_timeout),
            total_timeout: self.total_timeout.unwrap_or(client.total_timeout),
        }
    }
}

/// The per-call setters, the same on every kind of call (each has an `options: CallOptions`).
macro_rules! call_option_setters {
    () => {
        /// Adds a header to this call, replacing one of the same name the request would carry
        /// (`Accept`, `User-Agent`, even `Authorization`, which is then kept secret like the
        /// client's token). An invalid name or value fails the call when it is built, and so
        /// does a header that frames the request (`Content-Length`, `Transfer-Encoding`,
        /// `Host`, `Connection` and the other connection options), which the transport sets.
        pub fn header<K, V>(mut self, name: K, value: V) -> Self
        where
            K: TryInto<http::header::HeaderName>,
            V: TryInto<http::header::HeaderValue>,
        {
            self.options.header(name, value);
            self
        }

        /// The time each attempt of this call may take, body included (instead of the client's
        /// `attempt_timeout`).
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options.attempt_timeout(timeout);
            self
        }

        /// The time this call may take across all its attempts and waits (instead of the
        /// client's `total_timeout`).
        pub fn total_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options.total_timeout(timeout);
            self
        }

        /// The retry policy of this call (instead of the client's).
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.options.retry(policy);
            self
        }

        /// Sends this call once, whatever the client's retry policy.
        pub fn no_retry(self) -> Self {
            self.retry($crate::RetryPolicy::none())
        }
    };
}

pub(crate) use call_option_setters;
