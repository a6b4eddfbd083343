//! The resolved model: what the schema means, with every name, type, reference, support mark
//! and code-shaping decision made once, in [`crate::check`]. Emitters, the docs verifier and
//! import read only this; they print it and decide nothing.
//!
//! Everything is sorted (by wire name, slug or path), so output never depends on the order of
//! the YAML.

use std::collections::{BTreeMap, BTreeSet};

use truto_unified_runtime::vocabulary;

pub mod visit;

pub use crate::names::{TypeName, ValueName};
pub use crate::types::Scalar;

/// The whole checked schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Every integration in the order of the schema's `integrations` list: its index here is
    /// its index in the generated `Integration` enum and its bit in the support data, so an
    /// integration added at the end of the list changes no other's data. Lists shown to people
    /// use [`Schema::integrations_by_slug`].
    pub integrations: Vec<Integration>,
    /// Shapes shared between resources, sorted by name.
    pub shapes: Vec<ObjectType>,
    /// Truto's shared query parameters that get setters (not `truto_response_format` nor the
    /// others the runtime sets), in groups taken by the same operations: the group every
    /// operation takes first, then by operations.
    pub query_groups: Vec<QueryGroup>,
    /// `truto_response_format`, when the schema defines it.
    pub response_format: Option<ResponseFormatParam>,
    /// The other shared query parameters the runtime sets itself
    /// ([`vocabulary::RUNTIME_QUERY_PARAMS`]): no field, no setter; sorted by wire name.
    pub runtime_params: Vec<RuntimeParam>,
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
    /// The struct's docs.
    pub description: String,
    /// Whether the struct derives `Default` (not when a parameter is a constructor argument).
    pub derives_default: bool,
}

impl QueryGroup {
    /// Whether endpoints of `operation` take this group.
    pub fn applies_to(&self, operation: OperationKind) -> bool {
        self.operations.is_empty() || self.operations.contains(&operation)
    }
}

/// One of Truto's shared query parameters that the runtime sets from a call's own methods, so
/// the generated crate has no field or setter for it (the response format has its own place,
/// [`ResponseFormatParam`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RuntimeParam {
    /// The parameter.
    pub field: Field,
    /// The operations that take it; empty means every operation.
    pub operations: Vec<OperationKind>,
}

/// `truto_response_format` and the formats it names.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseFormatParam {
    /// The parameter (its type is the `ResponseFormat` enum).
    pub field: Field,
    /// Every format, in schema order.
    pub formats: Vec<ResponseFormat>,
}

/// A value of `truto_response_format`: one of the formats the runtime knows
/// ([`vocabulary::RESPONSE_FORMATS`], in whose order formats sort).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResponseFormat(usize);

impl ResponseFormat {
    /// Every format the runtime knows.
    pub fn all() -> impl Iterator<Item = ResponseFormat> {
        (0..vocabulary::RESPONSE_FORMATS.len()).map(ResponseFormat)
    }

    /// The runtime's entry for it.
    fn known(self) -> &'static vocabulary::ResponseFormat {
        &vocabulary::RESPONSE_FORMATS[self.0]
    }

    /// The value on the wire.
    pub fn word(self) -> &'static str {
        self.known().value
    }

    /// The format named `word`.
    pub fn from_word(word: &str) -> Option<Self> {
        vocabulary::RESPONSE_FORMATS.iter().position(|f| f.value == word).map(ResponseFormat)
    }

    /// What its answer is (the runtime says).
    pub fn answer(self) -> vocabulary::Answer {
        self.known().answer
    }

    /// Whether it is the format every call starts in (`unified`).
    pub fn is_default(self) -> bool {
        self.word() == vocabulary::DEFAULT_RESPONSE_FORMAT
    }

    /// The runtime's marker type for it (`request::Raw`), for formats a call switches to;
    /// `unified` is every call's default and has none to opt into.
    pub fn marker(self) -> Option<&'static str> {
        (!self.is_default()).then_some(self.known().marker)
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

