//! Untyped requests, sans-IO: any unified API, resource and method, and Truto's proxy API.
//!
//! The typed requests of a generated crate reach the endpoints its schema describes. Every
//! other endpoint is reached from here: an [`UntypedRequest`] names its [`Target`] (a unified
//! API and resource, or a proxy resource) and its [`Operation`], holds its query as JSON and its
//! body as JSON, and builds to the exact [`http::Request`] the client sends. Its response is
//! decoded by a [`Decoder`]: [`Record`], [`List`], [`Custom`], [`Json`] or [`WithDebug`], each
//! into `serde_json::Value` by default or into any `T: DeserializeOwned`.
//!
//! The wire is the typed requests' own: the same path encoding (every part one
//! percent-encoded segment, `.` and `..` refused), the same query encoding
//! ([`crate::encoding::query_string`]), the same headers, the same decoding rules (records and
//! pages are JSON objects only, a record answer with keys but none of `T`'s is an error,
//! records of a page that do not decode are kept in [`Page::invalid`], an empty answer to a
//! write is a success). A key repeated in one JSON object, at any depth, is an error: a
//! `serde_json::Value` would keep only its last value.
//!
//! | operation | HTTP | unified path | proxy path |
//! |---|---|---|---|
//! | [`Operation::List`] | GET | `/unified/{api}/{resource}` | `/proxy/{resource}` |
//! | [`Operation::Get`] | GET | `/unified/{api}/{resource}/{id}` | `/proxy/{resource}/{id}` |
//! | [`Operation::Create`] | POST | `/unified/{api}/{resource}` | `/proxy/{resource}` |
//! | [`Operation::Update`] | PATCH | `/unified/{api}/{resource}/{id}` | `/proxy/{resource}/{id}` |
//! | [`Operation::Delete`] | DELETE | `/unified/{api}/{resource}/{id}` | `/proxy/{resource}/{id}` |
//! | [`Operation::Custom`] | POST (or the method given) | `/unified/{api}/{resource}/{name}` | `/proxy/{resource}/{name}` |
//!
//! A custom method (`merge`, `batch-delete`, `search`, ...) is `POST` with a JSON body, as
//! Truto documents them; [`Operation::Custom`] takes another method for the odd one that is not.
//!
//! ```
//! use truto_unified_runtime::untyped::{self, Operation, UntypedRequest};
//!
//! let mut request = UntypedRequest::unified("crm", "contacts", Operation::Get("a/b".into()));
//! request.set_integrated_account_id("62f4");
//! request.set_query("truto_exclude_fields", ["remote_data"]);
//! let http = request.build("https://api.truto.one")?;
//! assert_eq!(
//!     http.uri(),
//!     "https://api.truto.one/unified/crm/contacts/a%2Fb?integrated_account_id=62f4&truto_exclude_fields%5B%5D=remote_data"
//! );
//!
//! let body = br#"{"id": "a/b", "first_name": "Ada"}"#;
//! let contact = untyped::decode_response::<untyped::Record>(
//!     &http::Method::GET, http::StatusCode::OK, &http::HeaderMap::new(), body,
//! )?;
//! assert_eq!(contact["first_name"], "Ada");
//! # Ok::<(), truto_unified_runtime::Error>(())
//! ```

use std::marker::PhantomData;

use http::{HeaderMap, Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::request::{self, DebugEnvelope, OperationKind, Page};
use crate::vocabulary::CURSOR_PARAM;
use crate::{Error, decode};

/// The query parameter that names the connected account.
const INTEGRATED_ACCOUNT_ID: &str = "integrated_account_id";

/// What an untyped request is addressed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A unified resource: `/unified/{api}/{resource}`, e.g. `crm` and `contacts`.
    Unified {
        /// The unified API (Truto's "model"), e.g. `crm`, `ats`, `ticketing`.
        api: String,
        /// The resource, e.g. `contacts`.
        resource: String,
    },
    /// A proxy resource: `/proxy/{resource}`, the provider's own data, untransformed.
    Proxy {
        /// The resource, as the integration names it in Truto.
        resource: String,
    },
}

impl Target {
    /// The resource.
    pub fn resource(&self) -> &str {
        match self {
            Target::Unified { resource, .. } | Target::Proxy { resource } => resource,
        }
    }

