//! The resolved model: what the schema means, with every name, type, reference, support mark
//! and code-shaping decision made once, in [`crate::check`]. Emitters, the docs verifier and
//! import read only this; they print it and decide nothing.
//!
//! Everything is sorted (by wire name, slug or path), so output never depends on the order of
//! the YAML.

use std::collections::{BTreeMap, BTreeSet};

pub use crate::names::{TypeName, ValueName};
pub use crate::types::Scalar;

/// The whole checked schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Every integration, sorted by slug (its index in this list is its index in the
    /// generated `Integration` enum and in the support data's bit sets).
    pub integrations: Vec<Integration>,
    /// Shapes shared between resources, sorted by name.
    pub shapes: Vec<ObjectType>,
    /// Truto's shared query parameters (`truto_response_format` excepted), in groups taken by
    /// the same operations: the group every operation takes first, then by operations.
    pub query_groups: Vec<QueryGroup>,
    /// `truto_response_format`, when the schema defines it.
    pub response_format: Option<ResponseFormatParam>,
    /// The unified APIs, sorted by name.
    pub apis: Vec<Api>,
    /// Every type name the `shapes` module defines.
    pub shape_types: BTreeSet<String>,
    /// Every type name the crate's root module defines (`Integration`, `ResponseFormat`, the
    /// query groups and their setter traits, the types of shared parameters).
    pub root_types: BTreeSet<String>,
}

/// A CRM (or other provider) behind the unified API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integration {
    /// Truto's slug, e.g. `zohocrm`.
    pub slug: String,
    /// The display name as the docs print it, e.g. `Zoho CRM`.
    pub name: String,
    /// Other labels the docs print for it.
    pub aliases: Vec<String>,
    /// Whether the slug was seen in Truto's docs (rather than derived by rule).
    pub confirmed: bool,
    /// The Rust variant name, e.g. `ZohoCrm`.
    pub variant: TypeName,
}

/// Shared query parameters that the same operations take, emitted once as a struct that each
/// of those endpoints' query structs holds, with its setters in one trait.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryGroup {
    /// The struct, e.g. `TrutoQuery`.
    pub name: TypeName,
    /// The field holding it in an endpoint's query struct, e.g. `truto`.
    pub field: ValueName,
    /// The setter trait, e.g. `TrutoParams`.
    pub params_trait: TypeName,
    /// The operations that take it; empty means every operation.
    pub operations: Vec<OperationKind>,
    /// Its parameters, sorted by wire name.
    pub params: Vec<Param>,
}

impl QueryGroup {
    /// Whether endpoints of `operation` take this group.
    pub fn applies_to(&self, operation: OperationKind) -> bool {
        self.operations.is_empty() || self.operations.contains(&operation)
    }
}

/// `truto_response_format` and the formats it names.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseFormatParam {
    /// The parameter (its type is the `ResponseFormat` enum).
    pub field: Field,
    /// Every format, in schema order.
    pub formats: Vec<ResponseFormat>,
}

/// A value of `truto_response_format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResponseFormat {
    /// `unified`: the typed model (the default).
    Unified,
    /// `raw`: the provider's own response.
    Raw,
    /// `normalized`: unified data in a normalized shape.
    Normalized,
    /// `stream`: the body as a byte stream.
    Stream,
    /// `debug`: the unified result with Truto's debug information.
    Debug,
}

impl ResponseFormat {
    /// Every format the runtime knows.
    pub const ALL: [ResponseFormat; 5] = [
        ResponseFormat::Unified,
        ResponseFormat::Raw,
        ResponseFormat::Normalized,
        ResponseFormat::Stream,
        ResponseFormat::Debug,
    ];

    /// The value on the wire.
    pub fn word(self) -> &'static str {
        match self {
            ResponseFormat::Unified => "unified",
            ResponseFormat::Raw => "raw",
            ResponseFormat::Normalized => "normalized",
            ResponseFormat::Stream => "stream",
            ResponseFormat::Debug => "debug",
        }
    }

    /// The format named `word`.
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.word() == word)
    }

    /// The runtime's marker type for it (`request::Raw`), for formats a call switches to;
    /// `unified` is every call's default and has none to opt into.
    pub fn marker(self) -> Option<&'static str> {
        match self {
            ResponseFormat::Unified => None,
            ResponseFormat::Raw => Some("Raw"),
            ResponseFormat::Normalized => Some("Normalized"),
            ResponseFormat::Stream => Some("Stream"),
            ResponseFormat::Debug => Some("DebugFormat"),
        }
    }
}

