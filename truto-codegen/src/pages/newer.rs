//! The newer layout: a field's name glued to its type (`amountnumber`), `required·`, values
//! glued after `Possible values:`, marks blocks, and "Show Truto-specific parameters" before
//! Truto's own query parameters.

use super::classify::{
    POSSIBLE_VALUES, TRUTO_SEPARATOR, announced_children, is_required_mark, marks_header, parse_glued,
    split_newer_field_line,
};
use super::doc::{DocField, Problem};
use super::lines::Line;
use super::marks;
use super::text::{Paragraphs, common_body_line};

/// The flat list of a section's fields (children not yet nested), and whether the last one
/// ends the section with a whole marks block (see [`marks::Block::whole`]): on a page that
/// stops there, that field is whole as far as its own lines go.
pub(crate) fn fields(lines: &[Line], problems: &mut Vec<Problem>) -> (Vec<DocField>, bool) {
    let mut fields: Vec<DocField> = Vec::new();
    let mut truto = false;
    let mut ends_whole = false;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.text == TRUTO_SEPARATOR {
            truto = true;
            i += 1;
        } else if let Some((name, ty)) = split_newer_field_line(&line.text) {
            let mut field = DocField::new(name, ty);
            field.line = line.number;
            field.truto_specific = truto;
            (i, ends_whole) = body(lines, i + 1, &mut field, problems);
            fields.push(field);
        } else {
            // Before the first field: "Refer Specifying query parameters ..." and the like.
            if !line.text.is_empty() && !fields.is_empty() {
                problems.push(Problem { line: line.number, message: format!("unexpected line `{}`", line.text) });
            }
            i += 1;
            ends_whole &= line.text.is_empty();
        }
    }
    (fields, ends_whole)
}

/// Reads the lines after a field line up to the next field. Returns the next field's index,
/// and whether the field's last lines are a whole marks block.
fn body(lines: &[Line], mut i: usize, field: &mut DocField, problems: &mut Vec<Problem>) -> (usize, bool) {
    if lines.get(i).is_some_and(|l| is_required_mark(&l.text)) {
        field.required = true;
        i += 1;
    }
    let mut text = Paragraphs::default();
    let mut ends_whole = false;
    while let Some(line) = lines.get(i) {
        i += 1;
        let t = line.text.as_str();
        ends_whole &= t.is_empty();
        if t.is_empty() {
            text.end();
        } else if t == POSSIBLE_VALUES {
            match lines.get(i).filter(|l| !l.text.is_empty()) {
                Some(values) => {
                    field.enum_doc = Some(parse_glued(&values.text));
                    i += 1;
                }
                None => problems.push(Problem {
                    line: line.number,
                    message: format!("{}: `{POSSIBLE_VALUES}` is followed by no values", field.name),
                }),
            }
        } else if let Some(header) = marks_header(t) {
            let block = marks::newer_block(lines, i, header, line.number, field, problems);
            (i, ends_whole) = (block.next, block.whole);
        } else if let Some(n) = announced_children(t) {
            field.announced_children = Some(n);
        } else if t == TRUTO_SEPARATOR || split_newer_field_line(t).is_some() {
            i -= 1;
            break;
        } else if !common_body_line(t, field) {
            text.push(t);
        }
    }
    text.finish_into(field);
    (i, ends_whole)
}
