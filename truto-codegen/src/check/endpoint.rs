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
        endpoints_sorted.sort_by_key(|e| endpoint_key(e));
        let mut seen_endpoints: BTreeMap<EndpointKey, &Name> = BTreeMap::new();
        // Per resource, the Rust method each endpoint became and where.
        let mut methods = Methods::new();
        // Each API's models, which any endpoint of the API may return (taken once, not per
        // endpoint).
        let models_by_api: BTreeMap<String, Vec<ObjectType>> = resolved_apis
            .iter()
            .map(|(api, resources)| (api.name.to_string(), resources.iter().map(|r| r.model.clone()).collect()))
            .collect();
        for endpoint in endpoints_sorted {
            if let Some(first) = seen_endpoints.get(&endpoint_key(endpoint)) {
                self.repeated_endpoint(endpoint, first);
                continue;
            }
            seen_endpoints.insert(endpoint_key(endpoint), &endpoint.operation);
            let Some((api, api_resources)) =
                resolved_apis.iter_mut().find(|(a, _)| a.name.as_str() == endpoint.api.as_str())
            else {
                self.unknown_api(endpoint, sections);
                continue;
            };
            let models = models_by_api.get(api.name.as_str()).map_or(&[][..], Vec::as_slice);
            let mut stub;
            let (resource, readable) = match api_resources.iter_mut().find(|r| r.name == endpoint.resource.as_str()) {
                Some(resource) => (resource, true),
                // The resource's section could not be read: check the endpoint on its own, so
                // that its problems are reported now too, and leave it out.
                None if self.failed(TopLevel::Resource) => {
                    stub = unreadable_resource(&endpoint.resource);
                    (&mut stub, false)
                }
                None => {
                    self.unknown_resource(endpoint, api, sections);
                    continue;
                }
            };
            let api: &RawApi = api;
            let ctx = EndpointContext { api, shared, models, readable };
            let Some(resolved) = self.resolve_endpoint(endpoint, resource, &ctx, pending) else { continue };
            if readable && !self.method_collides(endpoint, api, resource, &resolved, &mut methods) {
                resource.endpoints.push(resolved);
            }
        }
    }

    /// An endpoint defined a second time.
    fn repeated_endpoint(&mut self, endpoint: &RawEndpoint, first: &Name) {
        let (operation, resource) = (endpoint.operation.as_str(), endpoint.resource.as_str());
        let what = match &endpoint.name {
            Some(name) => format!("the {operation} endpoint `{}` of `{resource}`", name.as_str()),
            None => format!("the {operation} endpoint of `{resource}`"),
        };
        let message = format!("{what} is defined twice (first at {})", self.place(first));
        let help =
            "define each endpoint once: remove one of the two files, or give a second custom endpoint its own `name`";
        self.problem(&endpoint.operation, "endpoint.operation", message, Some(help.to_owned()));
    }

    /// An endpoint of an API no section defines.
    fn unknown_api(&mut self, endpoint: &RawEndpoint, sections: &Sections<'_>) {
        if self.failed(TopLevel::Api) {
            return;
        }
        let help = did_you_mean(&endpoint.api, sections.apis.iter().map(|a| a.name.as_str()))
            .or_else(|| Some("name an API defined in an `api` section (e.g. `crm`)".to_owned()));
        self.problem(&endpoint.api, "endpoint.api", format!("unknown API `{}`", endpoint.api.as_str()), help);
    }

    /// An endpoint of a resource its API does not model.
    fn unknown_resource(&mut self, endpoint: &RawEndpoint, api: &RawApi, sections: &Sections<'_>) {
        let names: Vec<&str> = sections
            .resources
            .iter()
            .filter(|r| r.api.as_str() == api.name.as_str())
            .map(|r| r.name.as_str())
            .collect();
        let resource = endpoint.resource.as_str();
        let help = did_you_mean(resource, names.iter().copied()).unwrap_or_else(|| {
            format!("an endpoint belongs to a resource with a model: add a `resource` section for `{resource}`")
        });
        let message = format!("the `{}` API has no modelled resource `{resource}`", api.name.as_str());
        self.problem(&endpoint.resource, "endpoint.resource", message, Some(help));
    }

    /// Whether the endpoint becomes the Rust method or type names of an endpoint placed before
    /// it on the same resource (reported), else records its own.
    fn method_collides(
        &mut self,
        endpoint: &RawEndpoint,
        api: &RawApi,
        resource: &Resource,
        resolved: &Endpoint,
        methods: &mut Methods,
    ) -> bool {
        let at = endpoint.name.as_ref().unwrap_or(&endpoint.operation);
        let label = EndpointLabel {
            custom_name: endpoint.name.as_ref().map(|n| n.to_string()),
            operation: endpoint.operation.to_string(),
        };
        let method_key = (api.name.to_string(), resource.name.clone(), resolved.method.to_string());
        let prefix_key = (api.name.to_string(), resource.name.clone(), format!("type {}", resolved.request));
        for (key, what) in [
            (method_key, format!("the Rust method `{}`", resolved.method)),
            (prefix_key, format!("Rust types named `{}...`", resolved.request)),
        ] {
            let Some((first, first_label)) = methods.get(&key) else {
                methods.insert(key, (at.clone(), label.clone()));
                continue;
            };
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
            let help = "give the custom endpoint a `name` that differs in more than case or punctuation";
            self.problem(second, path, message, Some(help.to_owned()));
            return true;
        }
        false
    }

    pub(super) fn resolve_endpoint(
        &mut self,
        raw: &RawEndpoint,
        resource: &Resource,
        ctx: &EndpointContext<'_>,
        pending: &mut Vec<PendingReference>,
    ) -> Option<Endpoint> {
        let operation = self.resolve_operation(raw)?;
        let kind = operation.kind;
        let path = self.resolve_path(raw, resource, &operation, ctx);
        let response_formats = self.resolve_response_formats(raw, ctx);
        let integrations = self.resolve_integrations(raw);
        let integrations_known_in_part = self.resolve_integrations_in_part(raw);
        let method = names::fn_name(operation.name());
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
            keeps_other_fields: false,
        };
        let (query, cursor) = self.resolve_query(raw, kind, &scope, (query_name, params_trait), ctx, pending);
        let body = match self.resolve_body(raw, &operation, &request, &scope, pending) {
            Some(body) => RequestBody::Documented(body),
            None => undocumented_body(raw, &operation, resource).map_or(RequestBody::None, RequestBody::Undocumented),
        };
        let mut response = self.resolve_response(raw, resource, kind, ctx);
        response.partial_in =
            self.resolve_partial_in(raw, kind, integrations.as_deref(), integrations_known_in_part.as_ref());
        response.partial |= !response.partial_in.is_empty();
        let arguments = arguments(&path, &query, &body, ctx.shared);
        Some(Endpoint {
            support_static: names::const_name(&request),
            operation,
            method,
            request,
            path,
            response_formats,
            description: raw.description.clone(),
            integrations,
            integrations_known_in_part,
            query,
            body,
            response,
            cursor,
            arguments,
        })
    }

    /// The operation, with a custom endpoint's name, and its HTTP method checked.
    fn resolve_operation(&mut self, raw: &RawEndpoint) -> Option<Operation> {
        let Some(operation) = parse_operation(&raw.operation, raw.name.as_ref()) else {
            let words = operation_words();
            let help = did_you_mean(&raw.operation, words.iter().copied())
                .unwrap_or_else(|| format!("use one of {}", words.join(", ")));
            let message = format!("unknown operation `{}`", raw.operation.as_str());
            self.problem(&raw.operation, "endpoint.operation", message, Some(help));
            return None;
        };
        let kind = operation.kind;
        match (kind, &raw.name) {
            (OperationKind::Custom, None) => {
                let help = "add `name:` with its URL segment after the resource, e.g. `name: merge` for /unified/crm/<resource>/merge";
                self.problem(
                    &raw.operation,
                    "endpoint.operation",
                    "a custom endpoint needs a `name`",
                    Some(help.to_owned()),
                );
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
        Some(operation)
    }

    /// The endpoint's query: its own parameters (named by `scope`), the shared groups its kind
    /// takes, and for a list the parameter its pages are fetched by.
    fn resolve_query(
        &mut self,
        raw: &RawEndpoint,
        kind: OperationKind,
        scope: &FieldScope<'_>,
        (query_name, params_trait): (TypeName, TypeName),
        ctx: &EndpointContext<'_>,
        pending: &mut Vec<PendingReference>,
    ) -> (Query, Option<CursorParam>) {
        let own: Vec<Param> = self.resolve_fields(&raw.query, scope, pending).into_iter().map(shared::param).collect();
        let groups: Vec<usize> =
            ctx.shared.groups.iter().enumerate().filter(|(_, g)| g.applies_to(kind)).map(|(i, _)| i).collect();
        self.check_own_params(raw, &own, &groups, ctx.shared);
        let cursor = (kind == OperationKind::List).then(|| cursor_param(&own, &groups, ctx.shared)).flatten();
        // An endpoint with nothing of its own takes its one shared group's struct as it is.
        let group_struct = match groups.as_slice() {
            [only] if own.is_empty() => Some(*only),
            _ => None,
        };
        let name = group_struct.and_then(|g| ctx.shared.groups.get(g)).map_or(query_name, |g| g.name.clone());
        let held = groups.iter().filter_map(|&g| ctx.shared.groups.get(g)).flat_map(|g| &g.params);
        let query = Query {
            name,
            description: format!("The query parameters of `{} {}`.", kind.http_method(), raw.path.as_str()),
            derives_default: own.iter().chain(held).all(|p| p.role != ParamRole::Argument),
            params_trait: (!own.is_empty()).then_some(params_trait),
            own,
            groups,
            group_struct,
        };
        (query, cursor)
    }

    /// The request body the schema describes, if any (`body_known_in_part` needs one): a PATCH
    /// body's fields can be left out, set or cleared.
    fn resolve_body(
        &mut self,
        raw: &RawEndpoint,
        operation: &Operation,
        request: &TypeName,
        query_scope: &FieldScope<'_>,
        pending: &mut Vec<PendingReference>,
    ) -> Option<Body> {
        let Some(fields) = &raw.body else {
            if let Some(text) = &raw.body_known_in_part {
                self.problem(
                    text,
                    "endpoint.body_known_in_part",
                    "`body_known_in_part` without a `body`",
                    Some(
                        "list the body fields the page showed under `body`; a body no page describes has no `body` \
                         key and no `body_known_in_part`"
                            .to_owned(),
                    ),
                );
            }
            return None;
        };
        if !operation.takes_body() {
            self.problem(
                &raw.operation,
                "endpoint.body",
                format!("a {} endpoint takes no body", operation.kind.word()),
                Some("remove `body`".to_owned()),
            );
        }
        let scope = FieldScope {
            context: FieldContext::EndpointBody,
            yaml_path: "endpoint.body".into(),
            keeps_other_fields: raw.body_known_in_part.is_some(),
            ..query_scope.clone()
        };
        let name = names::suffixed(request, "Body");
        self.record_type(&name, &scope.module, &raw.operation, "endpoint.body");
        let description = Some(format!("The request body of `{} {}`.", raw.http.as_str(), raw.path.as_str()));
        let known_in_part = raw
            .body_known_in_part
            .as_ref()
            .and_then(|text| self.known_in_part_text(text, "endpoint.body_known_in_part"));
        let fields = self.resolve_fields(fields, &scope, pending);
        let presence = if operation.kind == OperationKind::Update { Presence::Patch } else { Presence::Strict };
        let object = ObjectType::new(name, description, fields, false, presence).with_known_in_part(known_in_part);
        Some(Body { object })
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
        let expected_path = operation.kind.path(&base, operation.custom_name.as_deref().unwrap_or(ID_PLACEHOLDER));
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

    /// The endpoint's own query parameters against Truto's shared ones and each other: no
    /// shared parameter is defined again, and no name a setter, a group's field, or a method
    /// of every request or call has is taken twice.
    fn check_own_params(&mut self, raw: &RawEndpoint, own: &[Param], groups: &[usize], shared: &Shared) {
        let held: Vec<&QueryGroup> = groups.iter().filter_map(|&g| shared.groups.get(g)).collect();
        for (i, param) in own.iter().enumerate() {
            let Some(at) = raw.query.keys().find(|k| k.as_str() == param.field.wire) else { continue };
            let yaml_path = format!("endpoint.query.{}", param.field.wire);
            let rename = |name: &ValueName| Some(setters::rename_help(name));
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
            } else if let Some(owner) = setters::taken_by(param.setter.bare()) {
                let message = format!(
                    "the query parameter `{}` would get the setter `{}`, {owner}",
                    param.field.wire, param.setter
                );
                self.problem(at, &yaml_path, message, rename(&param.field.rust));
            } else if let Some(other) = own[..i].iter().find(|o| o.setter == param.setter) {
                let message = format!(
                    "the query parameters `{}` and `{}` both get the setter `{}`",
                    other.field.wire, param.field.wire, param.setter
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
        Response { model, support, partial: raw.response.partial, partial_in: Vec::new() }
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

/// A body the docs do not describe: a create, update or custom endpoint without `body`. The
/// request is generic over it, defaulting to the resource's model (creates and updates: every
/// field optional, only those set are sent) or to any JSON (custom methods).
fn undocumented_body(raw: &RawEndpoint, operation: &Operation, resource: &Resource) -> Option<UndocumentedBody> {
    if raw.body.is_some() || !operation.takes_body() {
        return None;
    }
    let default = match operation.kind {
        OperationKind::Custom => BodyDefault::Json,
        _ => BodyDefault::Model(resource.model.name.clone()),
    };
    Some(UndocumentedBody { param: names::body_param(), default })
}

/// What the request's constructor takes: the path parameters, the required query parameters
/// that are not text (shared ones first), and the body.
fn arguments(path: &PathTemplate, query: &Query, body: &RequestBody, shared: &Shared) -> Vec<Argument> {
    let mut arguments: Vec<Argument> =
        path.params().map(|field| Argument { name: field.rust.clone(), kind: ArgumentKind::Path }).collect();
    let held = query.groups.iter().filter_map(|&g| Some((Some(g), shared.groups.get(g)?.params.as_slice())));
    for (group, params) in held.chain([(None, query.own.as_slice())]) {
        for param in params.iter().filter(|p| p.role == ParamRole::Argument) {
            let kind = ArgumentKind::Query { group, ty: param.field.ty.clone() };
            arguments.push(Argument { name: param.field.rust.clone(), kind });
        }
    }
    let body = match body {
        RequestBody::Documented(body) => Some(ArgumentKind::Body(body.object.name.clone())),
        RequestBody::Undocumented(undocumented) => Some(ArgumentKind::AnyBody(undocumented.param.clone())),
        RequestBody::None => None,
    };
    arguments.extend(body.map(|kind| Argument { name: names::field_name("body"), kind }));
    arguments
}

/// The parameter a list's pages are fetched by: `next_cursor`, Truto's or the endpoint's own.
fn cursor_param(own: &[Param], groups: &[usize], shared: &Shared) -> Option<CursorParam> {
    let is_cursor = |p: &Param| p.field.wire == vocabulary::CURSOR_PARAM && p.field.ty.is_text();
    let in_group = groups.iter().find_map(|&g| {
        let group = shared.groups.get(g)?;
        group.params.iter().find(|p| is_cursor(p)).map(|p| CursorParam { group: Some(g), field: p.field.rust.clone() })
    });
    in_group
        .or_else(|| own.iter().find(|p| is_cursor(p)).map(|p| CursorParam { group: None, field: p.field.rust.clone() }))
}

/// How a path names the record's id.
const ID_PLACEHOLDER: &str = "{id}";

/// What tells endpoints apart: API, resource, operation word and a custom endpoint's name.
type EndpointKey = (String, String, String, Option<String>);

fn endpoint_key(endpoint: &RawEndpoint) -> EndpointKey {
    let name = endpoint.name.as_ref().map(|n| n.to_string());
    (endpoint.api.to_string(), endpoint.resource.to_string(), endpoint.operation.to_string(), name)
}

/// Per (API, resource, Rust name), the endpoint that took the name first: where, and which.
type Methods = BTreeMap<(String, String, String), (Name, EndpointLabel)>;

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
    let model = ObjectType::new(names::type_name(name), None, Vec::new(), false, Presence::Lenient);
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
