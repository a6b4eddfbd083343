//! The async client: reqwest (rustls) under the sans-IO core, with retries, timeouts,
//! idempotency keys and pagination.
//!
//! One module per job: the retry policy (`retry`), the token (`token`), building a client
//! (`builder`), a typed call (`call`) and the calls of lists (`lists`), the response-format
//! typestate (`formats`), the retry loop (`execute`) and the streamed body (`stream`); untyped
//! calls, capabilities, hooks, per-call options, pagination, traces and the transport have
//! theirs.

use std::marker::PhantomData;
use std::sync::Arc;

use http::HeaderValue;

use crate::Error;
use crate::request::{self, Endpoint, Unified};

mod body;
mod builder;
mod call;
mod capabilities;
mod execute;
mod formats;
mod hooks;
mod lists;
mod options;
mod pages;
mod retry;
mod stream;
mod token;
mod trace;
mod transport;
mod untyped;

pub use body::DEFAULT_MAX_BODY_SIZE;
pub use builder::{ClientBuilder, http_client_builder};
pub use call::Call;
pub use formats::Receive;
use hooks::Hooks;
pub use hooks::{CallInfo, RateLimited, RetryEvent, RetryReason};
use options::{CallOptions, Settings};
pub use retry::{RetryPolicy, is_retryable};
pub use stream::ByteStream;
pub(crate) use transport::is_transient;
pub use transport::{BoxError, NotRetryable, Transport, TransportFuture};

pub use capabilities::CapabilitiesCall;
pub use untyped::{UntypedCall, UntypedResource};

/// Truto's API.
pub const DEFAULT_BASE_URL: &str = "https://api.truto.one";

/// The header that makes a retried mutation safe: Truto replays the first response.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

#[derive(Debug)]
struct Config {
    sender: transport::Sender,
    base_url: crate::base_url::BaseUrl,
    /// The base URL's scheme and host, parsed once (see [`transport::Outbound`]).
    origin: Option<transport::Origin>,
    /// What every request carries where it sets none of its own: the
    /// [`request::standard_headers`] and `Authorization: Bearer <token>` (sensitive, never
    /// printed). The client's own reqwest client has them as its default headers, so that a
    /// request holds none of them; a transport's requests and the `build` methods get them
    /// added (see [`Client::http_request`]).
    headers: http::HeaderMap,
    /// Retries and timeouts of every call that does not set its own.
    settings: Settings,
    idempotency_keys: bool,
    hooks: Hooks,
    /// The most bytes a body read whole may have, after decompression (`None`: no limit).
    max_body_size: Option<usize>,
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
        self.config.base_url.as_str()
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

    /// Adds to a built request the call's idempotency key and, last so that they win, the
    /// call's own headers. (The token and the standard headers are added where the request
    /// goes: see [`Config::headers`].)
    fn sign(
        &self,
        headers: &mut http::HeaderMap,
        idempotency_key: Option<&str>,
        options: &CallOptions,
    ) -> Result<(), Error> {
        if let Some(key) = idempotency_key {
            // An empty key is no key: a retried write would not be recognised as a replay.
            if key.trim().is_empty() {
                return Err(Error::Build(
                    "the Idempotency-Key is empty: set a key that names the write, or none to get one".to_owned(),
                ));
            }
            let value =
                HeaderValue::from_str(key).map_err(|_| Error::Build(format!("invalid Idempotency-Key `{key}`")))?;
            headers.insert(IDEMPOTENCY_KEY, value);
        }
        options.apply_headers(headers)
    }

    /// A built request as the `build` methods give it: with the headers every request of this
    /// client carries (see [`Config::headers`]) where it sets none of its own.
    fn http_request(&self, mut built: request::Built) -> Result<http::Request<Vec<u8>>, Error> {
        request::add_missing(&mut built.headers, &self.config.headers);
        built.into_http()
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
