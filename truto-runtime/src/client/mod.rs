//! The async client: reqwest (rustls) under the sans-IO core, with retries, timeouts,
//! idempotency keys and pagination.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use std::future::Future;

use futures_util::{Stream, TryStreamExt};
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::request::{
    self, Allows, DebugFormat, Decode, Endpoint, Format, ListEndpoint, Normalized, Page, Raw, Unified, WithQuery,
};
use crate::support::IntegrationRef;
use crate::{ApiError, Error};

mod capabilities;
mod hooks;
mod options;
mod pages;
mod trace;
mod transport;
mod untyped;

use hooks::Hooks;
pub use hooks::{CallInfo, RateLimited, RetryEvent, RetryReason};
use options::{CallOptions, Settings, call_option_setters};
pub(crate) use transport::is_transient;
pub use transport::{BoxError, NotRetryable, Transport, TransportFuture};

pub use capabilities::CapabilitiesCall;
pub use untyped::{UntypedCall, UntypedResource};

/// Truto's API.
pub const DEFAULT_BASE_URL: &str = "https://api.truto.one";

/// The header that makes a retried mutation safe: Truto replays the first response.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// When and how often to retry.
///
/// Retried: 408, 425, 429, 502, 503 and 504 responses, connection failures, attempt timeouts
/// and bodies that stall or are cut short. Never: 400, 401, 403, 404, 405, 409, 422, 500 and
/// other errors, nor a redirect loop. Mutating requests carry an `Idempotency-Key`, so retrying
/// them is safe.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 switches retrying off).
    pub max_retries: u32,
    /// The first backoff; each retry doubles it.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
    /// Whether to randomise each backoff ("full jitter") so clients do not retry in step.
    pub jitter: bool,
    /// The longest `Retry-After` honoured, in seconds or as an HTTP date alike; a longer one is
    /// not waited for (the error returns at once).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            jitter: true,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..Self::default() }
    }

    fn backoff(&self, retry: u32) -> Duration {
        let exponential = self.initial_backoff.saturating_mul(2u32.saturating_pow(retry)).min(self.max_backoff);
        if self.jitter { exponential.mul_f64(fastrand::f64()) } else { exponential }
    }
}

/// Whether a status is worth retrying: 408, 425, 429, 502, 503 and 504.
pub fn is_retryable(status: StatusCode) -> bool {
    crate::error::is_retryable_status(status)
}

/// The API token; never printed.
#[derive(Clone)]
struct Token(String);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[derive(Debug)]
struct Config {
    transport: Arc<dyn Transport>,
    base_url: String,
    token: Token,
    /// Retries and timeouts of every call that does not set its own.
    settings: Settings,
    idempotency_keys: bool,
    hooks: Hooks,
}

/// A client for Truto's unified APIs. Cheap to clone.
///
/// Cheap to clone: clones share one connection pool and configuration. A generated crate
/// reaches its endpoints from here (`client.crm().opportunities().update(..)`, through its
/// prelude), and every call it makes owns a clone, so calls are `'static` and can be spawned.
///
/// Typed where the schema describes the endpoint, untyped everywhere else: [`Client::unified`]
/// reaches any unified API, resource and method with JSON (or your own types) in and out,
/// [`Client::proxy`] Truto's proxy API, and [`Client::capabilities`] says what one connected
/// account offers. Untyped calls share the typed calls' encoding, retries, idempotency keys,
/// timeouts and errors.
///
/// ```
/// use std::time::Duration;
/// use truto_unified_runtime::{Client, RetryPolicy};
///
/// let client = Client::builder("my-api-token")
///     .base_url("http://127.0.0.1:8080")
///     .retry(RetryPolicy::none())
///     .total_timeout(Some(Duration::from_secs(10)))
///     .build()?;
/// assert_eq!(client.base_url(), "http://127.0.0.1:8080");
///
/// // An endpoint no schema describes, untyped.
/// let search = client
///     .unified("crm", "contacts")
///     .custom("search", serde_json::json!({"email": "ada@example.com"}))
///     .integrated_account_id("62f44730-dd91-461e-bd6a-aedd9e0ad79d")
///     .build()?;
/// assert_eq!(search.uri().path(), "/unified/crm/contacts/search");
/// # Ok::<(), truto_unified_runtime::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    config: Arc<Config>,
}

