//! Parses a Truto API reference page (the plain text of the rendered page) into a [`DocPage`].
//!
//! The parser knows nothing about the schema: everything it returns comes from the page's own
//! cues. Two layouts exist (see [`Layout`]); both are handled here.
//!
//! # How nesting is decided
//!
//! Pages print nested fields without indentation: the children of an `object` / `object[]`
//! field simply follow its own lines. A field `F` that follows an object `P` (or one of `P`'s
//! children) is taken as a child of `P` unless one of these cues, checked in order, says
//! otherwise:
//!
//! 1. `F` and `P` are on different sides of "Show Truto-specific parameters".
//! 2. `F` is itself an object, array of objects or map: the pages nest only one level.
//! 3. Newer layout only: `F` sorts before `P`'s previous child. Children are printed sorted,
//!    so `created_at` after `addresses.type` must be a new top-level field.
//! 4. `F`'s description names `P` (`P`'s name made singular, `_` read as a space:
//!    "The tag's name" under `tags`, "The extension of the phone number" under
//!    `phone_numbers`): `F` is a child.
//! 5. `F`'s description names the page's resource (the singular of the path segment after
//!    the API, e.g. "opportunity"): "The opportunity's status" after `stage { id, name }` is a
//!    top-level field.
//! 6. Otherwise `F` is a child ("The city" under `addresses`).
//!
//! Cue 5 comes after cue 4 because children often mention the resource too ("The
//! opportunity's owner's unique identifier" under `owner`).

use std::fmt;

pub use truto_codegen::types::Layout;
use truto_codegen::types::{self, Scalar};

/// One page, as the page says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPage {
    /// The page's layout.
    pub layout: Layout,
    /// `GET`, `POST`, `PATCH`, `DELETE`, ...
    pub http_method: String,
    /// The path template, e.g. `/unified/crm/leads/{id}`.
    pub path: String,
    /// The older layout's "Integrations supported" (display names, page order).
    pub integrations: Option<Vec<String>>,
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
    /// Things the parser could not make sense of (each one is reported as a difference).
    pub notes: Vec<String>,
}

/// Whether an integration supports or requires a field, as the page prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocMarkKind {
    /// `supported` / "Supported in".
    Supported,
    /// `required`.
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
    /// The values this integration accepts, glued together as printed (`callemailmeeting`).
    pub subset: Option<String>,
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
    /// The type as printed (`string`, `string · date-time`, `object[]`, `Record<string, any>`,
    /// `array`, ...); `None` when the page gives none.
    pub doc_type: Option<String>,
    /// Whether the page says "required".
    pub required: bool,
    /// The description paragraphs (joined by a blank line), without value bullets and the
    /// "Defaults to" line.
    pub description: Option<String>,
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
    /// The fields of an object or of the objects of an array.
    pub children: Vec<DocField>,
}

impl DocField {
    /// A field with only a name and a type.
    pub fn new(name: impl Into<String>, doc_type: Option<String>) -> Self {
        DocField {
            name: name.into(),
            doc_type,
            required: false,
            description: None,
            example: None,
            default: None,
            references: None,
            enum_doc: None,
            value_docs: Vec::new(),
            marks: Vec::new(),
            truto_specific: false,
            children: Vec::new(),
        }
    }

    /// Whether the page prints it as something that can have child fields.
    fn is_object(&self) -> bool {
        matches!(self.doc_type.as_deref(), Some("object" | "object[]"))
    }

    /// Whether it is an object, an array of objects or a map (none of which the pages nest).
    fn is_structured(&self) -> bool {
        self.is_object() || self.doc_type.as_deref() == Scalar::Map.spec().printed
    }
}

/// The line separating an endpoint's own query parameters from Truto's on newer pages.
const TRUTO_SEPARATOR: &str = "Show Truto-specific parameters";
const HTTP_METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// The sections of a page that hold fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Path,
    Query,
    Body,
    Response,
}

