//! From a page to the schema's YAML: fields (with their types read through the one table of
//! types), endpoints, resource models, response marks and Truto's shared parameters.
//!
//! A field the schema already has is given as `old`: its maintainer's choices (`type_name`,
//! `rust_name`, an inline object rather than a shape, key order) are kept, and its values
//! help split glued enum values.

use std::collections::BTreeSet;

use truto_codegen::model::OperationKind;
use truto_codegen::names;
use truto_codegen::pages::glued::{SplitValues, split_field_values};
use truto_codegen::pages::nesting::singular;
use truto_codegen::pages::{DocField, DocPage, Layout, reference_resource};
use truto_codegen::types::{self, PrintedType, Scalar};

use super::integrations::Integrations;
use super::yaml::{Map, Yaml};

/// The order of a field's keys in the hand-written schema.
pub const FIELD_ORDER: [&str; 16] = [
    "type",
    "required",
    "response_format",
    "operations",
    "description",
    "example",
    "default",
    "references",
    "condition",
    "enum",
    "value_docs",
    "type_name",
    "rust_name",
    "known_in_part",
    "fields",
    "support",
];
/// The order of a `support` object's keys.
pub const SUPPORT_ORDER: [&str; 4] = ["required", "supported", "values", "notes"];
/// The order of an endpoint's keys.
pub const ENDPOINT_ORDER: [&str; 15] = [
    "api",
    "resource",
    "operation",
    "name",
    "http",
    "path",
    "path_params",
    "response_formats",
    "description",
    "integrations",
    "integrations_known_in_part",
    "query",
    "body",
    "body_known_in_part",
    "response",
];
/// The order of an endpoint's `response` keys.
pub const RESPONSE_ORDER: [&str; 4] = ["model", "partial", "partial_in", "support"];
/// Keys a maintainer chooses and a page never says.
const MAINTAINER_KEYS: [&str; 2] = ["type_name", "rust_name"];

/// Where a field is: only endpoint query parameters and body fields carry `support`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A path parameter (Truto's, in `parameters.path`).
    Path,
    /// The endpoint's own query parameter.
    Query,
    /// A request body field.
    Body,
    /// A field of a resource's model (its marks go to `response.support`).
    Model,
    /// One of Truto's shared query parameters.
    Shared,
}

impl Place {
    fn has_support(self) -> bool {
        matches!(self, Place::Query | Place::Body)
    }
}

/// What an endpoint is, from its method and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `crm`.
    pub api: String,
    /// `opportunities`.
    pub resource: String,
    /// `list`, `get`, `create`, `update`, `delete` or `custom`.
    pub operation: &'static str,
    /// A custom endpoint's name (`merge`).
    pub name: Option<String>,
}

