//! Compares a parsed page with the resolved schema and lists every difference.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use truto_codegen::model::{Api, Endpoint, Field, Mark, Schema, Support, Type};
use truto_codegen::pages::glued::{split_exact, split_glued};
use truto_codegen::pages::{DocEnum, DocField, DocMarkKind, DocPage, Layout, Section, reference_resource};
use truto_codegen::types;

/// One way a page and the schema disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// `METHOD /path` of the page.
    pub endpoint: String,
    /// Where: `query engagement_type`, `response account.id`, `response formats`...
    pub location: String,
    /// What differs, e.g. `Keap: page says required, schema says supported`.
    pub message: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.endpoint, self.location, self.message)
    }
}

/// How much a comparison looked at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pages matched to a schema endpoint.
    pub endpoints: usize,
    /// Field pairs (page field, schema field) compared, nested ones included.
    pub fields: usize,
    /// Integration marks compared (one per integration per field).
    pub marks: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.endpoints += other.endpoints;
        self.fields += other.fields;
        self.marks += other.marks;
    }
}

/// Every difference between `page` and the schema.
// The CLI wants the counts too and calls `compare_counting`; this is the one-page entry point.
#[cfg_attr(not(test), allow(dead_code))]
pub fn compare(schema: &Schema, page: &DocPage) -> Vec<Difference> {
    compare_counting(schema, page).0
}

/// [`compare`], also saying how much was compared.
pub fn compare_counting(schema: &Schema, page: &DocPage) -> (Vec<Difference>, Counts) {
    let mut cx = Cx {
        schema,
        layout: page.layout,
        label: format!("{} {}", page.http_method, page.path),
        found: Vec::new(),
        counts: Counts::default(),
    };
    for problem in &page.problems {
        cx.diff(&format!("page line {}", problem.line), problem.message.clone());
    }
    match find_endpoint(schema, &page.http_method, &page.path) {
        Some((_, endpoint)) => {
            cx.counts.endpoints += 1;
            compare_endpoint(&mut cx, endpoint, page);
        }
        None => cx.diff("endpoint", "not in the schema".to_string()),
    }
    (cx.found, cx.counts)
}

/// The endpoint with this method and path, and its API.
pub fn find_endpoint<'a>(schema: &'a Schema, method: &str, path: &str) -> Option<(&'a Api, &'a Endpoint)> {
    schema.apis.iter().find_map(|api| {
        api.resources
            .iter()
            .flat_map(|r| &r.endpoints)
            .find(|e| e.operation.kind.http_method().eq_ignore_ascii_case(method) && e.path.template == path)
            .map(|e| (api, e))
    })
}

/// The comparison's state: where differences go.
struct Cx<'a> {
    schema: &'a Schema,
    layout: Layout,
    label: String,
    found: Vec<Difference>,
    counts: Counts,
}

impl Cx<'_> {
    fn diff(&mut self, location: &str, message: String) {
        self.found.push(Difference { endpoint: self.label.clone(), location: location.to_string(), message });
    }

    /// The slug of a display name or alias.
    fn slug_of(&self, display: &str) -> Option<&str> {
        self.schema
            .integrations
            .iter()
            .find(|i| i.name == display || i.aliases.iter().any(|a| a == display))
            .map(|i| i.slug.as_str())
    }

    /// The display name of a slug (the slug itself when unknown).
    fn name_of<'s>(&'s self, slug: &'s str) -> &'s str {
        self.schema.integrations.iter().find(|i| i.slug == slug).map_or(slug, |i| i.name.as_str())
    }
}

/// Where a field's marks live in the schema.
#[derive(Clone, Copy)]
enum MarkSource<'a> {
    /// In the field's own `support` (query parameters, body fields).
    Field,
    /// In the endpoint's `response_support`, by dotted path.
    Response(&'a BTreeMap<String, Support>),
}

/// How to compare the fields of one section.
#[derive(Clone, Copy)]
struct Rules<'a> {
    /// `path`, `query`, `body` or `response`.
    section: &'static str,
    marks: MarkSource<'a>,
    /// Truto's shared parameters: worded differently per layout, so only name, type,
    /// required and values are compared.
    shared: bool,
    /// The values of the response-format parameter (the endpoint's `response_formats`).
    response_formats: &'a [&'static str],
    /// Whether the page has the whole section: when it stops in it, fields it lacks are not
    /// differences.
    whole: bool,
}

/// How much of a section a page has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extent {
    Whole,
    /// The page stops in it.
    Part,
    /// The page stops before it.
    Missing,
}

fn extent(page: &DocPage, section: Section) -> Extent {
    match &page.cut {
        None => Extent::Whole,
        Some(cut) => match cut.section {
            Some(s) if s > section => Extent::Whole,
            Some(s) if s == section => Extent::Part,
            _ => Extent::Missing,
        },
    }
}

