//! From the schema as written to the resolved [`model`](crate::model): every name, type,
//! reference and support mark is checked and decided here, and every problem is collected.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::LoadedFile;
use crate::model::*;
use crate::names;
use crate::raw::*;

/// Checks the parsed files and resolves them into one [`Schema`].
///
/// `paths[i]` is the file that YAML source `i` came from (spans carry the source index).
///
/// When sections of some files could not be read ([`LoadedFile::failed_sections`]), problems
/// that are likely caused by what they would have defined (an unknown integration when an
/// `integrations` section failed) are not reported: the failed section's own problem is.
pub fn check(paths: &[PathBuf], files: &[LoadedFile]) -> Result<Schema, Diagnostics> {
    let failed: BTreeSet<&'static str> = files.iter().flat_map(|f| f.failed_sections.iter().copied()).collect();
    let mut checker = Checker {
        paths,
        problems: Vec::new(),
        integrations: BTreeMap::new(),
        shapes: BTreeMap::new(),
        failed,
        type_sites: BTreeMap::new(),
        shape_names: BTreeSet::new(),
    };
    let schema = checker.run(files);
    if checker.problems.is_empty() { Ok(schema) } else { Err(Diagnostics(checker.problems).sorted()) }
}

struct Checker<'a> {
    paths: &'a [PathBuf],
    problems: Vec<Diagnostic>,
    /// Known integration slugs.
    integrations: BTreeMap<String, Integration>,
    /// Resolved shapes by name.
    shapes: BTreeMap<String, ObjectType>,
    /// Sections that some file has but that could not be read.
    failed: BTreeSet<&'static str>,
    /// Where each Rust type name is defined, to place name collisions.
    type_sites: BTreeMap<String, Vec<Site>>,
    /// The name of every shape, resolved or not.
    shape_names: BTreeSet<String>,
}

/// Where a Rust name comes from in the YAML.
#[derive(Clone)]
struct Site {
    /// The module the name is defined in (a resource's name, or `shapes`).
    module: String,
    at: Name,
    yaml_path: String,
}

/// Where a field is being resolved, for names and for what it may contain.
#[derive(Clone)]
struct FieldScope<'s> {
    /// The Rust type name nested types are named after.
    parent_type: String,
    /// The YAML path of the containing map.
    yaml_path: String,
    /// Whether `support` marks are allowed (endpoint body and query).
    allow_support: bool,
    /// The API whose resources references may name (`None` for shapes: any API).
    api: Option<&'s RawApi>,
    /// The generated module the nested types land in (a resource's name, `shapes`, or empty
    /// for Truto's shared parameters).
    module: String,
}

/// A reference to check once every resource is known.
struct PendingReference {
    at: Name,
    yaml_path: String,
    apis: Vec<String>,
    reference: Reference,
}

impl<'a> Checker<'a> {
    fn problem(&mut self, at: &Name, yaml_path: &str, message: impl Into<String>, help: impl Into<Option<String>>) {
        let start = at.span().start();
        let file = start.and_then(|m| self.paths.get(m.source())).cloned().unwrap_or_default();
        self.problems.push(Diagnostic {
            file,
            line: start.map(|m| m.line()),
            column: start.map(|m| m.column()),
            yaml_path: yaml_path.to_owned(),
            message: message.into(),
            help: help.into(),
        });
    }

    fn file_problem(&mut self, file: &std::path::Path, message: impl Into<String>, help: &str) {
        self.problems.push(Diagnostic {
            file: file.to_path_buf(),
            line: Some(1),
            column: Some(1),
            yaml_path: String::new(),
            message: message.into(),
            help: Some(help.to_owned()),
        });
    }

    /// Whether a section of this kind failed to load somewhere (so that what it defines is
    /// unknown, and "unknown X" problems would only repeat that failure).
    fn failed(&self, section: &str) -> bool {
        self.failed.contains(section)
    }

    /// Records where the Rust type `name` of `module` is defined.
    fn record_type(&mut self, name: &str, module: &str, at: &Name, yaml_path: &str) {
        let site = Site { module: module.to_owned(), at: at.clone(), yaml_path: yaml_path.to_owned() };
        self.type_sites.entry(name.to_owned()).or_default().push(site);
    }

    /// `path:line:column` of a name, for pointing from one problem at a second place.
    fn place(&self, at: &Name) -> String {
        match at.span().start() {
            Some(m) => {
                let file = self.paths.get(m.source()).map(|p| p.display().to_string()).unwrap_or_default();
                format!("{file}:{}:{}", m.line(), m.column())
            }
            None => "an unknown place".to_owned(),
        }
    }