impl Target {
    /// Reads `METHOD /unified/<api>/<resource>[/{id} | /<name>]`.
    pub fn of(method: &str, path: &str) -> Result<Target, String> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let param = |s: &str| s.starts_with('{') && s.ends_with('}');
        let (api, resource) = match segments.as_slice() {
            ["unified", api, resource, ..] if !param(api) && !param(resource) => (*api, *resource),
            _ => return Err(format!("`{path}` is not a unified API path (`/unified/<api>/<resource>...`)")),
        };
        let tail: String = segments[3..].iter().map(|segment| format!("/{segment}")).collect();
        let Some(kind) = OperationKind::from(method, &tail) else {
            return Err(format!("`{method} {path}` is none of list, get, create, update, delete or a custom method"));
        };
        let name = (kind == OperationKind::Custom).then(|| tail.trim_start_matches('/').to_owned());
        Ok(Target { api: api.into(), resource: resource.into(), operation: kind.word(), name })
    }

    /// The schema file name of the endpoint: `<operation>.yaml`, a custom one's `<name>.yaml`.
    pub fn file_stem(&self) -> &str {
        self.name.as_deref().unwrap_or(self.operation)
    }

    /// The description the schema gives new endpoints: "Delete an opportunity.", "List leads.".
    pub fn description(&self) -> String {
        let one = singular(&self.resource.replace(['_', '-'], " "));
        let all = self.resource.replace(['_', '-'], " ");
        let article = if one.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        match (self.operation, &self.name) {
            ("list", _) => format!("List {all}."),
            (_, Some(name)) => format!("{} {all}.", capitalised(&name.replace(['_', '-'], " "))),
            (op, None) => format!("{} {article} {one}.", capitalised(op)),
        }
    }

    /// The Rust name of the resource's model: the singular, PascalCase (`Opportunity`).
    pub fn model_name(&self) -> String {
        names::type_name(&singular(&self.resource.replace('-', "_"))).to_string()
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Builds YAML from one page.
pub struct Builder<'a> {
    /// The page's layout (types print differently).
    pub layout: Layout,
    /// The page's own words, for splitting glued values.
    pub words: &'a BTreeSet<String>,
    /// Display names to slugs.
    pub integrations: &'a mut Integrations,
    /// The schema's `shapes` (name → shape), reused where the fields are the same.
    pub shapes: &'a Map,
    /// What could not be carried over, each with its page line.
    pub warnings: Vec<String>,
    /// The line of the object whose fields the page stops before, if it does (see
    /// [`DocPage::open_fields`](truto_codegen::pages::DocPage::open_fields)).
    pub unreached: Option<usize>,
}