/// Parses one page. Fails only when the page has no `METHOD /path` line.
pub fn parse_page(text: &str) -> Result<DocPage, String> {
    let lines = clean_lines(text);
    let (http_method, path) = request_line(&lines).ok_or("no `METHOD /path` line found on the page")?;
    let layout = detect_layout(&lines);
    let subject = resource_subject(&path);
    let mut page = DocPage {
        layout,
        http_method,
        path,
        integrations: integrations_supported(&lines),
        path_params: Vec::new(),
        query: Vec::new(),
        body: None,
        response: Vec::new(),
        response_formats: Vec::new(),
        notes: Vec::new(),
    };
    let mut seen = Vec::new();
    for (section, body) in sections(&lines) {
        if seen.contains(&section) {
            page.notes.push(format!("the page has two {section:?} sections"));
        }
        seen.push(section);
        let flat = match layout {
            Layout::Newer => parse_newer_fields(body, &mut page.notes),
            Layout::Older => parse_older_fields(body),
        };
        let fields = nest(flat, layout, subject.as_deref());
        match section {
            Section::Path => page.path_params = fields,
            Section::Query => page.query = fields,
            Section::Body => page.body = Some(fields),
            Section::Response => page.response = fields,
        }
    }
    page.response_formats = response_formats(&page.query);
    Ok(page)
}

/// Trimmed lines, non-breaking spaces made plain, cut before the code samples.
fn clean_lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.replace('\u{a0}', " ").trim().to_string()).take_while(|l| !l.starts_with("curl ")).collect()
}

/// The first `METHOD /path` line.
fn request_line(lines: &[String]) -> Option<(String, String)> {
    lines.iter().find_map(|line| {
        let (method, path) = line.split_once(' ')?;
        let plausible = HTTP_METHODS.contains(&method) && path.starts_with('/') && !path.contains(char::is_whitespace);
        plausible.then(|| (method.to_string(), path.to_string()))
    })
}

/// Older pages have markers newer pages never print.
fn detect_layout(lines: &[String]) -> Layout {
    let older = lines.iter().any(|l| {
        l == "Integrations supported"
            || l == "Supported in"
            || l == "All possible enum values:"
            || l.starts_with("REQUIRED")
    });
    if older { Layout::Older } else { Layout::Newer }
}

/// The resource a page is about, singular ("opportunity"), from the path segment after the
/// API (`/unified/crm/opportunities/{id}`).
fn resource_subject(path: &str) -> Option<String> {
    let segment = path.split('/').filter(|s| !s.is_empty()).nth(2)?;
    (!segment.starts_with('{')).then(|| singular(&segment.replace(['_', '-'], " ")))
}

/// English singular, good enough for field and resource names.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = word.strip_suffix("sses") {
        format!("{stem}ss")
    } else if word.ends_with("ss") {
        word.to_string()
    } else {
        word.strip_suffix('s').unwrap_or(word).to_string()
    }
}

/// The older layout's "Integrations supported" bullets.
fn integrations_supported(lines: &[String]) -> Option<Vec<String>> {
    let start = lines.iter().position(|l| l == "Integrations supported")?;
    Some(bullets(&lines[start + 1..]).0)
}

/// The bullet items at the start of `lines`, and how many lines they took.
fn bullets(lines: &[String]) -> (Vec<String>, usize) {
    let items: Vec<String> = lines.iter().map_while(|l| bullet(l)).map(str::to_string).collect();
    let taken = items.len();
    (items, taken)
}

/// The text of a `• text` line.
fn bullet(line: &str) -> Option<&str> {
    line.strip_prefix('•').map(str::trim)
}

/// The section a header line opens.
fn section_header(line: &str) -> Option<Section> {
    match line.to_ascii_lowercase().as_str() {
        "path parameters" => Some(Section::Path),
        "query parameters" => Some(Section::Query),
        "request body" => Some(Section::Body),
        "response body" => Some(Section::Response),
        _ => None,
    }
}

/// Each section with its lines (header excluded).
fn sections(lines: &[String]) -> Vec<(Section, &[String])> {
    let starts: Vec<(usize, Section)> =
        lines.iter().enumerate().filter_map(|(i, l)| section_header(l).map(|s| (i, s))).collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &(i, section))| {
            let end = starts.get(k + 1).map_or(lines.len(), |&(next, _)| next);
            (section, &lines[i + 1..end])
        })
        .collect()
}