impl Field {
    /// Whether the docs say nothing of its values: no type and no values (a field with `enum`
    /// and no `type` is an enum of strings).
    pub fn is_untyped(&self) -> bool {
        self.ty == Type::Scalar(Scalar::Any)
    }
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
    /// How its fields are present: leniently in records (models, shapes and the objects in
    /// them), strictly in requests (bodies, queries and every object in them), as
    /// [`Presence::Patch`] at the top of a PATCH body only.
    pub presence: Presence,
    /// Whether it derives `Default`: records and PATCH bodies do; a strict struct only when
    /// none of its fields is required (a required member has no sensible default).
    pub derives_default: bool,
    /// When the docs showed only some of its fields: where they stopped (the schema's
    /// `known_in_part`, or a body's `body_known_in_part`). The fields listed are then not all
    /// the fields a record or body may have.
    pub known_in_part: Option<String>,
}

impl ObjectType {
    /// A struct whose `Default` follows from its presence and fields (see
    /// [`ObjectType::derives_default`]).
    pub fn new(
        name: TypeName,
        description: Option<String>,
        fields: Vec<Field>,
        shape: bool,
        presence: Presence,
    ) -> Self {
        let derives_default = presence != Presence::Strict || fields.iter().all(|f| !f.required);
        ObjectType { name, description, fields, shape, presence, derives_default, known_in_part: None }
    }

    /// The same struct, known only in part: the docs stopped at `known_in_part`.
    pub fn with_known_in_part(self, known_in_part: Option<String>) -> Self {
        ObjectType { known_in_part, ..self }
    }

    /// Whether it is a response record (decoded, never a request's).
    pub fn is_record(&self) -> bool {
        self.presence == Presence::Lenient
    }
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

/// The kinds of endpoint, with their words, HTTP methods and path shapes: the runtime's own
/// (`request::OperationKind`), which import and the untyped requests read too, so that all of
/// them agree.
pub use truto_unified_runtime::request::{OperationKind, PathTail};

/// Every operation word, for help messages.
pub fn operation_words() -> Vec<&'static str> {
    OperationKind::ALL.iter().map(|kind| kind.word()).collect()
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

    /// How the endpoint is named (its Rust method, Truto's capabilities): a custom endpoint by
    /// its name, the others by their word.
    pub fn name(&self) -> &str {
        self.custom_name.as_deref().unwrap_or(self.kind.word())
    }

    /// Whether it takes a request body.
    pub fn takes_body(&self) -> bool {
        matches!(self.kind, OperationKind::Create | OperationKind::Update | OperationKind::Custom)
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
    /// The page's "Integrations supported", when it has one (sorted slugs): every other
    /// integration does not support the endpoint. `None` (with no
    /// [`integrations_known_in_part`](Self::integrations_known_in_part)) means support is
    /// unknown, not "none".
    pub integrations: Option<Vec<String>>,
    /// When no page lists the endpoint's integrations but some are known to support it or not
    /// (Truto's integration-coverage page): those; every other integration is unknown. Never
    /// set together with [`integrations`](Self::integrations).
    pub integrations_known_in_part: Option<IntegrationsInPart>,
    /// Its query parameters.
    pub query: Query,
    /// What the request takes as its body.
    pub body: RequestBody,
    /// What it returns.
    pub response: Response,
    /// For lists: the parameter that fetches the next page, when the schema defines one.
    pub cursor: Option<CursorParam>,
    /// What the request's constructor (and the client's method) takes, in order.
    pub arguments: Vec<Argument>,
}

impl Endpoint {
    /// `METHOD /path`, as pages and docs show an endpoint.
    pub fn title(&self) -> String {
        format!("{} {}", self.operation.kind.http_method(), self.path.template)
    }

    /// Whether the request derives `Default`: when its constructor takes no argument,
    /// `Default` builds the same request (and clippy asks for it).
    pub fn request_derives_default(&self) -> bool {
        self.arguments.is_empty()
    }

    /// Whether the endpoint's support is known for no integration: no page lists it and none
    /// is known either way (its fields' marks aside).
    pub fn support_is_unknown(&self) -> bool {
        self.integrations.is_none() && self.integrations_known_in_part.is_none()
    }