fn compare_endpoint(cx: &mut Cx<'_>, endpoint: &Endpoint, page: &DocPage) {
    // What a page prints before its sections is there unless it stops before them.
    if page.cut.as_ref().is_none_or(|c| c.section.is_some()) {
        compare_integrations(cx, endpoint, page);
        compare_partial(cx, endpoint, page);
    }
    if extent(page, Section::Query) == Extent::Whole {
        compare_response_formats(cx, endpoint, page);
    }
    let formats: Vec<&'static str> = endpoint.response_formats.iter().map(|f| f.word()).collect();
    let rules = |section: Section, marks| Rules {
        section: section.word(),
        marks,
        shared: false,
        response_formats: &formats,
        whole: extent(page, section) == Extent::Whole,
    };
    let present = |section: Section| extent(page, section) != Extent::Missing;
    if present(Section::Path) {
        let params: Vec<&Field> = endpoint.path.params().collect();
        compare_fields(cx, rules(Section::Path, MarkSource::Field), "", &page.path_params, &params);
    }
    if present(Section::Query) {
        compare_query(cx, endpoint, page, rules(Section::Query, MarkSource::Field));
    }
    if present(Section::Body) {
        compare_body(cx, endpoint, page, rules(Section::Body, MarkSource::Field));
    }
    if present(Section::Response) {
        let response = rules(Section::Response, MarkSource::Response(&endpoint.response.support));
        compare_fields(cx, response, "", &page.response, &refs(&endpoint.response.model.fields));
    }
}

/// "Partial response" on the page against the endpoint's `response.partial`.
fn compare_partial(cx: &mut Cx<'_>, endpoint: &Endpoint, page: &DocPage) {
    let says = |partial: bool| if partial { "the records may be partial" } else { "nothing of partial records" };
    if page.partial_response != endpoint.response.partial {
        let message =
            format!("page says {}, schema says {}", says(page.partial_response), says(endpoint.response.partial));
        cx.diff("response partial", message);
    }
}

/// The fields as references, the form [`compare_fields`] takes.
fn refs(fields: &[Field]) -> Vec<&Field> {
    fields.iter().collect()
}

/// The older layout's "Integrations supported" against what the schema knows supports the
/// endpoint. The newer layout prints no such list, so its pages say nothing about them (the
/// schema takes them from other pages). An older page's list is a lower bound: older pages list
/// fewer integrations than newer ones, so each integration it lists must be one the schema
/// knows supports the endpoint (its `integrations`, or `integrations_known_in_part.supported`),
/// while the schema may know more.
fn compare_integrations(cx: &mut Cx<'_>, endpoint: &Endpoint, page: &DocPage) {
    let Some(names) = &page.integrations else {
        if let (Some(schema), Layout::Older) = (&endpoint.integrations, page.layout) {
            let listed = join(schema.iter().map(|s| cx.name_of(s)));
            cx.diff("integrations", format!("schema lists {listed}, the page has no \"Integrations supported\""));
        }
        return;
    };
    let mut page_slugs = BTreeSet::new();
    for name in names {
        match cx.slug_of(name) {
            Some(slug) => {
                page_slugs.insert(slug.to_string());
            }
            None => cx.diff("integrations", format!("unknown integration `{name}`")),
        }
    }
    let known: BTreeSet<&str> = match (&endpoint.integrations, &endpoint.integrations_known_in_part) {
        (Some(listed), _) => listed.iter().map(String::as_str).collect(),
        (None, Some(in_part)) => in_part.supported.iter().map(String::as_str).collect(),
        (None, None) => {
            cx.diff(
                "integrations",
                "the page lists \"Integrations supported\", the schema has no `integrations`".into(),
            );
            return;
        }
    };
    let page_slugs: BTreeSet<&str> = page_slugs.iter().map(String::as_str).collect();
    if page.layout == Layout::Older {
        report_missing(cx, "integrations", &page_slugs, &known, true);
    } else {
        report_set(cx, "integrations", &page_slugs, &known, true);
    }
}

/// The formats the page documents against the endpoint's `response_formats`: the same set, or
/// on an older page a subset (older pages list fewer formats: some no `stream`).
fn compare_response_formats(cx: &mut Cx<'_>, endpoint: &Endpoint, page: &DocPage) {
    let on_page: BTreeSet<&str> = page.response_formats.iter().map(String::as_str).collect();
    let in_schema: BTreeSet<&str> = endpoint.response_formats.iter().map(|f| f.word()).collect();
    if page.layout == Layout::Older {
        report_missing(cx, "response formats", &on_page, &in_schema, false);
    } else {
        report_set(cx, "response formats", &on_page, &in_schema, false);
    }
}

/// Reports the members of `page` not in `schema`: a page whose list is a lower bound.
fn report_missing(cx: &mut Cx<'_>, location: &str, page: &BTreeSet<&str>, schema: &BTreeSet<&str>, integrations: bool) {
    for item in page.difference(schema) {
        let item = shown(cx, item, integrations);
        cx.diff(location, format!("page lists {item}, schema does not"));
    }
}

/// Reports the members of `page` not in `schema` and the other way round.
fn report_set(cx: &mut Cx<'_>, location: &str, page: &BTreeSet<&str>, schema: &BTreeSet<&str>, integrations: bool) {
    report_missing(cx, location, page, schema, integrations);
    for item in schema.difference(page) {
        let item = shown(cx, item, integrations);
        cx.diff(location, format!("schema lists {item}, page does not"));
    }
}