// ----- field lines and small line classifiers -----

/// Whether `name` is a plausible wire name. Names start lowercase (descriptions start
/// uppercase) and do not end in `_` (so `my_object` is not read as `my_` + `object`).
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    first_ok && !name.ends_with('_') && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `ty` is a printed type: a base type, then optionally `[]` or ` · format`.
fn is_type(ty: &str) -> bool {
    types::printed_bases().iter().any(|base| {
        ty.strip_prefix(base).is_some_and(|rest| {
            rest.is_empty()
                || rest == "[]"
                || rest.strip_prefix(" · ").is_some_and(|format| {
                    !format.is_empty()
                        && format.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '[' || c == ']')
                })
        })
    })
}

/// Splits a newer-layout field line into name and type (`close_datestring · date-time`).
/// The longest type suffix wins; a bare name is a field without a type.
fn split_newer_field_line(line: &str) -> Option<(String, Option<String>)> {
    let typed = line
        .char_indices()
        .skip(1)
        .find(|&(i, _)| is_name(&line[..i]) && is_type(&line[i..]))
        .map(|(i, _)| (line[..i].to_string(), Some(line[i..].to_string())));
    typed.or_else(|| is_name(line).then(|| (line.to_string(), None)))
}

/// `required·` (newer) or `REQUIRED ·` (older).
fn is_required_line(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.strip_prefix("required").is_some_and(|rest| rest.chars().all(|c| c == '·' || c == ' '))
}

/// `supported` / `required` lines of a marks block.
fn mark_kind(line: &str) -> Option<DocMarkKind> {
    match line {
        "supported" => Some(DocMarkKind::Supported),
        "required" => Some(DocMarkKind::Required),
        _ => None,
    }
}

/// `15 supported1 required` → (15, 1); `7 supported` → (7, 0).
fn marks_header(line: &str) -> Option<(usize, usize)> {
    let (total, rest) = line.split_once(" supported")?;
    let total = total.parse().ok()?;
    if rest.is_empty() {
        return Some((total, 0));
    }
    let required = rest.strip_suffix(" required")?.parse().ok()?;
    Some((total, required))
}

/// `Accounts → id` → (`Accounts`, `id`).
fn parse_reference(text: &str) -> Option<(String, String)> {
    let (resource, field) = text.split_once('→')?;
    Some((resource.trim().to_string(), field.trim().to_string()))
}

/// `openwon+ 6 more` → (`openwon`, Some(6)).
fn parse_glued(line: &str) -> DocEnum {
    let cut = line.rfind("+ ").and_then(|at| {
        let n = line[at + 2..].strip_suffix(" more")?.parse().ok()?;
        Some((line[..at].to_string(), n))
    });
    match cut {
        Some((text, n)) => DocEnum::Glued { text, more: Some(n) },
        None => DocEnum::Glued { text: line.to_string(), more: None },
    }
}

/// Lines that belong to a field's own body, never to a marks block before it.
fn is_body_cue(line: &str) -> bool {
    line == "Possible values:"
        || line.starts_with("Example:")
        || line.starts_with("References:")
        || line.starts_with("Defaults to ")
        || marks_header(line).is_some()
        || is_required_line(line)
}

/// Collects description paragraphs line by line.
#[derive(Default)]
struct Paragraphs {
    done: Vec<String>,
    current: Vec<String>,
}

impl Paragraphs {
    fn push(&mut self, line: &str) {
        self.current.push(line.to_string());
    }

    fn end(&mut self) {
        if !self.current.is_empty() {
            self.done.push(self.current.join("\n"));
            self.current.clear();
        }
    }

    fn finish(mut self) -> Option<String> {
        self.end();
        (!self.done.is_empty()).then(|| self.done.join("\n\n"))
    }
}