impl Client {
    /// A client for `https://api.truto.one` with default retries and timeouts.
    ///
    /// # Panics
    ///
    /// When the TLS backend cannot be set up, as `reqwest::Client::new` does; use
    /// [`Client::builder`] to get that as an error instead.
    pub fn new(token: impl Into<String>) -> Self {
        match ClientBuilder::new(token).build() {
            Ok(client) => client,
            Err(error) => panic!("{error}"),
        }
    }

    /// A builder to set the base URL, the reqwest client, retries and timeouts.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(token)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.config.base_url
    }

    /// A call of any endpoint request, e.g. one built by hand.
    pub fn call<E: Endpoint>(&self, request: E) -> Call<E, Unified> {
        Call {
            client: self.clone(),
            request,
            idempotency_key: None,
            check_for: None,
            options: CallOptions::default(),
            format: PhantomData,
        }
    }

    /// Sends a built request, retrying on retryable statuses and transport failures, and
    /// receives the final response with `read`. Reading (the whole body, for decoded formats)
    /// is part of each attempt, so a body that stalls or is cut short is retried too. `call`
    /// names the call to the hooks and in traces.
    async fn execute<T, Read>(
        &self,
        request: http::Request<Vec<u8>>,
        settings: &Settings,
        call: &CallInfo,
        read: impl Fn(reqwest::Response) -> Read,
    ) -> Result<T, Error>
    where
        Read: Future<Output = Result<T, reqwest::Error>>,
    {
        trace::in_call_span(call, self.attempts(request, settings, call, read)).await
    }

    /// The attempts of [`Client::execute`].
    async fn attempts<T, Read>(
        &self,
        request: http::Request<Vec<u8>>,
        settings: &Settings,
        call: &CallInfo,
        read: impl Fn(reqwest::Response) -> Read,
    ) -> Result<T, Error>
    where
        Read: Future<Output = Result<T, reqwest::Error>>,
    {
        let (parts, body) = request.into_parts();
        let policy = &settings.retry;
        // Without an idempotency key a retried mutation could be applied twice: send it once.
        let max_retries = if request::is_mutating(&parts.method) && !parts.headers.contains_key(IDEMPOTENCY_KEY) {
            0
        } else {
            policy.max_retries
        };
        let mut retry: u32 = 0;
        loop {
            let attempt = retry.saturating_add(1);
            let clock = trace::Clock::start();
            let sent = http::Request::from_parts(parts.clone(), body.clone());
            let mut sent = reqwest::Request::try_from(sent).map_err(|e| Error::Build(e.to_string()))?;
            *sent.timeout_mut() = settings.attempt_timeout;
            // The transport is told the attempt timeout and, in case it ignores it, held to it.
            let deadline = settings.attempt_timeout.map(|limit| (tokio::time::Instant::now() + limit, limit));
            let failure = match within(deadline, self.config.transport.execute(sent)).await {
                Err(timeout) => timeout,
                Ok(Err(error)) => transport_error(error, settings.attempt_timeout),
                Ok(Ok(response)) => {
                    let status = response.status();
                    let status_wait = if is_retryable(status) && retry < max_retries {
                        match request::retry_after(response.headers()) {
                            Some(after) if after > policy.max_retry_after => None,
                            Some(after) => Some(after),
                            None => Some(policy.backoff(retry)),
                        }
                    } else {
                        None
                    };
                    if status == StatusCode::TOO_MANY_REQUESTS {
                        self.config.hooks.rate_limited(&RateLimited {
                            call,
                            attempt,
                            status,
                            retry_after: request::retry_after(response.headers()),
                            rate_limit: request::RateLimit::from_headers(response.headers()),
                            will_retry: status_wait.is_some(),
                        });
                    }
                    if let Some(wait) = status_wait {
                        // Retried: the body of this answer is not needed.
                        trace::answered(attempt, status, &clock);
                        self.before_retry(call, attempt, wait, RetryReason::Status(status));
                        tokio::time::sleep(wait).await;
                        retry += 1;
                        continue;
                    }
                    match within(deadline, read(response)).await {
                        Ok(Ok(received)) => {
                            trace::answered(attempt, status, &clock);
                            return Ok(received);
                        }
                        Ok(Err(error)) => transport_error(Box::new(error), settings.attempt_timeout),
                        Err(timeout) => timeout,
                    }
                }
            };
            trace::failed(attempt, &failure, &clock);
            if !(failure.is_retryable() && retry < max_retries) {
                return Err(failure);
            }
            let wait = policy.backoff(retry);
            let reason = match failure {
                Error::Timeout(_) => RetryReason::Timeout,
                _ => RetryReason::Transport,
            };
            self.before_retry(call, attempt, wait, reason);
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// Tells the hooks and the trace that `attempt` is retried after `wait`.
    fn before_retry(&self, call: &CallInfo, attempt: u32, wait: Duration, reason: RetryReason) {
        trace::retry(attempt, wait, reason);
        self.config.hooks.retry(&RetryEvent { call, attempt, wait, reason });
    }

    /// [`Client::execute`] and the whole body, within the total timeout.
    async fn execute_buffered(
        &self,
        request: http::Request<Vec<u8>>,
        settings: &Settings,
        call: &CallInfo,
    ) -> Result<(StatusCode, HeaderMap, Bytes), Error> {
        within_total_timeout(settings, self.execute(request, settings, call, read_whole)).await
    }

    /// Adds to a built request what every call carries: the token, the call's idempotency key
    /// and, last so that they win, the call's own headers.
    fn sign(
        &self,
        http: &mut http::Request<Vec<u8>>,
        idempotency_key: Option<&str>,
        options: &CallOptions,
    ) -> Result<(), Error> {
        let token = request::sensitive(&format!("Bearer {}", self.config.token.0))?;
        http.headers_mut().insert(http::header::AUTHORIZATION, token);
        if let Some(key) = idempotency_key {
            let value =
                HeaderValue::from_str(key).map_err(|_| Error::Build(format!("invalid Idempotency-Key `{key}`")))?;
            http.headers_mut().insert(IDEMPOTENCY_KEY, value);
        }
        options.apply_headers(http)
    }

    /// The idempotency key a call is sent with: the one it was given, or a new one for a
    /// mutation when this client makes them. One key for every attempt: a retried mutation is
    /// replayed, not repeated.
    fn idempotency_key(&self, method: &http::Method, given: Option<String>) -> Option<String> {
        given.or_else(|| {
            (self.config.idempotency_keys && request::is_mutating(method)).then(|| uuid::Uuid::new_v4().to_string())
        })
    }

    /// A call's settings: its own over this client's.
    fn settings(&self, options: &CallOptions) -> Settings {
        options.over(&self.config.settings)
    }
}

/// `work`, unless `deadline` passes first: then [`Error::Timeout`] with its limit.
async fn within<T>(
    deadline: Option<(tokio::time::Instant, Duration)>,
    work: impl Future<Output = T>,
) -> Result<T, Error> {
    match deadline {
        Some((at, limit)) => tokio::time::timeout_at(at, work).await.map_err(|_| Error::Timeout(limit)),
        None => Ok(work.await),
    }
}

async fn within_total_timeout<T>(
    settings: &Settings,
    work: impl std::future::Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    match settings.total_timeout {
        Some(total) => tokio::time::timeout(total, work).await.map_err(|_| Error::Timeout(total))?,
        None => work.await,
    }
}

/// A reqwest client builder set up as the client's own: no redirects followed, and under the
/// `rustls-ring` feature alone, ring installed as rustls' process-wide crypto provider first
/// (reqwest has none of its own then, and panics when building a client without one; an
/// application that installed another keeps it). Start from it to build a reqwest client for
/// [`ClientBuilder::http_client`] or a [`Transport`] of your own.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    let _ = rustls::crypto::ring::default_provider().install_default();
    // Truto does not redirect; a redirect followed could take a write and its body to another
    // origin, and bring back that server's answer as a success.
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none())
}

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    token: Token,
    base_url: String,
    transport: Option<Arc<dyn Transport>>,
    retry: RetryPolicy,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    idempotency_keys: bool,
    hooks: Hooks,
}