/// An integration by its display name, anything else as code.
fn shown(cx: &Cx<'_>, item: &str, integration: bool) -> String {
    if integration { cx.name_of(item).to_string() } else { format!("`{item}`") }
}

/// The endpoint's own query parameters and Truto's shared ones.
fn compare_query(cx: &mut Cx<'_>, endpoint: &Endpoint, page: &DocPage, rules: Rules<'_>) {
    let format = cx.schema.response_format.as_ref().map(|f| &f.field);
    let is_shared_name =
        |name: &str| cx.schema.shared_fields().any(|q| q.wire == name) || format.is_some_and(|f| f.wire == name);
    // Older pages do not separate Truto's parameters: recognise them by name.
    let (shared, own): (Vec<DocField>, Vec<DocField>) = page
        .query
        .iter()
        .cloned()
        .partition(|f| f.truto_specific || (page.layout == Layout::Older && is_shared_name(&f.name)));
    let mut expected_shared: Vec<&Field> = cx.schema.shared_fields_for(endpoint.operation.kind).chain(format).collect();
    expected_shared.sort_by(|a, b| a.wire.cmp(&b.wire));
    let query = Rules { section: "query", ..rules };
    let own_params: Vec<&Field> = endpoint.query.own.iter().map(|p| &p.field).collect();
    compare_fields(cx, query, "", &own, &own_params);
    compare_fields(cx, Rules { shared: true, ..query }, "", &shared, &expected_shared);
}

fn compare_body(cx: &mut Cx<'_>, endpoint: &Endpoint, page: &DocPage, rules: Rules<'_>) {
    match (&page.body, endpoint.body.documented()) {
        (Some(page_body), Some(schema_body)) => {
            compare_fields(cx, rules, "", page_body, &refs(&schema_body.object.fields));
        }
        (Some(_), None) => cx.diff("body", "the page has a request body, the schema has none".into()),
        (None, Some(_)) => cx.diff("body", "the schema has a request body, the page has none".into()),
        (None, None) => {}
    }
}

/// Pairs page fields with schema fields by wire name and compares each pair.
fn compare_fields(cx: &mut Cx<'_>, rules: Rules<'_>, prefix: &str, page: &[DocField], schema: &[&Field]) {
    let mut seen = BTreeSet::new();
    for doc in page {
        let path = dotted(prefix, &doc.name);
        let location = format!("{} {path}", rules.section);
        if !seen.insert(doc.name.as_str()) {
            cx.diff(&location, "listed twice on the page".into());
            continue;
        }
        match schema.iter().find(|f| f.wire == doc.name) {
            Some(field) => compare_field(cx, rules, &path, doc, field),
            None => cx.diff(&location, "on the page, not in the schema".into()),
        }
    }
    for field in schema.iter().filter(|f| rules.whole && !seen.contains(f.wire.as_str())) {
        let location = format!("{} {}", rules.section, dotted(prefix, &field.wire));
        cx.diff(&location, "in the schema, not on the page".into());
    }
}

fn dotted(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") }
}

/// Compares one field and, recursively, its children.
fn compare_field(cx: &mut Cx<'_>, rules: Rules<'_>, path: &str, doc: &DocField, field: &Field) {
    cx.counts.fields += 1;
    let location = format!("{} {path}", rules.section);
    compare_type(cx, &location, doc, field);
    if doc.required != field.required {
        let says = |r: bool| if r { "required" } else { "not required" };
        cx.diff(&location, format!("page says {}, schema says {}", says(doc.required), says(field.required)));
    }
    if !rules.shared {
        compare_texts(cx, &location, doc, field);
    }
    let values = schema_values(cx, rules, field);
    // An older page lists fewer response formats (no `stream` on some): a lower bound.
    let lower_bound = is_format_param(cx, rules, field) && cx.layout == Layout::Older;
    compare_enum(cx, &location, doc, values.as_deref(), lower_bound);
    let support = match rules.marks {
        MarkSource::Field => Some(&field.support),
        MarkSource::Response(map) => map.get(path),
    };
    compare_marks(cx, &location, doc, support.unwrap_or(&Support::default()), values.as_deref());
    let children = refs(object_fields(&field.ty));
    compare_fields(cx, rules, path, &doc.children, &children);
}

/// The enum values a field takes in the schema (the endpoint's formats for the
/// response-format parameter).
fn schema_values(cx: &Cx<'_>, rules: Rules<'_>, field: &Field) -> Option<Vec<String>> {
    if is_format_param(cx, rules, field) {
        return Some(rules.response_formats.iter().map(|f| f.to_string()).collect());
    }
    enum_values(&field.ty)
}

/// Whether `field` is Truto's response-format parameter.
fn is_format_param(cx: &Cx<'_>, rules: Rules<'_>, field: &Field) -> bool {
    rules.shared && cx.schema.response_format.as_ref().is_some_and(|f| f.field.wire == field.wire)
}

fn enum_values(ty: &Type) -> Option<Vec<String>> {
    match ty {
        Type::Enum(e) => Some(e.values.iter().map(|v| v.wire.clone()).collect()),
        Type::Array(inner) => enum_values(inner),
        _ => None,
    }
}

