//! What one connected account (or one integration) offers, sans-IO:
//! `GET /integrated-account/{id}/capabilities` and `GET /integration/{slug}/capabilities`.
//!
//! The answer lists the unified resources and methods the account offers (`unified[]`), the
//! proxy resources (`proxy[]`), the integration and, for an account, the account itself. It is
//! decoded leniently, like the generated models: every field is optional, a scalar of another
//! type than expected is read as text where text is expected (`"id": 42` is `"42"`) and as
//! `None` otherwise, an entry of a list that is not an object is skipped, unknown fields are
//! ignored. Only a body that is not a JSON object at all is an error.
//!
//! # Matching a request against the capabilities
//!
//! [`Capabilities::offers`] takes the unified API, the resource and the method:
//!
//! - the API is Truto's `model` (`crm` in `/unified/crm/contacts`); an entry without a `model`
//!   (absent or `null`) matches any API, so that a sparse answer never refuses a call Truto
//!   would take, while a `model` that is not text (`["ats"]`, `{"name": "ats"}`) is kept as its
//!   JSON text and matches no API: a value that cannot be read never widens what is offered;
//! - the resource is the entry's `resource` (`contacts`);
//! - the method is one of the entry's `methods`: `list`, `get`, `create`, `update`, `delete`, or
//!   a custom method's name (`merge`, `batch-delete`). An entry of `methods` may be the name
//!   itself or an object with a `method` or `name` field.
//!
//! All three compare ASCII case-insensitively, ignoring surrounding whitespace. A typed
//! request matches by its endpoint's support data ([`Capabilities::offers_endpoint`]): its
//! `api`, `resource`, and its `operation`, or for a custom endpoint its `custom_name`.

use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::{Error, decode};

/// The answer of the capabilities endpoint.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Capabilities {
    /// The integration (`id`, `name` = its slug, `label`, `category`).
    pub integration: Option<CapabilityIntegration>,
    /// The integrated account (only from `/integrated-account/{id}/capabilities`).
    pub account: Option<CapabilityAccount>,
    /// The unified resources and the methods of each.
    pub unified: Vec<UnifiedCapability>,
    /// The proxy resources and the methods of each.
    pub proxy: Vec<ProxyCapability>,
    /// The integration's authentication details, as sent.
    pub auth: Option<Value>,
}

/// The integration an answer is about.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CapabilityIntegration {
    /// Truto's id of the integration.
    pub id: Option<String>,
    /// Its slug, e.g. `hubspot`.
    pub name: Option<String>,
    /// Its display name, e.g. `HubSpot`.
    pub label: Option<String>,
    /// Its category, e.g. `crm`.
    pub category: Option<String>,
}

/// The integrated account an answer is about.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CapabilityAccount {
    /// The integrated account's id.
    pub id: Option<String>,
    /// Its status, e.g. `active`.
    pub status: Option<String>,
    /// How it authenticates, e.g. `oauth2`.
    pub authentication_method: Option<String>,
    /// Whether Truto has blocked it (its calls answer 503).
    pub is_blocked: Option<bool>,
}

/// One unified resource the account offers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnifiedCapability {
    /// The unified API ("model"), e.g. `crm`; `None` when absent or `null` (the entry matches
    /// any API). A model that is not a scalar is its JSON text (`["ats"]`), which matches none.
    pub model: Option<String>,
    /// Its display name, e.g. `CRM`.
    pub model_label: Option<String>,
    /// The resource, e.g. `contacts`.
    pub resource: Option<String>,
    /// What the resource is.
    pub description: Option<String>,
    /// Where it is documented.
    pub docs_url: Option<String>,
    /// The methods offered: `list`, `get`, `create`, `update`, `delete`, custom names.
    pub methods: Vec<String>,
    /// Whether the environment overrides the integration's mapping of the resource.
    pub env_overridden: Option<bool>,
}

/// One proxy resource the account offers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProxyCapability {
    /// The resource, as in `/proxy/{resource}`.
    pub resource: Option<String>,
    /// Its methods.
    pub methods: Vec<ProxyMethod>,
}

/// One method of a proxy resource.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProxyMethod {
    /// The method, e.g. `list` (a bare name in `methods` is read as this).
    pub method: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// What it does.
    pub description: Option<String>,
    /// Whether Truto has a schema of its query.
    pub has_query_schema: Option<bool>,
    /// Whether Truto has a schema of its body.
    pub has_body_schema: Option<bool>,
    /// Whether Truto has a schema of its response.
    pub has_response_schema: Option<bool>,
    /// The provider's documentation of it.
    pub api_documentation_url: Option<String>,
}