/// Handles the body lines both layouts share. Returns whether `line` was one of them.
fn common_body_line(line: &str, field: &mut DocField) -> bool {
    if let Some(example) = line.strip_prefix("Example:") {
        field.example = Some(example.trim().to_string());
    } else if let Some(default) = line.strip_prefix("Defaults to ") {
        field.default = Some(default.trim_end_matches('.').to_string());
    } else if let Some(reference) = line.strip_prefix("References:") {
        field.references = parse_reference(reference);
    } else if let Some(text) = bullet(line) {
        let (value, doc) = text.split_once(' ').unwrap_or((text, ""));
        field.value_docs.push((value.to_string(), doc.to_string()));
    } else {
        return false;
    }
    true
}

// ----- the newer layout -----

/// Flat list of a section's fields (children not yet nested).
fn parse_newer_fields(lines: &[String], notes: &mut Vec<String>) -> Vec<DocField> {
    let mut fields: Vec<DocField> = Vec::new();
    let mut truto = false;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line == TRUTO_SEPARATOR {
            truto = true;
            i += 1;
        } else if let Some((name, ty)) = split_newer_field_line(line) {
            let mut field = DocField::new(name, ty);
            field.truto_specific = truto;
            i = parse_newer_body(lines, i + 1, &mut field, notes);
            fields.push(field);
        } else {
            // Before the first field: "Refer Specifying query parameters ..." and the like.
            if !line.is_empty() && !fields.is_empty() {
                notes.push(format!("unexpected line `{line}`"));
            }
            i += 1;
        }
    }
    fields
}

/// Reads the lines after a field line up to the next field. Returns the next line's index.
fn parse_newer_body(lines: &[String], mut i: usize, field: &mut DocField, notes: &mut Vec<String>) -> usize {
    if lines.get(i).is_some_and(|l| is_required_line(l)) {
        field.required = true;
        i += 1;
    }
    let mut text = Paragraphs::default();
    while let Some(line) = lines.get(i) {
        i += 1;
        if line.is_empty() {
            text.end();
        } else if line == "Possible values:" {
            if let Some(values) = lines.get(i) {
                field.enum_doc = Some(parse_glued(values));
                i += 1;
            }
        } else if let Some((total, required)) = marks_header(line) {
            i = parse_marks_block(lines, i, (total, required), field, notes);
        } else if line == TRUTO_SEPARATOR || split_newer_field_line(line).is_some() {
            i -= 1;
            break;
        } else if !common_body_line(line, field) {
            text.push(line);
        }
    }
    field.description = text.finish();
    i
}

/// Reads `total` entries of a marks block (name line, mark line, maybe a subset line).
fn parse_marks_block(
    lines: &[String],
    mut i: usize,
    (total, required): (usize, usize),
    field: &mut DocField,
    notes: &mut Vec<String>,
) -> usize {
    for k in 0..total {
        let (Some(name), Some(kind)) = (lines.get(i), lines.get(i + 1).and_then(|l| mark_kind(l))) else {
            notes.push(format!("{}: marks block announces {total} integrations but lists {k}", field.name));
            return i;
        };
        i += 2;
        let last = k + 1 == total;
        let subset =
            (field.enum_doc.is_some() && is_subset_line(lines, i, last, &field.marks, kind)).then(|| lines[i].clone());
        i += usize::from(subset.is_some());
        field.marks.push(DocMark { integration: name.clone(), kind, subset });
    }
    let listed = field.marks.iter().filter(|m| m.kind == DocMarkKind::Required).count();
    if listed != required {
        notes.push(format!("{}: marks block announces {required} required but lists {listed}", field.name));
    }
    i
}