    fn run(&mut self, files: &[LoadedFile]) -> Schema {
        let mut integrations = Vec::new();
        let mut parameters: Vec<(&PathBuf, &RawParameters)> = Vec::new();
        let mut shapes = Vec::new();
        let mut apis = Vec::new();
        let mut resources = Vec::new();
        let mut endpoints = Vec::new();
        for file in files {
            let raw = &file.raw;
            let sections = [
                raw.integrations.is_some(),
                raw.parameters.is_some(),
                raw.shapes.is_some(),
                raw.api.is_some(),
                raw.resource.is_some(),
                raw.endpoint.is_some(),
            ];
            if !sections.contains(&true) && file.failed_sections.is_empty() {
                self.file_problem(
                    &file.path,
                    "the file defines nothing",
                    "add a top-level section: integrations, parameters, shapes, api, resource or endpoint",
                );
            }
            integrations.extend(raw.integrations.iter().flatten().enumerate());
            parameters.extend(raw.parameters.as_ref().map(|p| (&file.path, p)));
            shapes.extend(raw.shapes.iter().flatten());
            apis.extend(raw.api.as_ref());
            resources.extend(raw.resource.as_ref());
            endpoints.extend(raw.endpoint.as_ref());
        }

        self.check_integrations(integrations);
        let shared_path_params: &NamedMap<RawField>;
        let shared_query_raw: &NamedMap<RawField>;
        let empty = NamedMap::new();
        match parameters.as_slice() {
            [] => {
                if !self.failed("parameters") {
                    let file = files.first().map(|f| f.path.clone()).unwrap_or_default();
                    self.file_problem(
                        &file,
                        "no `parameters` section: Truto's shared path and query parameters are missing",
                        "add a parameters.yaml with `parameters: { path: ..., query: ... }` (see schema/README.md)",
                    );
                }
                shared_path_params = &empty;
                shared_query_raw = &empty;
            }
            [(_, p), rest @ ..] => {
                for (path, _) in rest {
                    let path = (*path).clone();
                    self.file_problem(&path, "a second `parameters` section", "define Truto's shared parameters once");
                }
                shared_path_params = &p.path;
                shared_query_raw = &p.query;
            }
        }

        let mut shapes_sorted: Vec<(&Name, &RawShape)> = shapes.into_iter().collect();
        self.shape_names = shapes_sorted.iter().map(|(name, _)| name.to_string()).collect();
        shapes_sorted.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        let mut pending = Vec::new();
        // Shapes may not use other shapes, so one pass resolves them all.
        for (i, (name, shape)) in shapes_sorted.iter().enumerate() {
            if let Some((first, _)) = shapes_sorted[..i].iter().find(|(n, _)| n.as_str() == name.as_str()) {
                let message =
                    format!("the shape `{}` is defined twice (first at {})", name.as_str(), self.place(first));
                self.problem(
                    name,
                    &format!("shapes.{}", name.as_str()),
                    message,
                    Some("define each shape once: remove one definition, or rename one".to_owned()),
                );
                continue;
            }
            if names::type_name(name) != name.as_str() {
                self.problem(
                    name,
                    &format!("shapes.{}", name.as_str()),
                    format!("the shape name `{}` is not PascalCase", name.as_str()),
                    Some(format!("call it `{}`", names::type_name(name))),
                );
            }
            let scope = FieldScope {
                parent_type: name.to_string(),
                yaml_path: format!("shapes.{}.fields", name.as_str()),
                allow_support: false,
                api: None,
                module: "shapes".to_owned(),
            };
            self.record_type(name.as_str(), "shapes", name, &format!("shapes.{}", name.as_str()));
            let fields = self.resolve_fields(&shape.fields, &scope, &mut pending);
            self.shapes.insert(
                name.to_string(),
                ObjectType { name: name.to_string(), description: shape.description.clone(), fields, shape: true },
            );
        }

        let shared_query = self.resolve_shared_query(shared_query_raw, &mut pending);
        let path_params: BTreeMap<String, Field> = self
            .resolve_fields(
                shared_path_params,
                &FieldScope {
                    parent_type: String::new(),
                    yaml_path: "parameters.path".into(),
                    allow_support: false,
                    api: None,
                    module: String::new(),
                },
                &mut pending,
            )
            .into_iter()
            .map(|f| (f.wire.clone(), f))
            .collect();
        let response_formats: Vec<String> = shared_query
            .iter()
            .find(|p| p.response_format)
            .and_then(|p| match &p.field.ty {
                Type::Enum(e) => Some(e.values.iter().map(|v| v.wire.clone()).collect()),
                _ => None,
            })
            .unwrap_or_default();

        let mut apis_sorted = apis;
        apis_sorted.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
        let mut resolved_apis = Vec::new();
        for (i, api) in apis_sorted.iter().enumerate() {
            if let Some(first) = apis_sorted[..i].iter().find(|a| a.name.as_str() == api.name.as_str()) {
                let message =
                    format!("the API `{}` is defined twice (first at {})", api.name.as_str(), self.place(&first.name));
                self.problem(
                    &api.name,
                    "api.name",
                    message,
                    Some("define each API once: remove one `api` section".to_owned()),
                );
                continue;
            }
            let mut known = BTreeSet::new();
            for r in &api.resources {
                if !known.insert(r.to_string()) {
                    self.problem(
                        r,
                        "api.resources",
                        format!("the resource `{}` is listed twice", r.as_str()),
                        Some("list each resource once".to_owned()),
                    );
                }
            }
            let mut api_resources: Vec<&RawResource> =
                resources.iter().copied().filter(|r| r.api.as_str() == api.name.as_str()).collect();
            api_resources.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
            let mut resolved = Vec::new();
            for (j, resource) in api_resources.iter().enumerate() {
                if let Some(first) = api_resources[..j].iter().find(|r| r.name.as_str() == resource.name.as_str()) {
                    let message = format!(
                        "the resource `{}` is defined twice (first at {})",
                        resource.name.as_str(),
                        self.place(&first.name)
                    );
                    self.problem(
                        &resource.name,
                        "resource.name",
                        message,
                        Some("define each resource once: remove one `resource` section".to_owned()),
                    );
                    continue;
                }
                if !known.contains(resource.name.as_str()) {
                    let help = did_you_mean(&resource.name, known.iter().map(String::as_str)).unwrap_or_else(|| {
                        format!(
                            "add `{}` to the `resources` of the `{}` API",
                            resource.name.as_str(),
                            api.name.as_str()
                        )
                    });
                    self.problem(
                        &resource.name,
                        "resource.name",
                        format!("`{}` is not a resource of the `{}` API", resource.name.as_str(), api.name.as_str()),
                        Some(help),
                    );
                }
                resolved.push(self.resolve_resource(api, resource, &mut pending));
            }
            resolved_apis.push((api, resolved));
        }
        for resource in &resources {
            if !apis_sorted.iter().any(|a| a.name.as_str() == resource.api.as_str()) && !self.failed("api") {
                let help = did_you_mean(&resource.api, apis_sorted.iter().map(|a| a.name.as_str()));
                self.problem(
                    &resource.api,
                    "resource.api",
                    format!("unknown API `{}`", resource.api.as_str()),
                    help.or_else(|| Some("define it in an `api` section".to_owned())),
                );
            }
        }

        // Endpoints, grouped under their resources.
        let mut endpoints_sorted = endpoints;
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
                    let help = did_you_mean(&endpoint.api, apis_sorted.iter().map(|a| a.name.as_str()))
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
                    let names: Vec<&str> = resources
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
            let models: Vec<String> =
                resources.iter().filter(|r| r.api.as_str() == api.name.as_str()).map(|r| r.model.to_string()).collect();
            let ctx = EndpointContext {
                api,
                path_params: &path_params,
                response_formats: &response_formats,
                shared_query: &shared_query,
                models: &models,
            };
            let Some(resolved) = self.resolve_endpoint(endpoint, resource, &ctx, &mut pending) else { continue };
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

        let apis: Vec<Api> = resolved_apis
            .into_iter()
            .map(|(api, mut resources)| {
                for r in &mut resources {
                    r.endpoints.sort_by(|a, b| a.operation.cmp(&b.operation));
                }
                Api {
                    name: api.name.to_string(),
                    client_type: format!("{}Client", names::type_name(&api.name)),
                    module: names::field_name(&api.name),
                    title: api.title.clone(),
                    description: api.description.clone(),
                    known_resources: api
                        .resources
                        .iter()
                        .map(|r| r.to_string())
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                    resources,
                }
            })
            .collect();
        self.check_references(&apis, pending);
        let schema = Schema {
            integrations: self.integrations.values().cloned().collect(),
            shapes: self.shapes.values().cloned().collect(),
            shared_query,
            apis,
        };
        self.check_names(&schema);
        schema
    }