/// The child fields of an object or array of objects.
fn object_fields(ty: &Type) -> &[Field] {
    match ty {
        Type::Object(object) => &object.fields,
        Type::Array(inner) => object_fields(inner),
        _ => &[],
    }
}

// ----- types -----

fn compare_type(cx: &mut Cx<'_>, location: &str, doc: &DocField, field: &Field) {
    let expected = field.schema_type.as_ref().and_then(|_| types::printed(&field.ty, cx.layout));
    if doc.doc_type == expected {
        return;
    }
    let page = doc.doc_type.as_ref().map_or("no type".to_string(), |t| format!("`{t}`"));
    let schema = match (&field.schema_type, &expected) {
        (Some(written), Some(printed)) if written != printed => {
            format!("`{written}` (printed `{printed}`)")
        }
        (Some(written), _) => format!("`{written}`"),
        (None, _) => "no type".to_string(),
    };
    cx.diff(location, format!("type: page says {page}, schema says {schema}"));
}

// ----- descriptions, examples, defaults, references -----

fn compare_texts(cx: &mut Cx<'_>, location: &str, doc: &DocField, field: &Field) {
    compare_text(cx, location, "description", &doc.description, &field.description);
    compare_text(cx, location, "example", &doc.example, &field.example);
    compare_text(cx, location, "default", &doc.default, &field.default);
    compare_text(cx, location, "condition", &doc.condition, &field.condition);
    let page_ref = doc.references.as_ref().map(|(resource, field)| format!("{}.{field}", reference_resource(resource)));
    let schema_ref = field.references.as_ref().map(|r| format!("{}.{}", r.resource, r.field));
    compare_text(cx, location, "references", &page_ref, &schema_ref);
}

fn compare_text(cx: &mut Cx<'_>, location: &str, what: &str, page: &Option<String>, schema: &Option<String>) {
    let norm = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let (page, schema) = (norm(page), norm(schema));
    if page == schema {
        return;
    }
    let show = |t: &Option<String>| t.as_ref().map_or("nothing".to_string(), |t| format!("{t:?}"));
    cx.diff(location, format!("{what}: page says {}, schema says {}", show(&page), show(&schema)));
}

// ----- enum values -----

/// The values a page lists against the schema's; with `lower_bound`, the page may list fewer.
fn compare_enum(cx: &mut Cx<'_>, location: &str, doc: &DocField, values: Option<&[String]>, lower_bound: bool) {
    match (&doc.enum_doc, values) {
        (None, None) => {}
        (Some(e), None) => {
            cx.diff(location, format!("page lists possible values {}, schema has no enum", show_enum(e)))
        }
        (None, Some(v)) => {
            cx.diff(location, format!("schema has values {}, page lists none", list(v)));
        }
        (Some(DocEnum::Listed(listed)), Some(v)) => {
            let page: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
            let schema: BTreeSet<&str> = v.iter().map(String::as_str).collect();
            let schema = if lower_bound { schema.intersection(&page).copied().collect() } else { schema };
            report_values(cx, location, "possible values", &page, &schema);
        }
        (Some(DocEnum::Glued { text, more }), Some(v)) => {
            compare_glued(cx, location, doc, text, *more, v);
        }
    }
}

/// A glued "Possible values" line: the per-integration subsets cut short with `+ N more`, or
/// exactly the schema's values in any order.
fn compare_glued(cx: &mut Cx<'_>, location: &str, doc: &DocField, text: &str, more: Option<usize>, values: &[String]) {
    let vocab: Vec<&str> = values.iter().map(String::as_str).collect();
    if let Some(more) = more {
        let subsets: Vec<&str> = doc.glued_subsets().collect();
        if truncated_union_matches(text, more, &subsets, &vocab) {
            return;
        }
    }
    if split_exact(text, &vocab).is_some() {
        return;
    }
    let shown = show_enum(&DocEnum::Glued { text: text.to_string(), more });
    let message = match (more, split_glued(text, &vocab)) {
        (Some(_), _) => format!(
            "possible values {shown} are neither the page's per-integration values cut short \
             nor exactly the schema's {}",
            list(values)
        ),
        (None, Ok(split)) => {
            let page: BTreeSet<&str> = split.iter().copied().collect();
            let schema: BTreeSet<&str> = vocab.iter().copied().collect();
            if page == schema {
                format!("possible values {shown} repeat a value of the schema's {}", list(values))
            } else {
                report_values(cx, location, "possible values", &page, &schema);
                return;
            }
        }
        (None, Err(at)) => format!(
            "possible values {shown} do not split into the schema's {} (stuck at `{}`)",
            list(values),
            &text[at..]
        ),
    };
    cx.diff(location, message);
}

fn report_values(cx: &mut Cx<'_>, location: &str, what: &str, page: &BTreeSet<&str>, schema: &BTreeSet<&str>) {
    for v in page.difference(schema) {
        cx.diff(location, format!("{what}: page lists `{v}`, schema does not"));
    }
    for v in schema.difference(page) {
        cx.diff(location, format!("{what}: schema lists `{v}`, page does not"));
    }
}