/// One unified API, e.g. `crm`.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The URL segment, e.g. `crm`.
    pub name: String,
    /// The Rust module name, which is also the client's accessor (`client.crm()`).
    pub module: ValueName,
    /// The human title, e.g. `Unified CRM API`.
    pub title: Option<String>,
    /// What the API is.
    pub description: Option<String>,
    /// Every resource the API has, modelled or not (targets of references).
    pub known_resources: Vec<String>,
    /// The modelled resources, sorted by name.
    pub resources: Vec<Resource>,
    /// The handle `client.crm()` returns, e.g. `CrmClient`.
    pub client_type: TypeName,
    /// The extension trait that gives the client that accessor, e.g. `CrmApi`.
    pub accessor_trait: TypeName,
}

impl Api {
    /// The title, or a sentence naming the API.
    pub fn display_title(&self) -> String {
        self.title.clone().unwrap_or_else(|| format!("`{}` unified API", self.name))
    }
}

/// A resource with its model and endpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The URL segment, e.g. `opportunities`.
    pub name: String,
    /// The Rust module name, which is also the accessor (`client.crm().opportunities()`).
    pub module: ValueName,
    /// The model: the record endpoints return.
    pub model: ObjectType,
    /// The endpoints, sorted by operation then name.
    pub endpoints: Vec<Endpoint>,
    /// The handle `client.crm().opportunities()` returns, e.g. `OpportunitiesClient`.
    pub client_type: TypeName,
    /// The cargo feature that compiles the resource in, e.g. `opportunities`.
    pub feature: String,
    /// Every type name the resource's module defines, for telling which names from elsewhere
    /// (`Option`, `Patch`) it must write with their full path.
    pub defined_types: BTreeSet<String>,
    /// Enums that list the same values as an earlier enum of the resource and are that type
    /// under their own name too, in reading order.
    pub enum_aliases: Vec<EnumAlias>,
}

/// `pub type CreateOpportunityStatus = OpportunityStatus;`: an enum's name where the docs list
/// the same values as for an earlier field, so that both fields share one type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumAlias {
    /// The name the enum has at this field.
    pub name: TypeName,
    /// The enum it shares.
    pub target: TypeName,
}

/// A field of an object, a query parameter or a path parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// The Rust field name.
    pub rust: ValueName,
    /// The resolved type.
    pub ty: Type,
    /// The type as the schema wrote it (`string`, `object[]`, `Tag[]`); `None` when undocumented.
    pub schema_type: Option<String>,
    /// The docs' "required".
    pub required: bool,
    /// The docs' description.
    pub description: Option<String>,
    /// The docs' example.
    pub example: Option<String>,
    /// The docs' default.
    pub default: Option<String>,
    /// `References: Accounts → id`.
    pub references: Option<Reference>,
    /// When the field is required or applies, as the docs say it ("Either name or website is
    /// required.").
    pub condition: Option<String>,
    /// For a record field whose docs list no values: the enum a request body of the same
    /// resource documents for the field of that name (the response `status` and the update
    /// body's `UpdateOpportunityStatus`), for its docs to point at.
    pub values_in: Option<TypeName>,
    /// Per-integration marks (body fields and query parameters; empty elsewhere).
    pub support: Support,
}

/// The type of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// A scalar (its mappings are in [`crate::types`]).
    Scalar(Scalar),
    /// A nested object (inline or a shape).
    Object(ObjectType),
    /// An open enum of strings.
    Enum(EnumType),
    /// An array.
    Array(Box<Type>),
}

impl Type {
    /// The object type of an object or array-of-objects field.
    pub fn object(&self) -> Option<&ObjectType> {
        match self {
            Type::Object(o) => Some(o),
            Type::Array(inner) => inner.object(),
            _ => None,
        }
    }

    /// The enum type of an enum or array-of-enums field.
    pub fn enumeration(&self) -> Option<&EnumType> {
        match self {
            Type::Enum(e) => Some(e),
            Type::Array(inner) => inner.enumeration(),
            _ => None,
        }
    }

