//! From the schema as written to the resolved [`model`](crate::model): every name, type,
//! reference, support mark and code-shaping decision is checked and made here, and every
//! problem is collected.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use truto_unified_runtime::vocabulary;

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::LoadedFile;
use crate::model::visit;
use crate::model::*;
use crate::names;
use crate::raw::*;
use crate::types::{self, Scalar};

mod collisions;
mod endpoint;
mod endpoint_support;
mod enums;
mod fields;
mod integrations;
mod references;
mod setters;
mod shared;

/// Checks the parsed files and resolves them into one [`Schema`].
///
/// `paths[i]` is the file that YAML source `i` came from (spans carry the source index).
///
/// When sections of some files could not be read ([`LoadedFile::failed_sections`]), problems
/// that are likely caused by what they would have defined (an unknown integration when an
/// `integrations` section failed) are not reported: the failed section's own problem is.
pub fn check(paths: &[PathBuf], files: &[LoadedFile]) -> Result<Schema, Diagnostics> {
    check_with(paths, files, vocabulary::RUNTIME_QUERY_PARAMS)
}

/// [`check`], with `runtime_params` for the shared query parameters the runtime sets.
fn check_with(paths: &[PathBuf], files: &[LoadedFile], runtime_params: &[&str]) -> Result<Schema, Diagnostics> {
    let failed: BTreeSet<TopLevel> = files.iter().flat_map(|f| f.failed_sections.iter().copied()).collect();
    let mut checker = Checker {
        paths,
        problems: Vec::new(),
        integrations: BTreeMap::new(),
        integration_order: Vec::new(),
        shapes: BTreeMap::new(),
        failed,
        type_sites: BTreeMap::new(),
        shape_names: BTreeSet::new(),
        runtime_params,
    };
    let schema = checker.run(files);
    if checker.problems.is_empty() { Ok(schema) } else { Err(Diagnostics(checker.problems).sorted()) }
}

struct Checker<'a> {
    paths: &'a [PathBuf],
    problems: Vec<Diagnostic>,
    /// Known integrations by slug.
    integrations: BTreeMap<String, Integration>,
    /// Their slugs in index order: the order of the `integrations` list.
    integration_order: Vec<String>,
    /// Resolved shapes by name.
    shapes: BTreeMap<String, ObjectType>,
    /// Sections that some file has but that could not be read.
    failed: BTreeSet<TopLevel>,
    /// Where each Rust type name is defined, to place name collisions.
    type_sites: BTreeMap<String, Vec<Site>>,
    /// The name of every shape, resolved or not.
    shape_names: BTreeSet<String>,
    /// The shared query parameters the runtime sets ([`vocabulary::RUNTIME_QUERY_PARAMS`]).
    runtime_params: &'a [&'a str],
}

/// Where a Rust name comes from in the YAML.
#[derive(Clone)]
struct Site {
    /// The module the name is defined in (a resource's name, or `shapes`).
    module: String,
    at: Name,
    yaml_path: String,
}

/// What kind of field list a field is in: what it may contain and where its types go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldContext {
    /// Truto's shared path parameters (`parameters.path`).
    SharedPath,
    /// Truto's shared query parameters (`parameters.query`).
    SharedQuery,
    /// A shape's fields.
    Shape,
    /// A resource model's fields.
    Model,
    /// An endpoint's own query parameters.
    EndpointQuery,
    /// An endpoint's body fields.
    EndpointBody,
}

impl FieldContext {
    /// Whether fields here may carry per-integration `support` marks.
    fn allows_support(self) -> bool {
        matches!(self, FieldContext::EndpointQuery | FieldContext::EndpointBody)
    }

    /// How the fields of objects nested here are present: leniently in records, strictly in
    /// requests (a PATCH body's nested objects too: `Patch` is for the body's own fields).
    fn nested_presence(self) -> Presence {
        match self {
            FieldContext::Shape | FieldContext::Model => Presence::Lenient,
            _ => Presence::Strict,
        }
    }
}

