//! The schema as written: serde structs mirroring the YAML, with source positions.
//!
//! Nothing here is checked beyond what serde enforces (shapes of values, unknown keys).
//! [`crate::check`] turns the parsed [`RawFile`]s into the resolved [`crate::model`].

use std::collections::HashMap;

use marked_yaml::Spanned;
use serde::Deserialize;

/// A name with its position in the YAML.
pub type Name = Spanned<String>;

/// A map as written, keyed by name (the order is restored by sorting later).
pub type NamedMap<T> = HashMap<Name, T>;

/// The top-level sections a schema file may have: the one list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TopLevel {
    /// `integrations`: the CRMs behind the unified API.
    Integrations,
    /// `parameters`: Truto's shared path and query parameters.
    Parameters,
    /// `shapes`: object shapes shared by several resources.
    Shapes,
    /// `api`: a unified API and its resources.
    Api,
    /// `resource`: one resource and its model.
    Resource,
    /// `endpoint`: one endpoint.
    Endpoint,
}

impl TopLevel {
    /// Every section, in the order schema/README.md lists them.
    pub const ALL: [TopLevel; 6] = [
        TopLevel::Integrations,
        TopLevel::Parameters,
        TopLevel::Shapes,
        TopLevel::Api,
        TopLevel::Resource,
        TopLevel::Endpoint,
    ];

    /// The section's key.
    pub fn word(self) -> &'static str {
        match self {
            TopLevel::Integrations => "integrations",
            TopLevel::Parameters => "parameters",
            TopLevel::Shapes => "shapes",
            TopLevel::Api => "api",
            TopLevel::Resource => "resource",
            TopLevel::Endpoint => "endpoint",
        }
    }

    /// The section a key names.
    pub fn from_word(word: &str) -> Option<TopLevel> {
        Self::ALL.into_iter().find(|s| s.word() == word)
    }

    /// Every key, for messages.
    pub fn words() -> Vec<&'static str> {
        Self::ALL.iter().map(|s| s.word()).collect()
    }
}

/// One YAML file: any of the top-level sections.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// The `integrations` key (see schema/README.md).
    pub integrations: Option<Vec<RawIntegration>>,
    /// The `parameters` key (see schema/README.md).
    pub parameters: Option<RawParameters>,
    /// The `shapes` key (see schema/README.md).
    pub shapes: Option<NamedMap<RawShape>>,
    /// The `api` key (see schema/README.md).
    pub api: Option<RawApi>,
    /// The `resource` key (see schema/README.md).
    pub resource: Option<RawResource>,
    /// The `endpoint` key (see schema/README.md).
    pub endpoint: Option<RawEndpoint>,
}

impl RawFile {
    /// Whether the file has this section.
    pub fn has(&self, section: TopLevel) -> bool {
        match section {
            TopLevel::Integrations => self.integrations.is_some(),
            TopLevel::Parameters => self.parameters.is_some(),
            TopLevel::Shapes => self.shapes.is_some(),
            TopLevel::Api => self.api.is_some(),
            TopLevel::Resource => self.resource.is_some(),
            TopLevel::Endpoint => self.endpoint.is_some(),
        }
    }

    /// Whether the file has any section.
    pub fn defines_anything(&self) -> bool {
        TopLevel::ALL.into_iter().any(|s| self.has(s))
    }

    /// Forgets a section (one that was read only to find more problems).
    pub fn clear(&mut self, section: TopLevel) {
        match section {
            TopLevel::Integrations => self.integrations = None,
            TopLevel::Parameters => self.parameters = None,
            TopLevel::Shapes => self.shapes = None,
            TopLevel::Api => self.api = None,
            TopLevel::Resource => self.resource = None,
            TopLevel::Endpoint => self.endpoint = None,
        }
    }
}

/// One entry of `integrations`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIntegration {
    /// The `slug` key (see schema/README.md).
    pub slug: Name,
    /// The `name` key (see schema/README.md).
    pub name: Name,
    /// The `aliases` key (see schema/README.md).
    #[serde(default)]
    pub aliases: Vec<Name>,
    /// The `confirmed` key (see schema/README.md).
    pub confirmed: Option<bool>,
}

/// The `parameters` section: Truto's shared path and query parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParameters {
    /// The `path` key (see schema/README.md).
    #[serde(default)]
    pub path: NamedMap<RawField>,
    /// The `query` key (see schema/README.md).
    #[serde(default)]
    pub query: NamedMap<RawField>,
}

/// One entry of `shapes`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShape {
    /// The `description` key (see schema/README.md).
    pub description: Option<String>,
    /// The `fields` key (see schema/README.md).
    pub fields: NamedMap<RawField>,
}

/// The `api` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApi {
    /// The `name` key (see schema/README.md).
    pub name: Name,
    /// The `title` key (see schema/README.md).
    pub title: Option<String>,
    /// The `description` key (see schema/README.md).
    pub description: Option<String>,
    /// The `resources` key (see schema/README.md).
    pub resources: Vec<Name>,
}

