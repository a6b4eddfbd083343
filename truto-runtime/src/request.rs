//! The sans-IO core: a typed endpoint request builds to an [`http::Request`], and a response
//! decodes with a plain function. The async client is a thin layer on top.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::decode;
pub use crate::keyed_page::{InvalidKeyedRecord, KeyedPage};
use crate::support::IntegrationId;
use crate::{ApiError, Error};

pub use crate::operation::PathTail;

/// The kind of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OperationKind {
    /// `GET /unified/{api}/{resource}`: pages of records.
    List,
    /// `GET .../{id}`.
    Get,
    /// `POST /unified/{api}/{resource}`.
    Create,
    /// `PATCH .../{id}`.
    Update,
    /// `DELETE .../{id}`.
    Delete,
    /// `POST .../{name}` (merge, batch-delete, ...).
    Custom,
}

/// A typed request to one endpoint. Implemented by the generated request types
/// (e.g. `crm::opportunities::UpdateOpportunity`).
pub trait Endpoint: Clone {
    /// What the `unified` format returns: the model, or a [`Page`] of models for lists.
    type Response: DeserializeOwned + Default;
    /// The endpoint's query parameters (a generated struct).
    type Query: Serialize;
    /// The generated crate's `Integration` enum, which its support data names.
    type Integration: IntegrationId;
    /// The request body (a generated struct), or `()` for endpoints that take none.
    type Body: Serialize;
    /// The kind of endpoint.
    const OPERATION: OperationKind;
    /// The HTTP method.
    const METHOD: Method;
    /// What the endpoint supports, per integration.
    const SUPPORT: &'static crate::support::Endpoint<Self::Integration>;

    /// The path with its parameters percent-encoded.
    fn path(&self) -> String;
    /// The query parameters (Truto's and the endpoint's own; not the format).
    fn query(&self) -> &Self::Query;
    /// The query parameters, to change them (the generated setters go through this).
    fn query_mut(&mut self) -> &mut Self::Query;
    /// The body, for endpoints that take one.
    fn body(&self) -> Option<&Self::Body>;
    /// Required parameters that were left empty.
    fn missing_required(&self) -> Vec<&'static str>;

    /// Checks the request against what `integration` supports and requires: every problem
    /// at once. See [`crate::check`].
    fn check(&self, integration: Self::Integration) -> crate::check::CheckReport {
        crate::check::check_endpoint(self, integration)
    }

    /// The request's parts (path, query, body, what is missing): the one step of building a
    /// request that depends on the endpoint's types.
    ///
    /// This and [`Endpoint::decode_unified`] are the code a call has that is particular to its
    /// endpoint. A generated endpoint defines both with
    /// [`compiled_in_this_crate!`](crate::compiled_in_this_crate), so that they are compiled
    /// once, in the generated crate, rather than again in every crate that calls the endpoint.
    #[doc(hidden)]
    fn request_parts(&self) -> Parts {
        Parts::of(self)
    }

    /// Decodes a successful `unified` answer (see [`Unified`]); see [`Endpoint::request_parts`].
    #[doc(hidden)]
    fn decode_unified(status: StatusCode, body: &[u8]) -> Result<Self::Response, Error> {
        decode_unified_answer::<Self>(status, body)
    }
}

/// Defines, inside a generated `impl Endpoint for ..`, the methods whose code is particular to
/// the endpoint ([`Endpoint::request_parts`] and [`Endpoint::decode_unified`]) as the trait's
/// defaults do. Their bodies are the same; written in the impl, they are compiled with the
/// generated crate, once, and the crates that call the endpoint only call them. (A default
/// method is compiled in each crate that calls it, and so is everything generic it calls.)
#[macro_export]
macro_rules! compiled_in_this_crate {
    () => {
        fn request_parts(&self) -> $crate::request::Parts {
            $crate::request::Parts::of(self)
        }

        fn decode_unified(
            status: $crate::http::StatusCode,
            body: &[u8],
        ) -> ::std::result::Result<Self::Response, $crate::Error> {
            $crate::request::decode_unified_answer::<Self>(status, body)
        }
    };
}

/// The default of [`Endpoint::decode_unified`], for [`compiled_in_this_crate!`].
#[doc(hidden)]
pub fn decode_unified_answer<E: Endpoint>(status: StatusCode, body: &[u8]) -> Result<E::Response, Error> {
    decode::decode_unified(&E::METHOD, E::OPERATION, status, body)
}