    /// Whether it is text (a request takes `impl Into<T>` of it; see
    /// [`crate::types::ScalarSpec::text`]).
    pub fn is_text(&self) -> bool {
        matches!(self, Type::Scalar(scalar) if scalar.spec().text)
    }
}

/// A struct: a model, a nested object, a shape or a request body.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectType {
    /// The Rust type name.
    pub name: TypeName,
    /// Its documentation.
    pub description: Option<String>,
    /// Its fields, sorted by wire name.
    pub fields: Vec<Field>,
    /// Whether it is a shared shape (emitted once, in the `shapes` module).
    pub shape: bool,
}

/// An open enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumType {
    /// The Rust type name.
    pub name: TypeName,
    /// What the enum is (the field's description).
    pub description: Option<String>,
    /// The documented values, in schema order.
    pub values: Vec<EnumValue>,
}

/// One documented enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name.
    pub variant: TypeName,
    /// Its documentation, if the schema gives one.
    pub doc: Option<String>,
}

/// `References: Accounts → id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The referenced resource, e.g. `accounts`.
    pub resource: String,
    /// The referenced field, e.g. `id`.
    pub field: String,
}

/// Whether an integration supports or requires something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// The integration supports it.
    Supported,
    /// The integration requires it.
    Required,
}

/// Per-integration marks on one field, parameter or response field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Support {
    /// Slug to mark.
    pub marks: BTreeMap<String, Mark>,
    /// Slug to the enum values that integration accepts (schema order).
    pub values: BTreeMap<String, Vec<String>>,
    /// Slug to the docs' note for that integration (e.g. which values it takes).
    pub notes: BTreeMap<String, String>,
}

impl Support {
    /// Whether nothing is marked.
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty() && self.values.is_empty() && self.notes.is_empty()
    }
}

/// The kinds of endpoint: the schema's words, the HTTP methods and the runtime's
/// `OperationKind` all come from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OperationKind {
    /// `GET /unified/{api}/{resource}`.
    List,
    /// `GET /unified/{api}/{resource}/{id}`.
    Get,
    /// `POST /unified/{api}/{resource}`.
    Create,
    /// `PATCH /unified/{api}/{resource}/{id}`.
    Update,
    /// `DELETE /unified/{api}/{resource}/{id}`.
    Delete,
    /// `POST /unified/{api}/{resource}/{name}`.
    Custom,
}

impl OperationKind {
    /// Every kind, in the order endpoints are sorted.
    pub const ALL: [OperationKind; 6] = [
        OperationKind::List,
        OperationKind::Get,
        OperationKind::Create,
        OperationKind::Update,
        OperationKind::Delete,
        OperationKind::Custom,
    ];

    /// The schema's word for it.
    pub fn word(self) -> &'static str {
        match self {
            OperationKind::List => "list",
            OperationKind::Get => "get",
            OperationKind::Create => "create",
            OperationKind::Update => "update",
            OperationKind::Delete => "delete",
            OperationKind::Custom => "custom",
        }
    }

    /// The kind a schema word names.
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.word() == word)
    }

    /// Every schema word, for help messages.
    pub fn words() -> Vec<&'static str> {
        Self::ALL.iter().map(|k| k.word()).collect()
    }

    /// The HTTP method it uses.
    pub fn http_method(self) -> &'static str {
        match self {
            OperationKind::List | OperationKind::Get => "GET",
            OperationKind::Create | OperationKind::Custom => "POST",
            OperationKind::Update => "PATCH",
            OperationKind::Delete => "DELETE",
        }
    }

    /// The runtime's `request::OperationKind` variant.
    pub fn runtime_variant(self) -> &'static str {
        match self {
            OperationKind::List => "List",
            OperationKind::Get => "Get",
            OperationKind::Create => "Create",
            OperationKind::Update => "Update",
            OperationKind::Delete => "Delete",
            OperationKind::Custom => "Custom",
        }
    }

    /// Whether endpoints of this kind take a request body.
    pub fn takes_body(self) -> bool {
        matches!(self, OperationKind::Create | OperationKind::Update | OperationKind::Custom)
    }
}

/// The kind of an endpoint, with a custom endpoint's name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Operation {
    /// The kind.
    pub kind: OperationKind,
    /// A custom endpoint's URL segment after the resource, e.g. `batch-delete`.
    pub custom_name: Option<String>,
}

