//! The runtime under every crate `truto-codegen` generates: sans-IO requests and decoding, the
//! async client, pre-flight checks and the types of the per-integration support data.
//!
//! It knows nothing of any schema. A generated crate (such as `truto-unified`) depends on it,
//! re-exports it at its root, and implements its traits: [`request::Endpoint`] for every typed
//! request, [`support::IntegrationId`] for its `Integration` enum. Use the generated crate;
//! this one is its foundation, as `progenitor-client` is for progenitor's output.

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

#[cfg(feature = "client")]
pub use client::{
    BoxError, ByteStream, Call, CallInfo, Client, ClientBuilder, DEFAULT_BASE_URL, NotRetryable, RateLimited, Receive,
    RetryEvent, RetryPolicy, RetryReason, Transport, TransportFuture, is_retryable,
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
