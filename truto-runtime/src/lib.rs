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

pub mod capabilities;
pub mod check;
#[cfg(feature = "client")]
mod client;
mod date_time;
mod decode;
pub mod encoding;
mod error;
pub mod lenient;
pub mod open_enum;
mod patch;
mod raw_json;
pub mod record;
pub mod request;
mod strict;
pub mod support;
pub mod untyped;

#[cfg(feature = "client")]
pub use client::{
    BoxError, ByteStream, Call, CallInfo, CapabilitiesCall, Client, ClientBuilder, DEFAULT_BASE_URL, NotRetryable,
    RateLimited, Receive, RetryEvent, RetryPolicy, RetryReason, Transport, TransportFuture, UntypedCall,
    UntypedResource, is_retryable,
};
pub use date_time::DateTime;
pub use decode::BODY_PREFIX_LIMIT;
pub use error::{ApiError, ApiErrorBody, Error, ErrorInsight, TrutoError, UnknownIntegration};
pub use patch::Patch;
pub use raw_json::RawJson;
pub use request::{DebugEnvelope, DebugInfo, Endpoint, InvalidRecord, Page, RateLimit, Response, WithQuery};

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