/// Whether `shown` + `more` is the concatenation of the subsets (page order) cut after
/// `shown`'s values, with `more` values left over.
fn truncated_union_matches(shown: &str, more: usize, subsets: &[&str], vocab: &[&str]) -> bool {
    let mut all = Vec::new();
    for subset in subsets {
        match split_glued(subset, vocab) {
            Ok(values) => all.extend(values),
            Err(_) => return false,
        }
    }
    let mut acc = String::new();
    let mut taken = 0;
    while acc.len() < shown.len() && taken < all.len() {
        acc.push_str(all[taken]);
        taken += 1;
    }
    acc == shown && taken + more == all.len()
}

fn show_enum(e: &DocEnum) -> String {
    match e {
        DocEnum::Glued { text, more: Some(n) } => format!("`{text}+ {n} more`"),
        DocEnum::Glued { text, more: None } => format!("`{text}`"),
        DocEnum::Listed(values) => list(values),
    }
}

fn list<S: AsRef<str>>(values: &[S]) -> String {
    format!("[{}]", join(values.iter().map(AsRef::as_ref)))
}

fn join<'s>(items: impl Iterator<Item = &'s str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

// ----- support marks, value subsets and notes -----

/// One integration's entry on the page.
struct PageMark<'d> {
    kind: DocMarkKind,
    subset: Option<&'d DocEnum>,
    note: Option<&'d str>,
}

fn compare_marks(cx: &mut Cx<'_>, location: &str, doc: &DocField, support: &Support, values: Option<&[String]>) {
    let page = page_marks(cx, location, doc);
    let slugs: BTreeSet<&str> =
        page.keys().map(String::as_str).chain(support.marks.keys().map(String::as_str)).collect();
    for slug in slugs {
        cx.counts.marks += 1;
        let on_page = page.get(slug);
        compare_mark(cx, location, slug, on_page.map(|m| m.kind), support.marks.get(slug));
        let subset = on_page.and_then(|m| m.subset);
        compare_subset(cx, location, slug, subset, support.values.get(slug), values);
        let note = on_page.and_then(|m| m.note);
        compare_note(cx, location, slug, note, support.notes.get(slug).map(String::as_str));
    }
    // Subsets and notes of integrations that are not marked at all.
    for (slug, schema_values) in &support.values {
        if !page.contains_key(slug) && !support.marks.contains_key(slug) {
            compare_subset(cx, location, slug, None, Some(schema_values), values);
        }
    }
    for (slug, note) in &support.notes {
        if !page.contains_key(slug) && !support.marks.contains_key(slug) {
            compare_note(cx, location, slug, None, Some(note));
        }
    }
}

/// The page's marks by slug; unknown names and repeats are reported.
fn page_marks<'d>(cx: &mut Cx<'_>, location: &str, doc: &'d DocField) -> BTreeMap<String, PageMark<'d>> {
    let mut marks = BTreeMap::new();
    for mark in &doc.marks {
        let Some(slug) = cx.slug_of(&mark.integration).map(str::to_string) else {
            cx.diff(location, format!("unknown integration `{}`", mark.integration));
            continue;
        };
        let entry = PageMark { kind: mark.kind, subset: mark.subset.as_ref(), note: mark.note.as_deref() };
        if marks.insert(slug, entry).is_some() {
            cx.diff(location, format!("{}: marked twice on the page", mark.integration));
        }
    }
    marks
}

fn compare_mark(cx: &mut Cx<'_>, location: &str, slug: &str, page: Option<DocMarkKind>, schema: Option<&Mark>) {
    let schema = schema.map(|m| match m {
        Mark::Supported => DocMarkKind::Supported,
        Mark::Required => DocMarkKind::Required,
    });
    let name = cx.name_of(slug).to_string();
    let message = match (page, schema) {
        (Some(p), Some(s)) if p != s => format!("{name}: page says {p}, schema says {s}"),
        (Some(p), None) => format!("{name}: page says {p}, schema does not mark it"),
        (None, Some(s)) => format!("{name}: schema says {s}, page does not mark it"),
        _ => return,
    };
    cx.diff(location, message);
}

fn compare_subset(
    cx: &mut Cx<'_>,
    location: &str,
    slug: &str,
    page: Option<&DocEnum>,
    schema: Option<&Vec<String>>,
    values: Option<&[String]>,
) {
    let name = cx.name_of(slug).to_string();
    let message = match (page, schema) {
        (None, None) => return,
        (None, Some(s)) => format!("{name}: schema lists values {}, page lists none", list(s)),
        (Some(p), None) => format!("{name}: page lists values {}, schema lists none", show_enum(p)),
        (Some(DocEnum::Listed(listed)), Some(s)) => {
            let page: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
            let schema: BTreeSet<&str> = s.iter().map(String::as_str).collect();
            if page == schema {
                return;
            }
            format!("{name}: values: page says {}, schema says {}", list(listed), list(s))
        }
        (Some(DocEnum::Glued { text: p, .. }), Some(s)) => {
            let vocab: Vec<&str> = values.unwrap_or_default().iter().map(String::as_str).collect();
            match split_glued(p, &vocab) {
                Err(at) => {
                    format!("{name}: values `{p}` do not split into the schema's enum values (stuck at `{}`)", &p[at..])
                }
                Ok(split) => {
                    let page: BTreeSet<&str> = split.into_iter().collect();
                    let schema: BTreeSet<&str> = s.iter().map(String::as_str).collect();
                    if page == schema {
                        return;
                    }
                    format!(
                        "{name}: values: page says {}, schema says {}",
                        list(&page.into_iter().collect::<Vec<_>>()),
                        list(s)
                    )
                }
            }
        }
    };
    cx.diff(location, message);
}

