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
        let mut methods: BTreeMap<(String, String, String), (Name, String)> = BTreeMap::new();
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
                if !self.failed("api") {
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
            let mut stub;
            let resource = match api_resources.iter_mut().find(|r| r.name == endpoint.resource.as_str()) {
                Some(resource) => resource,
                None if self.failed("resource") => {
                    // The resource's section could not be read: check the endpoint on its own,
                    // so that its problems are reported now too, and leave it out.
                    let model = ObjectType { name: String::new(), description: None, fields: Vec::new(), shape: false };
                    stub = Resource {
                        name: endpoint.resource.to_string(),
                        module: String::new(),
                        model,
                        endpoints: Vec::new(),
                        client_type: String::new(),
                        feature: String::new(),
                    };
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
            let models: Vec<String> = sections
                .resources
                .iter()
                .filter(|r| r.api.as_str() == api.name.as_str())
                .map(|r| r.model.to_string())
                .collect();
            let ctx = EndpointContext { api, shared, models: &models };
            let Some(resolved) = self.resolve_endpoint(endpoint, resource, &ctx, pending) else { continue };
            if resource.model.name.is_empty() {
                continue;
            }
            // Two endpoints of one resource must not share a Rust method or type names.
            let at = endpoint.name.as_ref().unwrap_or(&endpoint.operation);
            let label = match &endpoint.name {
                Some(name) => format!("the custom endpoint `{}`", name.as_str()),
                None => format!("the {} endpoint", endpoint.operation.as_str()),
            };
            let method_key = (api.name.to_string(), resource.name.clone(), resolved.method.clone());
            let prefix_key = (api.name.to_string(), resource.name.clone(), format!("type {}", resolved.type_prefix));
            let mut collides = false;
            for (key, what) in [
                (method_key, format!("the Rust method `{}`", resolved.method)),
                (prefix_key, format!("Rust types named `{}...`", resolved.type_prefix)),
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
                    let path =
                        if second_label.starts_with("the custom") { "endpoint.name" } else { "endpoint.operation" };
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
            let help = did_you_mean(&raw.operation, OPERATIONS.iter().copied())
                .unwrap_or_else(|| format!("use one of {}", OPERATIONS.join(", ")));
            self.problem(
                &raw.operation,
                "endpoint.operation",
                format!("unknown operation `{}`", raw.operation.as_str()),
                Some(help),
            );
            return None;
        };
        match (&operation, &raw.name) {
            (Operation::Custom(_), None) => {
                self.problem(&raw.operation, "endpoint.operation", "a custom endpoint needs a `name`", Some("add `name:` with its URL segment after the resource, e.g. `name: merge` for /unified/crm/<resource>/merge".to_owned()));
                return None;
            }
            (Operation::Custom(_), Some(_)) | (_, None) => {}
            (_, Some(name)) => {
                self.problem(name, "endpoint.name", "only custom endpoints have a `name`", Some("remove it".to_owned()))
            }
        }
        if raw.http.as_str() != operation.http_method() {
            self.problem(
                &raw.http,
                "endpoint.http",
                format!("a {} endpoint uses {}, not {}", operation.kind(), operation.http_method(), raw.http.as_str()),
                Some(format!("write `http: {}`", operation.http_method())),
            );
        }
        let base = format!("/unified/{}/{}", ctx.api.name.as_str(), resource.name);
        let expected_path = match &operation {
            Operation::List | Operation::Create => base,
            Operation::Get | Operation::Update | Operation::Delete => format!("{base}/{{id}}"),
            Operation::Custom(name) => format!("{base}/{name}"),
        };
        if raw.path.as_str() != expected_path {
            self.problem(
                &raw.path,
                "endpoint.path",
                format!("the path `{}` is not the {} path of `{}`", raw.path.as_str(), operation.kind(), resource.name),
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
        let mut path_params = Vec::new();
        for param in &raw.path_params {
            if !placeholders.iter().any(|p| p == param.as_str()) {
                self.problem(
                    param,
                    "endpoint.path_params",
                    format!("the path parameter `{}` does not appear in the path", param.as_str()),
                    Some(format!("add `{{{}}}` to the path or remove the parameter", param.as_str())),
                );
            }
            match ctx.shared.path_params.get(param.as_str()) {
                Some(field) => path_params.push(field.clone()),
                None if self.failed("parameters") => {}
                None => {
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
        }
        path_params.sort_by_key(|p| placeholders.iter().position(|x| *x == p.wire));
        let mut response_formats = Vec::new();
        for format in &raw.response_formats {
            if !ctx.shared.response_formats.iter().any(|f| f == format.as_str()) {
                if self.failed("parameters") {
                    continue;
                }
                let help = did_you_mean(format, ctx.shared.response_formats.iter().map(String::as_str));
                self.problem(
                    format,
                    "endpoint.response_formats",
                    format!("unknown response format `{}`", format.as_str()),
                    help.or_else(|| Some(format!("use some of {}", ctx.shared.response_formats.join(", ")))),
                );
            } else if response_formats.iter().any(|f| f == format.as_str()) {
                self.problem(
                    format,
                    "endpoint.response_formats",
                    format!("the response format `{}` is listed twice", format.as_str()),
                    Some("list each format once: remove this one".to_owned()),
                );
            } else {
                response_formats.push(format.to_string());
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
        let method = match &operation {
            Operation::Custom(name) => names::fn_name(name),
            other => other.kind().to_owned(),
        };
        let type_prefix = match &operation {
            Operation::List => names::type_name(&format!("list {}", resource.name)),
            _ => format!("{}{}", names::type_name(names::unraw(&method)), resource.model.name),
        };
        let api: &RawApi = ctx.api;
        let scope = FieldScope {
            parent_type: type_prefix.clone(),
            yaml_path: "endpoint.query".into(),
            allow_support: true,
            api: Some(api),
            module: resource.name.clone(),
        };
        let query = self.resolve_fields(&raw.query, &scope, pending);
        let request_type = type_prefix.clone();
        let query_type = format!("{type_prefix}Query");
        for name in [&request_type, &query_type] {
            self.record_type(name, &resource.name, &raw.operation, "endpoint");
        }
        // The query struct holds Truto's shared parameters for this operation as well.
        let shared: Vec<&Field> = ctx
            .shared
            .query
            .iter()
            .filter(|s| !s.response_format && (s.operations.is_empty() || s.operations.contains(&operation)))
            .map(|s| &s.field)
            .collect();
        for param in &query {
            let Some(at) = raw.query.keys().find(|k| k.as_str() == param.wire) else { continue };
            let yaml_path = format!("endpoint.query.{}", param.wire);
            if ctx.shared.query.iter().any(|s| s.field.wire == param.wire) {
                self.problem(
                    at,
                    &yaml_path,
                    format!("`{}` is one of Truto's shared parameters", param.wire),
                    Some("shared parameters are defined once, in `parameters.query`: remove it here".to_owned()),
                );
            } else if let Some(other) = shared.iter().find(|s| s.rust == param.rust) {
                let message = format!(
                    "the query parameter `{}` and Truto's shared parameter `{}` both become the Rust field `{}`",
                    param.wire, other.wire, param.rust
                );
                self.problem(
                    at,
                    &yaml_path,
                    message,
                    Some(format!("give it a distinct `rust_name`, e.g. `rust_name: {}_2`", names::unraw(&param.rust))),
                );
            }
        }
        let body = raw.body.as_ref().map(|fields| {
            if matches!(operation, Operation::List | Operation::Get | Operation::Delete) {
                self.problem(
                    &raw.operation,
                    "endpoint.body",
                    format!("a {} endpoint takes no body", operation.kind()),
                    Some("remove `body`".to_owned()),
                );
            }
            let scope = FieldScope { yaml_path: "endpoint.body".into(), ..scope.clone() };
            self.record_type(&format!("{type_prefix}Body"), &resource.name, &raw.operation, "endpoint.body");
            ObjectType {
                name: format!("{type_prefix}Body"),
                description: Some(format!("The request body of `{} {}`.", raw.http.as_str(), raw.path.as_str())),
                fields: self.resolve_fields(fields, &scope, pending),
                shape: false,
            }
        });
        let response_model = match &raw.response.model {
            Some(model) => {
                if !ctx.models.iter().any(|m| m == model.as_str()) && !self.failed("resource") {
                    let help = did_you_mean(model, ctx.models.iter().map(String::as_str)).unwrap_or_else(|| {
                        format!("name the `model` of a resource of this API: {}", ctx.models.join(", "))
                    });
                    self.problem(
                        model,
                        "endpoint.response.model",
                        format!("unknown model `{}`", model.as_str()),
                        Some(help),
                    );
                }
                model.to_string()
            }
            None => resource.model.name.clone(),
        };
        // (No model to check response marks against when the resource could not be read.)
        let model_fields = if response_model == resource.model.name && !resource.model.name.is_empty() {
            Some(resource.model.fields.clone())
        } else {
            None
        };
        let mut response_support = BTreeMap::new();
        for (path, marks) in sorted(&raw.response.support) {
            let yaml_path = format!("endpoint.response.support.{}", path.as_str());
            let ty = match &model_fields {
                Some(fields) => match field_at_path(fields, path) {
                    Ok(field) => field.ty.clone(),
                    Err(_) => {
                        let mut candidates = Vec::new();
                        field_paths(fields, "", &mut candidates);
                        let help = did_you_mean(path, candidates.iter().map(String::as_str)).unwrap_or_else(|| {
                            "response marks are keyed by a field's dotted path in the model, e.g. `account.id`"
                                .to_owned()
                        });
                        let message = format!(
                            "support marks on `{}`, but the response model `{response_model}` has no such field",
                            path.as_str()
                        );
                        self.problem(path, &yaml_path, message, Some(help));
                        continue;
                    }
                },
                None => Type::Scalar(Scalar::Any),
            };
            response_support.insert(path.to_string(), self.resolve_support(marks, &ty, &yaml_path));
        }
        if raw.response.partial && operation != Operation::List {
            let at = raw.response.model.as_ref().unwrap_or(&raw.operation);
            self.problem(
                at,
                "endpoint.response.partial",
                format!("only list endpoints return partial records, not {} endpoints", operation.kind()),
                Some("remove `partial: true`".to_owned()),
            );
        }
        Some(Endpoint {
            operation,
            method,
            support_static: heck::ToShoutySnakeCase::to_shouty_snake_case(type_prefix.as_str()),
            type_prefix,
            request_type,
            query_type,
            http: raw.http.to_string(),
            path: raw.path.to_string(),
            path_params,
            response_formats,
            description: raw.description.clone(),
            integrations,
            query,
            body,
            response_model,
            response_support,
            partial_response: raw.response.partial,
        })
    }
}

/// The `{name}` placeholders of a path, in order.
pub(super) fn path_placeholders(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

/// The field at a dotted path, or the names available where the path went wrong.
fn field_at_path<'f>(fields: &'f [Field], path: &str) -> Result<&'f Field, Vec<String>> {
    let (head, rest) = match path.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (path, None),
    };
    let field = fields
        .iter()
        .find(|f| f.wire == head)
        .ok_or_else(|| fields.iter().map(|f| f.wire.clone()).collect::<Vec<_>>())?;
    match rest {
        None => Ok(field),
        Some(rest) => match field.ty.object() {
            Some(object) => {
                field_at_path(&object.fields, rest).map_err(|c| c.into_iter().map(|n| format!("{head}.{n}")).collect())
            }
            None => Err(vec![head.to_owned()]),
        },
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