/// The `resource` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResource {
    /// The `api` key (see schema/README.md).
    pub api: Name,
    /// The `name` key (see schema/README.md).
    pub name: Name,
    /// The `model` key (see schema/README.md).
    pub model: Name,
    /// The `description` key (see schema/README.md).
    pub description: Option<String>,
    /// The `fields` key (see schema/README.md).
    pub fields: NamedMap<RawField>,
    /// The `known_in_part` key (see schema/README.md): where the docs stopped.
    pub known_in_part: Option<Name>,
}

/// The `endpoint` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    /// The `api` key (see schema/README.md).
    pub api: Name,
    /// The `resource` key (see schema/README.md).
    pub resource: Name,
    /// The `operation` key (see schema/README.md).
    pub operation: Name,
    /// The `name` key (see schema/README.md).
    pub name: Option<Name>,
    /// The `http` key (see schema/README.md).
    pub http: Name,
    /// The `path` key (see schema/README.md).
    pub path: Name,
    /// The `path_params` key (see schema/README.md).
    #[serde(default)]
    pub path_params: Vec<Name>,
    /// The `response_formats` key (see schema/README.md).
    pub response_formats: Vec<Name>,
    /// The `description` key (see schema/README.md).
    pub description: Option<String>,
    /// The `integrations` key (see schema/README.md).
    pub integrations: Option<Vec<Name>>,
    /// The `integrations_known_in_part` key (see schema/README.md).
    pub integrations_known_in_part: Option<Spanned<RawIntegrationsInPart>>,
    /// The `query` key (see schema/README.md).
    #[serde(default)]
    pub query: NamedMap<RawField>,
    /// The `body` key (see schema/README.md).
    pub body: Option<NamedMap<RawField>>,
    /// The `body_known_in_part` key (see schema/README.md): where the docs stopped.
    pub body_known_in_part: Option<Name>,
    /// The `response` key (see schema/README.md).
    #[serde(default)]
    pub response: RawResponse,
}

/// An endpoint's `response`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResponse {
    /// The `model` key (see schema/README.md).
    pub model: Option<Name>,
    /// The `support` key (see schema/README.md).
    #[serde(default)]
    pub support: NamedMap<RawSupport>,
    /// The `partial` key (see schema/README.md).
    #[serde(default)]
    pub partial: bool,
    /// The `partial_in` key (see schema/README.md).
    pub partial_in: Option<Vec<Name>>,
}

/// An endpoint's `integrations_known_in_part`: the integrations known to support it and known
/// not to; every other one is unknown.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIntegrationsInPart {
    /// The `supported` key (see schema/README.md).
    #[serde(default)]
    pub supported: Vec<Name>,
    /// The `unsupported` key (see schema/README.md).
    #[serde(default)]
    pub unsupported: Vec<Name>,
}

/// A field, a query or path parameter, or a member of a shape.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    /// The `type` key (see schema/README.md).
    #[serde(rename = "type")]
    pub ty: Option<Name>,
    /// The `description` key (see schema/README.md).
    pub description: Option<String>,
    /// The `required` key (see schema/README.md).
    #[serde(default)]
    pub required: bool,
    /// The `example` key (see schema/README.md).
    pub example: Option<String>,
    /// The `default` key (see schema/README.md).
    pub default: Option<String>,
    /// The `references` key (see schema/README.md).
    pub references: Option<Name>,
    /// The `condition` key (see schema/README.md).
    pub condition: Option<String>,
    /// The `enum` key (see schema/README.md).
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Name>>,
    /// The `value_docs` key (see schema/README.md).
    #[serde(default)]
    pub value_docs: NamedMap<String>,
    /// The `type_name` key (see schema/README.md).
    pub type_name: Option<Name>,
    /// The `rust_name` key (see schema/README.md).
    pub rust_name: Option<Name>,
    /// The `fields` key (see schema/README.md).
    pub fields: Option<NamedMap<RawField>>,
    /// The `support` key (see schema/README.md).
    pub support: Option<RawSupport>,
    /// The `known_in_part` key (see schema/README.md): an object whose fields the docs cut.
    pub known_in_part: Option<Name>,
    /// Shared query parameters only: the operations that get this parameter.
    pub operations: Option<Vec<Name>>,
    /// Shared query parameters only: this parameter selects the response format.
    #[serde(default)]
    pub response_format: bool,
}

/// Per-integration marks on one field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSupport {
    /// The `required` key (see schema/README.md).
    #[serde(default)]
    pub required: Vec<Name>,
    /// The `supported` key (see schema/README.md).
    #[serde(default)]
    pub supported: Vec<Name>,
    /// The `values` key (see schema/README.md).
    #[serde(default)]
    pub values: NamedMap<Vec<Name>>,
    /// The `notes` key (see schema/README.md).
    #[serde(default)]
    pub notes: NamedMap<String>,
}