impl Operation {
    /// An operation of a kind without a name (every kind but custom).
    pub fn of(kind: OperationKind) -> Self {
        Operation { kind, custom_name: None }
    }
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Its kind.
    pub operation: Operation,
    /// The Rust method name on the resource's client handle, e.g. `update`, `batch_delete`.
    pub method: ValueName,
    /// The typed request's Rust name, e.g. `UpdateOpportunity`; the query and body types are
    /// named after it.
    pub request: TypeName,
    /// The Rust name of its support data static, e.g. `UPDATE_OPPORTUNITY`.
    pub support_static: TypeName,
    /// The path template with its parameters resolved.
    pub path: PathTemplate,
    /// The allowed `truto_response_format` values, in schema order.
    pub response_formats: Vec<ResponseFormat>,
    /// What it does.
    pub description: Option<String>,
    /// The page's "Integrations supported", when it has one (sorted slugs).
    pub integrations: Option<Vec<String>>,
    /// Its query parameters.
    pub query: Query,
    /// The request body, if it takes one.
    pub body: Option<Body>,
    /// What it returns.
    pub response: Response,
    /// For lists: the parameter that fetches the next page, when the schema defines one.
    pub cursor: Option<CursorParam>,
    /// For lists: `truto_key_by`, which the runtime's `Call::key_by` sets through
    /// `ListEndpoint::set_key_by`, when the schema defines it.
    pub key_by: Option<CursorParam>,
}

impl Endpoint {
    /// `METHOD /path`, as pages and docs show an endpoint.
    pub fn title(&self) -> String {
        format!("{} {}", self.operation.kind.http_method(), self.path.template)
    }
}

/// A path template, e.g. `/unified/crm/opportunities/{id}`.
#[derive(Debug, Clone, PartialEq)]
pub struct PathTemplate {
    /// The template as written.
    pub template: String,
    /// Its pieces, in order.
    pub parts: Vec<PathPart>,
}

impl PathTemplate {
    /// The path parameters, in path order.
    pub fn params(&self) -> impl Iterator<Item = &Field> {
        self.parts.iter().filter_map(|part| match part {
            PathPart::Param(field) => Some(field.as_ref()),
            PathPart::Literal(_) => None,
        })
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text as it is, e.g. `/unified/crm/opportunities/`.
    Literal(String),
    /// A parameter, percent-encoded as one segment.
    Param(Box<Field>),
}

/// A query parameter of an endpoint or of a group of shared ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The parameter.
    pub field: Field,
    /// Its setter's name (`exclude_fields` for `truto_exclude_fields`).
    pub setter: ValueName,
    /// How a request starts with it.
    pub role: ParamRole,
}

/// How a request starts with a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamRole {
    /// Optional: starts unset.
    Optional,
    /// Required text: starts empty, set with its setter, and reported as missing while empty
    /// (so that `client.crm().x().delete(id).integrated_account_id(..)` reads well).
    RequiredText,
    /// Required and not text: a constructor argument.
    Argument,
}

/// An endpoint's query struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The struct, e.g. `UpdateOpportunityQuery`.
    pub name: TypeName,
    /// The setter trait of its own parameters, when it has some, e.g. `DeleteEngagementParams`.
    pub params_trait: Option<TypeName>,
    /// The endpoint's own parameters, sorted by wire name.
    pub own: Vec<Param>,
    /// The shared groups it holds, as indices into [`Schema::query_groups`].
    pub groups: Vec<usize>,
    /// When the endpoint has no parameters of its own and takes one group only, that group
    /// (an index into [`Schema::query_groups`]): its struct is the endpoint's query, and
    /// `name` is the group's.
    pub group_struct: Option<usize>,
}

impl Query {
    /// Whether the endpoint's query is a struct of its own (not a shared group's).
    pub fn has_own_struct(&self) -> bool {
        self.group_struct.is_none()
    }
}

/// Where a list's cursor parameter (or another parameter the runtime sets, `truto_key_by`) is.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorParam {
    /// The shared group holding it (an index into [`Schema::query_groups`]), or `None` when it
    /// is one of the endpoint's own parameters.
    pub group: Option<usize>,
    /// The parameter's field name.
    pub field: ValueName,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The struct, e.g. `UpdateOpportunityBody`.
    pub object: ObjectType,
    /// How its fields are present.
    pub presence: Presence,
}

