//! The older layout: name, type and `REQUIRED ·` on lines of their own, bullet lists for
//! values ("All possible enum values:"), marks ("Supported in", "Required in") and
//! per-integration values ("Enum support by integration").

use super::classify::{INTEGRATIONS_SUPPORTED, bullet, is_name, is_required_line, is_type};
use super::doc::{DocField, Problem};
use super::lines::Line;
use super::marks::{self, attach_subsets, is_older_list_header};
use super::text::{Paragraphs, common_body_line};

/// The older layout's "Integrations supported" bullets.
pub(crate) fn integrations_supported(lines: &[Line]) -> Option<Vec<String>> {
    let start = lines.iter().position(|l| l.text == INTEGRATIONS_SUPPORTED)?;
    Some(lines[start + 1..].iter().map_while(|l| bullet(&l.text)).map(str::to_string).collect())
}

/// The flat list of a section's fields (children not yet nested).
pub(crate) fn fields(lines: &[Line], problems: &mut Vec<Problem>) -> Vec<DocField> {
    let mut fields = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match field_start(lines, i) {
            Some(ty) => {
                let mut field = DocField::new(lines[i].text.clone(), ty.clone());
                field.line = lines[i].number;
                i = body(lines, i + 1 + usize::from(ty.is_some()), &mut field, problems);
                fields.push(field);
            }
            None => {
                let line = &lines[i];
                if !line.text.is_empty() && !fields.is_empty() {
                    problems.push(Problem { line: line.number, message: format!("unexpected line `{}`", line.text) });
                }
                i += 1;
            }
        }
    }
    fields
}

/// If a field starts at `lines[i]`: its type (`Some(None)` for a field without one). A name
/// line starts a field when a type line, a `REQUIRED` line or a marks/enum list follows it.
fn field_start(lines: &[Line], i: usize) -> Option<Option<String>> {
    if !is_name(&lines.get(i)?.text) {
        return None;
    }
    let next = &lines.get(i + 1)?.text;
    if is_type(next) {
        Some(Some(next.clone()))
    } else if is_required_line(next) || is_older_list_header(next) {
        Some(None)
    } else {
        None
    }
}

/// Reads the lines after a field's name and type. Returns the next field's index.
fn body(lines: &[Line], mut i: usize, field: &mut DocField, problems: &mut Vec<Problem>) -> usize {
    if lines.get(i).is_some_and(|l| is_required_line(&l.text)) {
        field.required = true;
        i += 1;
    }
    let mut text = Paragraphs::default();
    let mut supports = Vec::new();
    while i < lines.len() && field_start(lines, i).is_none() {
        let line = &lines[i].text;
        i += 1;
        if line.is_empty() {
            text.end();
        } else if is_older_list_header(line) {
            i = marks::older_list(lines, i, field, &mut supports, problems);
        } else if !common_body_line(line, field) {
            text.push(line);
        }
    }
    text.finish_into(field);
    attach_subsets(field, supports, problems);
    i
}