/// The query parameters of a request as JSON (an object), the form the query string and the
/// pre-flight checks are made from.
pub fn query_value<E: Endpoint>(endpoint: &E) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::to_value(endpoint.query())
}

/// The JSON body of a request, for endpoints that take one.
pub fn body_bytes<E: Endpoint>(endpoint: &E) -> Option<Result<Vec<u8>, serde_json::Error>> {
    endpoint.body().map(serde_json::to_vec)
}

/// Something whose query parameters can be set: every typed request, and a `Call` of one.
///
/// The generated setter traits (`TrutoParams`, and one per endpoint with parameters of its
/// own, all in the generated crate's `prelude`) are implemented for everything that has
/// the right query, so each setter is written once and works on both.
pub trait WithQuery: Sized {
    /// The query parameters' type.
    type Query;
    /// The query parameters, to change them.
    fn query_mut(&mut self) -> &mut Self::Query;
}

impl<E: Endpoint> WithQuery for E {
    type Query = E::Query;
    fn query_mut(&mut self) -> &mut E::Query {
        Endpoint::query_mut(self)
    }
}

/// A list endpoint, whose pages are fetched by cursor.
pub trait ListEndpoint: Endpoint<Response = Page<Self::Item>> {
    /// One record.
    type Item: DeserializeOwned;
    /// Sets the cursor of the page to fetch.
    fn set_next_cursor(&mut self, cursor: Option<String>);
}

/// A `truto_response_format`.
pub trait Format {
    /// The query value; `None` for `unified`, which is the default and is not sent.
    const VALUE: Option<&'static str>;
}

/// A format whose response is decoded as a whole.
pub trait Decode<E: Endpoint>: Format {
    /// What the response decodes to.
    type Output;
    /// Decodes a successful response body.
    fn decode(status: StatusCode, body: &[u8]) -> Result<Self::Output, Error>;
}

/// Marks the formats an endpoint allows (generated from its docs).
pub trait Allows<F: Format> {}

/// `unified`: the typed model.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unified;
/// `raw`: the provider's own response, as JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct Raw;
/// `normalized`: unified data in a normalized shape, as JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct Normalized;
/// `debug`: the unified result with Truto's debug information.
#[derive(Debug, Clone, Copy, Default)]
pub struct DebugFormat;
/// `stream`: the body as a stream of bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stream;
/// `unified`, for a list keyed by a field (`truto_key_by`): a [`KeyedPage`] of models.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keyed;

impl Format for Unified {
    const VALUE: Option<&'static str> = None;
}
impl Format for Raw {
    const VALUE: Option<&'static str> = Some("raw");
}
impl Format for Normalized {
    const VALUE: Option<&'static str> = Some("normalized");
}
impl Format for DebugFormat {
    const VALUE: Option<&'static str> = Some("debug");
}
impl Format for Stream {
    const VALUE: Option<&'static str> = Some("stream");
}
impl Format for Keyed {
    const VALUE: Option<&'static str> = None;
}

impl<E: Endpoint> Decode<E> for Unified {
    type Output = E::Response;
    /// A list answers a page; a custom method the record inside `result` (`{"result": {...}}`,
    /// as Truto documents custom methods); every other endpoint the record itself. A record
    /// answer that has keys and not one of the record's is an error, not an empty record.
    fn decode(status: StatusCode, body: &[u8]) -> Result<E::Response, Error> {
        E::decode_unified(status, body)
    }
}

impl<E: Endpoint> Decode<E> for Raw {
    type Output = serde_json::Value;
    fn decode(status: StatusCode, body: &[u8]) -> Result<serde_json::Value, Error> {
        decode_json_or_null(status, body)
    }
}

impl<E: Endpoint> Decode<E> for Normalized {
    type Output = serde_json::Value;
    fn decode(status: StatusCode, body: &[u8]) -> Result<serde_json::Value, Error> {
        decode_json_or_null(status, body)
    }
}

impl<E: Endpoint> Decode<E> for DebugFormat {
    type Output = DebugEnvelope<E::Response>;
    fn decode(status: StatusCode, body: &[u8]) -> Result<Self::Output, Error> {
        // As for `unified`: an empty answer to a write is a success without a record.
        if is_mutating(&E::METHOD) && decode::is_empty(body) {
            return Ok(DebugEnvelope::default());
        }
        if E::OPERATION == OperationKind::Custom {
            return decode_custom_debug(status, body);
        }
        decode::decode_object(status, body)
    }
}

