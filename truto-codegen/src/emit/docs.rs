//! Documentation text for generated items, from the schema's descriptions and marks.

use std::collections::BTreeMap;

use crate::model::{Coverage, Endpoint, Field, Mark, Presence, Schema, Section, Support};

use super::tokens::doc_text;

/// Display names by slug, for docs that list integrations.
pub struct IntegrationNames(BTreeMap<String, String>);

impl IntegrationNames {
    /// Collects the display names of every integration.
    pub fn new(schema: &Schema) -> Self {
        Self(schema.integrations.iter().map(|i| (i.slug.clone(), i.name.clone())).collect())
    }

    fn name<'a>(&'a self, slug: &'a str) -> &'a str {
        self.0.get(slug).map(String::as_str).unwrap_or(slug)
    }

    /// "**Integrations** (3): Required by: Teamleader. Supported by: Affinity, Attio." or
    /// nothing. (How many integrations there are is the `Integration` enum's to say: a count
    /// here would change on every field when one is added.)
    pub fn summary(&self, support: &Support) -> Option<String> {
        if support.marks.is_empty() {
            return None;
        }
        let list = |mark: Mark| -> Vec<String> {
            let mut names: Vec<String> =
                support.marks.iter().filter(|(_, m)| **m == mark).map(|(s, _)| self.with_values(s, support)).collect();
            names.sort_by_key(|n| n.to_lowercase());
            names
        };
        let mut parts = Vec::new();
        let required = list(Mark::Required);
        if !required.is_empty() {
            parts.push(format!("Required by: {}.", required.join(", ")));
        }
        let supported = list(Mark::Supported);
        if !supported.is_empty() {
            parts.push(format!("Supported by: {}.", supported.join(", ")));
        }
        Some(format!("**Integrations** ({}): {}", support.marks.len(), parts.join(" ")))
    }

    /// "**Notes**:" and one bullet per integration with a note, or nothing.
    pub fn notes(&self, support: &Support) -> Option<String> {
        if support.notes.is_empty() {
            return None;
        }
        let mut lines: Vec<String> =
            support.notes.iter().map(|(slug, note)| format!("- {}: {}", self.name(slug), doc_text(note))).collect();
        lines.sort_by_key(|line| line.to_lowercase());
        Some(format!("**Notes**:\n\n{}", lines.join("\n")))
    }

    fn with_values(&self, slug: &str, support: &Support) -> String {
        let name = self.name(slug);
        match support.values.get(slug) {
            Some(values) => format!("{name} (`{}`)", values.join("`, `")),
            None => name.to_owned(),
        }
    }

    /// Which integrations support the endpoint as a whole, in words: the docs' complete list,
    /// what is known when only some are, or that it is unknown; and whose lists are partial.
    pub fn endpoint_support(&self, endpoint: &Endpoint) -> String {
        let mut by_coverage: BTreeMap<Coverage, Vec<&str>> = BTreeMap::new();
        for (slug, name) in &self.0 {
            by_coverage.entry(endpoint.coverage(slug)).or_default().push(name);
        }
        for names in by_coverage.values_mut() {
            names.sort_by_key(|n| n.to_lowercase());
        }
        let named = |coverage: &[Coverage]| -> Vec<&str> {
            let mut names: Vec<&str> =
                coverage.iter().flat_map(|c| by_coverage.get(c).into_iter().flatten()).copied().collect();
            names.sort_by_key(|n| n.to_lowercase());
            names
        };
        let list = |names: &[&str]| format!("{} ({})", names.join(", "), names.len());
        let supported = named(&[Coverage::Supported, Coverage::Partial]);
        let unsupported = named(&[Coverage::Unsupported]);
        let mut text = if endpoint.integrations.is_some() {
            format!(
                "**Integrations**: supported by {}. The docs' list is complete: any other integration does not \
                 support the endpoint, and a pre-flight check refuses it.",
                if supported.is_empty() { "none (0)".to_owned() } else { list(&supported) }
            )
        } else if endpoint.integrations_known_in_part.is_some() {
            let mut parts = Vec::new();
            if !supported.is_empty() {
                parts.push(format!("supported by {}", list(&supported)));
            }
            if !unsupported.is_empty() {
                parts.push(format!("not supported by {}", list(&unsupported)));
            }
            format!(
                "**Integrations**, known only in part: {}. Unknown for every other integration: a pre-flight \
                 check refuses only those known not to support the endpoint.",
                parts.join("; ")
            )
        } else if supported.is_empty() {
            "**Integrations**: unknown. No page lists the integrations that support this endpoint, so a \
             pre-flight check refuses none."
                .to_owned()
        } else {
            format!(
                "**Integrations**: unknown. No page lists the integrations that support this endpoint, so a \
                 pre-flight check refuses none; the docs mark its fields for {}.",
                list(&supported)
            )
        };
        let partial = named(&[Coverage::Partial]);
        if let Some((last, rest)) = partial.split_last() {
            let names = if rest.is_empty() { (*last).to_owned() } else { format!("{} and {last}", rest.join(", ")) };
            let (lists, verb) = if rest.is_empty() { ("list", "returns") } else { ("lists", "return") };
            text.push_str(&format!(
                " The {lists} of {names} {verb} a subset of the fields (partial): get a record for all of them."
            ));
        }
        text
    }