/// Where a field is being resolved, for names and for what it may contain.
#[derive(Clone)]
struct FieldScope<'s> {
    /// What kind of field list this is.
    context: FieldContext,
    /// The Rust type name nested types are named after (`None` for Truto's shared parameters:
    /// their types are named after the field alone).
    parent_type: Option<TypeName>,
    /// The YAML path of the containing map.
    yaml_path: String,
    /// The API whose resources references may name (`None` for shapes: any API).
    api: Option<&'s RawApi>,
    /// The generated module the nested types land in (a resource's name, `shapes`, or empty
    /// for Truto's shared parameters).
    module: String,
    /// Whether the struct of these fields is known only in part, and so has a member that keeps
    /// the fields it does not name ([`names::OTHER_FIELDS`]), which no field may become.
    keeps_other_fields: bool,
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
        self.problems.push(Diagnostic::at(file, start.map(|m| (m.line(), m.column())), yaml_path, message, help));
    }
    fn file_problem(&mut self, file: &std::path::Path, message: impl Into<String>, help: &str) {
        self.problems.push(Diagnostic::at(file.to_path_buf(), Some((1, 1)), "", message, Some(help.to_owned())));
    }
    /// Whether a section of this kind failed to load somewhere (so that what it defines is
    /// unknown, and "unknown X" problems would only repeat that failure).
    fn failed(&self, section: TopLevel) -> bool {
        self.failed.contains(&section)
    }
    /// Records where the Rust type `name` of `module` is defined.
    fn record_type(&mut self, name: &TypeName, module: &str, at: &Name, yaml_path: &str) {
        let site = Site { module: module.to_owned(), at: at.clone(), yaml_path: yaml_path.to_owned() };
        self.type_sites.entry(name.to_string()).or_default().push(site);
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
        let sections = self.gather(files);
        self.one_integrations_list(&sections.integration_lists);
        self.check_integrations(&sections.integrations);
        let empty = RawParameters::default();
        let parameters = self.shared_parameters(&sections, files).unwrap_or(&empty);
        let mut pending = Vec::new();
        self.resolve_shapes(&sections, &mut pending);
        let shared = self.resolve_parameters(parameters, &mut pending);
        let mut resolved_apis = self.resolve_apis(&sections, &mut pending);
        self.place_endpoints(&sections, &mut resolved_apis, &shared, &mut pending);

        let apis: Vec<Api> = resolved_apis
            .into_iter()
            .map(|(api, mut resources)| {
                for r in &mut resources {
                    r.endpoints.sort_by(|a, b| a.operation.cmp(&b.operation));
                }
                Api {
                    name: api.name.to_string(),
                    client_type: names::client_type_name(&api.name),
                    accessor_trait: names::api_trait_name(&api.name),
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
        let mut schema = Schema {
            integrations: self.integrations_in_order(),
            shapes: self.shapes.values().cloned().collect(),
            query_groups: shared.groups,
            response_format: shared.response_format,
            runtime_params: shared.runtime_params,
            apis,
            shape_types: BTreeSet::new(),
            root_types: BTreeSet::new(),
        };
        enums::share_enums(&mut schema);
        self.check_names(&mut schema);
        link_body_enums(&mut schema);
        schema
    }

    /// Every top-level section of every file, gathered before any is resolved.
    fn gather<'f>(&mut self, files: &'f [LoadedFile]) -> Sections<'f> {
        let mut sections = Sections::default();
        for file in files {
            let raw = &file.raw;
            if !raw.defines_anything() && file.failed_sections.is_empty() {
                self.file_problem(
                    &file.path,
                    "the file defines nothing",
                    &format!("add a top-level section: {}", TopLevel::words().join(", ")),
                );
            }
            if let Some(list) = &raw.integrations {
                sections.integrations.extend(list.iter().enumerate());
                sections.integration_lists.push((&file.path, list.first().map(|i| &i.slug)));
            }
            sections.parameters.extend(raw.parameters.as_ref().map(|p| (&file.path, p)));
            sections.shapes.extend(raw.shapes.iter().flatten());
            sections.apis.extend(raw.api.as_ref());
            sections.resources.extend(raw.resource.as_ref());
            sections.endpoints.extend(raw.endpoint.as_ref());
        }
        sections
    }

    /// The one `parameters` section (a missing or second one is a problem).
    fn shared_parameters<'f>(&mut self, sections: &Sections<'f>, files: &[LoadedFile]) -> Option<&'f RawParameters> {
        match sections.parameters.as_slice() {
            [] => {
                if !self.failed(TopLevel::Parameters) {
                    let file = files.first().map(|f| f.path.clone()).unwrap_or_default();
                    self.file_problem(
                        &file,
                        "no `parameters` section: Truto's shared path and query parameters are missing",
                        "add a parameters.yaml with `parameters: { path: ..., query: ... }` (see schema/README.md)",
                    );
                }
                None
            }
            [(_, parameters), rest @ ..] => {
                for (path, _) in rest {
                    let path = (*path).clone();
                    self.file_problem(&path, "a second `parameters` section", "define Truto's shared parameters once");
                }
                Some(parameters)
            }
        }
    }

    /// Each API with its modelled resources (endpoints come later).
    fn resolve_apis<'f>(
        &mut self,
        sections: &Sections<'f>,
        pending: &mut Vec<PendingReference>,
    ) -> Vec<(&'f RawApi, Vec<Resource>)> {
        let mut apis_sorted = sections.apis.clone();
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
            let module = names::field_name(&api.name);
            if is_taken_at_root(module.bare()) {
                self.problem(
                    &api.name,
                    "api.name",
                    format!(
                        "the API `{}` would become the module `{module}`, which the generated crate already has",
                        api.name.as_str()
                    ),
                    Some(format!(
                        "use the API's URL segment (`crm`, `ats`, ...); these names are taken: {}",
                        taken_module_names().join(", ")
                    )),
                );
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
                sections.resources.iter().copied().filter(|r| r.api.as_str() == api.name.as_str()).collect();
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
                resolved.push(self.resolve_resource(api, resource, pending));
            }
            resolved_apis.push((*api, resolved));
        }
        for resource in &sections.resources {
            if !apis_sorted.iter().any(|a| a.name.as_str() == resource.api.as_str()) && !self.failed(TopLevel::Api) {
                let help = did_you_mean(&resource.api, apis_sorted.iter().map(|a| a.name.as_str()));
                self.problem(
                    &resource.api,
                    "resource.api",
                    format!("unknown API `{}`", resource.api.as_str()),
                    help.or_else(|| Some("define it in an `api` section".to_owned())),
                );
            }
        }
        resolved_apis
    }
}