/// A custom method's `debug` answer: its `result` is what `unified` answers,
/// `{"result": <record>}`, read as [`decode::decode_custom`] reads it.
fn decode_custom_debug<T: DeserializeOwned + Default>(
    status: StatusCode,
    body: &[u8],
) -> Result<DebugEnvelope<T>, Error> {
    #[derive(Deserialize)]
    struct Wire<'a> {
        #[serde(borrow)]
        result: &'a serde_json::value::RawValue,
        #[serde(default)]
        debug: Option<DebugInfo>,
    }
    let wire: Wire<'_> = super::strict::from_slice::<decode::Object<Wire<'_>>>(body)
        .map(|object| object.0)
        .map_err(|e| decode::decode_error(status, e, body))?;
    let result = decode::decode_custom(status, wire.result.get().as_bytes())?;
    Ok(DebugEnvelope { result, debug: wire.debug })
}

impl<E: ListEndpoint> Decode<E> for Keyed {
    type Output = KeyedPage<E::Item>;
    fn decode(status: StatusCode, body: &[u8]) -> Result<Self::Output, Error> {
        decode::decode_object(status, body)
    }
}

/// The `debug` format's envelope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DebugEnvelope<T> {
    /// The result, as the `unified` format returns it.
    #[serde(deserialize_with = "decode::object", bound(deserialize = "T: Deserialize<'de>"))]
    pub result: T,
    /// What Truto fetched; `null` for static responses.
    #[serde(default)]
    pub debug: Option<DebugInfo>,
}

/// Truto's debug information about the remote call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DebugInfo {
    /// The provider URL Truto called.
    #[serde(default)]
    pub request_url: Option<String>,
    /// The options of that call.
    #[serde(default)]
    pub request_options: Option<serde_json::Value>,
    /// The provider's response data.
    #[serde(default)]
    pub data: Option<serde_json::Value>,
    /// The provider's response headers.
    #[serde(default)]
    pub response_headers: Option<serde_json::Value>,
    /// Lists: the provider-side next cursor.
    #[serde(default)]
    pub next_cursor: Option<serde_json::Value>,
    /// Lists: whether Truto detected a pagination loop.
    #[serde(default)]
    pub is_looping: Option<bool>,
    /// Lists: whether the page was empty.
    #[serde(default)]
    pub is_empty_result: Option<bool>,
    /// Lists: how many records the page had.
    #[serde(default)]
    pub result_count: Option<u64>,
}

/// One page of a list endpoint.
///
/// Decoding is strict about the page and forgiving about its records: the page must be a JSON
/// object with `result` (or `results`; `null` reads as no records), while a record that does
/// not decode is kept, as received, in [`Page::invalid`] and the other records still come.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    /// The records that decoded, in the order received (some SDKs call the key `results`).
    pub result: Vec<T>,
    /// The cursor of the next page; `null` or empty on the last page. A number is read as text.
    pub next_cursor: Option<String>,
    /// The cursor of the previous page, when the provider has one.
    pub prev_cursor: Option<String>,
    /// How many records the page has, when Truto says.
    pub result_count: Option<u64>,
    /// Whether some records are partial (a get returns them whole).
    pub is_partial_response: Option<bool>,
    /// The records that did not decode, with where they were and why. Empty on a good page.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid: Vec<InvalidRecord>,
}

/// A record of a [`Page`] that did not decode as the model: kept exactly as received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvalidRecord {
    /// Its position in the page's `result`, counting every record.
    pub index: usize,
    /// Why it did not decode, e.g. ``invalid type: string "u-1", expected struct OwnerRef``.
    pub error: String,
    /// The record's JSON text.
    pub json: crate::RawJson,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            result: Vec::new(),
            next_cursor: None,
            prev_cursor: None,
            result_count: None,
            is_partial_response: None,
            invalid: Vec::new(),
        }
    }
}

impl<T> Page<T> {
    /// The cursor of the next page, if there is one (null and empty both end the list).
    pub fn next(&self) -> Option<&str> {
        self.next_cursor.as_deref().filter(|c| !c.is_empty())
    }

    /// Every record in the order received: `Ok` for those that decoded, `Err` for the invalid.
    pub fn into_records(self) -> impl Iterator<Item = Result<T, InvalidRecord>> {
        let mut valid = self.result.into_iter();
        let mut invalid = self.invalid.into_iter().peekable();
        let mut position = 0;
        std::iter::from_fn(move || {
            let record = match invalid.next_if(|record| record.index <= position) {
                Some(bad) => Err(bad),
                None => valid.next().map(Ok).or_else(|| invalid.next().map(Err))?,
            };
            position += 1;
            Some(record)
        })
    }
}

