//! Pages saved only in part.
//!
//! A whole newer-layout page ends with its code samples (curl, JS, Python, the SDKs), and a
//! whole page of either layout has a response body. A page without them stops early: the
//! sections before the one it stops in are whole, the field it stops in may be incomplete
//! (a description cut mid-sentence, a marks block cut short) and is left out, and what
//! follows is missing. A newer page that stops right after a field's marks block whose counts
//! are met (`20 supported3 required` and 20 integrations listed) keeps that field: its own
//! lines are whole, and only its children (if it is an object) and what follows are missing.
//! An older page cut between two fields of its response body cannot be told from a whole one.

use super::doc::{Cut, DocField, DocPage, Problem, Section};
use super::lines::Line;
use crate::types::Layout;

/// How a page ends.
pub(crate) struct End<'l> {
    /// Whether it has its code samples.
    pub has_samples: bool,
    /// The last section it has.
    pub last_section: Option<Section>,
    /// Its last line before the samples.
    pub last_line: Option<&'l Line>,
    /// Whether the last section's last field ends the section with a whole marks block.
    pub ends_whole: bool,
}

/// Records where `page` stops, if it stops early, and leaves out the field it stops in
/// unless its marks block says it is whole.
pub(crate) fn detect(page: &mut DocPage, layout: Layout, end: End<'_>) {
    let complete = match layout {
        Layout::Newer => end.has_samples,
        Layout::Older => end.last_section == Some(Section::Response),
    };
    if complete {
        return;
    }
    let line = end.last_line.map_or(page.request_line, |l| l.number);
    let fields = end.last_section.map(|section| match section {
        Section::Path => &mut page.path_params,
        Section::Query => &mut page.query,
        Section::Body => page.body.get_or_insert_with(Vec::new),
        Section::Response => &mut page.response,
    });
    let (mut dropped, mut kept) = (None, None);
    if let Some(fields) = fields {
        if end.ends_whole {
            kept = fields.last().map(innermost_path);
        } else {
            dropped = fields.pop().map(|f| f.name);
        }
    }
    let cut = Cut { line, section: end.last_section, dropped, kept };
    page.problems.push(Problem { line, message: format!("{cut}: the page was saved only in part") });
    page.cut = Some(cut);
}

/// The dotted path of the last field inside `field` (its last child's last child...).
fn innermost_path(field: &DocField) -> String {
    match field.children.last() {
        Some(child) => format!("{}.{}", field.name, innermost_path(child)),
        None => field.name.clone(),
    }
}