    /// What the docs say of the integration `slug` and this endpoint (see [`Coverage`]): the
    /// one rule behind the support data's `coverage`, SUPPORT.md and the rustdoc.
    pub fn coverage(&self, slug: &str) -> Coverage {
        let owned = |list: &[String]| list.iter().any(|s| s == slug);
        let mut marks_a_field = false;
        self.walk_fields(|marked| marks_a_field |= marked.support.marks.contains_key(slug));
        if owned(&self.response.partial_in) {
            Coverage::Partial
        } else if marks_a_field
            || self.integrations.as_deref().is_some_and(owned)
            || self.integrations_known_in_part.as_ref().is_some_and(|p| owned(&p.supported))
        {
            Coverage::Supported
        } else if self.integrations.is_some()
            || self.integrations_known_in_part.as_ref().is_some_and(|p| owned(&p.unsupported))
        {
            Coverage::Unsupported
        } else {
            Coverage::Unknown
        }
    }
}

/// What the docs say of one integration and one endpoint: the runtime's `support::Coverage`.
pub use truto_unified_runtime::support::Coverage;

/// What an endpoint's request takes as its body.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestBody {
    /// No body (list, get, delete).
    None,
    /// A struct of the fields the docs describe.
    Documented(Body),
    /// Any `Serialize` value: the docs do not describe the body (a create, update or custom
    /// endpoint without `body`), and the request is generic over it.
    Undocumented(UndocumentedBody),
}

impl RequestBody {
    /// The body the docs describe, if they describe one.
    pub fn documented(&self) -> Option<&Body> {
        match self {
            RequestBody::Documented(body) => Some(body),
            RequestBody::None | RequestBody::Undocumented(_) => None,
        }
    }

    /// Whether the request sends a body.
    pub fn is_sent(&self) -> bool {
        !matches!(self, RequestBody::None)
    }
}

/// A request body the docs do not describe: the request is generic over its body
/// (`CreateContact<B = Contact>`), and the caller sends the model, a struct of their own or
/// JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct UndocumentedBody {
    /// The type parameter, e.g. `B`.
    pub param: TypeName,
    /// What the body is when the caller does not say.
    pub default: BodyDefault,
}

/// The default of an undocumented body's type parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyDefault {
    /// The resource's model (creates and updates): every field optional, only the fields set
    /// are sent.
    Model(TypeName),
    /// `serde_json::Value` (custom methods).
    Json,
}

/// An argument of a request's constructor: `UpdateOpportunity::new(id, body)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    /// Its name, the field it sets.
    pub name: ValueName,
    /// What it is.
    pub kind: ArgumentKind,
}

/// What a constructor argument is, which decides its Rust type.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgumentKind {
    /// A path parameter: `impl Into<String>`.
    Path,
    /// A required query parameter that is not text (see [`ParamRole::Argument`]), in its
    /// group (an index into [`Schema::query_groups`]) or the endpoint's own: its type.
    Query {
        /// The group holding it, or `None` for the endpoint's own.
        group: Option<usize>,
        /// Its type.
        ty: Type,
    },
    /// The request body: its struct.
    Body(TypeName),
    /// A body the docs do not describe: the request's type parameter (see
    /// [`UndocumentedBody`]).
    AnyBody(TypeName),
}

/// The integrations known to support an endpoint and known not to (sorted slugs, disjoint).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntegrationsInPart {
    /// Known to support it.
    pub supported: Vec<String>,
    /// Known not to support it.
    pub unsupported: Vec<String>,
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
            PathPart::Param(field) => Some(&**field),
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
    /// What its setter takes.
    pub input: SetterInput,
}

/// What a query parameter's setter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetterInput {
    /// `impl Into<T>`: text and enums, so that a `&str` does.
    Into,
    /// `impl IntoIterator<Item = impl Into<T>>` for `Vec<T>`: arrays of text or of enums.
    Each,
    /// The value's type as it is.
    Value,
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
    /// The struct's docs (when it is its own).
    pub description: String,
    /// Whether its own struct derives `Default` (not when a parameter is a constructor
    /// argument).
    pub derives_default: bool,
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
    /// The struct, e.g. `UpdateOpportunityBody` (its [`ObjectType::presence`] is
    /// [`Presence::Patch`] for an update).
    pub object: ObjectType,
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
    /// The integrations whose list returns a subset of the fields (sorted slugs); when any
    /// are named, `partial` is true.
    pub partial_in: Vec<String>,
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
    /// Whether the endpoint's support data has a row for it: every query parameter and body
    /// field, and the response fields some integration marks or the docs require (the model's
    /// type says which fields a record has; the data keeps what it adds).
    pub in_support_data: bool,
}