fn decode_json_or_null(status: StatusCode, body: &[u8]) -> Result<serde_json::Value, Error> {
    if decode::is_empty(body) {
        return Ok(serde_json::Value::Null);
    }
    decode::decode_json(status, body)
}

/// Builds the HTTP request for `endpoint` in format `F` against `base_url` (no credentials:
/// the client adds `Authorization`).
pub fn build_request<E: Endpoint, F: Format>(endpoint: &E, base_url: &str) -> Result<http::Request<Vec<u8>>, Error> {
    build_request_with::<E, F>(endpoint, base_url, &[])
}

/// [`build_request`] with the query parameters a call's own methods set
/// ([`vocabulary::RUNTIME_QUERY_PARAMS`](crate::vocabulary::RUNTIME_QUERY_PARAMS) other than
/// the format), which a typed request has no field for: `&[("truto_key_by", "email")]` asks
/// a list for its records keyed by `email`, to be decoded as [`Keyed`].
pub fn build_request_with<E: Endpoint, F: Format>(
    endpoint: &E,
    base_url: &str,
    runtime_query: &[(&str, &str)],
) -> Result<http::Request<Vec<u8>>, Error> {
    crate::base_url::check(base_url)?;
    endpoint.request_parts().into_built(base_url, runtime_query, F::VALUE)?.into_http()
}

/// A typed request as data: what building it takes from the endpoint's types. Taking that
/// ([`Parts::of`]) is the one step generic over the endpoint; the rest
/// ([`Parts::into_built`]) is compiled once, in this crate, instead of again for every
/// endpoint a program calls.
#[doc(hidden)]
#[derive(Debug)]
pub struct Parts {
    method: Method,
    path: String,
    query: Query,
    body: Option<Result<Vec<u8>, serde_json::Error>>,
    missing: Vec<&'static str>,
}

/// A typed request's query parameters.
#[derive(Debug)]
enum Query {
    /// The usual, flat query, its string written straight from the struct ([`crate::flat_query`]).
    Written(String),
    /// Any other, as a JSON object, encoded by [`json_query`].
    Json(Result<serde_json::Value, serde_json::Error>),
}

impl Parts {
    /// The parts of `endpoint`'s request (see [`Endpoint::request_parts`]).
    pub fn of<E: Endpoint>(endpoint: &E) -> Parts {
        let query = match crate::flat_query::write(endpoint.query()) {
            Some(written) => Query::Written(written),
            None => Query::Json(query_value(endpoint)),
        };
        Parts {
            method: E::METHOD,
            path: endpoint.path(),
            query,
            body: body_bytes(endpoint),
            missing: endpoint.missing_required(),
        }
    }

    /// The HTTP method.
    #[cfg(feature = "client")]
    pub(crate) fn method(&self) -> &Method {
        &self.method
    }

    /// The body as JSON, as the pre-flight checks read it (`null` for none, and for one that
    /// could not be serialized: building reports that). Read back from the body's bytes, so
    /// that a body type is serialized one way only, not once to bytes and once to a value.
    #[cfg(feature = "client")]
    pub(crate) fn body_value(&self) -> serde_json::Value {
        match &self.body {
            Some(Ok(bytes)) => serde_json::from_slice(bytes).unwrap_or(serde_json::Value::Null),
            _ => serde_json::Value::Null,
        }
    }

    /// The request against `base_url`, which the caller has checked (see
    /// [`crate::base_url::check`]), with the call's own query parameters and the format's.
    pub(crate) fn into_built(
        self,
        base_url: &str,
        runtime_query: &[(&str, &str)],
        format: Option<&'static str>,
    ) -> Result<Built, Error> {
        if !self.missing.is_empty() {
            return Err(Error::Build(format!("required parameter(s) not set: {}", self.missing.join(", "))));
        }
        let extra: Vec<(&str, &str)> = match format {
            Some(format) => {
                runtime_query.iter().copied().chain([(crate::vocabulary::RESPONSE_FORMAT_PARAM, format)]).collect()
            }
            None => runtime_query.to_vec(),
        };
        let query = match self.query {
            Query::Written(written) if extra.is_empty() => written,
            Query::Written(written) if extra.iter().all(|(name, _)| crate::encoding::is_plain(name)) => {
                crate::flat_query::with_extra(&written, &extra)
            }
            Query::Written(written) => json_query(crate::flat_query::to_json(&written), &extra)?,
            Query::Json(json) => {
                json_query(json.map_err(|e| Error::Build(format!("cannot serialize the query: {e}")))?, &extra)?
            }
        };
        let uri = request_uri(base_url, &self.path, &query)?;
        let body = match self.body {
            Some(body) => Some(body.map_err(|e| Error::Build(format!("cannot serialize the body: {e}")))?),
            None => None,
        };
        Ok(Built::new(self.method, uri, body))
    }
}