/// Points each model field the docs give no values for at the enum a body of its resource
/// documents for the same field (first by endpoint order), so its docs can say where the values
/// are.
fn link_body_enums(schema: &mut Schema) {
    for resource in schema.apis.iter_mut().flat_map(|a| &mut a.resources) {
        let mut body_enums = BodyEnums::default();
        resource.visit(&mut body_enums);
        resource.visit_mut(&mut ValuesIn(&body_enums.0));
    }
}

/// The enums of the bodies' own fields, by wire name, in reading order.
#[derive(Default)]
struct BodyEnums(Vec<(String, TypeName)>);

impl visit::Visit for BodyEnums {
    fn visit_model(&mut self, _model: &ObjectType) {}
    fn visit_query(&mut self, _endpoint: &Endpoint) {}
    fn visit_response(&mut self, _response: &Response) {}
    fn visit_body(&mut self, body: &Body) {
        let enums = body.object.fields.iter().filter_map(|f| Some((f.wire.clone(), f.ty.enumeration()?.name.clone())));
        self.0.extend(enums);
    }
}

/// Sets [`Field::values_in`] on the text fields of the model and the response models.
struct ValuesIn<'b>(&'b [(String, TypeName)]);

impl ValuesIn<'_> {
    fn link(&self, model: &mut ObjectType) {
        for field in &mut model.fields {
            if matches!(field.ty, Type::Scalar(Scalar::String)) {
                field.values_in = self.0.iter().find(|(wire, _)| *wire == field.wire).map(|(_, e)| e.clone());
            }
        }
    }
}

impl visit::VisitMut for ValuesIn<'_> {
    fn visit_model(&mut self, model: &mut ObjectType) {
        self.link(model);
    }
    fn visit_query(&mut self, _endpoint: &mut Endpoint) {}
    fn visit_body(&mut self, _body: &mut Body) {}
    fn visit_response(&mut self, response: &mut Response) {
        self.link(&mut response.model);
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

/// Every top-level section of every file.
#[derive(Default)]
struct Sections<'f> {
    /// Each with its index in its file's list, in the list's order.
    integrations: Vec<(usize, &'f RawIntegration)>,
    /// The files with an `integrations` list (one, unless that is a problem), each with its
    /// first slug.
    integration_lists: Vec<(&'f PathBuf, Option<&'f Name>)>,
    parameters: Vec<(&'f PathBuf, &'f RawParameters)>,
    shapes: Vec<(&'f Name, &'f RawShape)>,
    apis: Vec<&'f RawApi>,
    resources: Vec<&'f RawResource>,
    endpoints: Vec<&'f RawEndpoint>,
}

/// Truto's shared parameters, resolved: what every endpoint is checked against.
struct Shared {
    /// The query parameters in groups (see [`QueryGroup`]).
    groups: Vec<QueryGroup>,
    /// `truto_response_format`.
    response_format: Option<ResponseFormatParam>,
    /// The query parameters the runtime sets.
    runtime_params: Vec<RuntimeParam>,
    /// The path parameters by wire name.
    path_params: BTreeMap<String, Field>,
}

impl Shared {
    /// Whether a query parameter of this name is one of Truto's shared ones.
    fn has_query_param(&self, wire: &str) -> bool {
        self.groups.iter().flat_map(|g| &g.params).any(|p| p.field.wire == wire)
            || self.response_format.as_ref().is_some_and(|f| f.field.wire == wire)
            || self.runtime_params.iter().any(|p| p.field.wire == wire)
    }

    /// The formats the response-format parameter lists.
    fn formats(&self) -> &[ResponseFormat] {
        self.response_format.as_ref().map_or(&[], |f| f.formats.as_slice())
    }
}

/// What an endpoint is checked against.
struct EndpointContext<'c> {
    api: &'c RawApi,
    shared: &'c Shared,
    /// The models of the endpoint's API.
    models: &'c [ObjectType],
    /// Whether the endpoint's resource could be read (when not, the endpoint is checked on
    /// its own and left out).
    readable: bool,
}