impl Endpoint {
    /// Every field of the endpoint with its marks: its own query parameters, then the body,
    /// then the response model, each field followed by its nested fields (dotted paths). The
    /// one walk that docs, support data, SUPPORT.md, the OpenAPI export and verify-docs share.
    pub fn walk_fields(&self, mut visit: impl FnMut(MarkedField<'_>)) {
        let empty = Support::default();
        for (section, fields) in [
            (Section::Query, self.query.own.iter().map(|p| &p.field).collect::<Vec<_>>()),
            (Section::Body, self.body.documented().iter().flat_map(|b| &b.object.fields).collect()),
        ] {
            for field in fields {
                walk(field, "", &mut |path, field| {
                    let support = &field.support;
                    visit(MarkedField { section, path, field, support, in_support_data: true })
                });
            }
        }
        for field in &self.response.model.fields {
            walk(field, "", &mut |path, field| {
                let support = self.response.support.get(path).unwrap_or(&empty);
                let in_support_data = !support.marks.is_empty() || field.required;
                visit(MarkedField { section: Section::Response, path, field, support, in_support_data })
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

    /// Every shared query parameter with a setter that endpoints of `operation` take.
    pub fn shared_params_for(&self, operation: OperationKind) -> impl Iterator<Item = &Param> {
        self.groups_for(operation).flat_map(|g| &g.params)
    }

    /// Every shared query parameter with a setter.
    pub fn shared_params(&self) -> impl Iterator<Item = &Param> {
        self.query_groups.iter().flat_map(|g| &g.params)
    }

    /// Every shared query parameter endpoints of `operation` send, the response format
    /// excepted: those with setters and those the runtime sets.
    pub fn shared_fields_for(&self, operation: OperationKind) -> impl Iterator<Item = &Field> {
        let by_runtime =
            self.runtime_params.iter().filter(move |p| p.operations.is_empty() || p.operations.contains(&operation));
        self.shared_params_for(operation).map(|p| &p.field).chain(by_runtime.map(|p| &p.field))
    }

    /// Every shared query parameter, the response format excepted: those with setters and
    /// those the runtime sets.
    pub fn shared_fields(&self) -> impl Iterator<Item = &Field> {
        self.shared_params().map(|p| &p.field).chain(self.runtime_params.iter().map(|p| &p.field))
    }

    /// The shared groups `endpoint`'s query holds.
    pub fn held_groups<'s>(&'s self, endpoint: &'s Endpoint) -> impl Iterator<Item = &'s QueryGroup> {
        endpoint.query.groups.iter().filter_map(|&g| self.query_groups.get(g))
    }

    /// The query parameters `endpoint`'s constructor takes, in its [`Endpoint::arguments`]
    /// order.
    pub fn argument_params<'s>(&'s self, endpoint: &'s Endpoint) -> impl Iterator<Item = &'s Param> {
        endpoint.arguments.iter().filter_map(move |argument| {
            let ArgumentKind::Query { group, .. } = &argument.kind else { return None };
            let params = match group {
                Some(g) => &self.query_groups.get(*g)?.params,
                None => &endpoint.query.own,
            };
            params.iter().find(|p| p.field.rust == argument.name)
        })
    }

    /// The required text parameters of `endpoint` (shared ones first): a request starts with
    /// them empty, and the caller sets them with their setters (`integrated_account_id`).
    pub fn params_to_set<'s>(&'s self, endpoint: &'s Endpoint) -> impl Iterator<Item = &'s Param> {
        self.held_groups(endpoint)
            .flat_map(|g| &g.params)
            .chain(&endpoint.query.own)
            .filter(|p| p.role == ParamRole::RequiredText)
    }

    /// Every integration sorted by slug, as tables for people list them.
    pub fn integrations_by_slug(&self) -> Vec<&Integration> {
        let mut sorted: Vec<&Integration> = self.integrations.iter().collect();
        sorted.sort_by(|a, b| a.slug.cmp(&b.slug));
        sorted
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
