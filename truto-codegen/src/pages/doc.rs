//! What a page says, as the page says it: the types [`super::parse_page`] returns.

use std::collections::BTreeSet;
use std::fmt;

use crate::types::Layout;

/// One page, as the page says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPage {
    /// The page's layout.
    pub layout: Layout,
    /// `GET`, `POST`, `PATCH`, `DELETE`, ...
    pub http_method: String,
    /// The path template, e.g. `/unified/crm/leads/{id}`.
    pub path: String,
    /// The line of the `METHOD /path` line.
    pub request_line: usize,
    /// The older layout's "Integrations supported" (display names, page order).
    pub integrations: Option<Vec<String>>,
    /// "Partial response — use the "get" endpoint for the full object.": the records a list
    /// returns may be partial.
    pub partial_response: bool,
    /// Path parameters.
    pub path_params: Vec<DocField>,
    /// Query parameters: the endpoint's own and Truto's (see [`DocField::truto_specific`]).
    pub query: Vec<DocField>,
    /// The request body, when the page has a "Request Body" section.
    pub body: Option<Vec<DocField>>,
    /// The response body.
    pub response: Vec<DocField>,
    /// The `truto_response_format` values the page documents: the older layout's enum bullets,
    /// or the first word of each value bullet on newer pages.
    pub response_formats: Vec<String>,
    /// Words the page prints on their own (field names, examples, value bullets, string values
    /// of the code samples): evidence for splitting glued enum values.
    pub words: BTreeSet<String>,
    /// Where the page stops, when it was saved only in part.
    pub cut: Option<Cut>,
    /// Everything the reader could not make sense of, by line.
    pub problems: Vec<Problem>,
}

impl DocPage {
    /// `METHOD /path`.
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.http_method, self.path)
    }

    /// The fields of `section` as read (an absent request body is empty).
    pub fn section(&self, section: Section) -> &[DocField] {
        match section {
            Section::Path => &self.path_params,
            Section::Query => &self.query,
            Section::Body => self.body.as_deref().unwrap_or_default(),
            Section::Response => &self.response,
        }
    }

    /// Whether every field of `section` was read: the page does not stop in or before it.
    pub fn is_whole(&self, section: Section) -> bool {
        self.cut.as_ref().is_none_or(|cut| cut.section.is_some_and(|s| s > section))
    }

    /// The fields whose own fields the page may not have reached, outermost first: when it
    /// stops right after a kept field ([`Cut::kept`]), the last field of its section, that
    /// field's last child, and so on. Empty otherwise.
    pub fn open_fields(&self) -> Vec<&DocField> {
        let Some(section) = self.cut.as_ref().filter(|c| c.kept.is_some()).and_then(|c| c.section) else {
            return Vec::new();
        };
        let mut open = Vec::new();
        let mut last = self.section(section).last();
        while let Some(field) = last {
            open.push(field);
            last = field.children.last();
        }
        open
    }
}

/// The schema's name of a resource a page names in `References: Accounts → id`: lowercased,
/// spaces as `_` (`Engagement Types` → `engagement_types`).
pub fn reference_resource(printed: &str) -> String {
    printed.trim().to_lowercase().replace(' ', "_")
}

/// Something on a page the reader could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The 1-based line of the page.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A page saved only in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The last line the page has.
    pub line: usize,
    /// The section the page stops in (`None`: before any section). Sections before it are
    /// whole; it holds only the fields before the one the page stops in; later ones are missing.
    pub section: Option<Section>,
    /// The field the page stops in, left out because it may be incomplete.
    pub dropped: Option<String>,
    /// The field the page stops right after, by dotted path (`account`, `stage.name`), kept
    /// with the field holding it: it ends with a marks block whose counts are met, so its own
    /// lines are whole; what follows (an object's fields, the fields after it) is missing. At
    /// most one of `dropped` and `kept` is set.
    pub kept: Option<String>,
}

impl fmt::Display for Cut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the page stops at line {}", self.line)?;
        match (&self.section, &self.dropped, &self.kept) {
            (Some(section), Some(field), _) => {
                write!(f, ", in the {section} at `{field}` (left out with what follows)")
            }
            (Some(section), None, Some(field)) => write!(
                f,
                ", in the {section} right after `{field}`'s marks, whose counts are whole (kept; what follows is missing)"
            ),
            (Some(section), None, None) => write!(f, ", in the {section}"),
            (None, _, _) => write!(f, ", before its first section"),
        }
    }
}