impl Builder<'_> {
    fn warn(&mut self, doc: &DocField, message: String) {
        self.warnings.push(format!("line {}: `{}`: {message}", doc.line, doc.name));
    }

    /// One field (and its children) as the schema writes it.
    pub fn field(&mut self, doc: &DocField, old: Option<&Map>, place: Place) -> Map {
        let split = self.values(doc, old);
        let mut m = Map::default();
        let (ty, fields) = self.field_type(doc, old, place);
        if let Some(ty) = ty {
            m.set("type", Yaml::text(ty));
        }
        if doc.required {
            m.set("required", Yaml::Bool(true));
        }
        for (key, value) in [("description", &doc.description), ("example", &doc.example), ("default", &doc.default)] {
            if let Some(value) = value {
                m.set(key, Yaml::text(value));
            }
        }
        if let Some((resource, field)) = &doc.references {
            m.set("references", Yaml::text(format!("{}.{field}", reference_resource(resource))));
        }
        if let Some(condition) = &doc.condition {
            m.set("condition", Yaml::text(condition));
        }
        if let Some(split) = &split {
            m.set("enum", Yaml::texts(split.values.iter().cloned()));
            let documented: Vec<(String, Yaml)> = doc
                .value_docs
                .iter()
                .filter(|(value, text)| split.values.contains(value) && !text.is_empty())
                .map(|(value, text)| (value.clone(), Yaml::text(text)))
                .collect();
            if !documented.is_empty() {
                m.set("value_docs", Yaml::Map(Map(documented)));
            }
        }
        for (value, _) in doc.value_docs.iter().filter(|(v, _)| split.as_ref().is_none_or(|s| !s.values.contains(v))) {
            self.warn(doc, format!("the bullet `{value} ...` documents no value of the field; it is not carried over"));
        }
        if let Some(fields) = fields {
            m.set("fields", Yaml::Map(fields));
        }
        if place.has_support() {
            let mut support = self.support(doc, split.as_ref());
            let old_support = old.and_then(|o| o.map("support")).cloned().unwrap_or_default();
            keep_order(&mut support, &old_support, &SUPPORT_ORDER);
            if !support.is_empty() {
                m.set("support", Yaml::Map(support));
            }
        } else if place == Place::Shared && !doc.marks.is_empty() {
            self.warn(doc, "Truto's shared parameters carry no marks; its marks are not carried over".into());
        }
        if let Some(old) = old {
            for key in MAINTAINER_KEYS {
                if let Some(value) = old.get(key) {
                    m.set(key, value.clone());
                }
            }
            keep_order(&mut m, old, &FIELD_ORDER);
        } else {
            keep_order(&mut m, &Map::default(), &FIELD_ORDER);
        }
        m
    }

    /// Fields by name, in page order (or the old order for the ones the schema has).
    pub fn fields(&mut self, docs: &[DocField], old: Option<&Map>, place: Place) -> Map {
        let mut out = Map::default();
        for doc in docs {
            let previous = old.and_then(|o| o.map(&doc.name));
            if out.get(&doc.name).is_some() {
                self.warn(doc, "listed twice; the first is kept".into());
                continue;
            }
            let built = self.field(doc, previous, place);
            out.set(&doc.name, Yaml::Map(built));
        }
        if let Some(old) = old {
            keep_field_order(&mut out, old);
        }
        out
    }

    /// The field's values and subsets, split.
    fn values(&mut self, doc: &DocField, old: Option<&Map>) -> Option<SplitValues> {
        let known: Vec<&str> = old.and_then(|o| o.get("enum")).and_then(Yaml::as_texts).unwrap_or_default();
        let split = split_field_values(doc, &known, self.words)?;
        for problem in &split.problems {
            self.warn(doc, problem.clone());
        }
        Some(split)
    }

    /// The schema type and, for objects, the fields.
    fn field_type(&mut self, doc: &DocField, old: Option<&Map>, place: Place) -> (Option<String>, Option<Map>) {
        let Some(printed) = doc.doc_type.as_deref() else { return (None, None) };
        let Some(parsed) = types::parse_printed(printed, self.layout) else {
            self.warn(doc, format!("the type `{printed}` is not in the table of types; written without a type"));
            return (None, None);
        };
        self.type_of(&parsed, doc, old, place)
    }

    fn type_of(
        &mut self,
        parsed: &PrintedType,
        doc: &DocField,
        old: Option<&Map>,
        place: Place,
    ) -> (Option<String>, Option<Map>) {
        let has_children = !doc.children.is_empty();
        match parsed {
            PrintedType::Scalar(s) => (s.spec().word.map(str::to_string), None),
            PrintedType::Object => self.object(doc, old, place, ""),
            PrintedType::ObjectOrMap if has_children => self.object(doc, old, place, ""),
            PrintedType::ObjectOrMap => (Scalar::Map.spec().word.map(str::to_string), None),
            PrintedType::Array(inner) => match inner.as_ref() {
                PrintedType::Object => self.object(doc, old, place, types::ARRAY_SUFFIX),
                PrintedType::ObjectOrMap if has_children => self.object(doc, old, place, types::ARRAY_SUFFIX),
                other => {
                    let (ty, fields) = self.type_of(other, doc, None, place);
                    (ty.map(|t| format!("{t}{}", types::ARRAY_SUFFIX)), fields)
                }
            },
            PrintedType::ArrayOfUnknown if has_children => self.object(doc, old, place, types::ARRAY_SUFFIX),
            PrintedType::ArrayOfUnknown => {
                let kept = old.and_then(|o| o.str("type")).filter(|t| t.ends_with(types::ARRAY_SUFFIX));
                match kept {
                    Some(kept) => (Some(kept.to_string()), None),
                    None => {
                        self.warn(doc, "the older layout's `array` does not say of what; written as `string[]`".into());
                        (Some(format!("string{}", types::ARRAY_SUFFIX)), None)
                    }
                }
            }
        }
    }

    /// An object (`suffix` `[]` for an array of them): a shape when one has the same fields
    /// and the schema does not already write it out, else its fields.
    fn object(
        &mut self,
        doc: &DocField,
        old: Option<&Map>,
        place: Place,
        suffix: &str,
    ) -> (Option<String>, Option<Map>) {
        let old_fields = old.and_then(|o| o.map("fields"));
        if doc.children.is_empty() && self.unreached == Some(doc.line) {
            // The page stops before its fields: the schema's type and fields stay.
            if let Some(kept) = old.and_then(|o| o.str("type")) {
                return (Some(kept.to_string()), old_fields.cloned());
            }
            self.warn(doc, "the page stops before the object's fields; written with `fields: {}`".into());
        } else if doc.children.is_empty() {
            self.warn(doc, "an object without fields on the page; written with `fields: {}`".into());
        }
        let fields = self.fields(&doc.children, old_fields, if place == Place::Model { Place::Model } else { place });
        let old_type = old.and_then(|o| o.str("type")).map(|t| t.trim_end_matches(types::ARRAY_SUFFIX));
        let written_out = old_type == Some(types::OBJECT_WORD);
        if !written_out && !doc.children.is_empty() {
            if let Some(shape) = self.shape_with(&fields) {
                return (Some(format!("{shape}{suffix}")), None);
            }
        }
        (Some(format!("{}{suffix}", types::OBJECT_WORD)), Some(fields))
    }

    /// The shape whose fields are `fields` (maintainer keys and key order aside).
    fn shape_with(&self, fields: &Map) -> Option<String> {
        let wanted = normalized(&Yaml::Map(fields.clone()));
        self.shapes
            .0
            .iter()
            .find(|(_, shape)| shape.as_map().and_then(|s| s.get("fields")).is_some_and(|f| normalized(f) == wanted))
            .map(|(name, _)| name.clone())
    }

    /// A field's `support`: marks in page order, values and notes by slug.
    fn support(&mut self, doc: &DocField, split: Option<&SplitValues>) -> Map {
        let mut required = Vec::new();
        let mut supported = Vec::new();
        let mut values = Map::default();
        let mut notes = Map::default();
        for (k, mark) in doc.marks.iter().enumerate() {
            let slug = self.integrations.slug(&mark.integration);
            if required.contains(&slug) || supported.contains(&slug) {
                self.warn(doc, format!("{} is marked twice; the first mark is kept", mark.integration));
                continue;
            }
            match mark.kind {
                truto_codegen::pages::DocMarkKind::Required => required.push(slug.clone()),
                truto_codegen::pages::DocMarkKind::Supported => supported.push(slug.clone()),
            }
            if let Some(subset) = split.and_then(|s| s.subsets.get(k)).and_then(Option::as_ref) {
                values.set(&slug, Yaml::texts(subset.iter().cloned()));
            }
            if let Some(note) = &mark.note {
                notes.set(&slug, Yaml::text(note));
            }
        }
        let mut m = Map::default();
        if !required.is_empty() {
            m.set("required", Yaml::texts(required));
        }
        if !supported.is_empty() {
            m.set("supported", Yaml::texts(supported));
        }
        if !values.is_empty() {
            m.set("values", Yaml::Map(values));
        }
        if !notes.is_empty() {
            m.set("notes", Yaml::Map(notes));
        }
        m
    }

    /// `response.support`: the marks of response fields, by dotted path, in page order.
    pub fn response_support(&mut self, docs: &[DocField], model: Option<&Map>, prefix: &str, out: &mut Map) {
        for doc in docs {
            let path = if prefix.is_empty() { doc.name.clone() } else { format!("{prefix}.{}", doc.name) };
            let old = model.and_then(|m| m.map(&doc.name));
            let split = self.values(doc, old);
            let support = self.support(doc, split.as_ref());
            if !support.is_empty() {
                out.set(&path, Yaml::Map(support));
            }
            self.response_support(&doc.children, old.and_then(|o| o.map("fields")), &path, out);
        }
    }

    /// The `endpoint` section for `page`. `old` is the schema's, if it has the endpoint;
    /// `own_query` the page's own query parameters; `model` the resource's model fields.
    pub fn endpoint(
        &mut self,
        page: &DocPage,
        target: &Target,
        own_query: &[DocField],
        old: Option<&Map>,
        model: Option<&Map>,
    ) -> Map {
        let mut m = Map::default();
        m.set("api", Yaml::text(&target.api));
        m.set("resource", Yaml::text(&target.resource));
        m.set("operation", Yaml::text(target.operation));
        if let Some(name) = &target.name {
            m.set("name", Yaml::text(name));
        }
        m.set("http", Yaml::text(&page.http_method));
        m.set("path", Yaml::text(&page.path));
        let params = path_params(&page.path);
        if !params.is_empty() {
            m.set("path_params", Yaml::texts(params));
        }
        // A page that stops before `truto_response_format` does not say the formats: the
        // schema's stay. An older page's are a lower bound (some list no `stream`): the
        // schema's stay, and the page's are added.
        let formats = match old.and_then(|o| o.get("response_formats")) {
            Some(kept) if page.response_formats.is_empty() => kept.clone(),
            Some(kept) if page.layout == Layout::Older => union(kept, &page.response_formats),
            _ => Yaml::texts(page.response_formats.iter().cloned()),
        };
        m.set("response_formats", formats);
        let description =
            old.and_then(|o| o.get("description")).cloned().unwrap_or_else(|| Yaml::text(target.description()));
        m.set("description", description);
        if let Some(listed) = &page.integrations {
            let slugs: Vec<String> = listed.iter().map(|n| self.integrations.slug(n)).collect();
            match page.layout {
                Layout::Newer => m.set("integrations", Yaml::texts(slugs)),
                Layout::Older => {
                    if let Some((key, value)) = lower_bound_support(old, &slugs) {
                        m.set(key, value);
                    }
                }
            }
        }
        let old_query = old.and_then(|o| o.map("query"));
        let query = self.fields(own_query, old_query, Place::Query);
        if !query.is_empty() {
            m.set("query", Yaml::Map(query));
        }
        if let Some(body) = &page.body {
            let old_body = old.and_then(|o| o.map("body"));
            m.set("body", Yaml::Map(self.fields(body, old_body, Place::Body)));
        }
        let mut response = Map::default();
        if let Some(model) = old.and_then(|o| o.map("response")).and_then(|r| r.get("model")) {
            response.set("model", model.clone());
        }
        if page.partial_response {
            response.set("partial", Yaml::Bool(true));
        }
        let mut support = Map::default();
        self.response_support(&page.response, model, "", &mut support);
        if !support.is_empty() {
            response.set("support", Yaml::Map(support));
        }
        if !response.is_empty() {
            m.set("response", Yaml::Map(response));
        }
        match old {
            Some(old) => keep_order(&mut m, old, &ENDPOINT_ORDER),
            None => keep_order(&mut m, &Map::default(), &ENDPOINT_ORDER),
        }
        m
    }
}

