//! The resolved model: what the schema means, with every name, type, reference and support mark
//! decided once. Emitters and the docs verifier read only this.
//!
//! Everything is sorted (by wire name, slug or path), so output never depends on the order of
//! the YAML.

use std::collections::BTreeMap;

pub use crate::types::Scalar;

/// The whole checked schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Every integration, sorted by slug.
    pub integrations: Vec<Integration>,
    /// Shapes shared between resources, sorted by name.
    pub shapes: Vec<ObjectType>,
    /// Truto's shared query parameters, sorted by wire name (including `truto_response_format`).
    pub shared_query: Vec<SharedQueryParam>,
    /// The unified APIs, sorted by name.
    pub apis: Vec<Api>,
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
    pub variant: String,
}

/// A shared query parameter and the operations that take it.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedQueryParam {
    /// The parameter itself.
    pub field: Field,
    /// The operations that take it; empty means every operation.
    pub operations: Vec<Operation>,
    /// Whether it is `truto_response_format`, which request builders handle as a typed choice.
    pub response_format: bool,
}

/// One unified API, e.g. `crm`.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The URL segment, e.g. `crm`.
    pub name: String,
    /// The Rust module name.
    pub module: String,
    /// The human title, e.g. `Unified CRM API`.
    pub title: Option<String>,
    /// What the API is.
    pub description: Option<String>,
    /// Every resource the API has, modelled or not (targets of references).
    pub known_resources: Vec<String>,
    /// The modelled resources, sorted by name.
    pub resources: Vec<Resource>,
    /// The Rust type reached by `client.<module>()`, e.g. `CrmClient`.
    pub client_type: String,
}

/// A resource with its model and endpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The URL segment, e.g. `opportunities`.
    pub name: String,
    /// The Rust module name, e.g. `opportunities`.
    pub module: String,
    /// The model: the record endpoints return.
    pub model: ObjectType,
    /// The endpoints, sorted by operation then name.
    pub endpoints: Vec<Endpoint>,
    /// The Rust type reached by `client.<api>().<module>()`, e.g. `OpportunitiesClient`.
    pub client_type: String,
    /// The cargo feature that compiles the resource in, e.g. `opportunities`.
    pub feature: String,
}

/// A field of an object, a query parameter or a path parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// The Rust field name (keywords escaped).
    pub rust: String,
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

/// A struct: a model, a nested object, a shape or a request body.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectType {
    /// The Rust type name.
    pub name: String,
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
    pub name: String,
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
    pub variant: String,
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

/// The kind of an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Operation {
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
    Custom(String),
}

impl Operation {
    /// The schema's word for it.
    pub fn kind(&self) -> &'static str {
        match self {
            Operation::List => "list",
            Operation::Get => "get",
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Delete => "delete",
            Operation::Custom(_) => "custom",
        }
    }

    /// The HTTP method this operation uses.
    pub fn http_method(&self) -> &'static str {
        match self {
            Operation::List | Operation::Get => "GET",
            Operation::Create | Operation::Custom(_) => "POST",
            Operation::Update => "PATCH",
            Operation::Delete => "DELETE",
        }
    }
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Its kind.
    pub operation: Operation,
    /// The Rust method name on the resource, e.g. `update`, `batch_delete`.
    pub method: String,
    /// The prefix of its Rust type names, e.g. `UpdateOpportunity`.
    pub type_prefix: String,
    /// The typed request's Rust name, e.g. `UpdateOpportunity`.
    pub request_type: String,
    /// The query parameters' Rust type, e.g. `UpdateOpportunityQuery`.
    pub query_type: String,
    /// The Rust name of its support data static, e.g. `UPDATE_OPPORTUNITY`.
    pub support_static: String,
    /// The HTTP method.
    pub http: String,
    /// The path template, e.g. `/unified/crm/opportunities/{id}`.
    pub path: String,
    /// Path parameters, in path order.
    pub path_params: Vec<Field>,
    /// The allowed `truto_response_format` values, in schema order.
    pub response_formats: Vec<String>,
    /// What it does.
    pub description: Option<String>,
    /// The page's "Integrations supported", when it has one (sorted slugs).
    pub integrations: Option<Vec<String>>,
    /// Its own query parameters, sorted by wire name.
    pub query: Vec<Field>,
    /// The request body, if it takes one.
    pub body: Option<ObjectType>,
    /// The model it returns (the resource's model unless the schema says otherwise).
    pub response_model: String,
    /// Marks on response fields, by dotted path.
    pub response_support: BTreeMap<String, Support>,
    /// Whether the records a list returns may be partial (a get returns them whole).
    pub partial_response: bool,
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
}

impl Schema {
    /// The model named `name` in the API `api`.
    pub fn model(&self, api: &str, name: &str) -> Option<&ObjectType> {
        self.apis.iter().filter(|a| a.name == api).flat_map(|a| &a.resources).map(|r| &r.model).find(|m| m.name == name)
    }
}