/// Whether a struct's fields are all optional, follow the schema's `required`, or can be
/// left out, set or cleared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Responses: anything may be missing or null, whatever the docs say.
    Lenient,
    /// Requests: required fields must be given.
    Strict,
    /// PATCH bodies: absent, null or a value (`Patch<T>`); nested objects are `Strict`.
    Patch,
}

/// What an endpoint returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The model it returns (the resource's model unless the schema says otherwise).
    pub model: ObjectType,
    /// Marks on response fields, by dotted path.
    pub support: BTreeMap<String, Support>,
    /// Whether the records a list returns may be partial (a get returns them whole).
    pub partial: bool,
}

/// Where a field of an endpoint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// A query parameter (the endpoint's own).
    Query,
    /// A request body field.
    Body,
    /// A response field.
    Response,
}

impl Section {
    /// The word docs and exports use for it.
    pub fn word(self) -> &'static str {
        match self {
            Section::Query => "query",
            Section::Body => "body",
            Section::Response => "response",
        }
    }
}

/// One field of an endpoint, nested ones included, with its marks for that endpoint.
#[derive(Debug, Clone, Copy)]
pub struct MarkedField<'a> {
    /// Where it is.
    pub section: Section,
    /// Its dotted path, e.g. `account.id`.
    pub path: &'a str,
    /// The field.
    pub field: &'a Field,
    /// Its marks on this endpoint (response fields' marks are the endpoint's).
    pub support: &'a Support,
}

impl Endpoint {
    /// Every field of the endpoint with its marks: its own query parameters, then the body,
    /// then the response model, each field followed by its nested fields (dotted paths). The
    /// one walk that docs, support data, SUPPORT.md, the OpenAPI export and verify-docs share.
    pub fn walk_fields(&self, mut visit: impl FnMut(MarkedField<'_>)) {
        let empty = Support::default();
        for param in &self.query.own {
            walk(&param.field, "", &mut |path, field| {
                visit(MarkedField { section: Section::Query, path, field, support: &field.support })
            });
        }
        for field in self.body.iter().flat_map(|b| &b.object.fields) {
            walk(field, "", &mut |path, field| {
                visit(MarkedField { section: Section::Body, path, field, support: &field.support })
            });
        }
        for field in &self.response.model.fields {
            walk(field, "", &mut |path, field| {
                let support = self.response.support.get(path).unwrap_or(&empty);
                visit(MarkedField { section: Section::Response, path, field, support })
            });
        }
    }
}

fn walk(field: &Field, prefix: &str, visit: &mut dyn FnMut(&str, &Field)) {
    let path = if prefix.is_empty() { field.wire.clone() } else { format!("{prefix}.{}", field.wire) };
    visit(&path, field);
    if let Some(object) = field.ty.object() {
        for child in &object.fields {
            walk(child, &path, visit);
        }
    }
}

impl Schema {
    /// The groups of shared query parameters endpoints of `operation` take.
    pub fn groups_for(&self, operation: OperationKind) -> impl Iterator<Item = &QueryGroup> {
        self.query_groups.iter().filter(move |g| g.applies_to(operation))
    }

    /// Every shared query parameter endpoints of `operation` take, the response format
    /// excepted.
    pub fn shared_params_for(&self, operation: OperationKind) -> impl Iterator<Item = &Param> {
        self.groups_for(operation).flat_map(|g| &g.params)
    }

    /// Every shared query parameter, the response format excepted.
    pub fn shared_params(&self) -> impl Iterator<Item = &Param> {
        self.query_groups.iter().flat_map(|g| &g.params)
    }

    /// The integration with this slug.
    pub fn integration(&self, slug: &str) -> Option<&Integration> {
        self.integrations.iter().find(|i| i.slug == slug)
    }

    /// The index of the integration with this slug (its bit in the support data).
    pub fn integration_index(&self, slug: &str) -> Option<usize> {
        self.integrations.iter().position(|i| i.slug == slug)
    }

    /// Every endpoint with its API and resource.
    pub fn endpoints(&self) -> impl Iterator<Item = (&Api, &Resource, &Endpoint)> {
        self.apis.iter().flat_map(|a| a.resources.iter().flat_map(move |r| r.endpoints.iter().map(move |e| (a, r, e))))
    }
}