impl ClientBuilder {
    fn new(token: impl Into<String>) -> Self {
        ClientBuilder {
            token: Token(token.into()),
            base_url: DEFAULT_BASE_URL.to_owned(),
            transport: None,
            retry: RetryPolicy::default(),
            attempt_timeout: Some(Duration::from_secs(30)),
            total_timeout: None,
            idempotency_keys: true,
            hooks: Hooks::default(),
        }
    }

    /// Sends requests to another base URL (a proxy, a mock server in tests).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
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

    /// The client. Fails only when no reqwest client was given and the TLS backend cannot be
    /// set up (no usable root certificates, say).
    pub fn build(self) -> Result<Client, Error> {
        let transport = match self.transport {
            Some(transport) => transport,
            // Truto does not redirect; a redirect followed could take a write and its body to
            // another origin, and bring back that server's answer as a success.
            None => Arc::new(
                http_client_builder()
                    .build()
                    .map_err(|e| Error::Build(format!("cannot set up the HTTP client: {e}")))?,
            ),
        };
        Ok(Client {
            config: Arc::new(Config {
                transport,
                base_url: self.base_url,
                token: self.token,
                settings: Settings {
                    retry: self.retry,
                    attempt_timeout: self.attempt_timeout,
                    total_timeout: self.total_timeout,
                },
                idempotency_keys: self.idempotency_keys,
                hooks: self.hooks,
            }),
        })
    }
}

