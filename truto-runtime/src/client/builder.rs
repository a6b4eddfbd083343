//! Building a [`Client`]: its base URL, transport, retries, timeouts, idempotency keys and
//! hooks.

use std::sync::Arc;
use std::time::Duration;

use super::hooks::Hooks;
use super::options::Settings;
use super::token::Token;
use super::transport::Sender;
use super::{Client, Config, DEFAULT_BASE_URL, RateLimited, RetryEvent, RetryPolicy, Transport};
use crate::Error;
use crate::base_url::{self, BaseUrl};

/// A reqwest client builder set up as the client's own: no redirects followed, no retries of
/// reqwest's own, and under the `rustls-ring` feature alone, ring installed as rustls'
/// process-wide crypto provider first (reqwest has none of its own then, and panics when
/// building a client without one; an application that installed another keeps it). Start from
/// it to build a reqwest client for [`ClientBuilder::http_client`] or a [`Transport`] of your
/// own.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    let _ = rustls::crypto::ring::default_provider().install_default();
    // Truto does not redirect; a redirect followed could take a write and its body to another
    // origin, and bring back that server's answer as a success.
    let builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    // The client's retry loop is the one that retries (see `RetryPolicy`). reqwest's own only
    // retries HTTP/2 and HTTP/3 refusals (protocols this crate does not enable; where an
    // application does, the client's loop retries those failures like any transport failure),
    // yet copies every request before sending it in case it must: off, no copy.
    builder.retry(reqwest::retry::never().max_retries_per_request(0))
}

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    token: Token,
    base_url: BaseUrl,
    transport: Option<Arc<dyn Transport>>,
    retry: RetryPolicy,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    idempotency_keys: bool,
    hooks: Hooks,
    gzip: bool,
    max_body_size: Option<usize>,
}

impl ClientBuilder {
    pub(super) fn new(token: impl Into<String>) -> Self {
        ClientBuilder {
            token: Token(token.into()),
            base_url: BaseUrl::new(DEFAULT_BASE_URL.to_owned()),
            transport: None,
            retry: RetryPolicy::default(),
            attempt_timeout: Some(Duration::from_secs(30)),
            total_timeout: None,
            idempotency_keys: true,
            hooks: Hooks::default(),
            gzip: true,
            max_body_size: Some(super::DEFAULT_MAX_BODY_SIZE),
        }
    }

