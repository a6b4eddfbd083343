//! The hand-written runtime under the generated code: sans-IO requests and decoding, the
//! client, pre-flight checks and support data types. `crate::generated` is emitted against it.
//! A golden crate of fixture output (`golden/`) compiles this same directory.

pub mod check;
#[cfg(feature = "client")]
mod client;
mod decode;
pub mod encoding;
mod error;
pub mod lenient;
pub(crate) mod open_enum;
mod patch;
mod raw_json;
pub mod request;
mod strict;
pub mod support;

#[cfg(feature = "client")]
pub use client::{ByteStream, Call, Client, ClientBuilder, DEFAULT_BASE_URL, Receive, RetryPolicy, is_retryable};
pub use decode::BODY_PREFIX_LIMIT;
pub use error::{ApiError, ApiErrorBody, Error, ErrorInsight, TrutoError, UnknownIntegration};
pub use patch::Patch;
pub use raw_json::RawJson;
pub use request::{DebugEnvelope, DebugInfo, Endpoint, InvalidRecord, Page, RateLimit, Response};