/// The query string of a JSON object of parameters with `extra` ones set too (as the call's own
/// methods set them), encoded by [`crate::encoding::query_string`]. Refused: a key with a
/// bracket, which Truto's query parser reads as nesting, so the request would say something
/// else.
pub(crate) fn json_query(mut query: serde_json::Value, extra: &[(&str, &str)]) -> Result<String, Error> {
    if let serde_json::Value::Object(fields) = &mut query {
        for &(name, value) in extra {
            fields.insert(name.to_owned(), value.into());
        }
    }
    if let Some(keys) = crate::encoding::bracketed_key(&query) {
        return Err(Error::Build(format!(
            "the query key `{}` has a bracket, which Truto's query parser reads as nesting: give nested \
             parameters as objects (`\"a\": {{\"b\": ..}}` is sent as `a[b]`)",
            keys.join("` → `")
        )));
    }
    Ok(crate::encoding::query_string(&query))
}

/// The URI of a request: `base_url` (checked by the caller, see [`crate::base_url::check`]),
/// the already encoded `path` and `query` (see [`json_query`]). Refused: a `.` or `..` segment
/// in the path, which URL parsers read as a step, so the request would go elsewhere.
pub(crate) fn request_uri(base_url: &str, path: &str, query: &str) -> Result<String, Error> {
    // A dot segment has a `.` or a `%` (`%2E`): a path with neither is not split.
    let may_have_dots = path.bytes().any(|byte| matches!(byte, b'.' | b'%'));
    let dot_segment =
        if may_have_dots { path.split('/').find(|segment| crate::encoding::is_dot_segment(segment)) } else { None };
    if let Some(segment) = dot_segment {
        return Err(Error::Build(format!(
            "the id `{segment}` cannot be sent: URL parsers read `.` and `..` as steps in the path, \
             so the request would go to another URL"
        )));
    }
    let base_url = base_url.trim_end_matches('/');
    let mut uri = String::with_capacity(base_url.len() + path.len() + 1 + query.len());
    uri.push_str(base_url);
    uri.push_str(path);
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(query);
    }
    Ok(uri)
}

/// A request as built, before it goes anywhere: its URI as text, its body and the headers of
/// this request alone (`Content-Type` when there is a JSON body, an idempotency key, the
/// call's own). The headers every request carries ([`standard_headers`], and the client's
/// `Authorization`) are added where it goes: for the `build` methods, by the client
/// (`Client::http_request`) or, for a request built without one, by [`Built::into_http`];
/// as the default headers of the client's own reqwest client (so that a request makes no map
/// of them), or to each attempt given to a transport. The client sends it as a
/// `reqwest::Request` whose URL is parsed once, on the way (an `http::Request` in between
/// would have its URI parsed a second time).
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) method: Method,
    /// Made by [`request_uri`], from a checked base URL and encoded parts.
    pub(crate) uri: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// The headers every request carries, `Accept` and `User-Agent`, unless it sets its own.
/// Static values: no copy of their text for each request.
pub(crate) fn standard_headers() -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(2);
    headers.insert(http::header::ACCEPT, HeaderValue::from_static("application/json"));
    let user_agent = HeaderValue::from_static(concat!("truto-unified-runtime/", env!("CARGO_PKG_VERSION")));
    headers.insert(http::header::USER_AGENT, user_agent);
    headers
}

/// Adds each header of `defaults` that `headers` has none of: what every request carries,
/// under any header the request set itself (as reqwest adds a client's default headers).
pub(crate) fn add_missing(headers: &mut HeaderMap, defaults: &HeaderMap) {
    for (name, value) in defaults {
        if let http::header::Entry::Vacant(entry) = headers.entry(name) {
            entry.insert(value.clone());
        }
    }
}