/// Endpoint-level support from an older page's "Integrations supported", which is a lower
/// bound (older pages list fewer integrations than newer ones): added to the schema's complete
/// list, or to the integrations known to support it (none of those known not to), or, on an
/// endpoint the schema does not know yet, the integrations known to support it. `None` when
/// that says nothing (an empty list on a new endpoint: support stays unknown).
fn lower_bound_support(old: Option<&Map>, slugs: &[String]) -> Option<(&'static str, Yaml)> {
    if let Some(listed) = old.and_then(|o| o.get("integrations")) {
        return Some(("integrations", union(listed, slugs)));
    }
    let in_part = old.and_then(|o| o.map("integrations_known_in_part"));
    let unsupported: Vec<&str> =
        in_part.and_then(|p| p.get("unsupported")).and_then(Yaml::as_texts).unwrap_or_default();
    let new: Vec<String> = slugs.iter().filter(|s| !unsupported.contains(&s.as_str())).cloned().collect();
    if in_part.is_none() && new.is_empty() {
        return None;
    }
    let mut in_part = in_part.cloned().unwrap_or_default();
    let supported = match in_part.get("supported") {
        Some(known) => union(known, &new),
        None => Yaml::texts(new),
    };
    in_part.set_ordered("supported", supported, &["supported", "unsupported"]);
    Some(("integrations_known_in_part", Yaml::Map(in_part)))
}

