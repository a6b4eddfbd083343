//! The names this crate gives things that code generated on it must agree with or keep clear
//! of, as data: `truto-codegen` reads these lists instead of keeping copies, so that a
//! generated setter never hides a method of `Call`, a generated module never hides a module of
//! this crate, and generated code names the formats and support data as they are here.
//!
//! Each list is checked against this crate's source by a test of `truto-codegen`
//! (`tests/vocabulary.rs`), which fails, naming the difference, when they disagree: a method,
//! item or format added here needs its line below.
//!
//! The lists do not depend on the crate's features: `Call` and the client's re-exports are
//! listed without `client` too.

/// The methods of `Call` (the `client` feature's typed call), whatever its endpoint and format:
/// a generated setter of one of these names would be hidden behind the call's own method, and
/// reachable only by naming its trait.
pub const CALL_METHODS: &[&str] = &[
    "build",
    "check_for",
    "check_offered",
    "debug",
    "header",
    "idempotency_key",
    "items",
    "key_by",
    "map",
    "max_pages",
    "no_retry",
    "normalized",
    "pages",
    "raw",
    "request",
    "request_mut",
    "retry",
    "send",
    "send_with_headers",
    "stream",
    "timeout",
    "total_timeout",
];

/// A trait of this crate that every typed request, or every call of one, has in scope where
/// the generated setters are used: the generated prelude imports [`request::Endpoint`], the
/// generated setter traits extend [`request::WithQuery`], and list requests implement
/// [`request::ListEndpoint`].
///
/// [`request::Endpoint`]: crate::request::Endpoint
/// [`request::WithQuery`]: crate::request::WithQuery
/// [`request::ListEndpoint`]: crate::request::ListEndpoint
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeTrait {
    /// Its path from this crate's root, e.g. `request::Endpoint`.
    pub path: &'static str,
    /// Its methods: a setter of the same name would be ambiguous with, or hide, one of them.
    pub methods: &'static [&'static str],
}

/// The traits every typed request or call has in scope, with their methods.
pub const SCOPE_TRAITS: &[ScopeTrait] = &[
    ScopeTrait {
        path: "request::Endpoint",
        methods: &[
            "body",
            "check",
            "decode_unified",
            "missing_required",
            "path",
            "query",
            "query_mut",
            "request_parts",
        ],
    },
    ScopeTrait { path: "request::WithQuery", methods: &["query_mut"] },
    ScopeTrait { path: "request::ListEndpoint", methods: &["set_next_cursor"] },
];

/// Every name this crate defines at its root: public modules, re-exports (the client's too)
/// and exported macros. A generated crate re-exports them all at its own root (`pub use
/// truto_unified_runtime::*;`), where a generated module or type of the same name would hide
/// one of them from the generated code and from its users.
pub const ROOT_NAMES: &[&str] = &[
    "ApiError",
    "ApiErrorBody",
    "BODY_PREFIX_LIMIT",
    "BoxError",
    "ByteStream",
    "Call",
    "CallInfo",
    "CapabilitiesCall",
    "Client",
    "ClientBuilder",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_BODY_SIZE",
    "DateTime",
    "DebugEnvelope",
    "DebugInfo",
    "Endpoint",
    "Error",
    "ErrorInsight",
    "InvalidDateTime",
    "InvalidKeyedRecord",
    "InvalidRecord",
    "KeyedPage",
    "NotRetryable",
    "OtherFields",
    "Page",
    "Patch",
    "RateLimit",
    "RateLimited",
    "RawJson",
    "Receive",
    "Response",
    "RetryEvent",
    "RetryPolicy",
    "RetryReason",
    "Transport",
    "TransportFuture",
    "TrutoError",
    "UnknownIntegration",
    "UntypedCall",
    "UntypedResource",
    "WithQuery",
    "__serde",
    "bytes",
    "capabilities",
    "check",
    "compiled_in_this_crate",
    "encoding",
    "http",
    "http_client_builder",
    "is_retryable",
    "lenient",
    "open_enum",
    "record",
    "request",
    "reqwest",
    "support",
    "untyped",
    "vocabulary",
];

/// The query parameter that selects the response format.
pub const RESPONSE_FORMAT_PARAM: &str = "truto_response_format";

/// The query parameter a list's next page is asked for by (the runtime sets it while paging).
pub const CURSOR_PARAM: &str = "next_cursor";

/// The query parameter that keys a list's records by a field (set by `Call::key_by`).
pub const KEY_BY_PARAM: &str = "truto_key_by";

