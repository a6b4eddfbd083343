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

// Formatted by prettyplease when generated; rustfmt leaves it as it is.
#[rustfmt::skip]
mod generated;
mod runtime;

pub use generated::*;
pub use runtime::*;