/// `kept`'s texts in their order, then those of `added` it lacks.
fn union(kept: &Yaml, added: &[String]) -> Yaml {
    let mut all: Vec<String> = kept.as_texts().unwrap_or_default().into_iter().map(str::to_owned).collect();
    for item in added {
        if !all.contains(item) {
            all.push(item.clone());
        }
    }
    Yaml::texts(all)
}

/// The `{...}` names of a path, in order.
pub fn path_params(path: &str) -> Vec<String> {
    path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).map(str::to_string).collect()
}

/// Puts `m`'s keys in `old`'s order; keys `old` lacks go where `order` puts them.
pub fn keep_order(m: &mut Map, old: &Map, order: &[&str]) {
    let mut out = Map::default();
    for key in old.keys() {
        if let Some(value) = m.get(key) {
            out.0.push((key.to_string(), value.clone()));
        }
    }
    for (key, value) in &m.0 {
        if out.get(key).is_none() {
            out.set_ordered(key, value.clone(), order);
        }
    }
    *m = out;
}

/// Puts fields the schema has in its order, and each new one after the field the page
/// prints before it.
pub fn keep_field_order(fields: &mut Map, old: &Map) {
    let page: Vec<String> = fields.keys().map(str::to_string).collect();
    let mut out: Vec<String> = old.keys().filter(|k| fields.get(k).is_some()).map(str::to_string).collect();
    for (i, key) in page.iter().enumerate() {
        if out.contains(key) {
            continue;
        }
        let after = page[..i].iter().rev().find_map(|p| out.iter().position(|o| o == p));
        out.insert(after.map_or(0, |at| at + 1), key.clone());
    }
    let mut sorted = Map::default();
    for key in out {
        if let Some(value) = fields.get(&key) {
            sorted.0.push((key, value.clone()));
        }
    }
    *fields = sorted;
}