    /// The path of the resource itself, every part one percent-encoded segment.
    fn base_path(&self) -> Result<String, Error> {
        Ok(match self {
            Target::Unified { api, resource } => {
                format!("/unified/{}/{}", segment("API", api)?, segment("resource", resource)?)
            }
            Target::Proxy { resource } => format!("/proxy/{}", segment("resource", resource)?),
        })
    }
}

/// What an untyped request does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// `GET` the resource: one page of records.
    List,
    /// `GET` one record by id.
    Get(String),
    /// `POST` a new record.
    Create,
    /// `PATCH` one record by id.
    Update(String),
    /// `DELETE` one record by id.
    Delete(String),
    /// A custom method: `{method} .../{resource}/{name}`, `POST` as Truto documents them.
    Custom {
        /// The HTTP method (`POST` unless the endpoint says otherwise).
        method: Method,
        /// The method's name, e.g. `search` or `batch-delete`; sent as one path segment.
        name: String,
    },
}

impl Operation {
    /// A custom method sent with `POST`.
    pub fn custom(name: impl Into<String>) -> Self {
        Operation::Custom { method: Method::POST, name: name.into() }
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        match self {
            Operation::List | Operation::Get(_) => Method::GET,
            Operation::Create => Method::POST,
            Operation::Update(_) => Method::PATCH,
            Operation::Delete(_) => Method::DELETE,
            Operation::Custom { method, .. } => method.clone(),
        }
    }

    /// Its kind, which says the shape of its path.
    pub fn kind(&self) -> OperationKind {
        match self {
            Operation::List => OperationKind::List,
            Operation::Get(_) => OperationKind::Get,
            Operation::Create => OperationKind::Create,
            Operation::Update(_) => OperationKind::Update,
            Operation::Delete(_) => OperationKind::Delete,
            Operation::Custom { .. } => OperationKind::Custom,
        }
    }

    /// The method's name as Truto's capabilities list it: `list`, `get`, `create`, `update`,
    /// `delete`, or a custom method's name.
    pub fn name(&self) -> &str {
        match self {
            Operation::Custom { name, .. } => name,
            other => other.kind().word(),
        }
    }

    /// The path after the resource's, `resource_path`: `/{id}`, `/{name}` or nothing.
    fn path(&self, resource_path: &str) -> Result<String, Error> {
        let segment = match self {
            Operation::List | Operation::Create => String::new(),
            Operation::Get(id) | Operation::Update(id) | Operation::Delete(id) => segment("id", id)?,
            Operation::Custom { name, .. } => segment("custom method", name)?,
        };
        Ok(self.kind().path(resource_path, &segment))
    }
}

/// One part of a path, percent-encoded as one segment; empty, `.` and `..` are refused (an
/// empty id would address the resource itself, a dot segment another URL).
fn segment(what: &str, value: &str) -> Result<String, Error> {
    let encoded = crate::encoding::path_segment(value);
    if value.is_empty() {
        return Err(Error::Build(format!("the {what} is empty")));
    }
    if crate::encoding::is_dot_segment(&encoded) {
        return Err(Error::Build(format!(
            "the {what} `{value}` cannot be sent: URL parsers read `.` and `..` as steps in the path, \
             so the request would go to another URL"
        )));
    }
    Ok(encoded)
}

/// An untyped request: a target, an operation, a query and a body, all JSON.
///
/// Setting a query parameter or the body serializes it at once; a value that cannot be
/// serialized (or a query object that is not an object) is reported when the request is
/// built, as [`Error::Build`].
#[derive(Debug, Clone, PartialEq)]
pub struct UntypedRequest {
    target: Target,
    operation: Operation,
    query: Map<String, Value>,
    /// The body's JSON, serialized when it is set (in the order its type writes it).
    body: Option<Vec<u8>>,
    format: Option<&'static str>,
    problem: Option<String>,
}

impl UntypedRequest {
    /// A request to `target`.
    pub fn new(target: Target, operation: Operation) -> Self {
        UntypedRequest { target, operation, query: Map::new(), body: None, format: None, problem: None }
    }