impl Capabilities {
    /// Reads an answer from JSON: leniently (see the [module docs](self)); anything but an
    /// object reads as an answer that offers nothing.
    pub fn from_value(value: &Value) -> Self {
        let Value::Object(fields) = value else { return Capabilities::default() };
        Capabilities {
            integration: object(fields.get("integration")).map(|f| CapabilityIntegration {
                id: text(f.get("id")),
                name: text(f.get("name")),
                label: text(f.get("label")),
                category: text(f.get("category")),
            }),
            account: object(fields.get("account")).map(|f| CapabilityAccount {
                id: text(f.get("id")),
                status: text(f.get("status")),
                authentication_method: text(f.get("authentication_method")),
                is_blocked: flag(f.get("is_blocked")),
            }),
            unified: objects(fields.get("unified"))
                .map(|f| UnifiedCapability {
                    model: text_or_json(f.get("model")),
                    model_label: text(f.get("model_label")),
                    resource: text(f.get("resource")),
                    description: text(f.get("description")),
                    docs_url: text(f.get("docs_url")),
                    methods: method_names(f.get("methods")),
                    env_overridden: flag(f.get("env_overridden")),
                })
                .collect(),
            proxy: objects(fields.get("proxy"))
                .map(|f| ProxyCapability {
                    resource: text(f.get("resource")),
                    methods: proxy_methods(f.get("methods")),
                })
                .collect(),
            auth: fields.get("auth").filter(|v| !v.is_null()).cloned(),
        }
    }

    /// The entries for the unified `resource` of `api` (an entry without a `model` matches
    /// any API).
    pub fn unified_resource<'a>(
        &'a self,
        api: &'a str,
        resource: &'a str,
    ) -> impl Iterator<Item = &'a UnifiedCapability> {
        self.unified.iter().filter(move |entry| {
            entry.model.as_deref().is_none_or(|model| same(model, api))
                && entry.resource.as_deref().is_some_and(|r| same(r, resource))
        })
    }

    /// Whether the account offers `method` (`list`, `get`, ..., or a custom method's name) on
    /// the unified `resource` of `api`, e.g. `offers("crm", "contacts", "update")`.
    pub fn offers(&self, api: &str, resource: &str, method: &str) -> bool {
        self.unified_resource(api, resource).any(|entry| entry.offers(method))
    }

    /// Whether the account offers the typed endpoint described by `endpoint` (a request's
    /// `E::SUPPORT`).
    pub fn offers_endpoint<I>(&self, endpoint: &crate::support::Endpoint<I>) -> bool {
        self.offers(endpoint.api, endpoint.resource, endpoint_method(endpoint))
    }
}

/// The method name a typed endpoint has in the capabilities: its operation, or a custom
/// endpoint's name.
pub(crate) fn endpoint_method<I>(endpoint: &crate::support::Endpoint<I>) -> &'static str {
    match endpoint.custom_name {
        Some(name) if endpoint.operation == "custom" => name,
        _ => endpoint.operation,
    }
}

impl UnifiedCapability {
    /// Whether `method` is among the entry's methods.
    pub fn offers(&self, method: &str) -> bool {
        self.methods.iter().any(|offered| same(offered, method))
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn object(value: Option<&Value>) -> Option<&Map<String, Value>> {
    value?.as_object()
}

fn objects(value: Option<&Value>) -> impl Iterator<Item = &Map<String, Value>> {
    value.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object)
}

/// A scalar as text; `null`, objects and arrays are `None`.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// A scalar as text, an object or array as its JSON text; `null` is `None`.
fn text_or_json(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Array(_) | Value::Object(_) => value.map(Value::to_string),
        _ => text(value),
    }
}

/// A boolean, or its text form (`"true"`, `"false"`), or `0`/`1`.
fn flag(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        Value::Number(n) => match n.as_u64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// Method names: strings, or objects with a `method` or `name`.
fn method_names(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|entry| match entry {
            Value::Object(fields) => text(fields.get("method")).or_else(|| text(fields.get("name"))),
            other => text(Some(other)),
        })
        .collect()
}

fn proxy_methods(value: Option<&Value>) -> Vec<ProxyMethod> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|entry| match entry {
            Value::Object(f) => Some(ProxyMethod {
                method: text(f.get("method")),
                name: text(f.get("name")),
                description: text(f.get("description")),
                has_query_schema: flag(f.get("has_query_schema")),
                has_body_schema: flag(f.get("has_body_schema")),
                has_response_schema: flag(f.get("has_response_schema")),
                api_documentation_url: text(f.get("api_documentation_url")),
            }),
            other => text(Some(other)).map(|method| ProxyMethod { method: Some(method), ..ProxyMethod::default() }),
        })
        .collect()
}