    /// Sends requests to another base URL (a proxy, a mock server in tests): an `http` or
    /// `https` URL, with a path prefix if need be (`https://proxy.example/truto`), but neither a
    /// query nor a fragment, which would swallow each request's path ([`ClientBuilder::build`]
    /// refuses them). A password in it (`http://user:password@host`) is never printed.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = BaseUrl::new(base_url.into());
        self
    }

    /// Uses this reqwest client (its proxy, TLS, pool and redirect settings). The client's own
    /// follows no redirects: a 3xx comes back as [`Error::Api`] with its `Location` header.
    /// The same as [`ClientBuilder::transport`] with the reqwest client; the last one set wins.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.transport = Some(Arc::new(client));
        self
    }

    /// Sends every request through `transport`: middleware such as reqwest-middleware (auth
    /// refresh, caching), or another HTTP stack. See [`Transport`] for how its errors are
    /// retried. The last one set wins (over [`ClientBuilder::http_client`] too).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Calls `hook` before each retry's wait, with the call, the attempt that failed, the wait
    /// and the reason. Each call adds a hook; they run in the order added, on the task sending
    /// the call, so they should be quick (count, log, send to a channel).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use truto_unified_runtime::Client;
    ///
    /// let retries = Arc::new(AtomicU64::new(0));
    /// let counter = Arc::clone(&retries);
    /// let client = Client::builder("my-api-token")
    ///     .on_retry(move |event| {
    ///         counter.fetch_add(1, Ordering::Relaxed);
    ///         eprintln!("retrying {} {:?} after {:?}: {}", event.call.method, event.call.path_template, event.wait, event.reason);
    ///     })
    ///     .build()?;
    /// # Ok::<(), truto_unified_runtime::Error>(())
    /// ```
    pub fn on_retry(mut self, hook: impl Fn(&RetryEvent<'_>) + Send + Sync + 'static) -> Self {
        self.hooks.add_on_retry(hook);
        self
    }

    /// Calls `hook` on each `429 Too Many Requests`, retried or not, with its `Retry-After`,
    /// Truto's rate-limit headers and whether it will be retried. Each call adds a hook; they
    /// run in the order added, before any [`ClientBuilder::on_retry`] hook for the same 429.
    pub fn on_rate_limited(mut self, hook: impl Fn(&RateLimited<'_>) + Send + Sync + 'static) -> Self {
        self.hooks.add_on_rate_limited(hook);
        self
    }

    /// The retry policy ([`RetryPolicy::none`] switches retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The time one attempt may take, body included (default 30 s; `None`: no limit).
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// The time a call may take across all its attempts and waits (default: no limit).
    pub fn total_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.total_timeout = timeout;
        self
    }

    /// Whether mutating requests get a generated `Idempotency-Key` (default: yes). Without
    /// one, a mutating request is never retried, since a retry could apply it twice.
    pub fn idempotency_keys(mut self, enabled: bool) -> Self {
        self.idempotency_keys = enabled;
        self
    }

    /// Whether the client asks for compressed answers (default: yes). On, each request says
    /// `Accept-Encoding: gzip` and a gzip answer is decompressed as it arrives, within
    /// [`ClientBuilder::max_body_size`]. Off, no `Accept-Encoding` is sent, and a success
    /// that comes encoded all the same is [`Error::Decode`] rather than bytes read as JSON.
    ///
    /// It sets up the reqwest client this builder makes: a client given with
    /// [`ClientBuilder::http_client`] or [`ClientBuilder::transport`] keeps its own setting
    /// (reqwest's `gzip`, on unless built with `.gzip(false)`).
    pub fn gzip(mut self, enabled: bool) -> Self {
        self.gzip = enabled;
        self
    }

    /// The most bytes an answer's body may have when the client reads it whole (every format
    /// but `stream`, whose body the caller reads), counted after decompression: default
    /// [`DEFAULT_MAX_BODY_SIZE`](crate::DEFAULT_MAX_BODY_SIZE) (128 MiB); `None`, no limit. A
    /// larger body is [`Error::BodyTooLarge`], found as it arrives: a small compressed body
    /// that expands past the limit is refused without being held whole.
    pub fn max_body_size(mut self, bytes: Option<usize>) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The client. Fails when the token is not visible ASCII (empty, a space, a control or a
    /// non-ASCII character: it could not be sent as it is), when the base URL is not an `http`
    /// or `https` URL or has a query or a fragment, and when no reqwest client was given and
    /// the TLS backend cannot be set up (no usable root certificates, say). The error shows
    /// neither the token nor a password in the base URL.
    pub fn build(self) -> Result<Client, Error> {
        let mut headers = crate::request::standard_headers();
        headers.insert(http::header::AUTHORIZATION, self.token.authorization()?);
        base_url::check(self.base_url.as_str())?;
        let sender = match self.transport {
            Some(transport) => Sender::Given(transport),
            // Truto does not redirect; a redirect followed could take a write and its body to
            // another origin, and bring back that server's answer as a success.
            // The client's attempt timeout is the reqwest client's own, so that an attempt only
            // carries one when its call sets another (see `Client::attempt`).
            None => {
                let http = http_client_builder().gzip(self.gzip).default_headers(headers.clone());
                let http = match self.attempt_timeout {
                    Some(timeout) => http.timeout(timeout),
                    None => http,
                };
                Sender::Own(http.build().map_err(|e| Error::Build(format!("cannot set up the HTTP client: {e}")))?)
            }
        };
        Ok(Client {
            config: Arc::new(Config {
                sender,
                origin: super::transport::Origin::of(self.base_url.as_str()),
                base_url: self.base_url,
                headers,
                settings: Settings {
                    retry: self.retry,
                    attempt_timeout: self.attempt_timeout,
                    total_timeout: self.total_timeout,
                },
                idempotency_keys: self.idempotency_keys,
                hooks: self.hooks,
                max_body_size: self.max_body_size,
            }),
        })
    }
}
