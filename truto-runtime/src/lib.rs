//! The runtime under every crate `truto-codegen` generates: sans-IO requests and decoding, the
//! async client, pre-flight checks and the types of the per-integration support data.
//!
//! It knows nothing of any schema. A generated crate (such as `truto-unified`) depends on it,
//! re-exports it at its root, and implements its traits: [`request::Endpoint`] for every typed
//! request, [`support::IntegrationId`] for its `Integration` enum. Use the generated crate;
//! this one is its foundation, as `progenitor-client` is for progenitor's output.
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
//!   provider, and a reqwest client you build yourself, before that, panics in reqwest unless
//!   you install it first (with `rustls` as a dependency of yours):
//!   `let _ = rustls::crypto::ring::default_provider().install_default();`.
//!   `native-tls` needs OpenSSL's headers and pkg-config on Linux.
//! - `jiff`, `chrono`: read a [`DateTime`] as a `jiff::Timestamp` or a
//!   `chrono::DateTime<Utc>`, and make one from theirs. Neither is a default: see
//!   [`DateTime`](DateTime#which-date-library).

#![cfg_attr(docsrs, feature(doc_cfg))]
// The README's examples run as doc tests.
#![cfg_attr(doctest, doc = include_str!("../README.md"))]

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
pub use client::{ByteStream, Call, Client, ClientBuilder, DEFAULT_BASE_URL, Receive, RetryPolicy, is_retryable};
pub use date_time::{DateTime, InvalidDateTime};
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
