//! The runtime under every crate `truto-codegen` generates: sans-IO requests and decoding, the
//! async client, pre-flight checks and the types of the per-integration support data.
//!
//! It knows nothing of any schema. A generated crate (such as `truto-unified`) depends on it,
//! re-exports it at its root, and implements its traits: [`request::Endpoint`] for every typed
//! request, [`support::IntegrationId`] for its `Integration` enum. Use the generated crate;
//! this one is its foundation, as `progenitor-client` is for progenitor's output.
//!
//! # Typed where the schema knows, untyped everywhere else
//!
//! Endpoints that the generated crate's schema describes are typed: typed requests, bodies,
//! query setters, models and pre-flight checks (`client.crm().opportunities().update(..)`).
//! Every other endpoint is reachable untyped, with the same wire encoding, retries,
//! idempotency keys, timeouts, errors and per-call options:
//!
//! - [`Client::unified`]`(api, resource)`: any unified API, resource and method (`list`,
//!   `get`, `create`, `update`, `delete`, `custom`), answering `serde_json::Value` or any
//!   `T: DeserializeOwned` named with `.returning::<T>()`; lists page by cursor like typed
//!   lists (`.pages()`, `.items()`). See [`untyped`].
//! - [`Client::proxy`]`(resource)`: Truto's proxy API, the provider's own data.
//! - [`Client::capabilities`]`(account)`: which unified resources and methods one connected
//!   account offers ([`capabilities::Capabilities`]); a typed call is checked against it with
//!   [`Call::check_offered`], an untyped one with [`UntypedCall::check_offered`].
//!
//! ```no_run
//! # async fn run() -> Result<(), truto_unified_runtime::Error> {
//! use futures_util::TryStreamExt;
//! use serde::Deserialize;
//! use serde_json::json;
//! use truto_unified_runtime::Client;
//!
//! #[derive(Debug, Deserialize)]
//! struct Ticket {
//!     id: String,
//!     subject: Option<String>,
//! }
//!
//! let client = Client::new("my-api-token");
//! let account = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
//!
//! // Untyped: JSON in, JSON out.
//! let contacts = client.unified("crm", "contacts").integrated_account_id(account);
//! let contact = contacts.get("42").query("truto_exclude_fields", ["remote_data"]).send().await?;
//! println!("{}", contact["first_name"]);
//!
//! // Your own type, every page by cursor.
//! let tickets: Vec<Ticket> = client
//!     .unified("ticketing", "tickets")
//!     .list()
//!     .integrated_account_id(account)
//!     .returning::<Ticket>()
//!     .items()
//!     .try_collect()
//!     .await?;
//!
//! // Only if the account offers it.
//! let offered = client.capabilities(account).send().await?;
//! let merged = contacts.custom("merge", json!({"ids": ["1", "2"]})).check_offered(&offered)?.send().await?;
//! # let _ = (tickets, merged);
//! # Ok(()) }
//! ```
//!
//! # Features
//!
//! - `client` (default): the async client on reqwest. Without it the crate is sans-IO: no HTTP
//!   client, no async runtime, no TLS.
//! - `rustls-aws-lc` (default), `rustls-ring`, `native-tls`: the client's TLS stack; each turns
//!   `client` on. `client` alone has no TLS: for a reqwest client given to
//!   `ClientBuilder::http_client`, built with the TLS features of your own reqwest dependency.
//!   With several on, reqwest uses native-tls.
//!
//!   aws-lc-rs is the default because it is reqwest's and rustls' own default, so every reqwest
//!   client works as it comes: it builds with a C compiler on the common targets (Linux, macOS
//!   and Windows on x86-64 and ARM64, where aws-lc-sys ships its bindings) and needs cmake only
//!   elsewhere. `rustls-ring` never needs cmake and builds faster, but reqwest then has no
//!   crypto provider of its own: `ClientBuilder::build` installs ring as rustls' process-wide
//!   provider, and a reqwest client you build yourself panics in reqwest unless ring is
//!   installed first: build it from [`http_client_builder`], which does that, or install it
//!   yourself (with `rustls` as a dependency of yours):
//!   `let _ = rustls::crypto::ring::default_provider().install_default();`.
//!   `native-tls` needs OpenSSL's headers and pkg-config on Linux.
//! - `tracing`: a span per call (method, path template, API, resource, operation), an event
//!   per attempt (status or error, latency) and one per retry (wait, reason). Never the URI,
//!   a query value or the token.
//! - `jiff`, `chrono`: read a [`DateTime`] as a `jiff::Timestamp` or a
//!   `chrono::DateTime<Utc>`, and make one from theirs. Neither is a default: see
//!   [`DateTime`](DateTime#which-date-library).

#![cfg_attr(docsrs, feature(doc_cfg))]
// The README's examples run as doc tests.
#![cfg_attr(doctest, doc = include_str!("../README.md"))]

mod api_error;
mod base_url;
pub mod capabilities;
pub mod check;
#[cfg(feature = "client")]
mod client;
mod date_time;
mod decode;
pub mod encoding;
mod error;
#[cfg(test)]
mod fixture;
mod flat_query;
mod keyed_page;
pub mod lenient;
pub mod open_enum;
mod operation;
mod other_fields;
mod patch;
mod raw_json;
pub mod record;
pub mod request;
mod strict;
pub mod support;
pub mod untyped;
pub mod vocabulary;

pub use api_error::{ApiError, ApiErrorBody, ErrorInsight, TrutoError};
#[cfg(feature = "client")]
pub use client::{
    BoxError, ByteStream, Call, CallInfo, CapabilitiesCall, Client, ClientBuilder, DEFAULT_BASE_URL,
    DEFAULT_MAX_BODY_SIZE, NotRetryable, RateLimited, Receive, RetryEvent, RetryPolicy, RetryReason, Transport,
    TransportFuture, UntypedCall, UntypedResource, http_client_builder, is_retryable,
};
pub use date_time::{DateTime, InvalidDateTime};
pub use decode::BODY_PREFIX_LIMIT;
pub use error::{Error, UnknownIntegration};
pub use other_fields::OtherFields;
pub use patch::Patch;
pub use raw_json::RawJson;
pub use request::{
    DebugEnvelope, DebugInfo, Endpoint, InvalidKeyedRecord, InvalidRecord, KeyedPage, Page, RateLimit, Response,
    WithQuery,
};

/// The `bytes` crate, whose `Bytes` a streamed body (`ByteStream`) yields.
#[cfg(feature = "client")]
pub use bytes;
/// The `http` crate, whose types (`Request`, `Method`, `StatusCode`, `HeaderMap`) the API uses.
pub use http;
/// The `reqwest` crate the client sends with (for `ClientBuilder::http_client`).
#[cfg(feature = "client")]
pub use reqwest;

// The generated crates' open enums are written by `open_enum!`, which names serde through
// here so that it works in any crate.
#[doc(hidden)]
pub use serde as __serde;
