//! Per-integration support, as plain static data.
//!
//! Each generated endpoint has an [`Endpoint`] static that lists every query parameter and
//! body field, and the response fields that integrations mark (nested ones by dotted path),
//! with the integrations that support or require it and, for enum fields, the values each integration accepts. The generated crate's
//! `endpoints()` lists them all.
//!
//! The data is generic over the generated `Integration` enum (anything implementing
//! [`IntegrationId`]): a field's marks are two small bit sets of integration indices
//! ([`Integrations`]), and the accessors take and return the enum itself.

use std::fmt;
use std::marker::PhantomData;

/// What the runtime needs to know of an integration: implemented by the generated crate's
/// `Integration` enum.
pub trait IntegrationId: Copy + Eq + fmt::Debug + fmt::Display + Send + Sync + 'static {
    /// Every integration, in index order.
    const ALL: &'static [Self];
    /// The position in [`IntegrationId::ALL`].
    fn index(self) -> usize;
    /// Truto's slug, e.g. `zohocrm`.
    fn slug(self) -> &'static str;
    /// The display name as Truto's docs print it, e.g. `Zoho CRM`.
    fn name(self) -> &'static str;
}

/// One integration, as the runtime keeps it where the generated enum's type is not known
/// (a pre-flight check report, a `Call`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IntegrationRef {
    /// The index in the generated `Integration` enum.
    pub index: usize,
    /// Truto's slug.
    pub slug: &'static str,
    /// The display name.
    pub name: &'static str,
}

impl IntegrationRef {
    /// The reference to `integration`.
    pub fn of<I: IntegrationId>(integration: I) -> Self {
        IntegrationRef { index: integration.index(), slug: integration.slug(), name: integration.name() }
    }

    /// Whether it is `integration`.
    pub fn is<I: IntegrationId>(self, integration: I) -> bool {
        self.index == integration.index() && self.slug == integration.slug()
    }
}

impl fmt::Display for IntegrationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// A set of integrations: bit `i` stands for the integration of index `i`. The first 64 are
/// in one word, any beyond in more words (bit `i` of `more[i / 64 - 1]`), so that the usual
/// set is one number in the generated data.
#[derive(Debug)]
pub struct Integrations<I> {
    first: u64,
    more: &'static [u64],
    integration: PhantomData<fn() -> I>,
}

impl<I> Clone for Integrations<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I> Copy for Integrations<I> {}

impl<I> Integrations<I> {
    /// The set of the first 64 integrations whose bits are set.
    pub const fn of(bits: u64) -> Self {
        Integrations { first: bits, more: &[], integration: PhantomData }
    }

    /// The set with these words (word `w`, bit `b` is integration `64 * w + b`), for more than
    /// 64 integrations.
    pub const fn of_words(words: &'static [u64]) -> Self {
        match words.split_first() {
            Some((first, more)) => Integrations { first: *first, more, integration: PhantomData },
            None => Self::of(0),
        }
    }

    /// Whether the integration of index `index` is in the set.
    pub fn contains_index(self, index: usize) -> bool {
        let word = match index / 64 {
            0 => Some(self.first),
            w => self.more.get(w - 1).copied(),
        };
        word.is_some_and(|word| word & (1 << (index % 64)) != 0)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.first == 0 && self.more.iter().all(|word| *word == 0)
    }
}

impl<I: IntegrationId> Integrations<I> {
    /// Whether `integration` is in the set.
    pub fn contains(self, integration: I) -> bool {
        self.contains_index(integration.index())
    }

    /// The integrations in the set, in index order.
    pub fn iter(self) -> impl Iterator<Item = I> {
        I::ALL.iter().copied().filter(move |i| self.contains(*i))
    }
}

/// Whether an integration supports or requires a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mark {
    /// The integration supports the field.
    Supported,
    /// The integration requires the field.
    Required,
}

/// Which integrations support an endpoint, as far as Truto's docs say.
#[derive(Debug)]
pub enum EndpointSupport<I> {
    /// A page's complete list: every other integration does not support the endpoint.
    Listed(Integrations<I>),
    /// No page lists them, but these are known (Truto's integration-coverage page): every
    /// other integration is unknown.
    InPart {
        /// Known to support the endpoint.
        supported: Integrations<I>,
        /// Known not to support it.
        unsupported: Integrations<I>,
    },
    /// No page lists them: unknown for every integration (never "none").
    Unknown,
}

impl<I> Clone for EndpointSupport<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I> Copy for EndpointSupport<I> {}