    /// A request to the unified resource `/unified/{api}/{resource}`.
    pub fn unified(api: impl Into<String>, resource: impl Into<String>, operation: Operation) -> Self {
        Self::new(Target::Unified { api: api.into(), resource: resource.into() }, operation)
    }

    /// A request to the proxy resource `/proxy/{resource}`.
    pub fn proxy(resource: impl Into<String>, operation: Operation) -> Self {
        Self::new(Target::Proxy { resource: resource.into() }, operation)
    }

    /// What the request is addressed to.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// What the request does.
    pub fn operation(&self) -> &Operation {
        &self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.operation.method()
    }

    /// The query parameters set so far (the format is added when the request is built).
    pub fn query(&self) -> &Map<String, Value> {
        &self.query
    }

    /// The body's JSON text, if one is set.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The `truto_response_format` it asks for; `None` for `unified`, the default.
    pub fn format(&self) -> Option<&'static str> {
        self.format
    }

    /// Sets the JSON body. A body that serializes to `null` (`()`, `None`) is not sent.
    pub fn set_body(&mut self, body: impl Serialize) {
        match serde_json::to_vec(&body) {
            Ok(json) if json == b"null" => self.body = None,
            Ok(json) => self.body = Some(json),
            Err(error) => self.reject(format!("cannot serialize the body: {error}")),
        }
    }

    /// Sets the query parameter `name` (replacing any value it had). Objects and arrays are
    /// encoded in Truto's brackets, `null` leaves the parameter out.
    pub fn set_query(&mut self, name: impl Into<String>, value: impl Serialize) {
        let name = name.into();
        match serde_json::to_value(value) {
            Ok(value) => {
                self.query.insert(name, value);
            }
            Err(error) => self.reject(format!("cannot serialize the query parameter `{name}`: {error}")),
        }
    }

    /// Sets every field of `query` (a struct or map that serializes to a JSON object) as a
    /// query parameter, replacing the values those parameters had.
    pub fn merge_query(&mut self, query: impl Serialize) {
        match serde_json::to_value(query) {
            Ok(Value::Object(fields)) => self.query.extend(fields),
            Ok(other) => self.reject(format!("the query must serialize to a JSON object, not {}", kind(&other))),
            Err(error) => self.reject(format!("cannot serialize the query: {error}")),
        }
    }

    /// Sets `integrated_account_id`, which every unified and proxy call needs.
    pub fn set_integrated_account_id(&mut self, id: impl Into<String>) {
        self.query.insert(INTEGRATED_ACCOUNT_ID.to_owned(), Value::String(id.into()));
    }

    /// Sets the cursor of the page to fetch (`next_cursor`); `None` removes it.
    pub fn set_next_cursor(&mut self, cursor: Option<String>) {
        match cursor {
            Some(cursor) => self.query.insert(CURSOR_PARAM.to_owned(), Value::String(cursor)),
            None => self.query.remove(CURSOR_PARAM),
        };
    }

    /// Asks for a `truto_response_format` (`raw`, `normalized`, `debug`, `stream`); `None`
    /// for `unified`.
    pub fn set_format(&mut self, format: Option<&'static str>) {
        self.format = format;
    }

    /// Sets the HTTP method of a custom operation (others keep theirs); `false` when the
    /// operation is not custom.
    pub fn set_custom_method(&mut self, method: Method) -> bool {
        match &mut self.operation {
            Operation::Custom { method: current, .. } => {
                *current = method;
                true
            }
            _ => false,
        }
    }

    fn reject(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// The path, every part percent-encoded as one segment.
    pub fn path(&self) -> Result<String, Error> {
        self.operation.path(&self.target.base_path()?)
    }

    /// Builds the HTTP request against `base_url` (no credentials: the client adds
    /// `Authorization`, and the `Idempotency-Key` of a mutation). Fails when a value could not
    /// be serialized, when `integrated_account_id` is not set, or when a part of the path is
    /// empty, `.` or `..`.
    pub fn build(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, Error> {
        self.built(base_url)?.into_http()
    }

    /// [`UntypedRequest::build`], before it is an `http::Request`.
    pub(crate) fn built(&self, base_url: &str) -> Result<request::Built, Error> {
        if let Some(problem) = &self.problem {
            return Err(Error::Build(problem.clone()));
        }
        let account_set = match self.query.get(INTEGRATED_ACCOUNT_ID) {
            None | Some(Value::Null) => false,
            Some(Value::String(id)) => !id.is_empty(),
            Some(_) => true,
        };
        if !account_set {
            return Err(Error::Build(format!("required parameter(s) not set: {INTEGRATED_ACCOUNT_ID}")));
        }
        let mut query = self.query.clone();
        if let Some(format) = self.format {
            query.insert(crate::vocabulary::RESPONSE_FORMAT_PARAM.to_owned(), format.into());
        }
        crate::base_url::check(base_url)?;
        let uri = request::request_uri(base_url, &self.path()?, &request::json_query(Value::Object(query), &[])?)?;
        Ok(request::Built::new(self.method(), uri, self.body.clone()))
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// How the body of a successful untyped response is decoded.
pub trait Decoder {
    /// What it decodes to.
    type Output;
    /// Decodes a successful response body; `method` is the request's (an empty answer to a
    /// write is a success).
    fn decode(method: &Method, status: StatusCode, body: &[u8]) -> Result<Self::Output, Error>;
}

/// Changes what a decoder decodes its records into: `Record<Value>` becomes `Record<U>`, and
/// so on (see `returning` on the client's untyped calls).
pub trait Returning<U> {
    /// The decoder that decodes into `U`.
    type Decoder;
}

/// The decoders a `unified`-format response uses, from which another format can be asked for.
pub trait UnifiedFormat {}

/// A record (get, create, update, delete), as `T`: the body must be a JSON object, and structs
/// inside it are read from objects only. An object with keys, not one of which `T` reads (a
/// struct all of whose fields are missing), is an error rather than an empty record. An empty
/// answer to a write (a 204, say) decodes as
/// JSON `null` (`Value::Null`, `None` for an `Option`), or, for a type that cannot be read
/// from `null`, as `{}` (a struct whose fields may all be missing).
#[derive(Debug)]
pub struct Record<T = Value>(PhantomData<fn() -> T>);

/// One page of a list, as [`Page<T>`]: the page's rules (a JSON object with `result`, records
/// that are JSON objects, a record that does not decode as `T` kept in [`Page::invalid`]).
#[derive(Debug)]
pub struct List<T = Value>(PhantomData<fn() -> T>);

/// A custom method's answer, as `T`: any JSON (Truto answers `{ "result": ... }`, which is
/// left as it is), structs inside it read from objects only; an empty answer to a write
/// decodes as for [`Record`].
#[derive(Debug)]
pub struct Custom<T = Value>(PhantomData<fn() -> T>);

/// Any JSON as `T` (the `raw` and `normalized` formats); an empty body decodes as for
/// [`Record`], whatever the method.
#[derive(Debug)]
pub struct Json<T = Value>(PhantomData<fn() -> T>);

/// The `debug` format: the envelope whose `result` is what `D` decodes (a JSON object), with
/// Truto's debug information.
#[derive(Debug)]
pub struct WithDebug<D>(PhantomData<fn() -> D>);

/// The `stream` format: the body as bytes, not decoded.
#[derive(Debug)]
pub struct Streamed;

/// What `.proxy(..)` calls are addressed to (no response formats).
#[derive(Debug, Clone, Copy)]
pub struct ProxyApi;

/// What `.unified(..)` calls are addressed to (every response format).
#[derive(Debug, Clone, Copy)]
pub struct UnifiedApi;

impl<T: DeserializeOwned> Decoder for Record<T> {
    type Output = T;
    fn decode(method: &Method, status: StatusCode, body: &[u8]) -> Result<T, Error> {
        if request::is_mutating(method) && decode::is_empty(body) {
            return from_empty(status, body);
        }
        decode::decode_record(status, body)
    }
}

impl<T: DeserializeOwned> Decoder for List<T> {
    type Output = Page<T>;
    fn decode(_: &Method, status: StatusCode, body: &[u8]) -> Result<Page<T>, Error> {
        decode::decode_object(status, body)
    }
}

impl<T: DeserializeOwned> Decoder for Custom<T> {
    type Output = T;
    fn decode(method: &Method, status: StatusCode, body: &[u8]) -> Result<T, Error> {
        if request::is_mutating(method) && decode::is_empty(body) {
            return from_empty(status, body);
        }
        any_json(status, body)
    }
}

impl<T: DeserializeOwned> Decoder for Json<T> {
    type Output = T;
    fn decode(_: &Method, status: StatusCode, body: &[u8]) -> Result<T, Error> {
        if decode::is_empty(body) {
            return from_empty(status, body);
        }
        any_json(status, body)
    }
}

impl<D: Decoder<Output: DeserializeOwned>> Decoder for WithDebug<D> {
    type Output = DebugEnvelope<D::Output>;
    fn decode(method: &Method, status: StatusCode, body: &[u8]) -> Result<Self::Output, Error> {
        // An empty answer to a write: the result is what `D` makes of it, with no debug.
        if request::is_mutating(method) && decode::is_empty(body) {
            return Ok(DebugEnvelope { result: D::decode(method, status, body)?, debug: None });
        }
        decode::decode_object(status, body)
    }
}

impl<T, U> Returning<U> for Record<T> {
    type Decoder = Record<U>;
}
impl<T, U> Returning<U> for List<T> {
    type Decoder = List<U>;
}
impl<T, U> Returning<U> for Custom<T> {
    type Decoder = Custom<U>;
}
impl<T, U> Returning<U> for Json<T> {
    type Decoder = Json<U>;
}
impl<D: Returning<U>, U> Returning<U> for WithDebug<D> {
    type Decoder = WithDebug<D::Decoder>;
}

impl<T> UnifiedFormat for Record<T> {}
impl<T> UnifiedFormat for List<T> {}
impl<T> UnifiedFormat for Custom<T> {}

/// Any JSON into `T`, structs read from objects only.
fn any_json<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    crate::strict::from_slice(body).map_err(|e| decode::decode_error(status, e, body))
}

/// What an empty body decodes to: `T` from `null`, else from `{}`.
fn from_empty<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    T::deserialize(Value::Null).or_else(|_| T::deserialize(Value::Object(Map::new()))).map_err(|e| {
        decode::decode_error(status, format_args!("the response has no body, which cannot be read: {e}"), body)
    })
}

/// Decodes an untyped response: an error status becomes [`Error::Api`], a success is decoded
/// by `D`. `method` is the request's.
pub fn decode_response<D: Decoder>(
    method: &Method,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<D::Output, Error> {
    request::success(status, headers, body)?;
    decode::refuse_repeated_keys(status, body)?;
    D::decode(method, status, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    const BASE: &str = "http://127.0.0.1:1";

    fn with_account(mut request: UntypedRequest) -> UntypedRequest {
        request.set_integrated_account_id("acc");
        request
    }

    #[test]
    fn every_operation_has_its_method_and_path() {
        let cases = [
            (Operation::List, "GET", "/unified/crm/contacts"),
            (Operation::Get("1".into()), "GET", "/unified/crm/contacts/1"),
            (Operation::Create, "POST", "/unified/crm/contacts"),
            (Operation::Update("1".into()), "PATCH", "/unified/crm/contacts/1"),
            (Operation::Delete("1".into()), "DELETE", "/unified/crm/contacts/1"),
            (Operation::custom("batch-delete"), "POST", "/unified/crm/contacts/batch-delete"),
        ];
        for (operation, method, path) in cases {
            let proxy_path = path.replace("/unified/crm/", "/proxy/");
            let unified = with_account(UntypedRequest::unified("crm", "contacts", operation.clone()));
            let proxy = with_account(UntypedRequest::proxy("contacts", operation));
            for (request, path) in [(unified, path.to_owned()), (proxy, proxy_path)] {
                let http = request.build(BASE).expect("builds");
                assert_eq!(http.method().as_str(), method);
                assert_eq!(http.uri().path(), path);
                assert_eq!(http.uri().query(), Some("integrated_account_id=acc"));
                assert!(http.body().is_empty());
                assert!(http.headers().get(http::header::CONTENT_TYPE).is_none());
            }
        }
    }

    #[test]
    fn ids_and_names_are_one_segment_and_dots_are_refused() {
        let http = with_account(UntypedRequest::unified("crm", "contacts", Operation::Get("a/b?c#d".into())))
            .build(BASE)
            .expect("builds");
        assert_eq!(http.uri().path(), "/unified/crm/contacts/a%2Fb%3Fc%23d");
        let http = with_account(UntypedRequest::proxy("x y", Operation::custom("v1.2"))).build(BASE).expect("builds");
        assert_eq!(http.uri().path(), "/proxy/x%20y/v1.2");
        for bad in [".", "..", ""] {
            for request in [
                UntypedRequest::unified("crm", "contacts", Operation::Delete(bad.into())),
                UntypedRequest::unified("crm", bad, Operation::List),
                UntypedRequest::unified(bad, "contacts", Operation::List),
                UntypedRequest::proxy(bad, Operation::List),
                UntypedRequest::proxy("contacts", Operation::custom(bad)),
            ] {
                let error = with_account(request).build(BASE).expect_err("refused");
                assert!(matches!(error, Error::Build(_)), "{error}");
            }
        }
    }

    #[test]
    fn the_query_body_and_format_go_on_the_wire() {
        #[derive(Serialize)]
        struct Filters {
            limit: u32,
            remote_query: Value,
        }
        let mut request = UntypedRequest::unified("crm", "contacts", Operation::Update("1".into()));
        request.set_integrated_account_id("acc");
        request.merge_query(Filters { limit: 5, remote_query: json!({"foo": "bar"}) });
        request.set_query("truto_ignore_remote_data", true);
        request.set_query("left_out", Option::<String>::None);
        request.set_body(json!({"first_name": "Ada"}));
        request.set_format(Some("raw"));
        let http = request.build(BASE).expect("builds");
        assert_eq!(
            http.uri().query(),
            Some(
                "integrated_account_id=acc&limit=5&remote_query%5Bfoo%5D=bar&truto_ignore_remote_data=true\
                 &truto_response_format=raw"
            )
        );
        assert_eq!(http.body(), br#"{"first_name":"Ada"}"#);
        assert_eq!(http.headers()[http::header::CONTENT_TYPE], "application/json");
        assert_eq!(http.headers()[http::header::ACCEPT], "application/json");
    }

    #[test]
    fn problems_are_reported_when_built() {
        let request = UntypedRequest::unified("crm", "contacts", Operation::List);
        let error = request.build(BASE).expect_err("no account");
        assert!(error.to_string().contains("integrated_account_id"), "{error}");

        let mut request = with_account(UntypedRequest::unified("crm", "contacts", Operation::List));
        request.merge_query(["not", "an", "object"]);
        let error = request.build(BASE).expect_err("array query");
        assert!(error.to_string().contains("an array"), "{error}");

        let mut request = with_account(UntypedRequest::unified("crm", "contacts", Operation::Create));
        let mut map = std::collections::HashMap::new();
        map.insert((1, 2), "tuple keys are not JSON");
        request.set_body(map);
        assert!(matches!(request.build(BASE), Err(Error::Build(_))));
    }

    #[test]
    fn a_custom_method_can_be_changed_and_a_null_body_is_not_sent() {
        let mut request = with_account(UntypedRequest::unified("crm", "contacts", Operation::custom("search")));
        request.set_body(());
        assert!(request.set_custom_method(Method::GET));
        let http = request.build(BASE).expect("builds");
        assert_eq!(http.method(), Method::GET);
        assert!(http.body().is_empty());
        let mut list = UntypedRequest::unified("crm", "contacts", Operation::List);
        assert!(!list.set_custom_method(Method::POST));
        assert_eq!(list.method(), Method::GET);
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Contact {
        id: String,
        #[serde(default)]
        name: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq, Default)]
    struct Loose {
        id: Option<String>,
    }

    fn ok<D: Decoder>(method: Method, body: &str) -> Result<D::Output, Error> {
        decode_response::<D>(&method, StatusCode::OK, &HeaderMap::new(), body.as_bytes())
    }

    #[test]
    fn records_are_objects_only() {
        let value = ok::<Record>(Method::GET, r#"{"id": "1"}"#).expect("object");
        assert_eq!(value, json!({"id": "1"}));
        let contact = ok::<Record<Contact>>(Method::GET, r#"{"id": "1", "name": "Ada", "x": 2}"#).expect("struct");
        assert_eq!(contact, Contact { id: "1".into(), name: Some("Ada".into()) });
        for array in [r#"["1"]"#, r#"[{"id": "1"}]"#, "3", r#""s""#] {
            assert!(matches!(ok::<Record>(Method::GET, array), Err(Error::Decode { .. })), "{array}");
            assert!(matches!(ok::<Record<Contact>>(Method::GET, array), Err(Error::Decode { .. })), "{array}");
        }
        // Nested structs come from objects only.
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            inner: Loose,
        }
        assert!(matches!(ok::<Record<Outer>>(Method::GET, r#"{"inner": ["1"]}"#), Err(Error::Decode { .. })));
    }

    #[test]
    fn a_record_needs_a_key_of_its_type_and_no_key_twice() {
        let error = ok::<Record<Loose>>(Method::GET, r#"{"result": {"id": "1"}}"#).expect_err("no key of Loose");
        assert!(error.to_string().contains("none of the 1 key(s) of the object is a field of `Loose`"), "{error}");
        assert_eq!(
            ok::<Record<Loose>>(Method::GET, r#"{"id": "1", "x": 2}"#).expect("one known"),
            Loose { id: Some("1".into()) }
        );
        for twice in [r#"{"id": "1", "\u0069d": "2"}"#, r#"{"a": {"b": 1, "b": 2}}"#] {
            for error in [
                ok::<Record>(Method::GET, twice).expect_err(twice),
                ok::<Custom>(Method::POST, twice).expect_err(twice),
                ok::<Json>(Method::GET, twice).expect_err(twice),
            ] {
                assert!(error.to_string().contains("duplicate field"), "{twice}: {error}");
            }
        }
    }

    #[test]
    fn an_empty_answer_to_a_write_is_a_success() {
        assert_eq!(ok::<Record>(Method::DELETE, "").expect("null"), Value::Null);
        assert_eq!(ok::<Record<Option<Contact>>>(Method::DELETE, " ").expect("none"), None);
        assert_eq!(ok::<Record<Loose>>(Method::PATCH, "").expect("from {}"), Loose::default());
        assert!(matches!(ok::<Record<Contact>>(Method::DELETE, ""), Err(Error::Decode { .. })));
        assert!(matches!(ok::<Record>(Method::GET, ""), Err(Error::Decode { .. })));
        assert_eq!(ok::<Custom>(Method::POST, "").expect("null"), Value::Null);
        assert_eq!(ok::<Json>(Method::GET, "").expect("null"), Value::Null);
        let envelope = ok::<WithDebug<Record>>(Method::DELETE, "").expect("empty envelope");
        assert_eq!((envelope.result, envelope.debug), (Value::Null, None));
    }

    #[test]
    fn pages_custom_and_raw_answers() {
        let page = ok::<List>(Method::GET, r#"{"result": [{"id": "1"}, ["x"]], "next_cursor": 7}"#).expect("page");
        assert_eq!(page.result, vec![json!({"id": "1"})]);
        assert_eq!(page.invalid.len(), 1);
        assert_eq!(page.next(), Some("7"));
        assert!(matches!(ok::<List>(Method::GET, r#"[{"id": "1"}]"#), Err(Error::Decode { .. })));
        let custom = ok::<Custom>(Method::POST, r#"{"result": [1, 2]}"#).expect("custom");
        assert_eq!(custom, json!({"result": [1, 2]}));
        assert_eq!(ok::<Json>(Method::GET, "[1]").expect("raw array"), json!([1]));
        let debug = ok::<WithDebug<List<Contact>>>(
            Method::GET,
            r#"{"result": {"result": [{"id": "1"}], "next_cursor": null}, "debug": {"isLooping": false}}"#,
        )
        .expect("debug");
        assert_eq!(debug.result.result, vec![Contact { id: "1".into(), name: None }]);
        assert_eq!(debug.debug.and_then(|d| d.is_looping), Some(false));
    }

    #[test]
    fn errors_become_api_errors() {
        let error = decode_response::<Record>(
            &Method::GET,
            StatusCode::NOT_FOUND,
            &HeaderMap::new(),
            br#"{"statusCode": 404, "message": "no such contact"}"#,
        )
        .expect_err("404");
        assert!(matches!(&error, Error::Api(api) if api.message() == Some("no such contact")), "{error}");
    }
}