/// One call of an endpoint in response format `F`, ready to send.
///
/// Set parameters with the generated setters (e.g. `.integrated_account_id(..)`, from the
/// generated crate's prelude), pick another format with `.raw()`, `.normalized()`, `.debug()`
/// or `.stream()` where the endpoint allows it, then `.send()`. `.build()` gives the exact
/// `http::Request` without sending it. A call owns a clone of its client, so it is `'static`:
/// `tokio::spawn(call.send())` works.
#[derive(Debug)]
pub struct Call<E, F = Unified> {
    client: Client,
    request: E,
    idempotency_key: Option<String>,
    check_for: Option<IntegrationRef>,
    options: CallOptions,
    format: PhantomData<F>,
}

impl<E: Endpoint, F: Format> Call<E, F> {
    /// The typed request.
    pub fn request(&self) -> &E {
        &self.request
    }

    /// The typed request, to change it.
    pub fn request_mut(&mut self) -> &mut E {
        &mut self.request
    }

    /// Changes the typed request.
    pub fn map(mut self, change: impl FnOnce(E) -> E) -> Self {
        self.request = change(self.request);
        self
    }

    /// Uses this `Idempotency-Key` instead of a generated one.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Checks the request against what `integration` supports before sending it; a failing
    /// check returns [`Error::Check`] and nothing is sent.
    pub fn check_for(mut self, integration: E::Integration) -> Self {
        self.check_for = Some(IntegrationRef::of(integration));
        self
    }

    call_option_setters!();

    fn with_format<G: Format>(self) -> Call<E, G> {
        Call {
            client: self.client,
            request: self.request,
            idempotency_key: self.idempotency_key,
            check_for: self.check_for,
            options: self.options,
            format: PhantomData,
        }
    }

    /// The HTTP request this call sends (its `Idempotency-Key` only if one was set).
    pub fn build(&self) -> Result<http::Request<Vec<u8>>, Error> {
        if let Some(integration) = self.check_for {
            crate::check::check_against(&self.request, integration).into_result()?;
        }
        let mut http = request::build_request::<E, F>(&self.request, &self.client.config.base_url)?;
        self.client.sign(&mut http, self.idempotency_key.as_deref(), &self.options)?;
        Ok(http)
    }

