//! Per-integration support, as plain static data.
//!
//! Each endpoint's [`Endpoint`] lists every query parameter, body field and response field
//! (nested ones by dotted path) with the integrations that support or require it and, for enum
//! fields, the values each integration accepts. [`crate::endpoints`] lists them all.

use crate::Integration;

/// Whether an integration supports or requires a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mark {
    /// The integration supports the field.
    Supported,
    /// The integration requires the field.
    Required,
}

/// What one endpoint supports, per integration.
#[derive(Debug)]
pub struct Endpoint {
    /// The unified API, e.g. `crm`.
    pub api: &'static str,
    /// The resource, e.g. `opportunities`.
    pub resource: &'static str,
    /// `list`, `get`, `create`, `update`, `delete` or `custom`.
    pub operation: &'static str,
    /// A custom endpoint's name, e.g. `merge`.
    pub custom_name: Option<&'static str>,
    /// The HTTP method.
    pub http_method: &'static str,
    /// The path template, e.g. `/unified/crm/opportunities/{id}`.
    pub path: &'static str,
    /// The `truto_response_format` values the endpoint allows.
    pub response_formats: &'static [&'static str],
    /// The integrations the page lists as supporting the endpoint, when it lists them.
    pub integrations: Option<&'static [Integration]>,
    /// The endpoint's own query parameters.
    pub query: &'static [Field],
    /// The request body's fields.
    pub body: &'static [Field],
    /// The response's fields.
    pub response: &'static [Field],
}

/// One field, parameter or response field and its per-integration marks.
#[derive(Debug)]
pub struct Field {
    /// The wire name; a nested field's dotted path, e.g. `account.id`.
    pub path: &'static str,
    /// Whether the docs mark the field required (for everyone, not per integration).
    pub required: bool,
    /// The documented enum values, if it is an enum.
    pub enum_values: &'static [&'static str],
    /// The integrations that support or require it.
    pub marks: &'static [(Integration, Mark)],
    /// Per integration, the enum values it accepts.
    pub values: &'static [(Integration, &'static [&'static str])],
}

impl Field {
    /// How `integration` marks this field, if at all.
    pub fn mark(&self, integration: Integration) -> Option<Mark> {
        self.marks.iter().find(|(i, _)| *i == integration).map(|(_, m)| *m)
    }

    /// The values `integration` accepts, when the docs give it a subset.
    pub fn values_for(&self, integration: Integration) -> Option<&'static [&'static str]> {
        self.values.iter().find(|(i, _)| *i == integration).map(|(_, v)| *v)
    }
}

/// Where a field of an endpoint lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// A query parameter.
    Query,
    /// A request body field.
    Body,
    /// A response field.
    Response,
}

impl Endpoint {
    /// The fields of one section.
    pub fn fields(&self, section: Section) -> &'static [Field] {
        match section {
            Section::Query => self.query,
            Section::Body => self.body,
            Section::Response => self.response,
        }
    }

    /// The field at a dotted path in one section.
    pub fn field(&self, section: Section, path: &str) -> Option<&'static Field> {
        self.fields(section).iter().find(|f| f.path == path)
    }

    /// Whether `integration` supports the endpoint: the page lists it, or it marks any field.
    pub fn is_supported_by(&self, integration: Integration) -> bool {
        match self.integrations {
            Some(listed) if listed.contains(&integration) => true,
            _ => [self.query, self.body, self.response]
                .iter()
                .any(|fields| fields.iter().any(|f| f.mark(integration).is_some())),
        }
    }

    /// Every integration that supports the endpoint.
    pub fn integrations(&self) -> Vec<Integration> {
        Integration::ALL.iter().copied().filter(|i| self.is_supported_by(*i)).collect()
    }

    /// The response fields `integration` fills in, by dotted path.
    pub fn response_fields_for(&self, integration: Integration) -> Vec<&'static str> {
        self.response.iter().filter(|f| f.mark(integration).is_some()).map(|f| f.path).collect()
    }
}

impl Field {
    /// The integrations that support or require the field.
    pub fn integrations(&self) -> impl Iterator<Item = Integration> + '_ {
        self.marks.iter().map(|(i, _)| *i)
    }

    /// The marked integrations that accept `value`: those without a subset accept every
    /// documented value.
    pub fn integrations_accepting(&self, value: &str) -> Vec<Integration> {
        self.integrations().filter(|i| self.values_for(*i).is_none_or(|values| values.contains(&value))).collect()
    }
}

/// The support data of one endpoint: `endpoint("crm", "opportunities", "update")`, or for a
/// custom endpoint its name (`"merge"`).
pub fn endpoint(api: &str, resource: &str, operation: &str) -> Option<&'static Endpoint> {
    crate::endpoints().into_iter().find(|e| {
        e.api == api && e.resource == resource && (e.operation == operation || e.custom_name == Some(operation))
    })
}
