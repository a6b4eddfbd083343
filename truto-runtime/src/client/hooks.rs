//! Hooks the client calls on retries and rate limits, for metrics and logging without a fork.
//!
//! Set them on the builder ([`ClientBuilder::on_retry`](super::ClientBuilder::on_retry),
//! [`ClientBuilder::on_rate_limited`](super::ClientBuilder::on_rate_limited)). What they are
//! given names the call by its method and path template, never by its URI: no token, no query
//! value and no path parameter reaches a hook.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{Method, StatusCode};

use crate::request::{Endpoint, RateLimit};
use crate::untyped::{Operation, Target, UntypedRequest};

/// What a call is, as hooks and traces see it: its method and, when known, the endpoint it
/// reaches. Never its URI, so never a query value, a path parameter or the token.
///
/// A typed call fills every field from its endpoint's support data (`E::SUPPORT`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallInfo {
    /// The HTTP method.
    pub method: Method,
    /// The unified API, e.g. `crm`.
    pub api: Option<Cow<'static, str>>,
    /// The resource, e.g. `opportunities`.
    pub resource: Option<Cow<'static, str>>,
    /// The operation: `list`, `get`, `create`, `update`, `delete`, or a custom endpoint's name
    /// (e.g. `merge`).
    pub operation: Option<Cow<'static, str>>,
    /// The path template, e.g. `/unified/crm/opportunities/{id}`.
    pub path_template: Option<Cow<'static, str>>,
}

impl CallInfo {
    /// A typed call of endpoint `E`.
    pub(crate) fn of<E: Endpoint>() -> Self {
        let support = E::SUPPORT;
        let operation = crate::capabilities::endpoint_method(support);
        CallInfo {
            method: E::METHOD,
            api: Some(Cow::Borrowed(support.api)),
            resource: Some(Cow::Borrowed(support.resource)),
            operation: Some(Cow::Borrowed(operation)),
            path_template: Some(Cow::Borrowed(support.path)),
        }
    }
}

impl CallInfo {
    /// An untyped call. Its path template names the id `{id}`: an id is data, the API,
    /// resource and custom method's name are not.
    pub(crate) fn of_untyped(request: &UntypedRequest) -> Self {
        let (api, base) = match request.target() {
            Target::Unified { api, resource } => (Some(api.clone()), format!("/unified/{api}/{resource}")),
            Target::Proxy { resource } => (None, format!("/proxy/{resource}")),
        };
        let operation = request.operation();
        let tail = match operation {
            Operation::Custom { name, .. } => name.as_str(),
            _ => "{id}",
        };
        let path_template = operation.kind().path(&base, tail);
        CallInfo {
            method: request.method(),
            api: api.map(Cow::Owned),
            resource: Some(Cow::Owned(request.target().resource().to_owned())),
            operation: Some(Cow::Owned(operation.name().to_owned())),
            path_template: Some(Cow::Owned(path_template)),
        }
    }
}

/// Why an attempt is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryReason {
    /// The response had a retryable status (see [`is_retryable`](super::is_retryable)).
    Status(StatusCode),
    /// The request or its response failed on the way: a connection refused or reset, a body
    /// cut short, or an error of a [`Transport`](super::Transport).
    Transport,
    /// The attempt took longer than its attempt timeout.
    Timeout,
}

impl fmt::Display for RetryReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryReason::Status(status) => write!(f, "status {}", status.as_u16()),
            RetryReason::Transport => f.write_str("transport failure"),
            RetryReason::Timeout => f.write_str("timeout"),
        }
    }
}

/// An attempt failed and the call will be sent again after [`wait`](RetryEvent::wait).
///
/// Given to the [`on_retry`](super::ClientBuilder::on_retry) hooks before the wait begins.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RetryEvent<'a> {
    /// The call retried.
    pub call: &'a CallInfo,
    /// The attempt that failed, from 1; the next one is `attempt + 1`.
    pub attempt: u32,
    /// How long the client waits before the next attempt (the backoff, or the response's
    /// `Retry-After`).
    pub wait: Duration,
    /// Why the attempt is retried.
    pub reason: RetryReason,
}

/// A response was `429 Too Many Requests`.
///
/// Given to the [`on_rate_limited`](super::ClientBuilder::on_rate_limited) hooks on every
/// 429, retried or not, before any [`RetryEvent`] for it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RateLimited<'a> {
    /// The call limited.
    pub call: &'a CallInfo,
    /// The attempt that was answered 429, from 1.
    pub attempt: u32,
    /// The status (429).
    pub status: StatusCode,
    /// The `Retry-After` header as the time to wait from now, when it is readable (seconds or
    /// an HTTP date).
    pub retry_after: Option<Duration>,
    /// Truto's `ratelimit-limit`, `ratelimit-remaining` and `ratelimit-reset` headers, when
    /// the response has any.
    pub rate_limit: Option<RateLimit>,
    /// Whether the client will send the call again (false when retries are used up, when the
    /// `Retry-After` is longer than the policy's `max_retry_after`, or for a mutation without
    /// an idempotency key).
    pub will_retry: bool,
}

type RetryHook = Arc<dyn Fn(&RetryEvent<'_>) + Send + Sync>;
type RateLimitedHook = Arc<dyn Fn(&RateLimited<'_>) + Send + Sync>;

/// The hooks of one client, each kind called in the order it was added.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    on_retry: Vec<RetryHook>,
    on_rate_limited: Vec<RateLimitedHook>,
}

impl Hooks {
    pub(crate) fn add_on_retry(&mut self, hook: impl Fn(&RetryEvent<'_>) + Send + Sync + 'static) {
        self.on_retry.push(Arc::new(hook));
    }

    pub(crate) fn add_on_rate_limited(&mut self, hook: impl Fn(&RateLimited<'_>) + Send + Sync + 'static) {
        self.on_rate_limited.push(Arc::new(hook));
    }

    pub(crate) fn retry(&self, event: &RetryEvent<'_>) {
        for hook in &self.on_retry {
            hook(event);
        }
    }

    pub(crate) fn rate_limited(&self, event: &RateLimited<'_>) {
        for hook in &self.on_rate_limited {
            hook(event);
        }
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("on_retry", &self.on_retry.len())
            .field("on_rate_limited", &self.on_rate_limited.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(request: &UntypedRequest) -> String {
        CallInfo::of_untyped(request).path_template.unwrap_or_default().into_owned()
    }

    #[test]
    fn an_untyped_call_is_named_by_its_template_never_by_its_id() {
        let get = UntypedRequest::unified("crm", "contacts", Operation::Get("secret-id-42".into()));
        let info = CallInfo::of_untyped(&get);
        assert_eq!(info.path_template.as_deref(), Some("/unified/crm/contacts/{id}"));
        assert_eq!(info.api.as_deref(), Some("crm"));
        assert_eq!(info.resource.as_deref(), Some("contacts"));
        assert_eq!(info.operation.as_deref(), Some("get"));
        assert_eq!(info.method, Method::GET);
        assert!(!format!("{info:?}").contains("secret-id-42"));

        let delete = UntypedRequest::proxy("deals", Operation::Delete("7".into()));
        assert_eq!(template(&delete), "/proxy/deals/{id}");
        assert_eq!(CallInfo::of_untyped(&delete).api, None);
        let search = UntypedRequest::unified("crm", "contacts", Operation::custom("search"));
        assert_eq!(template(&search), "/unified/crm/contacts/search");
        assert_eq!(CallInfo::of_untyped(&search).method, Method::POST);
        assert_eq!(template(&UntypedRequest::unified("crm", "contacts", Operation::List)), "/unified/crm/contacts");
    }
}