/// Whether `lines[i]`, right after an entry's mark line, is that integration's value subset.
///
/// Before the last entry it is, unless the line after it is a mark line (then `lines[i]` is
/// the next integration's name). After the last entry a subset cannot be told from a field
/// without type, so it is taken as a subset only when nothing says "field": the line is not
/// typed, is not followed by a field body (description, values, marks...), and the previous
/// entry with the same mark also had a subset (pages list integrations with subsets first).
fn is_subset_line(lines: &[String], i: usize, last: bool, earlier: &[DocMark], kind: DocMarkKind) -> bool {
    let Some(line) = lines.get(i) else {
        return false;
    };
    if line.is_empty() || line == TRUTO_SEPARATOR || mark_kind(line).is_some() || is_body_cue(line) {
        return false;
    }
    if !last {
        return lines.get(i + 1).is_none_or(|next| mark_kind(next).is_none());
    }
    let typed = split_newer_field_line(line).is_some_and(|(_, ty)| ty.is_some());
    let previous_had_none = earlier.iter().rev().find(|m| m.kind == kind).is_some_and(|m| m.subset.is_none());
    let next = lines[i + 1..].iter().find(|l| !l.is_empty());
    let next_is_field = next.is_none_or(|l| l == TRUTO_SEPARATOR || split_newer_field_line(l).is_some());
    let followed_directly = lines.get(i + 1).is_none_or(|l| !l.is_empty()) || next.is_none();
    !typed && !previous_had_none && next_is_field && followed_directly
}

// ----- the older layout -----

/// Flat list of a section's fields (children not yet nested).
fn parse_older_fields(lines: &[String]) -> Vec<DocField> {
    let mut fields = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match older_field_start(lines, i) {
            Some(ty) => {
                let name = lines[i].clone();
                i += 1 + usize::from(ty.is_some());
                let mut field = DocField::new(name, ty);
                i = parse_older_body(lines, i, &mut field);
                fields.push(field);
            }
            None => i += 1,
        }
    }
    fields
}

/// If a field starts at `lines[i]`: its type (`Some(None)` for a field without one). A name
/// line starts a field when a type line, a `REQUIRED` line or a marks/enum list follows it.
fn older_field_start(lines: &[String], i: usize) -> Option<Option<String>> {
    if !is_name(lines.get(i)?) {
        return None;
    }
    let next = lines.get(i + 1)?;
    if is_type(next) {
        Some(Some(next.clone()))
    } else if is_required_line(next) || is_older_list_header(next) {
        Some(None)
    } else {
        None
    }
}

/// Headers of the older layout's bullet lists inside a field.
fn is_older_list_header(line: &str) -> bool {
    matches!(line, "Supported in" | "Required in" | "All possible enum values:")
}

/// Reads the lines after a field's name and type. Returns the next field's index.
fn parse_older_body(lines: &[String], mut i: usize, field: &mut DocField) -> usize {
    if lines.get(i).is_some_and(|l| is_required_line(l)) {
        field.required = true;
        i += 1;
    }
    let mut text = Paragraphs::default();
    while i < lines.len() && older_field_start(lines, i).is_none() {
        let line = &lines[i];
        i += 1;
        if line.is_empty() {
            text.end();
        } else if is_older_list_header(line) {
            let (items, taken) = bullets(&lines[i..]);
            i += taken;
            older_list(line, items, field);
        } else if !common_body_line(line, field) {
            text.push(line);
        }
    }
    field.description = text.finish();
    i
}

/// Stores an older-layout bullet list under its header.
fn older_list(header: &str, items: Vec<String>, field: &mut DocField) {
    let kind = match header {
        "Supported in" => DocMarkKind::Supported,
        "Required in" => DocMarkKind::Required,
        _ => {
            field.enum_doc = Some(DocEnum::Listed(items));
            return;
        }
    };
    let marks = items.into_iter().map(|integration| DocMark { integration, kind, subset: None });
    field.marks.extend(marks);
}

// ----- nesting -----

/// Turns a flat field list into a tree with the rule in the module docs.
fn nest(flat: Vec<DocField>, layout: Layout, subject: Option<&str>) -> Vec<DocField> {
    let mut out: Vec<DocField> = Vec::new();
    for field in flat {
        match out.last_mut() {
            Some(parent) if parent.is_object() && is_child(parent, &field, layout, subject) => {
                parent.children.push(field);
            }
            _ => out.push(field),
        }
    }
    out
}

/// Whether `field`, following `parent` or one of its children, is a child of `parent`.
fn is_child(parent: &DocField, field: &DocField, layout: Layout, subject: Option<&str>) -> bool {
    if field.truto_specific != parent.truto_specific || field.is_structured() {
        return false;
    }
    let out_of_order = parent.children.last().is_some_and(|previous| field.name < previous.name);
    if layout == Layout::Newer && out_of_order {
        return false;
    }
    let description = field.description.as_deref().unwrap_or("").to_lowercase();
    let parent_noun = singular(&parent.name.replace('_', " "));
    if mentions(&description, &parent_noun) {
        return true;
    }
    !subject.is_some_and(|s| mentions(&description, s))
}

