//! Pages saved only in part.
//!
//! A whole newer-layout page ends with its code samples (curl, JS, Python, the SDKs), and a
//! whole page of either layout has a response body. A page without them stops early: the
//! sections before the one it stops in are whole, the field it stops in may be incomplete
//! (a description cut mid-sentence, a marks block cut short) and is left out, and what
//! follows is missing. An older page cut between two fields of its response body cannot be
//! told from a whole one.

use super::doc::{Cut, DocPage, Problem, Section};
use super::lines::Line;
use crate::types::Layout;

/// Records where `page` stops, if it stops early, and leaves out the field it stops in.
pub(crate) fn detect(
    page: &mut DocPage,
    layout: Layout,
    has_samples: bool,
    last_section: Option<Section>,
    last_line: Option<&Line>,
) {
    let complete = match layout {
        Layout::Newer => has_samples,
        Layout::Older => last_section == Some(Section::Response),
    };
    if complete {
        return;
    }
    let line = last_line.map_or(page.request_line, |l| l.number);
    let dropped = last_section.and_then(|section| {
        let fields = match section {
            Section::Path => &mut page.path_params,
            Section::Query => &mut page.query,
            Section::Body => page.body.get_or_insert_with(Vec::new),
            Section::Response => &mut page.response,
        };
        fields.pop().map(|f| f.name)
    });
    let cut = Cut { line, section: last_section, dropped };
    page.problems.push(Problem { line, message: format!("{cut}: the page was saved only in part") });
    page.cut = Some(cut);
}
