//! The async client: reqwest (rustls) under the sans-IO core, with retries, timeouts,
//! idempotency keys and pagination.

use std::collections::HashSet;
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

mod options;

use options::{CallOptions, Settings, call_option_setters};

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

/// Whether a status is worth retrying.
pub fn is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 425 | 429 | 502 | 503 | 504)
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
    http: reqwest::Client,
    base_url: String,
    token: Token,
    /// Retries and timeouts of every call that does not set its own.
    settings: Settings,
    idempotency_keys: bool,
}

/// A client for Truto's unified APIs. Cheap to clone.
///
/// Cheap to clone: clones share one connection pool and configuration. A generated crate
/// reaches its endpoints from here (`client.crm().opportunities().update(..)`, through its
/// prelude), and every call it makes owns a clone, so calls are `'static` and can be spawned.
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
    /// is part of each attempt, so a body that stalls or is cut short is retried too.
    async fn execute<T, Read>(
        &self,
        request: http::Request<Vec<u8>>,
        settings: &Settings,
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
        let mut retry = 0;
        loop {
            let attempt = http::Request::from_parts(parts.clone(), body.clone());
            let mut attempt = reqwest::Request::try_from(attempt).map_err(|e| Error::Build(e.to_string()))?;
            *attempt.timeout_mut() = settings.attempt_timeout;
            let response = match self.config.http.execute(attempt).await {
                Ok(response) => response,
                Err(error) if is_transient(&error) && retry < max_retries => {
                    tokio::time::sleep(policy.backoff(retry)).await;
                    retry += 1;
                    continue;
                }
                Err(error) => return Err(timeout_or_transport(error, settings.attempt_timeout)),
            };
            let status_wait = if is_retryable(response.status()) && retry < max_retries {
                match request::retry_after(response.headers()) {
                    Some(after) if after > policy.max_retry_after => None,
                    Some(after) => Some(after),
                    None => Some(policy.backoff(retry)),
                }
            } else {
                None
            };
            let wait = match status_wait {
                // Retried: the body of this answer is not needed.
                Some(wait) => wait,
                None => match read(response).await {
                    Ok(received) => return Ok(received),
                    Err(error) if is_transient(&error) && retry < max_retries => policy.backoff(retry),
                    Err(error) => return Err(timeout_or_transport(error, settings.attempt_timeout)),
                },
            };
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// [`Client::execute`] and the whole body, within the total timeout.
    async fn execute_buffered(
        &self,
        request: http::Request<Vec<u8>>,
        settings: &Settings,
    ) -> Result<(StatusCode, HeaderMap, Bytes), Error> {
        within_total_timeout(settings, self.execute(request, settings, read_whole)).await
    }

    /// A call's settings: its own over this client's.
    fn settings(&self, options: &CallOptions) -> Settings {
        options.over(&self.config.settings)
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

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    token: Token,
    base_url: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    idempotency_keys: bool,
}

impl ClientBuilder {
    fn new(token: impl Into<String>) -> Self {
        ClientBuilder {
            token: Token(token.into()),
            base_url: DEFAULT_BASE_URL.to_owned(),
            http: None,
            retry: RetryPolicy::default(),
            attempt_timeout: Some(Duration::from_secs(30)),
            total_timeout: None,
            idempotency_keys: true,
        }
    }

    /// Sends requests to another base URL (a proxy, a mock server in tests).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Uses this reqwest client (its proxy, TLS, pool and redirect settings). The client's own
    /// follows no redirects: a 3xx comes back as [`Error::Api`] with its `Location` header.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
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
        let http = match self.http {
            Some(http) => http,
            // Truto does not redirect; a redirect followed could take a write and its body to
            // another origin, and bring back that server's answer as a success.
            None => {
                // Feature rustls-ring alone: reqwest's rustls has no crypto provider until one
                // is installed. Install ring, unless the application installed one (then this
                // fails and changes nothing).
                #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
                let _ = rustls::crypto::ring::default_provider().install_default();
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| Error::Build(format!("cannot set up the HTTP client: {e}")))?
            }
        };
        Ok(Client {
            config: Arc::new(Config {
                http,
                base_url: self.base_url,
                token: self.token,
                settings: Settings {
                    retry: self.retry,
                    attempt_timeout: self.attempt_timeout,
                    total_timeout: self.total_timeout,
                },
                idempotency_keys: self.idempotency_keys,
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
        let token = request::sensitive(&format!("Bearer {}", self.client.config.token.0))?;
        http.headers_mut().insert(http::header::AUTHORIZATION, token);
        if let Some(key) = &self.idempotency_key {
            let value =
                HeaderValue::from_str(key).map_err(|_| Error::Build(format!("invalid Idempotency-Key `{key}`")))?;
            http.headers_mut().insert(IDEMPOTENCY_KEY, value);
        }
        self.options.apply_headers(&mut http)?;
        Ok(http)
    }

    /// The request as it goes out: checked, built, with an idempotency key on mutations.
    fn prepare(mut self) -> Result<(Client, http::Request<Vec<u8>>, Settings), Error> {
        if self.idempotency_key.is_none() && self.client.config.idempotency_keys && request::is_mutating(&E::METHOD) {
            // One key for every attempt: a retried mutation is replayed, not repeated.
            self.idempotency_key = Some(uuid::Uuid::new_v4().to_string());
        }
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
        let (status, headers, body) = client.execute_buffered(http, &settings).await?;
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

/// Whether a failure may pass if the request is sent again: connection failures, resets,
/// timeouts and bodies cut short may; a redirect loop or a request reqwest cannot build will not.
fn is_transient(error: &reqwest::Error) -> bool {
    !error.is_redirect() && !error.is_builder()
}

/// Our own attempt timeout is [`Error::Timeout`]; any other failure, including a timeout set
/// on a user's reqwest client (whose length we cannot know), is [`Error::Transport`].
fn timeout_or_transport(error: reqwest::Error, attempt_timeout: Option<Duration>) -> Error {
    match attempt_timeout {
        Some(limit) if error.is_timeout() => Error::Timeout(limit),
        _ => Error::Transport(Box::new(error.without_url())),
    }
}

async fn receive_stream(
    client: &Client,
    request: http::Request<Vec<u8>>,
    settings: Settings,
) -> Result<ByteStream, Error> {
    let response = within_total_timeout(&settings, client.execute(request, &settings, read_head)).await?;
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
    let (status, headers, body) = client.execute_buffered(request, &settings).await?;
    request::decode_response::<E, F>(status, &headers, &body)
}

impl<E: Endpoint> Receive<E> for Unified {
    type Output = E::Response;
    fn receive(
        client: &Client,
        request: http::Request<Vec<u8>>,
        settings: Settings,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send {
        receive_decoded::<E, Self>(client, request, settings)
    }
}

impl<E: Endpoint> Receive<E> for Raw {
    type Output = serde_json::Value;
    fn receive(
        client: &Client,
        request: http::Request<Vec<u8>>,
        settings: Settings,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send {
        receive_decoded::<E, Self>(client, request, settings)
    }
}

impl<E: Endpoint> Receive<E> for Normalized {
    type Output = serde_json::Value;
    fn receive(
        client: &Client,
        request: http::Request<Vec<u8>>,
        settings: Settings,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send {
        receive_decoded::<E, Self>(client, request, settings)
    }
}

impl<E: Endpoint> Receive<E> for DebugFormat {
    type Output = request::DebugEnvelope<E::Response>;
    fn receive(
        client: &Client,
        request: http::Request<Vec<u8>>,
        settings: Settings,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send {
        receive_decoded::<E, Self>(client, request, settings)
    }
}

impl<E: Endpoint> Receive<E> for request::Stream {
    type Output = ByteStream;
    /// The body is read as it arrives. Retries apply until the response head arrives; the
    /// total timeout covers that part.
    fn receive(
        client: &Client,
        request: http::Request<Vec<u8>>,
        settings: Settings,
    ) -> impl Future<Output = Result<ByteStream, Error>> + Send {
        receive_stream(client, request, settings)
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
        /// What the next poll does.
        enum Next<C> {
            Fetch(C, HashSet<String>),
            /// The last page repeated a cursor: it was yielded, now the loop is reported.
            Loop(String),
            Done,
        }
        futures_util::stream::try_unfold(Next::Fetch(self, HashSet::new()), |next| async move {
            let (call, mut seen) = match next {
                Next::Fetch(call, seen) => (call, seen),
                Next::Loop(cursor) => {
                    return Err(Error::RepeatedCursor(cursor));
                }
                Next::Done => return Ok(None),
            };
            let mut following = Call {
                client: call.client.clone(),
                request: call.request.clone(),
                idempotency_key: None,
                check_for: call.check_for,
                options: call.options.clone(),
                format: PhantomData,
            };
            let page: Page<E::Item> = call.send().await?;
            let next = match page.next() {
                None => Next::Done,
                Some(cursor) if !seen.insert(cursor.to_owned()) => Next::Loop(cursor.to_owned()),
                Some(cursor) => {
                    following.request.set_next_cursor(Some(cursor.to_owned()));
                    Next::Fetch(following, seen)
                }
            };
            Ok(Some((page, next)))
        })
    }

    /// Every record of every page. A record that did not decode comes as
    /// [`Error::InvalidRecord`] in its place and the stream goes on (`try_collect` stops there;
    /// [`Call::pages`] keeps such records in [`Page::invalid`]).
    pub fn items(self) -> impl Stream<Item = Result<E::Item, Error>> + 'static {
        let records =
            |page: Page<E::Item>| page.into_records().map(|r| r.map_err(|bad| Error::InvalidRecord(Box::new(bad))));
        self.pages().map_ok(move |page| futures_util::stream::iter(records(page))).try_flatten()
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