/// A form that compares equal when two fields mean the same: maintainer keys dropped,
/// mappings sorted.
pub(crate) fn normalized(value: &Yaml) -> Yaml {
    match value {
        Yaml::Map(m) => {
            let mut entries: Vec<(String, Yaml)> =
                m.0.iter()
                    .filter(|(k, _)| !MAINTAINER_KEYS.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), normalized(v)))
                    .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Yaml::Map(Map(entries))
        }
        Yaml::Seq(items) => Yaml::Seq(items.iter().map(normalized).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = Target::of("PATCH", "/unified/crm/opportunities/{id}").expect("target");
        assert_eq!(
            (t.api.as_str(), t.resource.as_str(), t.operation, t.name.as_deref()),
            ("crm", "opportunities", "update", None)
        );
        assert_eq!(t.description(), "Update an opportunity.");
        assert_eq!(t.model_name(), "Opportunity");
        let t = Target::of("POST", "/unified/crm/accounts/batch-delete").expect("target");
        assert_eq!((t.operation, t.file_stem()), ("custom", "batch-delete"));
        assert_eq!(t.description(), "Batch delete accounts.");
        assert_eq!(Target::of("GET", "/unified/ticketing/tickets").expect("target").description(), "List tickets.");
        assert_eq!(Target::of("DELETE", "/unified/crm/leads/{id}").expect("target").description(), "Delete a lead.");
        assert!(Target::of("PUT", "/unified/crm/leads/{id}").is_err());
        assert!(Target::of("GET", "/proxy/leads").is_err());
        assert_eq!(path_params("/unified/crm/x/{id}/y/{other}"), ["id", "other"]);
    }
}