    /// A markdown table of one endpoint: per integration, what it requires and which query
    /// parameters, body and response fields it supports.
    pub fn endpoint_table(&self, endpoint: &Endpoint) -> Option<String> {
        #[derive(Default)]
        struct Row {
            required: Vec<String>,
            query: Vec<String>,
            body: Vec<String>,
            response: Vec<String>,
        }
        let mut rows: BTreeMap<String, Row> = BTreeMap::new();
        endpoint.walk_fields(|marked| {
            for (slug, mark) in &marked.support.marks {
                let row = rows.entry(self.name(slug).to_owned()).or_default();
                let label = format!("`{}`", marked.path);
                match (mark, marked.section) {
                    (Mark::Required, _) => row.required.push(label),
                    (Mark::Supported, Section::Query) => row.query.push(label),
                    (Mark::Supported, Section::Body) => row.body.push(label),
                    (Mark::Supported, Section::Response) => row.response.push(label),
                }
            }
        });
        let in_part = endpoint.integrations_known_in_part.iter().flat_map(|p| &p.supported);
        for slug in endpoint.integrations.iter().flatten().chain(in_part) {
            rows.entry(self.name(slug).to_owned()).or_default();
        }
        if rows.is_empty() {
            return None;
        }
        let mut ordered: Vec<_> = rows.into_iter().collect();
        ordered.sort_by_key(|(name, _)| name.to_lowercase());
        let cells: Vec<[String; 4]> = ordered
            .iter()
            .map(|(_, row)| [&row.required, &row.query, &row.body, &row.response].map(|v| v.join(" ")))
            .collect();
        // Only the columns some integration fills.
        let headers = ["Requires", "Supports in query", "Supports in body", "Supports in response"];
        let used: Vec<usize> = (0..headers.len()).filter(|&i| cells.iter().any(|row| !row[i].is_empty())).collect();
        let mut table = format!(
            "| Integration |{}\n|---|{}\n",
            used.iter().map(|&i| format!(" {} |", headers[i])).collect::<String>(),
            "---|".repeat(used.len())
        );
        for ((name, _), row) in ordered.iter().zip(&cells) {
            table.push_str(&format!(
                "| {name} |{}\n",
                used.iter().map(|&i| format!(" {} |", row[i])).collect::<String>()
            ));
        }
        Some(table)
    }
}

/// A field's rustdoc: description, facts from the docs, and its integrations.
pub fn field_doc(field: &Field, presence: Presence, support: Option<&Support>, names: &IntegrationNames) -> String {
    let mut paragraphs = Vec::new();
    paragraphs.push(match &field.description {
        Some(d) => doc_text(d),
        // Said of the schema: the docs may describe it where the schema's source was cut.
        None => format!("`{}` (no description in the schema).", field.wire),
    });
    let mut facts = Vec::new();
    match (field.required, presence) {
        (false, _) => {}
        // Why an `Option` although the docs require it: a record missing it still decodes.
        (true, Presence::Lenient) => facts.push(
            "Required by the docs, yet optional here: records decode leniently, so one that a CRM \
             returns without it still reads."
                .to_owned(),
        ),
        (true, Presence::Strict | Presence::Patch) => facts.push("Required.".to_owned()),
    }
    if let Some(r) = &field.references {
        facts.push(format!("References `{}` → `{}`.", r.resource, r.field));
    }
    if let Some(d) = &field.default {
        facts.push(format!("Defaults to `{d}`."));
    }
    if let Some(e) = &field.example {
        facts.push(format!("Example: `{}`", e.replace('`', "'").replace('\n', " ")));
    }
    if field.is_untyped() {
        facts.push("Any JSON value: the type is not documented here.".to_owned());
    }
    if !facts.is_empty() {
        paragraphs.push(facts.join(" "));
    }
    if let Some(values) = &field.values_in {
        paragraphs.push(format!(
            "The docs list no values here; a request body documents them as [`{values}`] (compare with `as_str()`)."
        ));
    }
    if let Some(condition) = &field.condition {
        paragraphs.push(format!("**Condition**: {}", doc_text(condition)));
    }
    if let Some(summary) = support.and_then(|s| names.summary(s)) {
        paragraphs.push(summary);
    }
    if let Some(notes) = support.and_then(|s| names.notes(s)) {
        paragraphs.push(notes);
    }
    paragraphs.join("\n\n")
}