impl<I> EndpointSupport<I> {
    /// Whether the docs list or name the integration of index `index` as supporting it.
    fn names_supported(self, index: usize) -> bool {
        match self {
            EndpointSupport::Listed(listed) => listed.contains_index(index),
            EndpointSupport::InPart { supported, .. } => supported.contains_index(index),
            EndpointSupport::Unknown => false,
        }
    }

    /// Whether the docs say the integration of index `index` does not support it: a complete
    /// list without it, or named as not supporting it.
    fn names_unsupported(self, index: usize) -> bool {
        match self {
            EndpointSupport::Listed(listed) => !listed.contains_index(index),
            EndpointSupport::InPart { unsupported, .. } => unsupported.contains_index(index),
            EndpointSupport::Unknown => false,
        }
    }
}

/// What the docs say of one integration and one endpoint ([`Endpoint::coverage`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Coverage {
    /// The integration supports the endpoint.
    Supported,
    /// It supports the endpoint, and its list returns a subset of the fields (a get returns
    /// the whole record).
    Partial,
    /// The docs say it does not support the endpoint.
    Unsupported,
    /// The docs do not say.
    Unknown,
}

impl Coverage {
    /// Whether the integration supports the endpoint (wholly or with a partial list).
    pub fn is_supported(self) -> bool {
        matches!(self, Coverage::Supported | Coverage::Partial)
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Coverage::Supported => "supported",
            Coverage::Partial => "supported, its list returning a subset of the fields",
            Coverage::Unsupported => "not supported",
            Coverage::Unknown => "unknown",
        })
    }
}

/// What one endpoint supports, per integration.
#[derive(Debug)]
pub struct Endpoint<I: 'static> {
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
    /// Which integrations support the endpoint, as far as the docs say: a page's complete
    /// list, some known either way, or unknown (never read as "none"). Ask it through
    /// [`Endpoint::coverage`], which also counts an integration that marks a field.
    pub integrations: EndpointSupport<I>,
    /// Whether the records a list returns may be partial (a get returns them whole).
    pub partial_response: bool,
    /// The integrations whose list returns a subset of the fields (`Pipedrive (partial)` on
    /// the docs' pages): a get returns the whole record.
    pub partial_in: Integrations<I>,
    /// The endpoint's own query parameters.
    pub query: &'static [Field<I>],
    /// The request body's fields.
    pub body: &'static [Field<I>],
    /// The response's fields that some integration marks or the docs require (the model's
    /// type has every field).
    pub response: &'static [Field<I>],
}

/// One field, parameter or response field and its per-integration marks.
#[derive(Debug)]
pub struct Field<I: 'static> {
    /// The wire name; a nested field's dotted path, e.g. `account.id`.
    pub path: &'static str,
    /// Whether the docs mark the field required (for everyone, not per integration).
    pub required: bool,
    /// When the field is required or applies, as the docs say it.
    pub condition: Option<&'static str>,
    /// The documented enum values, if it is an enum.
    pub enum_values: &'static [&'static str],
    /// The integrations that support it (and do not require it).
    pub supported_by: Integrations<I>,
    /// The integrations that require it.
    pub required_by: Integrations<I>,
    /// Per integration, the enum values it accepts.
    pub values: &'static [(I, &'static [&'static str])],
    /// Per integration, the docs' note on the field.
    pub notes: &'static [(I, &'static str)],
}

impl<I> Field<I> {
    /// A field that the integrations of the bits `supported_by` support and those of
    /// `required_by` require (see [`Integrations`]); the other facts are added with the
    /// builder methods below.
    pub const fn new(path: &'static str, supported_by: u64, required_by: u64) -> Self {
        Self::marked(path, Integrations::of(supported_by), Integrations::of(required_by))
    }

    /// [`Field::new`] with sets of any size (more than 64 integrations).
    pub const fn marked(path: &'static str, supported_by: Integrations<I>, required_by: Integrations<I>) -> Self {
        Field {
            path,
            required: false,
            condition: None,
            enum_values: &[],
            supported_by,
            required_by,
            values: &[],
            notes: &[],
        }
    }

    /// The docs mark the field required.
    pub const fn required(self) -> Self {
        Field { required: true, ..self }
    }

    /// The docs' condition on the field.
    pub const fn condition(self, condition: &'static str) -> Self {
        Field { condition: Some(condition), ..self }
    }