/// Reads the answer from a JSON object (anything else is an error), leniently inside.
impl<'de> Deserialize<'de> for Capabilities {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            value @ Value::Object(_) => Ok(Capabilities::from_value(&value)),
            _ => Err(de::Error::custom("expected a JSON object for the capabilities")),
        }
    }
}

/// Whose capabilities a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// One integrated account, by id: `/integrated-account/{id}/capabilities`.
    Account(String),
    /// One integration in general, by slug: `/integration/{slug}/capabilities`.
    Integration(String),
}

/// A request for capabilities, sans-IO.
///
/// Truto takes optional filters as query parameters (`type` = `unified`, `proxy` or `all`,
/// `resource`, `methods`); set them with [`CapabilitiesRequest::set_query`].
///
/// ```
/// use truto_unified_runtime::capabilities::{self, CapabilitiesRequest};
///
/// let mut request = CapabilitiesRequest::account("62f4");
/// request.set_query("type", "unified");
/// let http = request.build("https://api.truto.one")?;
/// assert_eq!(http.uri(), "https://api.truto.one/integrated-account/62f4/capabilities?type=unified");
///
/// let body = br#"{"unified": [{"model": "crm", "resource": "contacts", "methods": ["list", "get"]}]}"#;
/// let offered = capabilities::decode_response(http::StatusCode::OK, &http::HeaderMap::new(), body)?;
/// assert!(offered.offers("crm", "contacts", "get"));
/// assert!(!offered.offers("crm", "contacts", "delete"));
/// # Ok::<(), truto_unified_runtime::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CapabilitiesRequest {
    subject: Subject,
    query: Map<String, Value>,
    problem: Option<String>,
}

impl CapabilitiesRequest {
    /// The capabilities of one integrated account.
    pub fn account(integrated_account_id: impl Into<String>) -> Self {
        Self::new(Subject::Account(integrated_account_id.into()))
    }

    /// The capabilities of one integration in general (no `account` in the answer).
    pub fn integration(slug: impl Into<String>) -> Self {
        Self::new(Subject::Integration(slug.into()))
    }

    /// A request for `subject`'s capabilities.
    pub fn new(subject: Subject) -> Self {
        CapabilitiesRequest { subject, query: Map::new(), problem: None }
    }

    /// Whose capabilities it asks for.
    pub fn subject(&self) -> &Subject {
        &self.subject
    }

    /// Sets a query parameter (a filter), encoded like every query.
    pub fn set_query(&mut self, name: impl Into<String>, value: impl Serialize) {
        let name = name.into();
        match serde_json::to_value(value) {
            Ok(value) => {
                self.query.insert(name, value);
            }
            Err(error) => {
                self.problem.get_or_insert(format!("cannot serialize the query parameter `{name}`: {error}"));
            }
        }
    }

    /// The path, the id or slug percent-encoded as one segment.
    pub fn path(&self) -> Result<String, Error> {
        let (prefix, what, value) = match &self.subject {
            Subject::Account(id) => ("integrated-account", "integrated account id", id),
            Subject::Integration(slug) => ("integration", "integration", slug),
        };
        if value.is_empty() {
            return Err(Error::Build(format!("the {what} is empty")));
        }
        Ok(format!("/{prefix}/{}/capabilities", crate::encoding::path_segment(value)))
    }