    /// `raw` holds each integration with its index in its file's list.
    fn check_integrations(&mut self, raw: Vec<(usize, &RawIntegration)>) {
        let mut sorted = raw;
        sorted.sort_by(|a, b| a.1.slug.as_str().cmp(b.1.slug.as_str()));
        // Each with where it is: the name and its YAML path.
        let mut variants: BTreeMap<String, (&Name, String)> = BTreeMap::new();
        let mut slugs: BTreeMap<String, (&Name, String)> = BTreeMap::new();
        // Display names and aliases, which `Integration::from_name` matches, with their slug.
        let mut labels: BTreeMap<String, (&Name, (&Name, String))> = BTreeMap::new();
        for (index, integration) in sorted {
            let at = |key: &str| format!("integrations[{index}].{key}");
            let slug = integration.slug.to_string();
            if let Some(first) = slugs.get(&slug) {
                let (first, second) = ordered_sites(first.clone(), (&integration.slug, at("slug")));
                let message = format!("the integration `{slug}` is defined twice (first at {})", self.place(first.0));
                self.problem(
                    second.0,
                    &second.1,
                    message,
                    Some("define each integration once: remove one of the two entries".to_owned()),
                );
                continue;
            }
            slugs.insert(slug.clone(), (&integration.slug, at("slug")));
            if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
                self.problem(
                    &integration.slug,
                    &at("slug"),
                    format!("the slug `{slug}` is not lowercase letters and digits"),
                    Some("use Truto's slug, e.g. `zohocrm`".to_owned()),
                );
            }
            let mut label_clash = false;
            let names = std::iter::once((&integration.name, at("name")));
            let aliases = integration.aliases.iter().enumerate().map(|(i, a)| (a, at(&format!("aliases[{i}]"))));
            for (label, path) in names.chain(aliases) {
                match labels.get(label.as_str()) {
                    Some((other_slug, first)) => {
                        label_clash |= std::ptr::eq(label, &integration.name);
                        let (first, second) = ordered_sites(first.clone(), (label, path));
                        let (message, help) = if other_slug.as_str() == slug {
                            (
                                format!(
                                    "`{}` is given twice for `{slug}` (first at {})",
                                    label.as_str(),
                                    self.place(first.0)
                                ),
                                "remove the repeat",
                            )
                        } else {
                            (
                                format!(
                                    "`{}` names two integrations, `{}` and `{slug}` (first at {})",
                                    label.as_str(),
                                    other_slug.as_str(),
                                    self.place(first.0)
                                ),
                                "a display name or alias must name one integration: change or remove one of them",
                            )
                        };
                        self.problem(second.0, &second.1, message, Some(help.to_owned()));
                    }
                    None => {
                        labels.insert(label.to_string(), (&integration.slug, (label, path)));
                    }
                }
            }
            let variant = names::type_name(&integration.name);
            match variants.get(&variant) {
                Some(first) if !label_clash => {
                    let (first, second) = ordered_sites(first.clone(), (&integration.name, at("name")));
                    let message = format!(
                        "the integrations `{}` (at {}) and `{}` both become the Rust variant `{variant}`",
                        first.0.as_str(),
                        self.place(first.0),
                        second.0.as_str()
                    );
                    self.problem(
                        second.0,
                        &second.1,
                        message,
                        Some("their display names must differ in more than case, spaces or punctuation".to_owned()),
                    );
                }
                Some(_) => {}
                None => {
                    variants.insert(variant.clone(), (&integration.name, at("name")));
                }
            }
            self.integrations.insert(
                slug.clone(),
                Integration {
                    slug,
                    name: integration.name.to_string(),
                    aliases: integration.aliases.iter().map(|a| a.to_string()).collect(),
                    confirmed: integration.confirmed.unwrap_or(true),
                    variant,
                },
            );
        }
    }

    fn resolve_shared_query(
        &mut self,
        raw: &NamedMap<RawField>,
        pending: &mut Vec<PendingReference>,
    ) -> Vec<SharedQueryParam> {
        let scope = FieldScope {
            parent_type: String::new(),
            yaml_path: "parameters.query".into(),
            allow_support: false,
            api: None,
            module: String::new(),
        };
        let mut params = Vec::new();
        for (wire, field) in sorted(raw) {
            let path = format!("parameters.query.{}", wire.as_str());
            let mut operations = Vec::new();
            for op in field.operations.iter().flatten() {
                match parse_operation(op, None) {
                    Some(o) => operations.push(o),
                    None => {
                        let help = did_you_mean(op, OPERATIONS.iter().copied())
                            .unwrap_or_else(|| format!("use some of {}", OPERATIONS.join(", ")));
                        self.problem(
                            op,
                            &format!("{path}.operations"),
                            format!("unknown operation `{}`", op.as_str()),
                            Some(help),
                        );
                    }
                }
            }
            if field.response_format && field.enum_values.is_none() {
                self.problem(
                    wire,
                    &path,
                    "the response-format parameter has no `enum` of formats",
                    Some("list the formats: enum: [unified, raw, ...]".to_owned()),
                );
            }
            let mut resolved = self.resolve_field(wire, field, &scope, pending);
            if let Type::Enum(e) = &mut resolved.ty {
                if field.response_format {
                    e.name = "ResponseFormat".to_owned();
                }
            }
            params.push(SharedQueryParam { field: resolved, operations, response_format: field.response_format });
        }
        if params.iter().filter(|p| p.response_format).count() > 1 {
            if let Some((wire, _)) = sorted(raw).into_iter().find(|(_, f)| f.response_format) {
                self.problem(
                    wire,
                    "parameters.query",
                    "more than one parameter says `response_format: true`",
                    Some("only truto_response_format selects the format".to_owned()),
                );
            }
        }
        params
    }

    fn resolve_resource(&mut self, api: &RawApi, raw: &RawResource, pending: &mut Vec<PendingReference>) -> Resource {
        let model_name = raw.model.to_string();
        if names::type_name(&model_name) != model_name {
            self.problem(
                &raw.model,
                "resource.model",
                format!("the model name `{model_name}` is not PascalCase"),
                Some(format!("call it `{}`", names::type_name(&model_name))),
            );
        }
        self.record_type(&model_name, raw.name.as_str(), &raw.model, "resource.model");
        let client_type = format!("{}Client", names::type_name(&raw.name));
        self.record_type(&client_type, raw.name.as_str(), &raw.name, "resource.name");
        let scope = FieldScope {
            parent_type: model_name.clone(),
            yaml_path: "resource.fields".into(),
            allow_support: false,
            api: Some(api),
            module: raw.name.to_string(),
        };
        let fields = self.resolve_fields(&raw.fields, &scope, pending);
        let module = names::field_name(&raw.name);
        Resource {
            name: raw.name.to_string(),
            feature: names::unraw(&module).to_owned(),
            module,
            model: ObjectType { name: model_name, description: raw.description.clone(), fields, shape: false },
            endpoints: Vec::new(),
            client_type,
        }
    }

    fn resolve_fields(
        &mut self,
        raw: &NamedMap<RawField>,
        scope: &FieldScope<'_>,
        pending: &mut Vec<PendingReference>,
    ) -> Vec<Field> {
        let entries = sorted(raw);
        let fields: Vec<Field> =
            entries.iter().map(|(wire, field)| self.resolve_field(wire, field, scope, pending)).collect();
        // Two wire names that become one Rust field name (`foo-bar`, `foo_bar`).
        let mut by_rust: BTreeMap<&str, Vec<&Name>> = BTreeMap::new();
        for ((wire, _), field) in entries.iter().zip(&fields) {
            by_rust.entry(field.rust.as_str()).or_default().push(wire);
        }
        for (rust, mut wires) in by_rust {
            if wires.len() < 2 {
                continue;
            }
            wires.sort_by_key(|w| position(w));
            let first = wires[0];
            for wire in &wires[1..] {
                let message = format!(
                    "the fields `{}` (at {}) and `{}` both become the Rust field `{rust}`",
                    first.as_str(),
                    self.place(first),
                    wire.as_str()
                );
                let help =
                    format!("give one of them a distinct `rust_name`, e.g. `rust_name: {}_2`", names::unraw(rust));
                self.problem(wire, &format!("{}.{}", scope.yaml_path, wire.as_str()), message, Some(help));
            }
        }
        fields
    }

    fn resolve_field(
        &mut self,
        wire: &Name,
        raw: &RawField,
        scope: &FieldScope<'_>,
        pending: &mut Vec<PendingReference>,
    ) -> Field {
        let path = format!("{}.{}", scope.yaml_path, wire.as_str());
        if !scope.yaml_path.starts_with("parameters.query") {
            if let Some(op) = raw.operations.as_ref().and_then(|o| o.first()) {
                self.problem(
                    op,
                    &path,
                    "`operations` is only for Truto's shared query parameters",
                    Some("remove it".to_owned()),
                );
            }
            if raw.response_format {
                self.problem(
                    wire,
                    &path,
                    "`response_format` is only for Truto's shared query parameters",
                    Some("remove it".to_owned()),
                );
            }
        }
        let ty = self.resolve_type(wire, raw, scope, &path, pending);
        let references = raw.references.as_ref().and_then(|r| {
            let Some((resource, field)) = r.split_once('.') else {
                self.problem(
                    r,
                    &format!("{path}.references"),
                    format!("the reference `{}` is not `<resource>.<field>`", r.as_str()),
                    Some("write it like `accounts.id`".to_owned()),
                );
                return None;
            };
            let reference = Reference { resource: resource.to_owned(), field: field.to_owned() };
            pending.push(PendingReference {
                at: r.clone(),
                yaml_path: format!("{path}.references"),
                apis: scope.api.map(|a| vec![a.name.to_string()]).unwrap_or_default(),
                reference: reference.clone(),
            });
            Some(reference)
        });
        let support = match &raw.support {
            Some(support) if scope.allow_support => self.resolve_support(support, &ty, &format!("{path}.support")),
            Some(_) => {
                let help = if scope.yaml_path.starts_with("resource") {
                    "a model is shared by every endpoint: put response marks in the endpoint's `response.support`, keyed by the field's dotted path"
                } else {
                    "support marks belong to endpoint body fields and query parameters"
                };
                self.problem(wire, &path, "support marks are not allowed here", Some(help.to_owned()));
                Support::default()
            }
            None => Support::default(),
        };
        for (value, _) in sorted(&raw.value_docs) {
            let known = enum_values(&ty).is_some_and(|values| values.iter().any(|v| v.wire == value.as_str()));
            if !known {
                let values: Vec<&str> = enum_values(&ty).into_iter().flatten().map(|v| v.wire.as_str()).collect();
                let help = match did_you_mean(value, values.iter().copied()) {
                    Some(guess) => guess,
                    None if values.is_empty() => {
                        "`value_docs` documents the values of `enum`: add the `enum`, or remove `value_docs`".to_owned()
                    }
                    None => format!("document one of the values of `enum`: {}", values.join(", ")),
                };
                self.problem(
                    value,
                    &format!("{path}.value_docs.{}", value.as_str()),
                    format!(
                        "`value_docs` documents `{}`, which is not one of this field's enum values",
                        value.as_str()
                    ),
                    Some(help),
                );
            }
        }
        let rust = match &raw.rust_name {
            Some(name) => {
                let escaped = names::field_name(name);
                if names::unraw(&escaped) != name.as_str() {
                    self.problem(
                        name,
                        &path,
                        format!("`{}` is not a snake_case Rust field name", name.as_str()),
                        Some(format!("write `{}`", names::unraw(&escaped))),
                    );
                }
                escaped
            }
            None => names::field_name(wire),
        };
        Field {
            wire: wire.to_string(),
            rust,
            ty,
            schema_type: raw.ty.as_ref().map(|t| t.to_string()),
            required: raw.required,
            description: raw.description.clone(),
            example: raw.example.clone(),
            default: raw.default.clone(),
            references,
            support,
        }
    }

    fn resolve_type(
        &mut self,
        wire: &Name,
        raw: &RawField,
        scope: &FieldScope<'_>,
        path: &str,
        pending: &mut Vec<PendingReference>,
    ) -> Type {
        let written = raw.ty.as_ref().map(|t| t.as_str()).unwrap_or("");
        let mut base = written;
        let mut depth = 0;
        while let Some(inner) = base.strip_suffix("[]") {
            base = inner;
            depth += 1;
        }
        let nested_name = || match &raw.type_name {
            Some(n) => n.to_string(),
            None => join_type_name(&scope.parent_type, &names::type_name(wire)),
        };
        let name_site = raw.type_name.as_ref().unwrap_or(wire);
        if let Some(ty) = &raw.ty {
            if written.trim().is_empty() {
                self.problem(
                    ty,
                    path,
                    "the `type` is empty",
                    Some(format!(
                        "write one of {} or a shape name, or leave `type` out when the docs give none",
                        BUILTIN_TYPES.join(", ")
                    )),
                );
            } else if base.trim().is_empty() {
                self.problem(
                    ty,
                    path,
                    format!("the type `{written}` has no element type"),
                    Some("write the element type before `[]`, e.g. `string[]`".to_owned()),
                );
            }
        }
        if let (Some(type_name), Some(at)) = (&raw.type_name, raw.type_name.as_ref()) {
            if names::type_name(type_name) != type_name.as_str() {
                self.problem(
                    at,
                    path,
                    format!("`{}` is not a PascalCase type name", type_name.as_str()),
                    Some(format!("write `{}`", names::type_name(type_name))),
                );
            }
        }
        if raw.fields.is_some() && base != "object" {
            let at = raw.ty.as_ref().unwrap_or(wire);
            self.problem(
                at,
                path,
                format!("`fields` given for a field of type `{written}`"),
                Some("nested fields need `type: object` or `type: object[]`".to_owned()),
            );
        }
        if raw.enum_values.is_some() && !matches!(base, "" | "string") {
            let at = raw.ty.as_ref().unwrap_or(wire);
            self.problem(
                at,
                path,
                format!("`enum` given for a field of type `{written}`"),
                Some("enums are lists of strings: use `type: string` or leave the type out".to_owned()),
            );
        }
        let scalar = match base {
            _ if raw.enum_values.is_some() => {
                let name = nested_name();
                self.record_type(&name, &scope.module, name_site, path);
                Type::Enum(self.resolve_enum(wire, raw, name, path))
            }
            "" => Type::Any,
            "string" => Type::String,
            "number" => Type::Number,
            "integer" => Type::Integer,
            "boolean" => Type::Boolean,
            "date-time" => Type::DateTime,
            "uuid" => Type::Uuid,
            "map" => Type::Map,
            "object" => {
                let name = nested_name();
                self.record_type(&name, &scope.module, name_site, path);
                let child_scope =
                    FieldScope { parent_type: name.clone(), yaml_path: format!("{path}.fields"), ..scope.clone() };
                let fields = match &raw.fields {
                    Some(fields) => self.resolve_fields(fields, &child_scope, pending),
                    None => {
                        self.problem(
                            wire,
                            path,
                            "an object field without `fields`",
                            Some("list its fields, or use `type: map` for Record<string, any>".to_owned()),
                        );
                        Vec::new()
                    }
                };
                Type::Object(ObjectType { name, description: raw.description.clone(), fields, shape: false })
            }
            _ if base.trim().is_empty() => Type::Any,
            shape if scope.module == "shapes" && self.shape_names.contains(shape) => {
                let at = raw.ty.as_ref().unwrap_or(wire);
                self.problem(
                    at,
                    path,
                    format!("the shape field uses the shape `{shape}`: shapes cannot use other shapes"),
                    Some("write the fields out with `type: object` and `fields`".to_owned()),
                );
                Type::Any
            }
            shape => match self.shapes.get(shape) {
                Some(object) => Type::Object(object.clone()),
                None if self.failed("shapes") => Type::Any,
                None => {
                    let candidates: Vec<&str> =
                        BUILTIN_TYPES.iter().copied().chain(self.shapes.keys().map(String::as_str)).collect();
                    let help = did_you_mean(shape, candidates.iter().copied())
                        .unwrap_or_else(|| format!("use one of {} or a shape name", BUILTIN_TYPES.join(", ")));
                    let at = raw.ty.as_ref().unwrap_or(wire);
                    self.problem(at, path, format!("unknown type `{shape}`"), Some(help));
                    Type::Any
                }
            },
        };
        (0..depth).fold(scalar, |inner, _| Type::Array(Box::new(inner)))
    }

    fn resolve_enum(&mut self, wire: &Name, raw: &RawField, name: String, path: &str) -> EnumType {
        let mut values: Vec<EnumValue> = Vec::new();
        for value in raw.enum_values.iter().flatten() {
            if values.iter().any(|v| v.wire == value.as_str()) {
                self.problem(
                    value,
                    &format!("{path}.enum"),
                    format!("the value `{}` is listed twice", value.as_str()),
                    Some("list each value once".to_owned()),
                );
                continue;
            }
            // Providers dictate values, so values that differ only in case or punctuation
            // (`Open`, `open`) are all kept: later ones get a number.
            let base = names::variant_name(value);
            let mut variant = base.clone();
            let mut n = 2;
            while values.iter().any(|v| v.variant == variant) {
                variant = format!("{base}{n}");
                n += 1;
            }
            values.push(EnumValue {
                wire: value.to_string(),
                variant,
                doc: raw.value_docs.get(value.as_str()).cloned(),
            });
        }
        if values.is_empty() {
            self.problem(wire, path, "an enum without values", Some("list the values, or remove `enum`".to_owned()));
        }
        EnumType { name, description: raw.description.clone(), values }
    }

    fn resolve_support(&mut self, raw: &RawSupport, ty: &Type, path: &str) -> Support {
        let mut support = Support::default();
        for (list, mark, key) in
            [(&raw.required, Mark::Required, "required"), (&raw.supported, Mark::Supported, "supported")]
        {
            let list_path = format!("{path}.{key}");
            for slug in list {
                if !self.known_integration(slug, &list_path) {
                    continue;
                }
                if support.marks.insert(slug.to_string(), mark).is_some() {
                    let help =
                        "an integration is either required or supported, and listed once: `required` implies supported";
                    self.problem(
                        slug,
                        &list_path,
                        format!("`{}` is marked twice", slug.as_str()),
                        Some(help.to_owned()),
                    );
                }
            }
        }
        let values = enum_values(ty);
        for (slug, subset) in sorted(&raw.values) {
            let values_path = format!("{path}.values.{}", slug.as_str());
            if !self.known_integration(slug, &values_path) {
                continue;
            }
            if !support.marks.contains_key(slug.as_str()) {
                self.problem(
                    slug,
                    &values_path,
                    format!("`{}` has a value subset but is not marked", slug.as_str()),
                    Some(format!("add `{}` to `supported` or `required`", slug.as_str())),
                );
            }
            let Some(values) = values else {
                self.problem(
                    slug,
                    &values_path,
                    "value subsets need an enum field",
                    Some("add `enum` to the field or remove `values`".to_owned()),
                );
                continue;
            };
            let mut resolved = Vec::new();
            for value in subset {
                if values.iter().any(|v| v.wire == value.as_str()) {
                    resolved.push(value.to_string());
                } else {
                    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
                    let help = did_you_mean(value, wires.iter().copied()).unwrap_or_else(|| {
                        format!("name values of the field's `enum`, or add `{}` to it", value.as_str())
                    });
                    let message =
                        format!("`{}` is not one of the field's enum values ({})", value.as_str(), wires.join(", "));
                    self.problem(value, &values_path, message, Some(help));
                }
            }
            support.values.insert(slug.to_string(), resolved);
        }
        support
    }

    fn known_integration(&mut self, slug: &Name, path: &str) -> bool {
        if self.integrations.contains_key(slug.as_str()) {
            return true;
        }
        if self.failed("integrations") {
            return false;
        }
        let by_name = self
            .integrations
            .values()
            .find(|i| i.name.eq_ignore_ascii_case(slug) || i.aliases.iter().any(|a| a.eq_ignore_ascii_case(slug)));
        let help = match by_name {
            Some(i) => Some(format!("integrations are named by slug: write `{}`", i.slug)),
            None => did_you_mean(slug, self.integrations.keys().map(String::as_str))
                .or_else(|| Some("add it to integrations.yaml first".to_owned())),
        };
        self.problem(slug, path, format!("unknown integration `{}`", slug.as_str()), help);
        false
    }

    fn resolve_endpoint(
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
            match ctx.path_params.get(param.as_str()) {
                Some(field) => path_params.push(field.clone()),
                None if self.failed("parameters") => {}
                None => {
                    let help = did_you_mean(param, ctx.path_params.keys().map(String::as_str))
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
            if !ctx.response_formats.iter().any(|f| f == format.as_str()) {
                if self.failed("parameters") {
                    continue;
                }
                let help = did_you_mean(format, ctx.response_formats.iter().map(String::as_str));
                self.problem(
                    format,
                    "endpoint.response_formats",
                    format!("unknown response format `{}`", format.as_str()),
                    help.or_else(|| Some(format!("use some of {}", ctx.response_formats.join(", ")))),
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
            .shared_query
            .iter()
            .filter(|s| !s.response_format && (s.operations.is_empty() || s.operations.contains(&operation)))
            .map(|s| &s.field)
            .collect();
        for param in &query {
            let Some(at) = raw.query.keys().find(|k| k.as_str() == param.wire) else { continue };
            let yaml_path = format!("endpoint.query.{}", param.wire);
            if ctx.shared_query.iter().any(|s| s.field.wire == param.wire) {
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
                None => Type::Any,
            };
            response_support.insert(path.to_string(), self.resolve_support(marks, &ty, &yaml_path));
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
        })
    }

    fn check_references(&mut self, apis: &[Api], pending: Vec<PendingReference>) {
        for p in pending {
            let in_scope: Vec<&Api> = apis.iter().filter(|a| p.apis.is_empty() || p.apis.contains(&a.name)).collect();
            let known = in_scope.iter().any(|a| a.known_resources.contains(&p.reference.resource));
            if !known && self.failed("api") {
                continue;
            }
            if !known {
                let candidates: Vec<&str> =
                    in_scope.iter().flat_map(|a| a.known_resources.iter().map(String::as_str)).collect();
                let help = did_you_mean(&p.reference.resource, candidates.iter().copied())
                    .unwrap_or_else(|| "add the resource to the API's `resources`".to_owned());
                self.problem(
                    &p.at,
                    &p.yaml_path,
                    format!("the reference `{}` names an unknown resource `{}`", p.at.as_str(), p.reference.resource),
                    Some(help),
                );
                continue;
            }
            let target = in_scope.iter().flat_map(|a| &a.resources).find(|r| r.name == p.reference.resource);
            if let Some(target) = target {
                if !target.model.fields.iter().any(|f| f.wire == p.reference.field) {
                    let help = did_you_mean(&p.reference.field, target.model.fields.iter().map(|f| f.wire.as_str()))
                        .unwrap_or_else(|| {
                            format!("name a top-level field of `{}`, e.g. `{}.id`", target.model.name, target.name)
                        });
                    let help = Some(help);
                    self.problem(
                        &p.at,
                        &p.yaml_path,
                        format!(
                            "the reference `{}` names a field `{}` that `{}` does not have",
                            p.at.as_str(),
                            p.reference.field,
                            target.model.name
                        ),
                        help,
                    );
                }
            }
        }
    }

    /// Rust type names that would collide in one module (fields of one struct are checked as
    /// they are resolved). Found here, before any code is emitted.
    fn check_names(&mut self, schema: &Schema) {
        let mut shape_types = BTreeMap::new();
        for shape in &schema.shapes {
            self.collect_types(&Type::Object(shape.clone()), &mut shape_types, "shapes");
        }
        for api in &schema.apis {
            for resource in &api.resources {
                let module = resource.name.as_str();
                let mut types = BTreeMap::new();
                self.collect_types(&Type::Object(resource.model.clone()), &mut types, module);
                for endpoint in &resource.endpoints {
                    for name in [endpoint.request_type.clone(), endpoint.query_type.clone()] {
                        let object = ObjectType { name, description: None, fields: Vec::new(), shape: false };
                        self.collect_types(&Type::Object(object), &mut types, module);
                    }
                    for field in &endpoint.query {
                        self.collect_types(&field.ty, &mut types, module);
                    }
                    if let Some(body) = &endpoint.body {
                        self.collect_types(&Type::Object(body.clone()), &mut types, module);
                    }
                }
            }
        }
    }

    /// Collects the types one module defines; shapes live in their own module.
    fn collect_types(&mut self, ty: &Type, seen: &mut BTreeMap<String, Type>, module: &str) {
        let in_shapes = module == "shapes";
        let (name, described) = match ty {
            Type::Array(inner) => return self.collect_types(inner, seen, module),
            Type::Object(o) if o.shape && !in_shapes => return,
            Type::Object(o) => (o.name.clone(), ty.clone()),
            Type::Enum(e) => (e.name.clone(), ty.clone()),
            _ => return,
        };
        match seen.get(&name) {
            Some(existing) if *existing != described => {
                self.type_name_problem(module, &name);
                return;
            }
            Some(_) => return,
            None => {
                seen.insert(name.clone(), described);
            }
        }
        match ty {
            Type::Object(o) => {
                for field in &o.fields {
                    self.collect_types(&field.ty, seen, module);
                }
            }
            Type::Enum(e) => {
                // Variants are numbered apart as they are resolved; this is a safety net.
                let mut variants = BTreeSet::new();
                if let Some(value) = e.values.iter().find(|v| !variants.insert(v.variant.as_str())) {
                    let message = format!(
                        "two values of the enum `{name}` become the Rust variant `{}` (one is `{}`)",
                        value.variant, value.wire
                    );
                    self.type_problem(
                        module,
                        &name,
                        message,
                        "this is a bug in truto-codegen; please report it with the schema",
                    );
                }
            }
            _ => {}
        }
    }

    /// Two different types of one module share the Rust name `name`.
    fn type_name_problem(&mut self, module: &str, name: &str) {
        let mut sites: Vec<Site> =
            self.type_sites.get(name).into_iter().flatten().filter(|s| s.module == module).cloned().collect();
        sites.sort_by_key(|s| position(&s.at));
        let message = match sites.first() {
            Some(first) if sites.len() > 1 => format!(
                "two different types are both named `{name}` in Rust (the other is defined at {}, `{}`)",
                self.place(&first.at),
                first.yaml_path
            ),
            _ => format!("two different types are both named `{name}` in Rust"),
        };
        self.type_problem(
            module,
            name,
            message,
            "give one of them a distinct `type_name` (PascalCase), or rename the field it is named after",
        );
    }

    /// A problem with the Rust type `name`, placed at the last place that defines it.
    fn type_problem(&mut self, module: &str, name: &str, message: String, help: &str) {
        let mut sites: Vec<Site> =
            self.type_sites.get(name).into_iter().flatten().filter(|s| s.module == module).cloned().collect();
        sites.sort_by_key(|s| position(&s.at));
        match sites.last() {
            Some(site) => self.problem(&site.at, &site.yaml_path, message, Some(help.to_owned())),
            None => self.problems.push(Diagnostic {
                file: self.paths.first().cloned().unwrap_or_default(),
                line: None,
                column: None,
                yaml_path: String::new(),
                message,
                help: Some(help.to_owned()),
            }),
        }
    }
}

/// Two places (a name and its YAML path) in reading order: by file, then position.
fn ordered_sites<'n>(a: (&'n Name, String), b: (&'n Name, String)) -> ((&'n Name, String), (&'n Name, String)) {
    if position(b.0) < position(a.0) { (b, a) } else { (a, b) }
}

/// Where a name is: (source, line, column), for ordering places in reading order.
fn position(name: &Name) -> (usize, usize, usize) {
    name.span().start().map_or((usize::MAX, 0, 0), |m| (m.source(), m.line(), m.column()))
}

struct EndpointContext<'c> {
    api: &'c RawApi,
    path_params: &'c BTreeMap<String, Field>,
    response_formats: &'c [String],
    shared_query: &'c [SharedQueryParam],
    models: &'c [String],
}