    /// The field's documented enum values.
    pub const fn enum_values(self, values: &'static [&'static str]) -> Self {
        Field { enum_values: values, ..self }
    }

    /// The values each integration accepts.
    pub const fn values(self, values: &'static [(I, &'static [&'static str])]) -> Self {
        Field { values, ..self }
    }

    /// The docs' notes, per integration.
    pub const fn notes(self, notes: &'static [(I, &'static str)]) -> Self {
        Field { notes, ..self }
    }

    /// Whether any integration marks the field.
    pub fn is_marked(&self) -> bool {
        !self.supported_by.is_empty() || !self.required_by.is_empty()
    }

    pub(crate) fn mark_of(&self, index: usize) -> Option<Mark> {
        if self.required_by.contains_index(index) {
            Some(Mark::Required)
        } else if self.supported_by.contains_index(index) {
            Some(Mark::Supported)
        } else {
            None
        }
    }
}

impl<I: IntegrationId> Field<I> {
    /// How `integration` marks this field, if at all.
    pub fn mark(&self, integration: I) -> Option<Mark> {
        self.mark_of(integration.index())
    }

    pub(crate) fn values_of(&self, index: usize) -> Option<&'static [&'static str]> {
        self.values.iter().find(|(i, _)| i.index() == index).map(|(_, v)| *v)
    }

    /// The values `integration` accepts, when the docs give it a subset.
    pub fn values_for(&self, integration: I) -> Option<&'static [&'static str]> {
        self.values_of(integration.index())
    }

    /// The docs' note on the field for `integration`, if there is one.
    pub fn note_for(&self, integration: I) -> Option<&'static str> {
        self.notes.iter().find(|(i, _)| *i == integration).map(|(_, n)| *n)
    }

    /// Each integration that supports or requires the field with its mark, in index order.
    pub fn marks(&self) -> impl Iterator<Item = (I, Mark)> + '_ {
        I::ALL.iter().filter_map(|i| self.mark(*i).map(|mark| (*i, mark)))
    }

    /// The integrations that support or require the field, in index order.
    pub fn integrations(&self) -> impl Iterator<Item = I> + '_ {
        I::ALL.iter().copied().filter(|i| self.mark(*i).is_some())
    }

    /// The marked integrations that accept `value`: those without a subset accept every
    /// documented value.
    pub fn integrations_accepting(&self, value: &str) -> Vec<I> {
        self.integrations().filter(|i| self.values_for(*i).is_none_or(|values| values.contains(&value))).collect()
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

impl<I> Endpoint<I> {
    /// The fields of one section.
    pub fn fields(&self, section: Section) -> &'static [Field<I>] {
        match section {
            Section::Query => self.query,
            Section::Body => self.body,
            Section::Response => self.response,
        }
    }

    /// The field at a dotted path in one section.
    pub fn field(&self, section: Section, path: &str) -> Option<&'static Field<I>> {
        self.fields(section).iter().find(|f| f.path == path)
    }

    /// Whether this is the endpoint `operation` of `resource` in `api` (`operation` is the
    /// operation's word or a custom endpoint's name, e.g. `merge`).
    pub fn is(&self, api: &str, resource: &str, operation: &str) -> bool {
        self.api == api
            && self.resource == resource
            && (self.operation == operation || self.custom_name == Some(operation))
    }
}

impl<I> Endpoint<I> {
    /// [`Endpoint::coverage`] for the integration of index `index`.
    pub(crate) fn coverage_of_index(&self, index: usize) -> Coverage {
        let marks_a_field = [self.query, self.body, self.response]
            .iter()
            .any(|fields| fields.iter().any(|f| f.mark_of(index).is_some()));
        if self.partial_in.contains_index(index) {
            Coverage::Partial
        } else if marks_a_field || self.integrations.names_supported(index) {
            Coverage::Supported
        } else if self.integrations.names_unsupported(index) {
            Coverage::Unsupported
        } else {
            Coverage::Unknown
        }
    }
}

impl<I: IntegrationId> Endpoint<I> {
    /// What the docs say of `integration` and this endpoint: it supports it (the page lists
    /// it, Truto's coverage page names it, or it marks a field), wholly or with a list that
    /// returns a subset of the fields; it does not (a complete list without it, or named as
    /// not supporting it); or unknown.
    pub fn coverage(&self, integration: I) -> Coverage {
        self.coverage_of_index(integration.index())
    }

    /// Whether `integration` supports the endpoint, as far as the docs say (see
    /// [`Endpoint::coverage`]): `false` for unknown support too.
    pub fn is_supported_by(&self, integration: I) -> bool {
        self.coverage(integration).is_supported()
    }

    /// Whether the docs say `integration` does not support the endpoint. Unknown support is
    /// never "not supported".
    pub fn is_known_unsupported_by(&self, integration: I) -> bool {
        self.coverage(integration) == Coverage::Unsupported
    }

