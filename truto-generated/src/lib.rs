//! A typed client for [Truto](https://truto.one)'s Unified CRM API, generated from the
//! declarative schema in `schema/` by `cargo xtask codegen`.
//!
//! - [`crm`]: one module per resource, each with its model (e.g.
//!   [`crm::opportunities::Opportunity`]), nested types, open enums, and per endpoint a typed
//!   request body and query.
//! - [`Integration`]: every CRM behind the unified API, with slugs and display names.
//! - [`support`] and [`endpoints`]: which integrations support or require each field,
//!   parameter and enum value of each endpoint, as plain data.
//! - [`Patch`]: a PATCH body field that can be left out, set, or cleared with `null`.
//! - [`request`]: the sans-IO core. Each endpoint has a typed request (e.g.
//!   [`crm::opportunities::UpdateOpportunity`]) that builds to an `http::Request` and a plain
//!   function that decodes the response.
//! - `Client` (feature `client`, on by default): an async client on reqwest with rustls,
//!   retries with backoff and `Retry-After`, idempotency keys, timeouts and pagination:
//!   `client.crm().opportunities().update(id, body).integrated_account_id(account).send()`.
//! - [`check`]: pre-flight checks of a request against one integration.
//!
//! Responses decode leniently: every model field is optional, enums are open (values the docs
//! never listed are kept in an `Unknown` variant), and unknown fields are ignored.

pub mod check;
#[cfg(feature = "client")]
mod client;
pub mod encoding;
mod error;
mod generated;
pub(crate) mod open_enum;
mod patch;
mod raw_json;
pub mod request;
pub mod support;

#[cfg(feature = "client")]
pub use client::{is_retryable, ByteStream, Call, Client, ClientBuilder, Receive, RetryPolicy, DEFAULT_BASE_URL};
pub use error::{ApiError, ApiErrorBody, Error, ErrorInsight, TrutoError};
pub use generated::*;
pub use patch::Patch;
pub use raw_json::RawJson;
pub use request::{DebugEnvelope, DebugInfo, Endpoint, Page};

/// A slug or display name that names no known integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownIntegration(pub String);

impl std::fmt::Display for UnknownIntegration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown integration `{}` (expected a slug such as `hubspot`)", self.0)
    }
}

impl std::error::Error for UnknownIntegration {}