/// Whether `text` contains `noun` starting at a word boundary.
fn mentions(text: &str, noun: &str) -> bool {
    !noun.is_empty()
        && text.match_indices(noun).any(|(at, _)| text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
}

/// The response formats the page documents for `truto_response_format`.
fn response_formats(query: &[DocField]) -> Vec<String> {
    let Some(param) = query.iter().find(|f| f.name == "truto_response_format") else {
        return Vec::new();
    };
    match &param.enum_doc {
        Some(DocEnum::Listed(values)) => values.clone(),
        _ => param.value_docs.iter().map(|(v, _)| v.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> DocPage {
        parse_page(text).expect("test page parses")
    }

    fn names(fields: &[DocField]) -> Vec<&str> {
        fields.iter().map(|f| f.name.as_str()).collect()
    }

    const NEWER: &str = "Skip to content
PATCH /unified/crm/opportunities/{id}

Path Parameters

idstring
required·

The ID of the resource.

Example: 23423523

Query Parameters

Refer Specifying query parameters in Truto APIs

sort_by
Possible values:
created_atupdated_at
1 supported
Pipeliner
supported
Show Truto-specific parameters
integrated_account_idstring · uuid
required·

The ID of the integrated account to use for the request.
truto_response_formatstring

The format of the response.

  • unified returns the response with unified mappings applied.
  • raw returns the raw response.

Defaults to unified.

Example: unified
Possible values:
unifiedraw

Request Body

Refer Writing data using Unified APIs

accountobject

The opportunity's account

References: Accounts → id
2 supported1 required
Teamleader
required
Affinity
supported
idstring
required·

The account's unique identifier

amountnumber

The opportunity's amount

close_time
1 supported
Pipedrive
supported
statusstring

The opportunity's status

Possible values:
leadwonopenlost+ 2 more
3 supported1 required
Close
required
leadwon
Attio
supported
openlost
Capsule
supported
tagsobject[]

The opportunity's tags

idstring

The tag's unique identifier

namestring

The tag's name

updated_atstring · date-time

The date and time of the opportunity's last update

Response Body

idstring
required·

The opportunity's unique identifier

addressesobject[]
citystring

The city

typestring

The address type

created_atstring · date-time

The date and time of the opportunity's creation

curl -X PATCH 'https://api.truto.one/unified/crm/opportunities/{id}'
  notafieldstring
";

    #[test]
    fn reads_the_request_line_and_layout() {
        let p = page(NEWER);
        assert_eq!(p.layout, Layout::Newer);
        assert_eq!(p.http_method, "PATCH");
        assert_eq!(p.path, "/unified/crm/opportunities/{id}");
        assert_eq!(p.integrations, None);
        assert!(p.notes.is_empty(), "{:?}", p.notes);
    }

    #[test]
    fn splits_a_glued_name_and_type() {
        let p = page(NEWER);
        let id = &p.path_params[0];
        assert_eq!((id.name.as_str(), id.doc_type.as_deref()), ("id", Some("string")));
        assert!(id.required);
        assert_eq!(id.description.as_deref(), Some("The ID of the resource."));
        assert_eq!(id.example.as_deref(), Some("23423523"));
        let body = p.body.as_ref().expect("body");
        let updated = body.iter().find(|f| f.name == "updated_at").expect("updated_at");
        assert_eq!(updated.doc_type.as_deref(), Some("string · date-time"));
        let tags = body.iter().find(|f| f.name == "tags").expect("tags");
        assert_eq!(tags.doc_type.as_deref(), Some("object[]"));
    }

    #[test]
    fn a_field_without_a_type() {
        let p = page(NEWER);
        let body = p.body.as_ref().expect("body");
        let close_time = body.iter().find(|f| f.name == "close_time").expect("close_time");
        assert_eq!(close_time.doc_type, None);
        assert_eq!(close_time.description, None);
        assert_eq!(close_time.marks.len(), 1);
        assert_eq!(close_time.marks[0].integration, "Pipedrive");
        let sort_by = &p.query[0];
        assert_eq!((sort_by.name.as_str(), sort_by.doc_type.as_deref()), ("sort_by", None));
        assert_eq!(sort_by.enum_doc, Some(DocEnum::Glued { text: "created_atupdated_at".into(), more: None }));
    }

    #[test]
    fn nests_children_then_returns_to_the_top_level() {
        let p = page(NEWER);
        let body = p.body.as_ref().expect("body");
        assert_eq!(names(body), ["account", "amount", "close_time", "status", "tags", "updated_at"]);
        assert_eq!(names(&body[0].children), ["id"]);
        assert!(body[0].children[0].required);
        assert_eq!(names(&body[4].children), ["id", "name"]);
        // Children without any cue ("The city") stay children; `created_at` sorts before
        // `type`, so it is top-level again.
        assert_eq!(names(&p.response), ["id", "addresses", "created_at"]);
        assert_eq!(names(&p.response[1].children), ["city", "type"]);
    }

    #[test]
    fn marks_block_with_required_first_and_a_reference() {
        let p = page(NEWER);
        let account = &p.body.as_ref().expect("body")[0];
        assert_eq!(account.references, Some(("Accounts".into(), "id".into())));
        let marks: Vec<_> =
            account.marks.iter().map(|m| (m.integration.as_str(), m.kind, m.subset.as_deref())).collect();
        assert_eq!(marks, [("Teamleader", DocMarkKind::Required, None), ("Affinity", DocMarkKind::Supported, None)]);
    }

    #[test]
    fn enum_subsets_and_a_truncated_union() {
        let p = page(NEWER);
        let status = &p.body.as_ref().expect("body")[3];
        assert_eq!(status.enum_doc, Some(DocEnum::Glued { text: "leadwonopenlost".into(), more: Some(2) }));
        let subsets: Vec<_> = status.marks.iter().map(|m| (m.integration.as_str(), m.subset.as_deref())).collect();
        assert_eq!(subsets, [("Close", Some("leadwon")), ("Attio", Some("openlost")), ("Capsule", None)]);
    }

    #[test]
    fn separates_truto_specific_parameters() {
        let p = page(NEWER);
        let flags: Vec<_> = p.query.iter().map(|f| (f.name.as_str(), f.truto_specific)).collect();
        assert_eq!(flags, [("sort_by", false), ("integrated_account_id", true), ("truto_response_format", true)]);
        let format = &p.query[2];
        assert_eq!(format.default.as_deref(), Some("unified"));
        assert_eq!(format.description.as_deref(), Some("The format of the response."));
        assert_eq!(p.response_formats, ["unified", "raw"]);
    }

    #[test]
    fn stops_at_the_code_samples() {
        let p = page(NEWER);
        assert!(p.response.iter().all(|f| f.name != "notafield"));
    }

    const OLDER: &str = "Skip to content

Delete Leads 

Endpoint 

http
DELETE /unified/crm/leads/{id}
Integrations supported
  • Insightly
  • Zendesk Sell

Query parameters 

Refer Specifying query parameters in Truto APIs

integrated_account_id
string\u{a0}·\u{a0}uuid
REQUIRED\u{a0}·\u{a0}

The ID of the integrated account to use for the request.

truto_response_format
string

The format of the response.

  • unified will return the response with unified mappings applied.

Defaults to unified.

All possible enum values:
  • unified
  • raw
Example: unified
remote_query
object

Query parameters to pass to the underlying API.

Response Body 

id
string
REQUIRED\u{a0}·\u{a0}

The lead' unique identifier

Supported in
  • Pipeliner
  • Zendesk Sell
owner
object

The lead's owner

id
string

The lead's owner's unique identifier

lead_source
string

The lead's source

addresses
object[]
street_1
string

Line 1 of the street address

city
string

The city

email_addresses
object[]
email
string

The email address

custom_fields
object

All the custom fields present on the lead

last_activity_at
string\u{a0}·\u{a0}date-time

The date and time of the lead's last activity";

    #[test]
    fn older_layout_fields_and_lists() {
        let p = page(OLDER);
        assert_eq!(p.layout, Layout::Older);
        assert_eq!(p.http_method, "DELETE");
        assert_eq!(p.path, "/unified/crm/leads/{id}");
        assert_eq!(p.integrations, Some(vec!["Insightly".into(), "Zendesk Sell".into()]));
        assert_eq!(names(&p.query), ["integrated_account_id", "truto_response_format", "remote_query"]);
        let account = &p.query[0];
        assert_eq!(account.doc_type.as_deref(), Some("string · uuid"));
        assert!(account.required);
        let format = &p.query[1];
        assert_eq!(format.enum_doc, Some(DocEnum::Listed(vec!["unified".into(), "raw".into()])));
        assert_eq!(format.example.as_deref(), Some("unified"));
        assert_eq!(p.response_formats, ["unified", "raw"]);
    }

    #[test]
    fn older_layout_supported_in() {
        let p = page(OLDER);
        let id = &p.response[0];
        assert!(id.required);
        assert_eq!(id.description.as_deref(), Some("The lead' unique identifier"));
        let marks: Vec<_> = id.marks.iter().map(|m| (m.integration.as_str(), m.kind)).collect();
        assert_eq!(marks, [("Pipeliner", DocMarkKind::Supported), ("Zendesk Sell", DocMarkKind::Supported)]);
    }

    #[test]
    fn older_layout_nesting() {
        let p = page(OLDER);
        assert_eq!(
            names(&p.response),
            ["id", "owner", "lead_source", "addresses", "email_addresses", "custom_fields", "last_activity_at"]
        );
        assert_eq!(names(&p.response[1].children), ["id"]);
        // Unsorted children: "The city" has no cue, so it stays under `addresses`.
        assert_eq!(names(&p.response[3].children), ["street_1", "city"]);
        assert_eq!(names(&p.response[4].children), ["email"]);
        // An older `object` may be a map: a field naming the lead is not its child.
        assert!(p.response[5].children.is_empty());
    }

    #[test]
    fn classifies_lines() {
        assert_eq!(
            split_newer_field_line("custom_fieldsRecord<string, any>"),
            Some(("custom_fields".into(), Some("Record<string, any>".into())))
        );
        assert_eq!(split_newer_field_line("contactobject[]"), Some(("contact".into(), Some("object[]".into()))));
        assert_eq!(split_newer_field_line("street_1string"), Some(("street_1".into(), Some("string".into()))));
        assert_eq!(split_newer_field_line("subject"), Some(("subject".into(), None)));
        assert_eq!(split_newer_field_line("The city"), None);
        assert_eq!(marks_header("15 supported1 required"), Some((15, 1)));
        assert_eq!(marks_header("7 supported"), Some((7, 0)));
        assert_eq!(marks_header("supported"), None);
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("opportunities"), "opportunity");
        assert_eq!(singular("phone numbers"), "phone number");
    }

    #[test]
    fn a_subset_after_the_last_entry_before_an_untyped_field() {
        let text = "GET /unified/crm/x
Query Parameters

kindstring

The kind

Possible values:
callnote
2 supported
Affinity
supported
call
Close
supported
note
sort_by
Possible values:
a
";
        let p = page(text);
        assert_eq!(names(&p.query), ["kind", "sort_by"]);
        let subsets: Vec<_> = p.query[0].marks.iter().map(|m| m.subset.as_deref()).collect();
        assert_eq!(subsets, [Some("call"), Some("note")]);
    }

    #[test]
    fn reports_a_short_marks_block() {
        let text = "GET /unified/crm/x
Response Body

idstring
3 supported
Capsule
supported
namestring
";
        let p = page(text);
        assert_eq!(p.notes.len(), 1, "{:?}", p.notes);
        assert!(p.notes[0].contains("announces 3"));
    }

    #[test]
    fn rejects_a_page_without_a_request_line() {
        assert!(parse_page("nothing here").is_err());
    }
}
