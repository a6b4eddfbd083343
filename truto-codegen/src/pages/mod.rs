//! The page reader: turns a Truto API reference page (the plain text of the rendered page)
//! into a [`DocPage`], for any unified API (`/unified/crm/...`, `/unified/ticketing/...`).
//!
//! It knows nothing of the schema: everything it returns comes from the page's own cues, and
//! types stay as printed (the table in [`crate::types`] reads them). `cargo xtask verify-docs`
//! compares what it returns with the schema; `cargo xtask import` writes the schema from it.
//!
//! Two layouts exist ([`Layout`]), told apart by markers only the older one prints
//! ([`layout`]). Each module has one job:
//!
//! - `lines`: numbered, trimmed lines; the code samples cut off;
//! - `classify`: what a single line is (a field line, a marks header, a reference...);
//! - `newer` and `older`: a section's fields in each layout, flat;
//! - `marks`: per-integration marks, value subsets and notes in both layouts;
//! - `text`: descriptions, and the condition sentences in them;
//! - [`nesting`]: the flat list made a tree (the pages do not indent);
//! - [`glued`]: enum values printed glued together, split;
//! - `cut`: a page saved only in part.
//!
//! Nothing is dropped silently: what cannot be read is a [`Problem`] with its line number.

mod classify;
mod cut;
mod doc;
pub mod glued;
pub mod layout;
mod lines;
mod marks;
pub mod nesting;
mod newer;
mod older;
mod text;

use std::collections::BTreeSet;

use truto_unified_runtime::vocabulary;

pub use crate::types::Layout;
pub use doc::{Cut, DocEnum, DocField, DocMark, DocMarkKind, DocPage, Problem, Section, reference_resource};

use lines::Line;

/// Reads one page. Fails only when the page has no `METHOD /path` line.
pub fn parse_page(text: &str) -> Result<DocPage, String> {
    let page_lines = lines::read(text);
    let lines = &page_lines.lines;
    let (request, http_method, path) = lines::request_line(lines).ok_or("no `METHOD /path` line found on the page")?;
    let layout = layout::detect(lines);
    let subject = nesting::resource_subject(&path);
    let mut page = DocPage {
        layout,
        http_method,
        path,
        request_line: lines[request].number,
        integrations: older::integrations_supported(lines),
        partial_response: false,
        path_params: Vec::new(),
        query: Vec::new(),
        body: None,
        response: Vec::new(),
        response_formats: Vec::new(),
        words: BTreeSet::new(),
        cut: None,
        problems: Vec::new(),
    };
    let sections = sections(&lines[request + 1..]);
    let first_section = sections.first().map_or(lines.len(), |(_, at, _)| request + 1 + at);
    page.partial_response = lines[request..first_section].iter().any(|l| lines::is_partial_response_line(&l.text));
    let mut seen = Vec::new();
    let mut ends_whole = false;
    for (section, at, body) in &sections {
        if seen.contains(section) {
            let line = lines[request + 1 + at].number;
            page.problems.push(Problem { line, message: format!("a second \"{section}\" section") });
        }
        seen.push(*section);
        let flat;
        (flat, ends_whole) = match layout {
            Layout::Newer => newer::fields(body, &mut page.problems),
            Layout::Older => (older::fields(body, &mut page.problems), false),
        };
        let fields = nesting::nest(flat, layout, subject.as_deref());
        match section {
            Section::Path => page.path_params = fields,
            Section::Query => page.query = fields,
            Section::Body => page.body = Some(fields),
            Section::Response => page.response = fields,
        }
    }
    let last_section = sections.last().map(|(s, _, _)| *s);
    let end = cut::End { has_samples: page_lines.samples.is_some(), last_section, last_line: lines.last(), ends_whole };
    cut::detect(&mut page, layout, end);
    page.words = words(&page, page_lines.samples.as_deref());
    page.response_formats = response_formats(&page.query);
    Ok(page)
}

/// Each section with its start (index in `lines`) and its lines, header excluded.
fn sections(lines: &[Line]) -> Vec<(Section, usize, &[Line])> {
    let starts: Vec<(usize, Section)> =
        lines.iter().enumerate().filter_map(|(i, l)| classify::section_header(&l.text).map(|s| (i, s))).collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &(i, section))| {
            let end = starts.get(k + 1).map_or(lines.len(), |&(next, _)| next);
            (section, i, &lines[i + 1..end])
        })
        .collect()
}

/// What the page prints on its own: field names, examples, values listed or documented one
/// by one, and the code samples' string values.
fn words(page: &DocPage, samples: Option<&str>) -> BTreeSet<String> {
    fn collect(fields: &[DocField], out: &mut BTreeSet<String>) {
        for field in fields {
            out.insert(field.name.clone());
            out.extend(field.example.iter().cloned());
            out.extend(field.value_docs.iter().map(|(v, _)| v.clone()));
            if let Some(DocEnum::Listed(values)) = &field.enum_doc {
                out.extend(values.iter().cloned());
            }
            collect(&field.children, out);
        }
    }
    let mut out = BTreeSet::new();
    for section in Section::ALL {
        collect(page.section(section), &mut out);
    }
    out.extend(samples.map(lines::sample_values).unwrap_or_default());
    out
}

/// The response formats the page documents for `truto_response_format`.
fn response_formats(query: &[DocField]) -> Vec<String> {
    let Some(param) = query.iter().find(|f| f.name == vocabulary::RESPONSE_FORMAT_PARAM) else {
        return Vec::new();
    };
    match &param.enum_doc {
        Some(DocEnum::Listed(values)) => values.clone(),
        _ => param.value_docs.iter().map(|(v, _)| v.clone()).collect(),
    }
}

#[cfg(test)]
mod tests;