fn compare_note(cx: &mut Cx<'_>, location: &str, slug: &str, page: Option<&str>, schema: Option<&str>) {
    if page.map(str::trim) == schema.map(str::trim) {
        return;
    }
    let name = cx.name_of(slug).to_string();
    let show = |t: Option<&str>| t.map_or("nothing".to_string(), |t| format!("{t:?}"));
    cx.diff(location, format!("{name}: note: page says {}, schema says {}", show(page), show(schema)));
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use truto_codegen::model::{IntegrationsInPart, OperationKind};
    use truto_codegen::pages::{DocMark, Problem, parse_page};

    /// The schema the tests compare pages with: one API, one resource with a delete and a get
    /// endpoint; [`PAGE`] describes the delete endpoint exactly.
    const SCHEMA: &str = r#"
integrations:
  - { slug: freshsales, name: Freshsales, aliases: [FreshSales] }
  - { slug: keap, name: Keap }
  - { slug: zohocrm, name: Zoho CRM }
parameters:
  path:
    id: { type: string, required: true, description: The ID of the resource., example: "23423523" }
  query:
    integrated_account_id: { type: uuid, required: true }
    truto_response_format:
      type: string
      response_format: true
      enum: [unified, raw, normalized, stream, debug]
api:
  name: crm
  resources: [accounts, engagements]
resource:
  api: crm
  name: engagements
  model: Engagement
  fields:
    account:
      type: object
      description: The engagement's account
      references: accounts.id
      fields:
        id: { type: string, description: The account's unique identifier }
    id: { type: string, required: true, description: The engagement's unique identifier }
"#;

    const DELETE: &str = r#"
endpoint:
  api: crm
  resource: engagements
  operation: delete
  http: DELETE
  path: /unified/crm/engagements/{id}
  path_params: [id]
  response_formats: [unified, raw]
  query:
    engagement_type:
      type: string
      description: The engagement's type
      enum: [call, chat, email, meeting]
      support:
        required: [zohocrm]
        supported: [keap]
        values: { zohocrm: [call, meeting], keap: [email, meeting] }
  response:
    support:
      id: { supported: [freshsales] }
"#;

    /// The schema above, loaded as the generator loads any.
    pub(crate) fn schema() -> Schema {
        let get = DELETE.replace("operation: delete", "operation: get").replace("http: DELETE", "http: GET");
        let dir = std::env::temp_dir().join(format!(
            "verify-docs-schema-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).expect("create schema dir");
        for (name, text) in [("common.yaml", SCHEMA), ("delete.yaml", DELETE), ("get.yaml", get.as_str())] {
            std::fs::write(dir.join(name), text).expect("write schema file");
        }
        let schema = truto_codegen::load_schema(&dir);
        std::fs::remove_dir_all(&dir).ok();
        schema.unwrap_or_else(|d| panic!("the test schema is invalid:\n{d}"))
    }

    /// The endpoint [`PAGE`] describes, to change it.
    fn delete_endpoint(schema: &mut Schema) -> &mut Endpoint {
        let endpoints = &mut schema.apis[0].resources[0].endpoints;
        endpoints.iter_mut().find(|e| e.operation.kind == OperationKind::Delete).expect("the delete endpoint")
    }

    pub(crate) const PAGE: &str = "DELETE /unified/crm/engagements/{id}

Path Parameters

idstring
required·

The ID of the resource.

Example: 23423523

Query Parameters

engagement_typestring

The engagement's type

Possible values:
meetingcallchatemail
2 supported1 required
Zoho CRM
required
callmeeting
Keap
supported
emailmeeting
Show Truto-specific parameters
integrated_account_idstring · uuid
required·

Worded differently on every layout.
truto_response_formatstring

The format of the response.

  • unified returns the response with unified mappings applied.
  • raw returns the raw response.

Possible values:
unifiedraw

Response Body

idstring
required·

The engagement's unique identifier

1 supported
FreshSales
supported
accountobject

The engagement's account

References: Accounts → id
idstring

The account's unique identifier
curl -X DELETE 'https://api.truto.one/unified/crm/engagements/{id}'
";

    fn page() -> DocPage {
        parse_page(PAGE).expect("test page parses")
    }

    fn messages(page: &DocPage) -> Vec<String> {
        compare(&schema(), page).iter().map(ToString::to_string).collect()
    }

    const EP: &str = "DELETE /unified/crm/engagements/{id}";

    fn query_param(page: &mut DocPage) -> &mut DocField {
        &mut page.query[0]
    }

    #[test]
    fn a_matching_page_has_no_differences() {
        assert_eq!(messages(&page()), Vec::<String>::new());
        let (_, counts) = compare_counting(&schema(), &page());
        // path id, engagement_type, 2 shared, response id, account, account.id
        assert_eq!(counts, Counts { endpoints: 1, fields: 7, marks: 3 });
    }

    #[test]
    fn unknown_endpoint() {
        let mut p = page();
        p.path = "/unified/crm/nothing/{id}".into();
        assert_eq!(messages(&p), ["DELETE /unified/crm/nothing/{id}: endpoint: not in the schema"]);
    }

    #[test]
    fn missing_and_extra_fields() {
        let mut p = page();
        p.response.retain(|f| f.name != "account");
        p.response.push(DocField::new("foo", Some("string".into())));
        assert_eq!(
            messages(&p),
            [
                format!("{EP}: response foo: on the page, not in the schema"),
                format!("{EP}: response account: in the schema, not on the page"),
            ]
        );
    }

    #[test]
    fn nested_field_differences_use_dotted_paths() {
        let mut p = page();
        p.response[1].children[0].doc_type = Some("number".into());
        assert_eq!(
            messages(&p),
            [format!("{EP}: response account.id: type: page says `number`, schema says `string`")]
        );
    }

    #[test]
    fn type_required_description_and_reference() {
        let mut p = page();
        p.response[0].doc_type = None;
        p.response[0].required = false;
        p.response[1].description = Some("Another text".into());
        p.response[1].references = Some(("Contacts".into(), "id".into()));
        assert_eq!(
            messages(&p),
            [
                format!("{EP}: response id: type: page says no type, schema says `string`"),
                format!("{EP}: response id: page says not required, schema says required"),
                format!(
                    "{EP}: response account: description: page says \"Another text\", schema says \"The engagement's account\""
                ),
                format!("{EP}: response account: references: page says \"contacts.id\", schema says \"accounts.id\""),
            ]
        );
    }

    #[test]
    fn schema_type_names_are_shown_with_their_printed_form() {
        let mut s = schema();
        let model = &mut delete_endpoint(&mut s).response.model;
        model.fields[0].schema_type = Some("AccountRef".into());
        let mut p = page();
        p.response[1].doc_type = Some("object[]".into());
        let found: Vec<String> = compare(&s, &p).iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [format!(
                "{EP}: response account: type: page says `object[]`, schema says `AccountRef` (printed `object`)"
            )]
        );
    }

    #[test]
    fn mark_differs() {
        let mut p = page();
        query_param(&mut p).marks[1].kind = DocMarkKind::Required;
        assert_eq!(
            messages(&p),
            [format!("{EP}: query engagement_type: Keap: page says required, schema says supported")]
        );
    }

    #[test]
    fn missing_extra_and_unknown_marks() {
        let mut p = page();
        let param = query_param(&mut p);
        param.marks.remove(0);
        param.marks.push(DocMark {
            integration: "Freshsales".into(),
            kind: DocMarkKind::Supported,
            subset: None,
            note: None,
        });
        param.marks.push(DocMark {
            integration: "Nobody CRM".into(),
            kind: DocMarkKind::Supported,
            subset: None,
            note: None,
        });
        assert_eq!(
            messages(&p),
            [
                format!("{EP}: query engagement_type: unknown integration `Nobody CRM`"),
                format!("{EP}: query engagement_type: Freshsales: page says supported, schema does not mark it"),
                format!("{EP}: query engagement_type: Zoho CRM: schema says required, page does not mark it"),
                format!("{EP}: query engagement_type: Zoho CRM: schema lists values [call, meeting], page lists none"),
            ]
        );
    }

    #[test]
    fn subset_differs_or_does_not_split() {
        let mut p = page();
        query_param(&mut p).marks[1].subset = Some(DocEnum::Glued { text: "emailcall".into(), more: None });
        assert_eq!(
            messages(&p),
            [format!(
                "{EP}: query engagement_type: Keap: values: page says [call, email], schema says [email, meeting]"
            )]
        );
        query_param(&mut p).marks[1].subset = Some(DocEnum::Glued { text: "emailfax".into(), more: None });
        assert_eq!(
            messages(&p),
            [format!(
                "{EP}: query engagement_type: Keap: values `emailfax` do not split into the schema's enum values (stuck at `fax`)"
            )]
        );
    }

    #[test]
    fn possible_values_must_be_exactly_the_enum() {
        let mut p = page();
        query_param(&mut p).enum_doc = Some(DocEnum::Glued { text: "callemailmeeting".into(), more: None });
        assert_eq!(
            messages(&p),
            [format!("{EP}: query engagement_type: possible values: schema lists `chat`, page does not")]
        );
        query_param(&mut p).enum_doc = Some(DocEnum::Glued { text: "callchatemailmeetingfax".into(), more: None });
        assert_eq!(
            messages(&p),
            [format!(
                "{EP}: query engagement_type: possible values `callchatemailmeetingfax` do not split into the schema's [call, chat, email, meeting] (stuck at `fax`)"
            )]
        );
    }

    #[test]
    fn truncated_possible_values_follow_the_subsets() {
        let mut p = page();
        // Subsets in page order: call meeting | email meeting. Three shown, one more.
        query_param(&mut p).enum_doc = Some(DocEnum::Glued { text: "callmeetingemail".into(), more: Some(1) });
        assert_eq!(messages(&p), Vec::<String>::new());
        query_param(&mut p).enum_doc = Some(DocEnum::Glued { text: "callmeetingemail".into(), more: Some(2) });
        assert_eq!(messages(&p).len(), 1);
        assert!(messages(&p)[0].contains("neither the page's per-integration values cut short"));
    }

    #[test]
    fn response_formats_and_shared_parameters() {
        let mut p = page();
        p.response_formats.push("debug".into());
        let format = &mut p.query[2];
        format.enum_doc = Some(DocEnum::Glued { text: "unified".into(), more: None });
        // Shared parameters are worded differently per layout: texts are not compared.
        p.query[1].description = Some("Something else".into());
        p.query[1].required = false;
        assert_eq!(
            messages(&p),
            [
                format!("{EP}: response formats: page lists `debug`, schema does not"),
                format!("{EP}: query integrated_account_id: page says not required, schema says required"),
                format!("{EP}: query truto_response_format: possible values: schema lists `raw`, page does not"),
            ]
        );
    }

    #[test]
    fn older_layout_names_shared_parameters_and_lists_integrations() {
        let mut p = page();
        p.layout = Layout::Older;
        for param in &mut p.query {
            param.truto_specific = false;
        }
        p.query[1].doc_type = Some("string · uuid".into());
        p.response[1].doc_type = Some("object".into());
        p.integrations = Some(vec!["Keap".into(), "Zoho CRM".into()]);
        assert_eq!(
            messages(&p),
            [format!(
                "{EP}: integrations: the page lists \"Integrations supported\", the schema has no `integrations`"
            )]
        );
        // An older page's list is a lower bound: the schema may know more (Freshsales), not
        // less (Zoho CRM).
        let mut s = schema();
        delete_endpoint(&mut s).integrations = Some(vec!["freshsales".into(), "keap".into()]);
        let found: Vec<String> = compare(&s, &p).iter().map(ToString::to_string).collect();
        assert_eq!(found, [format!("{EP}: integrations: page lists Zoho CRM, schema does not")]);
        // Known in part: the page's integrations must be among those known to support it.
        let endpoint = delete_endpoint(&mut s);
        endpoint.integrations = None;
        endpoint.integrations_known_in_part = Some(IntegrationsInPart {
            supported: vec!["keap".into(), "zohocrm".into()],
            unsupported: vec!["freshsales".into()],
        });
        assert_eq!(compare(&s, &p), Vec::new());
        p.integrations = Some(vec!["Keap".into(), "Freshsales".into()]);
        let found: Vec<String> = compare(&s, &p).iter().map(ToString::to_string).collect();
        assert_eq!(found, [format!("{EP}: integrations: page lists Freshsales, schema does not")]);
    }

    /// An older page's response formats are a lower bound too; a newer page's are the set.
    #[test]
    fn an_older_page_may_list_fewer_response_formats() {
        let mut p = page();
        p.response_formats.retain(|f| f != "raw");
        let shown = |p: &DocPage| compare(&schema(), p).iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(shown(&p), [format!("{EP}: response formats: schema lists `raw`, page does not")]);
        p.layout = Layout::Older;
        for param in &mut p.query {
            param.truto_specific = false;
        }
        p.query[1].doc_type = Some("string · uuid".into());
        p.response[1].doc_type = Some("object".into());
        p.query[2].enum_doc = Some(DocEnum::Listed(vec!["unified".into()]));
        assert_eq!(shown(&p), Vec::<String>::new());
        p.response_formats.push("debug".into());
        p.query[2].enum_doc = Some(DocEnum::Listed(vec!["unified".into(), "debug".into()]));
        assert_eq!(
            shown(&p),
            [
                format!("{EP}: response formats: page lists `debug`, schema does not"),
                format!("{EP}: query truto_response_format: possible values: page lists `debug`, schema does not"),
            ]
        );
    }

    /// The newer layout prints no "Integrations supported": a list the schema has from other
    /// pages is no difference there, and is one on an older page without the list.
    #[test]
    fn only_the_older_layout_speaks_about_integrations() {
        let mut s = schema();
        delete_endpoint(&mut s).integrations = Some(vec!["keap".into()]);
        let found = |s: &Schema, p: &DocPage| compare(s, p).iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(found(&s, &page()), Vec::<String>::new());
        let mut older = page();
        older.layout = Layout::Older;
        assert!(
            found(&s, &older).contains(&format!(
                "{EP}: integrations: schema lists Keap, the page has no \"Integrations supported\""
            )),
            "{:?}",
            found(&s, &older)
        );
    }

    #[test]
    fn parse_notes_are_differences() {
        let mut p = page();
        p.problems.push(Problem { line: 7, message: "id: marks block announces 2 integrations but lists 1".into() });
        assert_eq!(messages(&p), [format!("{EP}: page line 7: id: marks block announces 2 integrations but lists 1")]);
    }
}