/// The modules the generated root declares besides the APIs' (`emit/root.rs` prints them;
/// `generated` is the crate's module that holds the generated code): an API module of one of
/// these names would clash with it.
pub const GENERATED_ROOT_MODULES: &[&str] = &["generated", "integration", "prelude", "shapes"];

/// Whether a module named `name` at the generated root would clash with one the generated
/// crate has: its own, or a name the runtime puts there.
fn is_taken_at_root(name: &str) -> bool {
    GENERATED_ROOT_MODULES.contains(&name) || vocabulary::ROOT_NAMES.contains(&name)
}

/// The lowercase names taken at the generated root, the ones a module's name could be.
fn taken_module_names() -> Vec<&'static str> {
    let runtime = vocabulary::ROOT_NAMES.iter().filter(|n| !n.starts_with('_') && !n.contains(char::is_uppercase));
    let mut names: Vec<&str> = GENERATED_ROOT_MODULES.iter().chain(runtime).copied().collect();
    names.sort_unstable();
    names
}

/// The operation a schema word names (custom endpoints with their `name`).
fn parse_operation(word: &str, name: Option<&Name>) -> Option<Operation> {
    let kind = OperationKind::from_word(word)?;
    let custom_name = (kind == OperationKind::Custom).then(|| name.map(|n| n.to_string()).unwrap_or_default());
    Some(Operation { kind, custom_name })
}

/// A map's entries sorted by name, so that nothing depends on the YAML's order.
fn sorted<T>(map: &NamedMap<T>) -> Vec<(&Name, &T)> {
    let mut entries: Vec<(&Name, &T)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    entries
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::endpoint::path_placeholders;
    use super::*;

    #[test]
    fn placeholders_come_in_path_order() {
        assert_eq!(path_placeholders("/a/{id}/b/{other}"), vec!["id", "other"]);
        assert!(path_placeholders("/a/b").is_empty());
    }

    /// The valid base of the error fixtures with a list-only `truto_key_by`, checked with
    /// `runtime_params` as the parameters the runtime sets; and its generated root module.
    fn with_key_by(runtime_params: &[&str], endpoint_query: &str) -> Result<(Schema, String), Diagnostics> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/errors/valid_base");
        let mut sources = crate::load::read_dir(&dir).expect("the fixture");
        for source in &mut sources {
            let key_by = "    truto_key_by: { type: string, operations: [list], description: The field to key by }\n";
            source.text = source.text.replacen("  query:\n", &format!("  query:\n{key_by}"), 1);
            source.text = source.text.replacen("  body:\n", &format!("{endpoint_query}  body:\n"), 1);
        }
        let (files, problems) = crate::load::parse_files(&sources);
        assert!(problems.is_empty(), "{problems:?}");
        let paths: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
        let schema = check_with(&paths, &files, runtime_params)?;
        let files = crate::emit::emit(&schema, &crate::emit::Options::new("fixture")).expect("emits");
        let root = files.iter().find(|f| f.path == Path::new("src/generated/mod.rs")).expect("the root module");
        Ok((schema, root.contents.clone()))
    }

    #[test]
    fn a_shared_parameter_the_runtime_sets_gets_no_field_or_setter_and_is_still_sent() {
        let format = vocabulary::RESPONSE_FORMAT_PARAM;
        // Were the runtime not to set it, its setter would be hidden by `Call::key_by`.
        let problems = with_key_by(&[format], "").expect_err("a setter collision").to_string();
        assert!(problems.contains("`truto_key_by` would get the setter `key_by`"), "{problems}");

        let (schema, root) = with_key_by(&[format, "truto_key_by"], "").expect("valid");
        assert!(!schema.shared_params().any(|p| p.field.wire == "truto_key_by"));
        assert!(!root.contains("key_by"), "{root}");
        let runtime: Vec<_> =
            schema.runtime_params.iter().map(|p| (p.field.wire.as_str(), &p.operations[..])).collect();
        assert_eq!(runtime, [("truto_key_by", &[OperationKind::List][..])]);
        assert!(schema.shared_fields_for(OperationKind::List).any(|f| f.wire == "truto_key_by"));
        assert!(!schema.shared_fields_for(OperationKind::Update).any(|f| f.wire == "truto_key_by"));

        // An endpoint may not define it again.
        let own = "  query:\n    truto_key_by: { type: string, description: Again }\n";
        let problems = with_key_by(&[format, "truto_key_by"], own).expect_err("a problem").to_string();
        assert!(problems.contains("`truto_key_by` is one of Truto's shared parameters"), "{problems}");
    }
}