    /// The request as it goes out: checked, built, with an idempotency key on mutations.
    fn prepare(mut self) -> Result<(Client, http::Request<Vec<u8>>, Settings), Error> {
        self.idempotency_key = self.client.idempotency_key(&E::METHOD, self.idempotency_key.take());
        let http = self.build()?;
        let settings = self.client.settings(&self.options);
        Ok((self.client, http, settings))
    }
}

impl<E: Endpoint, F> WithQuery for Call<E, F> {
    type Query = E::Query;
    fn query_mut(&mut self) -> &mut E::Query {
        self.request.query_mut()
    }
}

impl<E: Endpoint, F: Receive<E>> Call<E, F> {
    /// Sends the request and returns the response in format `F`: the typed model for
    /// `unified`, JSON for `raw` and `normalized`, the envelope for `debug`, a [`ByteStream`]
    /// for `stream`.
    pub async fn send(self) -> Result<F::Output, Error> {
        let (client, http, settings) = self.prepare()?;
        F::receive(&client, http, settings).await
    }
}

impl<E: Endpoint, F: Decode<E>> Call<E, F> {
    /// Like [`Call::send`], keeping the status and headers (rate limits, the provider's
    /// headers) beside the decoded body.
    pub async fn send_with_headers(self) -> Result<request::Response<F::Output>, Error> {
        let (client, http, settings) = self.prepare()?;
        let call = CallInfo::of::<E>();
        let (status, headers, body) = client.execute_buffered(http, &settings, &call).await?;
        let value = request::decode_response::<E, F>(status, &headers, &body)?;
        Ok(request::Response { status, headers, value })
    }
}

/// How a format's response is received: whole and decoded, or as a stream.
pub trait Receive<E: Endpoint>: Format + Sized {
    /// What `send` returns.
    type Output;
    /// Sends `request` through `client` with `settings` and receives the response.
    #[doc(hidden)]
    fn receive(
        client: &Client,
        request: http::Request<Vec<u8>>,
        settings: Settings,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send;
}

/// The status, headers and whole body of a response.
async fn read_whole(response: reqwest::Response) -> Result<(StatusCode, HeaderMap, Bytes), reqwest::Error> {
    let (status, headers) = (response.status(), response.headers().clone());
    Ok((status, headers, response.bytes().await?))
}

/// A response whose body is left to be streamed.
async fn read_head(response: reqwest::Response) -> Result<reqwest::Response, reqwest::Error> {
    Ok(response)
}

/// A transport failure as the call's error. A reqwest timeout while an attempt timeout is set
/// is [`Error::Timeout`] with that limit; any other failure, including a timeout without one
/// (set on a user's reqwest client, whose length we cannot know), is [`Error::Transport`]. A
/// reqwest error loses its URL, which holds the query.
fn transport_error(error: BoxError, attempt_timeout: Option<Duration>) -> Error {
    let error = match error.downcast::<reqwest::Error>() {
        Ok(error) => Box::new(error.without_url()) as BoxError,
        Err(error) => error,
    };
    match attempt_timeout {
        Some(limit) if transport::is_reqwest_timeout(error.as_ref()) => Error::Timeout(limit),
        _ => Error::Transport(error),
    }
}

/// [`transport_error`] of a failure reading a body.
fn timeout_or_transport(error: reqwest::Error, attempt_timeout: Option<Duration>) -> Error {
    transport_error(Box::new(error), attempt_timeout)
}

async fn receive_stream(
    client: &Client,
    request: http::Request<Vec<u8>>,
    settings: Settings,
    call: CallInfo,
) -> Result<ByteStream, Error> {
    let response = within_total_timeout(&settings, client.execute(request, &settings, &call, read_head)).await?;
    let status = response.status();
    if !status.is_success() {
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|e| timeout_or_transport(e, settings.attempt_timeout))?;
        return Err(Error::Api(Box::new(ApiError::from_parts(status, headers, &body))));
    }
    let timeout = settings.attempt_timeout;
    let stream = response.bytes_stream().map_err(move |e| timeout_or_transport(e, timeout));
    Ok(ByteStream(Box::pin(stream)))
}

