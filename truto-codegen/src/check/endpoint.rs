//! Endpoints: operation, HTTP method and path agree; parameters, formats, body and response
//! marks resolve.

use super::*;

impl Checker<'_> {
    /// Each endpoint, checked and placed under its resource.
    pub(super) fn place_endpoints(
        &mut self,
        sections: &Sections<'_>,
        resolved_apis: &mut [(&RawApi, Vec<Resource>)],
        shared: &Shared,
        pending: &mut Vec<PendingReference>,
    ) {
        // Endpoints, grouped under their resources.
        let mut endpoints_sorted = sections.endpoints.clone();
        endpoints_sorted.sort_by_key(|e| {
            (e.api.to_string(), e.resource.to_string(), e.operation.to_string(), e.name.as_ref().map(|n| n.to_string()))
        });
        let mut seen_endpoints: BTreeMap<_, &Name> = BTreeMap::new();
        // Per resource, the Rust method each endpoint became and where.
        let mut methods: BTreeMap<(String, String, String), (Name, EndpointLabel)> = BTreeMap::new();
        // Each API's models, which any endpoint of the API may return (taken once, not per
        // endpoint).
        let models_by_api: BTreeMap<String, Vec<ObjectType>> = resolved_apis
            .iter()
            .map(|(api, resources)| (api.name.to_string(), resources.iter().map(|r| r.model.clone()).collect()))
            .collect();
        for endpoint in endpoints_sorted {
            let key = (
                endpoint.api.to_string(),
                endpoint.resource.to_string(),
                endpoint.operation.to_string(),
                endpoint.name.as_ref().map(|n| n.to_string()),
            );
            if let Some(first) = seen_endpoints.get(&key) {
                let what = match &endpoint.name {
                    Some(name) => format!(
                        "the {} endpoint `{}` of `{}`",
                        endpoint.operation.as_str(),
                        name.as_str(),
                        endpoint.resource.as_str()
                    ),
                    None => format!("the {} endpoint of `{}`", endpoint.operation.as_str(), endpoint.resource.as_str()),
                };
                let message = format!("{what} is defined twice (first at {})", self.place(first));
                self.problem(&endpoint.operation, "endpoint.operation", message, Some("define each endpoint once: remove one of the two files, or give a second custom endpoint its own `name`".to_owned()));
                continue;
            }
            seen_endpoints.insert(key, &endpoint.operation);
            let Some((api, api_resources)) =
                resolved_apis.iter_mut().find(|(a, _)| a.name.as_str() == endpoint.api.as_str())
            else {
                if !self.failed(TopLevel::Api) {
                    let help = did_you_mean(&endpoint.api, sections.apis.iter().map(|a| a.name.as_str()))
                        .or_else(|| Some("name an API defined in an `api` section (e.g. `crm`)".to_owned()));
                    self.problem(
                        &endpoint.api,
                        "endpoint.api",
                        format!("unknown API `{}`", endpoint.api.as_str()),
                        help,
                    );
                }
                continue;
            };
            let models = models_by_api.get(api.name.as_str()).map_or(&[][..], Vec::as_slice);
            let mut stub;
            let mut readable = true;
            let resource = match api_resources.iter_mut().find(|r| r.name == endpoint.resource.as_str()) {
                Some(resource) => resource,
                None if self.failed(TopLevel::Resource) => {
                    // The resource's section could not be read: check the endpoint on its own,
                    // so that its problems are reported now too, and leave it out.
                    stub = unreadable_resource(&endpoint.resource);
                    readable = false;
                    &mut stub
                }
                None => {
                    let names: Vec<&str> = sections
                        .resources
                        .iter()
                        .filter(|r| r.api.as_str() == api.name.as_str())
                        .map(|r| r.name.as_str())
                        .collect();
                    let help = did_you_mean(&endpoint.resource, names.iter().copied()).or_else(|| {
                        Some(format!(
                            "an endpoint belongs to a resource with a model: add a `resource` section for `{}`",
                            endpoint.resource.as_str()
                        ))
                    });
                    self.problem(
                        &endpoint.resource,
                        "endpoint.resource",
                        format!(
                            "the `{}` API has no modelled resource `{}`",
                            api.name.as_str(),
                            endpoint.resource.as_str()
                        ),
                        help,
                    );
                    continue;
                }
            };
            let api: &RawApi = api;
            let ctx = EndpointContext { api, shared, models, readable };
            let Some(resolved) = self.resolve_endpoint(endpoint, resource, &ctx, pending) else { continue };
            if !readable {
                continue;
            }
            // Two endpoints of one resource must not share a Rust method or type names.
            let at = endpoint.name.as_ref().unwrap_or(&endpoint.operation);
            let label = EndpointLabel {
                custom_name: endpoint.name.as_ref().map(|n| n.to_string()),
                operation: endpoint.operation.to_string(),
            };
            let method_key = (api.name.to_string(), resource.name.clone(), resolved.method.to_string());
            let prefix_key = (api.name.to_string(), resource.name.clone(), format!("type {}", resolved.request));
            let mut collides = false;
            for (key, what) in [
                (method_key, format!("the Rust method `{}`", resolved.method)),
                (prefix_key, format!("Rust types named `{}...`", resolved.request)),
            ] {
                if let Some((first, first_label)) = methods.get(&key) {
                    let ((first, first_label), (second, second_label)) = if position(at) < position(first) {
                        ((at, &label), (first, first_label))
                    } else {
                        ((first, first_label), (at, &label))
                    };
                    let message = format!(
                        "{first_label} (at {}) and {second_label} of `{}` both become {what}",
                        self.place(first),
                        resource.name
                    );
                    let path = if second_label.custom_name.is_some() { "endpoint.name" } else { "endpoint.operation" };
                    self.problem(
                        second,
                        path,
                        message,
                        Some(
                            "give the custom endpoint a `name` that differs in more than case or punctuation"
                                .to_owned(),
                        ),
                    );
                    collides = true;
                    break;
                }
                methods.insert(key, (at.clone(), label.clone()));
            }
            if !collides {
                resource.endpoints.push(resolved);
            }
        }
    }

    pub(super) fn resolve_endpoint(
        &mut self,
        raw: &RawEndpoint,
        resource: &Resource,
        ctx: &EndpointContext<'_>,
        pending: &mut Vec<PendingReference>,
    ) -> Option<Endpoint> {
        let Some(operation) = parse_operation(&raw.operation, raw.name.as_ref()) else {
            let words = OperationKind::words();
            let help = did_you_mean(&raw.operation, words.iter().copied())
                .unwrap_or_else(|| format!("use one of {}", words.join(", ")));
            self.problem(
                &raw.operation,
                "endpoint.operation",
                format!("unknown operation `{}`", raw.operation.as_str()),
                Some(help),
            );
            return None;
        };
        let kind = operation.kind;
        match (kind, &raw.name) {
            (OperationKind::Custom, None) => {
                self.problem(&raw.operation, "endpoint.operation", "a custom endpoint needs a `name`", Some("add `name:` with its URL segment after the resource, e.g. `name: merge` for /unified/crm/<resource>/merge".to_owned()));
                return None;
            }
            (OperationKind::Custom, Some(_)) | (_, None) => {}
            (_, Some(name)) => {
                self.problem(name, "endpoint.name", "only custom endpoints have a `name`", Some("remove it".to_owned()))
            }
        }
        if raw.http.as_str() != kind.http_method() {
            self.problem(
                &raw.http,
                "endpoint.http",
                format!("a {} endpoint uses {}, not {}", kind.word(), kind.http_method(), raw.http.as_str()),
                Some(format!("write `http: {}`", kind.http_method())),
            );
        }
        let path = self.resolve_path(raw, resource, &operation, ctx);
        let response_formats = self.resolve_response_formats(raw, ctx);
        let integrations = raw.integrations.as_ref().map(|list| {
            let mut slugs: Vec<String> = list
                .iter()
                .filter(|s| self.known_integration(s, "endpoint.integrations"))
                .map(|s| s.to_string())
                .collect();
            slugs.sort();
            slugs.dedup();
            slugs
        });
        let method = match &operation.custom_name {
            Some(name) => names::fn_name(name),
            None => names::fn_name(kind.word()),
        };
        let request =
            names::endpoint_type_name(&method, kind == OperationKind::List, &resource.name, &resource.model.name);
        let (query_name, params_trait) = names::query_names(&request);
        for name in [&request, &query_name, &params_trait] {
            self.record_type(name, &resource.name, &raw.operation, "endpoint");
        }
        let scope = FieldScope {
            context: FieldContext::EndpointQuery,
            parent_type: Some(request.clone()),
            yaml_path: "endpoint.query".into(),
            api: Some(ctx.api),
            module: resource.name.clone(),
        };
        let own: Vec<Param> = self.resolve_fields(&raw.query, &scope, pending).into_iter().map(shared::param).collect();
        let groups: Vec<usize> =
            ctx.shared.groups.iter().enumerate().filter(|(_, g)| g.applies_to(kind)).map(|(i, _)| i).collect();
        self.check_own_params(raw, &own, &groups, ctx.shared);
        let of_list =
            |wire| (kind == OperationKind::List).then(|| list_param(&own, &groups, ctx.shared, wire)).flatten();
        let (cursor, key_by) = (of_list(CURSOR_PARAM), of_list(KEY_BY_PARAM));
        // An endpoint with nothing of its own takes its one shared group's struct as it is.
        let group_struct = match groups.as_slice() {
            [only] if own.is_empty() => Some(*only),
            _ => None,
        };
        let name = group_struct.and_then(|g| ctx.shared.groups.get(g)).map_or(query_name, |g| g.name.clone());
        let query = Query { name, params_trait: (!own.is_empty()).then_some(params_trait), own, groups, group_struct };
        let body = raw.body.as_ref().map(|fields| {
            if !kind.takes_body() {
                self.problem(
                    &raw.operation,
                    "endpoint.body",
                    format!("a {} endpoint takes no body", kind.word()),
                    Some("remove `body`".to_owned()),
                );
            }
            let scope =
                FieldScope { context: FieldContext::EndpointBody, yaml_path: "endpoint.body".into(), ..scope.clone() };
            let name = names::suffixed(&request, "Body");
            self.record_type(&name, &resource.name, &raw.operation, "endpoint.body");
            let object = ObjectType {
                name,
                description: Some(format!("The request body of `{} {}`.", raw.http.as_str(), raw.path.as_str())),
                fields: self.resolve_fields(fields, &scope, pending),
                shape: false,
            };
            let presence = if kind == OperationKind::Update { Presence::Patch } else { Presence::Strict };
            Body { object, presence }
        });
        let response = self.resolve_response(raw, resource, kind, ctx);
        Some(Endpoint {
            support_static: names::const_name(&request),
            operation,
            method,
            request,
            path,
            response_formats,
            description: raw.description.clone(),
            integrations,
            query,
            body,
            response,
            cursor,
            key_by,
        })
    }

    /// The path, checked against the operation's, with each parameter resolved.
    fn resolve_path(
        &mut self,
        raw: &RawEndpoint,
        resource: &Resource,
        operation: &Operation,
        ctx: &EndpointContext<'_>,
    ) -> PathTemplate {
        let base = format!("/unified/{}/{}", ctx.api.name.as_str(), resource.name);
        let expected_path = match (operation.kind, &operation.custom_name) {
            (OperationKind::Custom, Some(name)) => format!("{base}/{name}"),
            (OperationKind::List | OperationKind::Create | OperationKind::Custom, _) => base,
            (OperationKind::Get | OperationKind::Update | OperationKind::Delete, _) => format!("{base}/{{id}}"),
        };
        if raw.path.as_str() != expected_path {
            self.problem(
                &raw.path,
                "endpoint.path",
                format!(
                    "the path `{}` is not the {} path of `{}`",
                    raw.path.as_str(),
                    operation.kind.word(),
                    resource.name
                ),
                Some(format!("Truto's path for it is `{expected_path}`")),
            );
        }
        let placeholders = path_placeholders(&raw.path);
        let declared: Vec<&str> = raw.path_params.iter().map(|p| p.as_str()).collect();
        for placeholder in &placeholders {
            if !declared.contains(&placeholder.as_str()) {
                self.problem(
                    &raw.path,
                    "endpoint.path",
                    format!("the path has `{{{placeholder}}}` but `path_params` does not list it"),
                    Some(format!("add `{placeholder}` to `path_params`")),
                );
            }
        }
        for param in &raw.path_params {
            if !placeholders.iter().any(|p| p == param.as_str()) {
                self.problem(
                    param,
                    "endpoint.path_params",
                    format!("the path parameter `{}` does not appear in the path", param.as_str()),
                    Some(format!("add `{{{}}}` to the path or remove the parameter", param.as_str())),
                );
            }
            if !ctx.shared.path_params.contains_key(param.as_str()) && !self.failed(TopLevel::Parameters) {
                let help = did_you_mean(param, ctx.shared.path_params.keys().map(String::as_str))
                    .unwrap_or_else(|| "define it under parameters.path".to_owned());
                self.problem(
                    param,
                    "endpoint.path_params",
                    format!("unknown path parameter `{}`", param.as_str()),
                    Some(help),
                );
            }
        }
        PathTemplate { template: raw.path.to_string(), parts: path_parts(&raw.path, &ctx.shared.path_params) }
    }

    /// The `truto_response_format` values the endpoint allows.
    fn resolve_response_formats(&mut self, raw: &RawEndpoint, ctx: &EndpointContext<'_>) -> Vec<ResponseFormat> {
        let known = ctx.shared.formats();
        let mut formats = Vec::new();
        for word in &raw.response_formats {
            match ResponseFormat::from_word(word).filter(|f| known.contains(f)) {
                None if self.failed(TopLevel::Parameters) => {}
                None => {
                    let words: Vec<&str> = known.iter().map(|f| f.word()).collect();
                    let help = did_you_mean(word, words.iter().copied());
                    self.problem(
                        word,
                        "endpoint.response_formats",
                        format!("unknown response format `{}`", word.as_str()),
                        help.or_else(|| Some(format!("use some of {}", words.join(", ")))),
                    );
                }
                Some(format) if formats.contains(&format) => self.problem(
                    word,
                    "endpoint.response_formats",
                    format!("the response format `{}` is listed twice", word.as_str()),
                    Some("list each format once: remove this one".to_owned()),
                ),
                Some(format) => formats.push(format),
            }
        }
        if raw.response_formats.is_empty() {
            self.problem(
                &raw.operation,
                "endpoint.response_formats",
                "no response formats",
                Some("list at least `unified`".to_owned()),
            );
        }
        formats
    }

    /// The endpoint's own query parameters against Truto's shared ones: no shared parameter
    /// is defined again, and no name a setter, a group's field or a call's method has is
    /// taken twice.
    fn check_own_params(&mut self, raw: &RawEndpoint, own: &[Param], groups: &[usize], shared: &Shared) {
        let held: Vec<&QueryGroup> = groups.iter().filter_map(|&g| shared.groups.get(g)).collect();
        for param in own {
            let Some(at) = raw.query.keys().find(|k| k.as_str() == param.field.wire) else { continue };
            let yaml_path = format!("endpoint.query.{}", param.field.wire);
            let rename =
                |name: &ValueName| Some(format!("give it a distinct `rust_name`, e.g. `rust_name: {}_2`", name.bare()));
            if shared.has_query_param(&param.field.wire) {
                self.problem(
                    at,
                    &yaml_path,
                    format!("`{}` is one of Truto's shared parameters", param.field.wire),
                    Some("shared parameters are defined once, in `parameters.query`: remove it here".to_owned()),
                );
            } else if let Some(group) = held.iter().find(|g| g.field == param.field.rust) {
                let message = format!(
                    "the query parameter `{}` becomes the Rust field `{}`, which holds Truto's shared parameters",
                    param.field.wire, group.field
                );
                self.problem(at, &yaml_path, message, rename(&param.field.rust));
            } else if let Some(other) = held.iter().flat_map(|g| &g.params).find(|s| s.setter == param.setter) {
                let message = format!(
                    "the query parameter `{}` and Truto's shared parameter `{}` both get the setter `{}`",
                    param.field.wire, other.field.wire, param.setter
                );
                self.problem(at, &yaml_path, message, rename(&param.field.rust));
            } else if CALL_METHODS.contains(&param.setter.bare()) {
                let message = format!(
                    "the query parameter `{}` would get the setter `{}`, which every call already has",
                    param.field.wire, param.setter
                );
                self.problem(at, &yaml_path, message, rename(&param.field.rust));
            }
        }
    }

    /// What the endpoint returns, its response marks checked against the model.
    fn resolve_response(
        &mut self,
        raw: &RawEndpoint,
        resource: &Resource,
        kind: OperationKind,
        ctx: &EndpointContext<'_>,
    ) -> Response {
        let model = match &raw.response.model {
            Some(name) => match ctx.models.iter().find(|m| m.name == *name.as_str()) {
                Some(model) => Some(model.clone()),
                None => {
                    if !self.failed(TopLevel::Resource) {
                        let names: Vec<&str> = ctx.models.iter().map(|m| m.name.as_str()).collect();
                        let help = did_you_mean(name, names.iter().copied()).unwrap_or_else(|| {
                            format!("name the `model` of a resource of this API: {}", names.join(", "))
                        });
                        self.problem(
                            name,
                            "endpoint.response.model",
                            format!("unknown model `{}`", name.as_str()),
                            Some(help),
                        );
                    }
                    None
                }
            },
            None => Some(resource.model.clone()),
        };
        // (No model to check response marks against when its resource could not be read.)
        let model = model.filter(|_| ctx.readable);
        let mut support = BTreeMap::new();
        for (path, marks) in sorted(&raw.response.support) {
            let yaml_path = format!("endpoint.response.support.{}", path.as_str());
            let ty = match &model {
                Some(model) => match field_at_path(&model.fields, path) {
                    Some(field) => field.ty.clone(),
                    None => {
                        let mut candidates = Vec::new();
                        field_paths(&model.fields, "", &mut candidates);
                        let help = did_you_mean(path, candidates.iter().map(String::as_str)).unwrap_or_else(|| {
                            "response marks are keyed by a field's dotted path in the model, e.g. `account.id`"
                                .to_owned()
                        });
                        let message = format!(
                            "support marks on `{}`, but the response model `{}` has no such field",
                            path.as_str(),
                            model.name
                        );
                        self.problem(path, &yaml_path, message, Some(help));
                        continue;
                    }
                },
                None => Type::Scalar(Scalar::Any),
            };
            support.insert(path.to_string(), self.resolve_support(marks, &ty, &yaml_path));
        }
        if raw.response.partial && kind != OperationKind::List {
            let at = raw.response.model.as_ref().unwrap_or(&raw.operation);
            self.problem(
                at,
                "endpoint.response.partial",
                format!("only list endpoints return partial records, not {} endpoints", kind.word()),
                Some("remove `partial: true`".to_owned()),
            );
        }
        let model = model.unwrap_or_else(|| resource.model.clone());
        Response { model, support, partial: raw.response.partial }
    }
}