    /// Whether `integration`'s list returns a subset of the fields.
    pub fn is_partial_in(&self, integration: I) -> bool {
        self.partial_in.contains(integration)
    }

    /// Every integration known to support the endpoint, in index order.
    pub fn integrations(&self) -> Vec<I> {
        I::ALL.iter().copied().filter(|i| self.is_supported_by(*i)).collect()
    }

    /// The response fields `integration` fills in, by dotted path.
    pub fn response_fields_for(&self, integration: I) -> Vec<&'static str> {
        self.response.iter().filter(|f| f.mark(integration).is_some()).map(|f| f.path).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{Crm, GET_DEAL, LIST_DEALS};

    #[test]
    fn marks_come_from_the_bit_sets() {
        let field: Field<Crm> =
            Field::new("status", 0b001, 0b100).values(&[(Crm::C, &["open"])]).notes(&[(Crm::A, "only open")]);
        assert_eq!(field.mark(Crm::A), Some(Mark::Supported));
        assert_eq!(field.mark(Crm::B), None);
        assert_eq!(field.mark(Crm::C), Some(Mark::Required));
        assert_eq!(field.integrations().collect::<Vec<_>>(), [Crm::A, Crm::C]);
        assert_eq!(field.values_for(Crm::C), Some(&["open"][..]));
        assert_eq!(field.integrations_accepting("won"), [Crm::A]);
        assert_eq!(field.note_for(Crm::A), Some("only open"));
        assert!(Field::<Crm>::new("x", 0, 0).mark(Crm::A).is_none());
    }

    #[test]
    fn endpoint_support_is_listed_known_in_part_marked_or_unknown() {
        // LIST_DEALS lists A and B (B's list partial); C is not listed but marks a field.
        assert_eq!(LIST_DEALS.coverage(Crm::A), Coverage::Supported);
        assert_eq!(LIST_DEALS.coverage(Crm::B), Coverage::Partial);
        assert_eq!(LIST_DEALS.coverage(Crm::C), Coverage::Supported, "it marks a field");
        assert!(!LIST_DEALS.is_known_unsupported_by(Crm::C));
        assert!(LIST_DEALS.is_partial_in(Crm::B) && !LIST_DEALS.is_partial_in(Crm::A));
        assert!(Crm::ALL.iter().all(|i| GET_DEAL.coverage(*i) == Coverage::Unknown), "unknown is never unsupported");
        assert!(GET_DEAL.integrations().is_empty());
        static ONLY_A: Endpoint<Crm> =
            Endpoint { integrations: EndpointSupport::Listed(Integrations::of(0b001)), query: &[], ..GET_DEAL };
        assert!(ONLY_A.is_known_unsupported_by(Crm::B) && ONLY_A.is_known_unsupported_by(Crm::C));
        assert_eq!(ONLY_A.integrations(), [Crm::A]);
        // Known in part: A supports it, B does not, C is unknown.
        static IN_PART: Endpoint<Crm> = Endpoint {
            integrations: EndpointSupport::InPart {
                supported: Integrations::of(0b001),
                unsupported: Integrations::of(0b010),
            },
            ..GET_DEAL
        };
        let coverage: Vec<Coverage> = Crm::ALL.iter().map(|i| IN_PART.coverage(*i)).collect();
        assert_eq!(coverage, [Coverage::Supported, Coverage::Unsupported, Coverage::Unknown]);
        assert_eq!(IN_PART.integrations(), [Crm::A]);
        // A field mark outweighs "not supported": the docs' marks say otherwise.
        static MARKED: Endpoint<Crm> = Endpoint { query: &[Field::new("stage", 0b010, 0)], ..IN_PART };
        assert_eq!(MARKED.coverage(Crm::B), Coverage::Supported);
        assert_eq!(Coverage::Partial.to_string(), "supported, its list returning a subset of the fields");
    }

    #[test]
    fn sets_span_several_words() {
        let set = Integrations::<Crm>::of_words(&[0, 1 << 3]);
        assert!(set.contains_index(67));
        assert!(!set.contains_index(3));
        assert!(!set.contains_index(200));
        assert!(!set.is_empty());
        assert!(Integrations::<Crm>::of_words(&[0, 0]).is_empty());
        assert!(Integrations::<Crm>::of_words(&[]).is_empty());
        assert_eq!(Integrations::<Crm>::of(0b101).iter().collect::<Vec<_>>(), [Crm::A, Crm::C]);
    }
}