async fn receive_decoded<E: Endpoint, F: Decode<E>>(
    client: &Client,
    request: http::Request<Vec<u8>>,
    settings: Settings,
) -> Result<F::Output, Error> {
    let call = CallInfo::of::<E>();
    let (status, headers, body) = client.execute_buffered(request, &settings, &call).await?;
    request::decode_response::<E, F>(status, &headers, &body)
}

/// The formats whose answer is read whole and decoded: `Output` is what [`Decode`] gives.
macro_rules! receive_decoded {
    ($($format:ty),*) => {$(
        impl<E: Endpoint> Receive<E> for $format {
            type Output = <$format as Decode<E>>::Output;
            fn receive(
                client: &Client,
                request: http::Request<Vec<u8>>,
                settings: Settings,
            ) -> impl Future<Output = Result<Self::Output, Error>> + Send {
                receive_decoded::<E, Self>(client, request, settings)
            }
        }
    )*};
}

receive_decoded!(Unified, Raw, Normalized, DebugFormat);

impl<E: Endpoint> Receive<E> for request::Stream {
    type Output = ByteStream;
    /// The body is read as it arrives. Retries apply until the response head arrives; the
    /// total timeout covers that part.
    fn receive(
        client: &Client,
        request: http::Request<Vec<u8>>,
        settings: Settings,
    ) -> impl Future<Output = Result<ByteStream, Error>> + Send {
        receive_stream(client, request, settings, CallInfo::of::<E>())
    }
}

impl<E: Endpoint + Allows<Raw>> Call<E, Unified> {
    /// Asks for the provider's raw response (`truto_response_format=raw`), as JSON.
    pub fn raw(self) -> Call<E, Raw> {
        self.with_format()
    }
}

impl<E: Endpoint + Allows<Normalized>> Call<E, Unified> {
    /// Asks for the normalized format, as JSON.
    pub fn normalized(self) -> Call<E, Normalized> {
        self.with_format()
    }
}

impl<E: Endpoint + Allows<DebugFormat>> Call<E, Unified> {
    /// Asks for the debug format: the unified result with Truto's debug information.
    pub fn debug(self) -> Call<E, DebugFormat> {
        self.with_format()
    }
}

impl<E: Endpoint + Allows<request::Stream>> Call<E, Unified> {
    /// Asks for the stream format: the body as bytes.
    pub fn stream(self) -> Call<E, request::Stream> {
        self.with_format()
    }
}

impl<E: ListEndpoint + Send + 'static> Call<E, Unified> {
    /// Every page, fetched one after another by cursor. Ends on a null or empty cursor; a
    /// cursor seen before ends it with an error instead of looping.
    pub fn pages(self) -> impl Stream<Item = Result<Page<E::Item>, Error>> + 'static {
        pages::pages(self)
    }

    /// Every record of every page. A record that did not decode comes as
    /// [`Error::InvalidRecord`] in its place and the stream goes on (`try_collect` stops there;
    /// [`Call::pages`] keeps such records in [`Page::invalid`]).
    pub fn items(self) -> impl Stream<Item = Result<E::Item, Error>> + 'static {
        pages::items(self)
    }
}

impl<E: ListEndpoint> pages::Paged for Call<E, Unified> {
    type Item = E::Item;

    fn following(&self) -> Self {
        Call {
            client: self.client.clone(),
            request: self.request.clone(),
            idempotency_key: None,
            check_for: self.check_for,
            options: self.options.clone(),
            format: PhantomData,
        }
    }

    fn set_cursor(&mut self, cursor: String) {
        self.request.set_next_cursor(Some(cursor));
    }

    fn fetch(self) -> impl Future<Output = Result<Page<E::Item>, Error>> {
        self.send()
    }
}

/// A response body as a stream of bytes.
pub struct ByteStream(Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>);

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}
