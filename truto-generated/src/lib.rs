//! A typed client for [Truto](https://truto.one)'s Unified CRM API, generated from the
//! declarative schema in `schema/` by `cargo xtask codegen`.
//!
//! Start with `use truto_unified::prelude::*;`: the setters of requests and calls and the
//! client's `crm()` accessor are trait methods, all in the prelude.
//!
//! - [`crm`]: one module per resource, each with its model (e.g.
//!   [`crm::opportunities::Opportunity`]), nested types, open enums, and per endpoint a typed
//!   request, its body and query.
//! - [`Integration`]: every CRM behind the unified API, with slugs and display names.
//! - [`support`] and [`endpoints`]: which integrations support each endpoint
//!   ([`support::Endpoint::coverage`]) and support or require each field, parameter and enum
//!   value of it, as plain data.
//! - [`Patch`]: a PATCH body field that can be left out, set, or cleared with `null`.
//! - [`request`]: the sans-IO core. Each endpoint has a typed request (e.g.
//!   [`crm::opportunities::UpdateOpportunity`]) that builds to an `http::Request` and a plain
//!   function that decodes the response.
//! - `Client` (feature `client`, on by default): an async client on reqwest with rustls,
//!   retries with backoff and `Retry-After`, idempotency keys, timeouts and pagination:
//!   `client.crm().opportunities().update(id, body).integrated_account_id(account).send()`.
//! - [`check`]: pre-flight checks of a request against one integration.
//! - Typed where `schema/` describes the endpoint, untyped everywhere else:
//!   `client.unified("crm", "contacts")` reaches any unified API, resource and method, and
//!   `client.proxy("deals")` Truto's proxy API, with the same retries, idempotency keys,
//!   timeouts, errors and formats, answering JSON or any type named with `.returning::<T>()`.
//!   `client.capabilities(account)` says what one connected account offers, and
//!   `.check_offered(&capabilities)` checks a call against it before sending. Every call takes
//!   its own `.header()`, `.timeout()`, `.total_timeout()`, `.retry()` and `.no_retry()`.
//!
//! Every endpoint of the Unified CRM API is typed (17 resources, 72 endpoints). A body Truto's
//! docs do not describe makes its request generic over it (`UpdateContact<B = Contact>`): the
//! resource's model or any `Serialize` value.
//!
//! Responses decode leniently: every model field is optional, enums are open (values the docs
//! never listed are kept in an `Unknown` variant), and unknown fields are ignored, or kept in
//! `other_fields` (raw JSON by wire name) by a model the docs show only in part.
//!
//! The runtime all of this stands on is the `truto-unified-runtime` crate, re-exported here.
//!
//! # Features
//!
//! `client`, `rustls-aws-lc` and every resource (`accounts`, `contacts`, ... `workspaces`: one
//! feature per resource) are on by default. `rustls-ring` and `native-tls` are the other TLS
//! stacks (each turns `client` on; `client` alone has none), `jiff` and `chrono` read a
//! [`DateTime`] as those crates' types, and `tracing` traces calls, attempts and retries. The
//! runtime's docs say more about each.

#![cfg_attr(docsrs, feature(doc_cfg))]
// The README's examples run as doc tests.
#![cfg_attr(doctest, doc = include_str!("../README.md"))]

// Formatted by prettyplease when generated; rustfmt leaves it as it is.
#[rustfmt::skip]
mod generated;

pub use generated::*;