/// Truto's shared query parameters this crate sets itself, from a call's own methods: a
/// generated crate gives them no field and no setter, and an endpoint may not define them.
/// `truto_response_format` is set by the format a call is switched to (`.raw()`, ...),
/// `truto_key_by` by `Call::key_by` (a sans-IO request passes it to
/// `request::build_request_with`).
pub const RUNTIME_QUERY_PARAMS: &[&str] = &[RESPONSE_FORMAT_PARAM, KEY_BY_PARAM];

/// A value of `truto_response_format` and the marker type in [`request`](crate::request) a
/// call is switched to it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseFormat {
    /// The value on the wire, e.g. `raw`.
    pub value: &'static str,
    /// The marker type, e.g. `Raw` (`request::Raw`), which implements `request::Format`.
    pub marker: &'static str,
    /// What its answer is, for exports that describe it.
    pub answer: Answer,
}

/// What a response format's answer is (what its marker's `request::Decode` reads, or the
/// stream it gives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// The unified record (a page of records for lists, `{"result": record}` for custom
    /// methods).
    Unified,
    /// `{"result": <the unified answer>, "debug": ...}`.
    DebugEnvelope,
    /// Any JSON: the provider's data, as Truto passes it on.
    AnyJson,
    /// The body as bytes.
    Bytes,
}

/// The format every call starts in; it is not sent (Truto's default), and its marker is no
/// format a call opts into.
pub const DEFAULT_RESPONSE_FORMAT: &str = "unified";

/// The markers of `request::Format` that read the `unified` answer another way, with no
/// `truto_response_format` value of their own: `Keyed`, a list keyed by a field
/// (`Call::key_by`).
pub const UNIFIED_READINGS: &[&str] = &["Keyed"];

/// Every response format this crate knows.
pub const RESPONSE_FORMATS: &[ResponseFormat] = &[
    ResponseFormat { value: DEFAULT_RESPONSE_FORMAT, marker: "Unified", answer: Answer::Unified },
    ResponseFormat { value: "raw", marker: "Raw", answer: Answer::AnyJson },
    ResponseFormat { value: "normalized", marker: "Normalized", answer: Answer::AnyJson },
    ResponseFormat { value: "stream", marker: "Stream", answer: Answer::Bytes },
    ResponseFormat { value: "debug", marker: "DebugFormat", answer: Answer::DebugEnvelope },
];

/// The items of [`support`](crate::support) that generated support data names. A generator
/// may print that data as text rather than tokens (`truto-codegen` does, for speed), so these
/// names are written as strings there.
pub mod support {
    /// The module.
    pub const MODULE: &str = "support";
    /// `support::Endpoint`, the type of each endpoint's static.
    pub const ENDPOINT: &str = "Endpoint";
    /// The fields of `support::Endpoint`, in declaration order (a static sets every one).
    pub const ENDPOINT_FIELDS: [&str; 13] = [
        "api",
        "resource",
        "operation",
        "custom_name",
        "http_method",
        "path",
        "response_formats",
        "integrations",
        "partial_response",
        "partial_in",
        "query",
        "body",
        "response",
    ];
    /// `support::EndpointSupport`, which integrations support an endpoint (the `integrations`
    /// of an `Endpoint`).
    pub const ENDPOINT_SUPPORT: &str = "EndpointSupport";
    /// Its variants, in declaration order: a page's complete list (a set), known in part
    /// (the fields [`IN_PART_FIELDS`], sets), unknown.
    pub const ENDPOINT_SUPPORT_VARIANTS: [&str; 3] = ["Listed", "InPart", "Unknown"];
    /// The fields of `EndpointSupport::InPart`, in declaration order.
    pub const IN_PART_FIELDS: [&str; 2] = ["supported", "unsupported"];
    /// `support::Field`, one field's row.
    pub const FIELD: &str = "Field";
    /// `Field`'s constructor from one word of integration bits each.
    pub const FIELD_NEW: &str = "new";
    /// `Field`'s constructor from `Integrations` of any size.
    pub const FIELD_MARKED: &str = "marked";
    /// `Field`'s builder methods, each adding one fact, in declaration order: `required`,
    /// `condition`, `enum_values`, `values`, `notes`.
    pub const FIELD_BUILDERS: [&str; 5] = ["required", "condition", "enum_values", "values", "notes"];
    /// `support::Integrations`, a set of integrations.
    pub const INTEGRATIONS: &str = "Integrations";
    /// `Integrations`' constructor from one word of bits.
    pub const INTEGRATIONS_OF: &str = "of";
    /// `Integrations`' constructor from several words.
    pub const INTEGRATIONS_OF_WORDS: &str = "of_words";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_sorted_and_the_runtime_sets_the_format() {
        assert!(RUNTIME_QUERY_PARAMS.contains(&RESPONSE_FORMAT_PARAM));
        for list in [CALL_METHODS, ROOT_NAMES] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "sorted and without repeats: {list:?}");
        }
    }
}