    /// Builds the HTTP request against `base_url` (no credentials: the client adds them).
    pub fn build(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, Error> {
        self.built(base_url)?.into_http()
    }

    /// [`CapabilitiesRequest::build`], before it is an `http::Request`.
    pub(crate) fn built(&self, base_url: &str) -> Result<crate::request::Built, Error> {
        if let Some(problem) = &self.problem {
            return Err(Error::Build(problem.clone()));
        }
        crate::base_url::check(base_url)?;
        let query = crate::request::json_query(Value::Object(self.query.clone()), &[])?;
        let uri = crate::request::request_uri(base_url, &self.path()?, &query)?;
        Ok(crate::request::Built::new(http::Method::GET, uri, None))
    }
}

/// Decodes the answer: an error status becomes [`Error::Api`]; a success must be a JSON object
/// ([`Error::Decode`] otherwise, with a bounded prefix of the body), read leniently inside.
pub fn decode_response(
    status: http::StatusCode,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<Capabilities, Error> {
    crate::request::success(status, headers, body)?;
    decode::decode_json(status, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_full_answer_decodes() {
        let caps = Capabilities::from_value(&json!({
            "integration": {"id": "i-1", "name": "hubspot", "label": "HubSpot", "category": "crm"},
            "account": {"id": "a-1", "status": "active", "authentication_method": "oauth2", "is_blocked": false},
            "unified": [{
                "model": "crm", "model_label": "CRM", "resource": "contacts", "description": "People",
                "docs_url": "https://truto.one/docs", "methods": ["list", "get", "merge"], "env_overridden": false,
                "later": "ignored"
            }],
            "proxy": [{"resource": "contacts", "methods": [{"method": "list", "name": "List contacts",
                "has_query_schema": true, "api_documentation_url": "https://x"}]}],
            "auth": {"type": "oauth2"}
        }));
        assert_eq!(caps.integration.as_ref().and_then(|i| i.name.as_deref()), Some("hubspot"));
        assert_eq!(caps.account.as_ref().and_then(|a| a.is_blocked), Some(false));
        assert_eq!(caps.unified[0].methods, ["list", "get", "merge"]);
        assert_eq!(caps.proxy[0].methods[0].has_query_schema, Some(true));
        assert!(caps.offers("crm", "contacts", "merge"));
        assert!(caps.offers("CRM", " Contacts ", "LIST"));
        assert!(!caps.offers("ats", "contacts", "list"));
        assert!(!caps.offers("crm", "contacts", "delete"));
        assert!(!caps.offers("crm", "accounts", "list"));
    }

    #[test]
    fn hostile_answers_decode_to_what_can_be_read() {
        let caps = Capabilities::from_value(&json!({
            "integration": ["not", "an", "object"],
            "account": {"id": 42, "is_blocked": "true", "status": {"nested": 1}},
            "unified": [
                "a string",
                null,
                {"resource": "contacts", "methods": ["get", 7, null, {"name": "merge"}, ["x"]]},
                {"model": 5, "resource": 9, "methods": "list", "env_overridden": "maybe"}
            ],
            "proxy": {"resource": "contacts"}
        }));
        assert_eq!(caps.integration, None);
        let account = caps.account.clone().expect("account");
        assert_eq!((account.id.as_deref(), account.is_blocked, account.status), (Some("42"), Some(true), None));
        assert_eq!(caps.unified.len(), 2);
        assert_eq!(caps.unified[0].methods, ["get", "7", "merge"]);
        assert_eq!(caps.unified[1].methods, Vec::<String>::new());
        assert_eq!(caps.unified[1].env_overridden, None);
        assert!(caps.proxy.is_empty());
        // No model: the resource alone decides.
        assert!(caps.offers("crm", "contacts", "merge"));
        assert!(caps.offers("ticketing", "contacts", "get"));
        assert!(!caps.offers("crm", "contacts", "list"));
        assert_eq!(Capabilities::from_value(&json!([1])), Capabilities::default());
    }

    #[test]
    fn a_model_that_cannot_be_read_matches_no_api() {
        for model in [json!(["crm"]), json!({"name": "crm"}), json!(""), json!(7)] {
            let caps = Capabilities::from_value(&json!({
                "unified": [{"model": model, "resource": "contacts", "methods": ["update"]}]
            }));
            assert!(!caps.offers("crm", "contacts", "update"), "{model}");
            assert!(!caps.offers("ats", "contacts", "update"), "{model}");
        }
        assert_eq!(
            Capabilities::from_value(&json!({"unified": [{"model": ["ats"]}]})).unified[0].model.as_deref(),
            Some(r#"["ats"]"#)
        );
        let sparse = Capabilities::from_value(
            &json!({"unified": [{"model": null, "resource": "contacts", "methods": ["update"]}]}),
        );
        assert!(sparse.offers("crm", "contacts", "update"), "null is no model: any API");
    }

    #[test]
    fn only_an_object_body_decodes() {
        let headers = http::HeaderMap::new();
        let ok = decode_response(http::StatusCode::OK, &headers, b"{}").expect("empty object");
        assert_eq!(ok, Capabilities::default());
        for bad in [&b"[]"[..], b"null", b"\"x\"", b"{", b""] {
            let error = decode_response(http::StatusCode::OK, &headers, bad).expect_err("refused");
            assert!(matches!(error, Error::Decode { .. }), "{error}");
        }
        let error =
            decode_response(http::StatusCode::UNAUTHORIZED, &headers, br#"{"message": "bad token"}"#).expect_err("401");
        assert!(matches!(error, Error::Api(_)));
    }

    #[test]
    fn the_request_has_its_path() {
        let request = CapabilitiesRequest::integration("zoho crm/x");
        assert_eq!(request.path().expect("path"), "/integration/zoho%20crm%2Fx/capabilities");
        assert!(CapabilitiesRequest::account("").build("http://h").is_err());
        assert!(CapabilitiesRequest::account("..").build("http://h").is_err());
        let http = CapabilitiesRequest::account("a-1").build("http://h/").expect("builds");
        assert_eq!(
            (http.method(), http.uri().to_string()),
            (&http::Method::GET, "http://h/integrated-account/a-1/capabilities".to_owned())
        );
    }
}