/// The sections of a page that hold fields, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// "Path Parameters".
    Path,
    /// "Query Parameters".
    Query,
    /// "Request Body".
    Body,
    /// "Response Body".
    Response,
}

impl Section {
    /// Every section, in page order.
    pub const ALL: [Section; 4] = [Section::Path, Section::Query, Section::Body, Section::Response];

    /// The word used in reports (`path`, `query`, `body`, `response`).
    pub fn word(self) -> &'static str {
        match self {
            Section::Path => "path",
            Section::Query => "query",
            Section::Body => "body",
            Section::Response => "response",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Section::Path => "path parameters",
            Section::Query => "query parameters",
            Section::Body => "request body",
            Section::Response => "response body",
        })
    }
}

/// Whether an integration supports or requires a field, as the page prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocMarkKind {
    /// `supported` / "Supported in".
    Supported,
    /// `required` / "Required in".
    Required,
}

impl fmt::Display for DocMarkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DocMarkKind::Supported => "supported",
            DocMarkKind::Required => "required",
        })
    }
}

/// One integration's mark on a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMark {
    /// The integration's display name as printed ("Zoho CRM").
    pub integration: String,
    /// Supported or required.
    pub kind: DocMarkKind,
    /// The values this integration accepts: glued on newer pages (`callemailmeeting`), listed
    /// under "Enum support by integration" on older ones.
    pub subset: Option<DocEnum>,
    /// The integration's note on the field (the `12 notes` of a marks block).
    pub note: Option<String>,
}

/// A field's possible values as the page prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocEnum {
    /// Newer layout: the values glued into one line, maybe cut short with `+ N more`.
    Glued {
        /// The glued text without the `+ N more` suffix.
        text: String,
        /// The `N` of a `+ N more` suffix.
        more: Option<usize>,
    },
    /// Older layout: one bullet per value.
    Listed(Vec<String>),
}

/// One field, parameter or body property as the page prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocField {
    /// The wire name.
    pub name: String,
    /// The 1-based line of its name.
    pub line: usize,
    /// The type as printed (`string`, `string · date-time`, `object[]`, `Record<string, any>`,
    /// `array`, ...); `None` when the page gives none.
    pub doc_type: Option<String>,
    /// Whether the page says "required".
    pub required: bool,
    /// The description paragraphs (joined by a blank line), without value bullets, the
    /// "Defaults to" line and the condition.
    pub description: Option<String>,
    /// When the field is required or applies, as printed ("Either name or website is
    /// required.", "Only when entity is leads").
    pub condition: Option<String>,
    /// The text after `Example: `.
    pub example: Option<String>,
    /// The value of "Defaults to X.".
    pub default: Option<String>,
    /// `References: Accounts → id` as (`Accounts`, `id`).
    pub references: Option<(String, String)>,
    /// "Possible values" / "All possible enum values".
    pub enum_doc: Option<DocEnum>,
    /// Bullets documenting values: (value, the rest of the bullet).
    pub value_docs: Vec<(String, String)>,
    /// Per-integration marks, in page order.
    pub marks: Vec<DocMark>,
    /// Query parameters only: listed after "Show Truto-specific parameters". Always false on
    /// older pages, which do not separate Truto's parameters.
    pub truto_specific: bool,
    /// `N properties`: how many child fields the page announces.
    pub announced_children: Option<usize>,
    /// The fields of an object or of the objects of an array.
    pub children: Vec<DocField>,
}

impl DocField {
    /// A field with only a name and a type, on line 0.
    pub fn new(name: impl Into<String>, doc_type: Option<String>) -> Self {
        DocField {
            name: name.into(),
            line: 0,
            doc_type,
            required: false,
            description: None,
            condition: None,
            example: None,
            default: None,
            references: None,
            enum_doc: None,
            value_docs: Vec::new(),
            marks: Vec::new(),
            truto_specific: false,
            announced_children: None,
            children: Vec::new(),
        }
    }

    /// Whether the page prints it as something that can have child fields.
    pub fn is_object(&self) -> bool {
        matches!(self.doc_type.as_deref(), Some("object" | "object[]"))
    }

    /// The glued subsets of its marks, in page order (for splitting the union).
    pub fn glued_subsets(&self) -> impl Iterator<Item = &str> {
        self.marks.iter().filter_map(|m| match &m.subset {
            Some(DocEnum::Glued { text, .. }) => Some(text.as_str()),
            _ => None,
        })
    }
}