/// The `{name}` placeholders of a path, in order.
pub(super) fn path_placeholders(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

/// The field at a dotted path.
fn field_at_path<'f>(fields: &'f [Field], path: &str) -> Option<&'f Field> {
    let (head, rest) = match path.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (path, None),
    };
    let field = fields.iter().find(|f| f.wire == head)?;
    match rest {
        None => Some(field),
        Some(rest) => field_at_path(&field.ty.object()?.fields, rest),
    }
}

/// Every dotted path (`account`, `account.id`) of the fields, nested ones included.
fn field_paths(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for field in fields {
        let path = format!("{prefix}{}", field.wire);
        if let Some(object) = field.ty.object() {
            field_paths(&object.fields, &format!("{path}."), out);
        }
        out.push(path);
    }
}

/// `/unified/crm/opportunities/{id}` → `["/unified/crm/opportunities/", {id}]`, each
/// parameter with its resolved field (unknown ones, already reported, are left out).
fn path_parts(path: &str, params: &BTreeMap<String, Field>) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else { break };
        if start > 0 {
            parts.push(PathPart::Literal(rest[..start].to_owned()));
        }
        if let Some(field) = params.get(&rest[start + 1..start + end]) {
            parts.push(PathPart::Param(Box::new(field.clone())));
        }
        rest = &rest[start + end + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

/// Where a list's text parameter `wire` is (`next_cursor`, `truto_key_by`): Truto's or the
/// endpoint's own.
fn list_param(own: &[Param], groups: &[usize], shared: &Shared, wire: &str) -> Option<CursorParam> {
    let is_it = |p: &Param| p.field.wire == wire && p.field.ty.is_text();
    let in_group = groups.iter().find_map(|&g| {
        let group = shared.groups.get(g)?;
        group.params.iter().find(|p| is_it(p)).map(|p| CursorParam { group: Some(g), field: p.field.rust.clone() })
    });
    in_group.or_else(|| own.iter().find(|p| is_it(p)).map(|p| CursorParam { group: None, field: p.field.rust.clone() }))
}

/// The query parameter Truto pages lists by.
const CURSOR_PARAM: &str = "next_cursor";

/// The query parameter that keys a list's records by a field (the runtime's `Call::key_by`).
const KEY_BY_PARAM: &str = "truto_key_by";

/// The methods every call has (the runtime's `Call`): a setter by one of these names would be
/// hidden behind it.
const CALL_METHODS: &[&str] = &[
    "build",
    "check_for",
    "debug",
    "header",
    "idempotency_key",
    "items",
    "map",
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
];

/// How a problem names an endpoint: "the custom endpoint `merge`", "the update endpoint".
#[derive(Debug, Clone)]
struct EndpointLabel {
    custom_name: Option<String>,
    operation: String,
}

impl std::fmt::Display for EndpointLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.custom_name {
            Some(name) => write!(f, "the custom endpoint `{name}`"),
            None => write!(f, "the {} endpoint", self.operation),
        }
    }
}

/// A stand-in for a resource whose section could not be read, so its endpoints are still
/// checked (and then left out).
fn unreadable_resource(name: &Name) -> Resource {
    let model = ObjectType { name: names::type_name(name), description: None, fields: Vec::new(), shape: false };
    Resource {
        name: name.to_string(),
        module: names::field_name(name),
        model,
        endpoints: Vec::new(),
        client_type: names::client_type_name(name),
        feature: String::new(),
        defined_types: BTreeSet::new(),
        enum_aliases: Vec::new(),
    }
}