impl Built {
    /// A request with the headers of its body; no credentials, no standard headers yet.
    pub(crate) fn new(method: Method, uri: String, body: Option<Vec<u8>>) -> Built {
        let mut headers = HeaderMap::new();
        if body.is_some() {
            headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Built { method, uri, headers, body: body.unwrap_or_default() }
    }

    /// The request as an `http::Request`, with the [`standard_headers`] it does not set itself.
    pub(crate) fn into_http(mut self) -> Result<http::Request<Vec<u8>>, Error> {
        add_missing(&mut self.headers, &standard_headers());
        let mut builder = http::Request::builder().method(self.method).uri(self.uri);
        if let Some(headers) = builder.headers_mut() {
            *headers = self.headers;
        }
        // The URI is not printed: its base URL may hold a password, its query any value.
        builder.body(self.body).map_err(|e| Error::Build(format!("invalid request: {e}")))
    }
}

/// Decodes a response: an error status becomes [`Error::Api`], a success is decoded by `F`.
pub fn decode_response<E: Endpoint, F: Decode<E>>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<F::Output, Error> {
    success(status, headers, body)?;
    F::decode(status, body)
}

/// `Ok` for a success status; any other is [`Error::Api`], with Truto's error body read.
/// Every response, typed or untyped, goes through this before it is decoded.
pub(crate) fn success(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), Error> {
    if status.is_success() {
        Ok(())
    } else {
        Err(Error::Api(Box::new(ApiError::from_parts(status, headers.clone(), body))))
    }
}

/// A decoded response with its status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub value: T,
}

impl<T> Response<T> {
    /// Truto's rate-limit headers, when the response has them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }
}

/// Truto's rate-limit headers (`ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the window.
    pub limit: Option<u64>,
    /// Requests left in the window.
    pub remaining: Option<u64>,
    /// Seconds until the window resets.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Reads the headers; `None` when none of the three is present.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse().ok();
        let limit = RateLimit {
            limit: number("ratelimit-limit"),
            remaining: number("ratelimit-remaining"),
            reset: number("ratelimit-reset"),
        };
        (limit.limit.is_some() || limit.remaining.is_some() || limit.reset.is_some()).then_some(limit)
    }
}

/// Whether the HTTP method changes data, and so gets an `Idempotency-Key`.
pub fn is_mutating(method: &Method) -> bool {
    matches!(*method, Method::POST | Method::PATCH | Method::PUT | Method::DELETE)
}

/// `Retry-After` as the time to wait from now: delay-seconds (what Truto sends) or an HTTP
/// date (RFC 9110 §10.2.3). See [`retry_after_at`].
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    retry_after_at(headers, SystemTime::now())
}

/// `Retry-After` as the time to wait from `now`. A date in the past means no wait; a number
/// too large for a `Duration` (`99999999999999999999`, `1e20`) saturates to `Duration::MAX`,
/// which no retry policy waits for. Negative, NaN or unreadable values are `None`, as if the
/// header were absent. Never panics.
pub fn retry_after_at(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        // `>=` is false for NaN; infinity and overflow saturate.
        return (seconds >= 0.0).then(|| Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A header value that is never printed (for `Authorization`).
pub fn sensitive(value: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| Error::Build("the API token is not a valid header value".to_owned()))?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{Deal, MergeDeals};

    fn decoded<F: Decode<MergeDeals>>(body: &str) -> Result<F::Output, Error> {
        decode_response::<MergeDeals, F>(StatusCode::OK, &HeaderMap::new(), body.as_bytes())
    }

    #[test]
    fn a_custom_methods_record_is_read_inside_result_in_unified_and_debug_alike() {
        let record = Deal { id: Some("7".to_owned()) };
        assert_eq!(decoded::<Unified>(r#"{"result": {"id": "7"}}"#).expect("unified"), record);
        // `debug`'s `result` is what `unified` answers: the record is one level further in.
        let envelope = decoded::<DebugFormat>(r#"{"result": {"result": {"id": "7"}}, "debug": {"requestUrl": "u"}}"#)
            .expect("debug");
        assert_eq!(envelope.result, record);
        assert_eq!(envelope.debug.and_then(|d| d.request_url).as_deref(), Some("u"));
        let error = decoded::<DebugFormat>(r#"{"result": {"id": "7"}, "debug": null}"#).expect_err("not wrapped");
        assert!(error.to_string().contains("result"), "{error}");
    }
}