const OPERATIONS: &[&str] = &["list", "get", "create", "update", "delete", "custom"];
const BUILTIN_TYPES: &[&str] = &["string", "number", "integer", "boolean", "date-time", "uuid", "map", "object"];

fn parse_operation(word: &str, name: Option<&Name>) -> Option<Operation> {
    Some(match word {
        "list" => Operation::List,
        "get" => Operation::Get,
        "create" => Operation::Create,
        "update" => Operation::Update,
        "delete" => Operation::Delete,
        "custom" => Operation::Custom(name.map(|n| n.to_string()).unwrap_or_default()),
        _ => return None,
    })
}

/// A map's entries sorted by name, so that nothing depends on the YAML's order.
fn sorted<T>(map: &NamedMap<T>) -> Vec<(&Name, &T)> {
    let mut entries: Vec<(&Name, &T)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    entries
}

fn enum_values(ty: &Type) -> Option<&[EnumValue]> {
    ty.enumeration().map(|e| e.values.as_slice())
}

/// The `{name}` placeholders of a path, in order.
fn path_placeholders(path: &str) -> Vec<String> {
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

/// `DeleteEngagement` + `EngagementType` → `DeleteEngagementType`: a word shared at the seam is
/// written once.
fn join_type_name(parent: &str, child: &str) -> String {
    let last_word_start = parent.rfind(|c: char| c.is_ascii_uppercase()).unwrap_or(0);
    let last_word = &parent[last_word_start..];
    if !last_word.is_empty() && child.starts_with(last_word) && child.len() > last_word.len() {
        format!("{parent}{}", &child[last_word.len()..])
    } else {
        format!("{parent}{child}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_join_without_repeating_a_word() {
        assert_eq!(join_type_name("DeleteEngagement", "EngagementType"), "DeleteEngagementType");
        assert_eq!(join_type_name("Opportunity", "Account"), "OpportunityAccount");
        assert_eq!(join_type_name("Opportunity", "Opportunity"), "OpportunityOpportunity");
    }

    #[test]
    fn placeholders_come_in_path_order() {
        assert_eq!(path_placeholders("/a/{id}/b/{other}"), vec!["id", "other"]);
        assert!(path_placeholders("/a/b").is_empty());
    }
}
