//! Per-integration marks: the newer layout's blocks (`15 supported1 required`, one entry per
//! integration: its name, `supported` or `required`, maybe its values glued, maybe a note) and
//! the older layout's bullet lists ("Supported in", "Required in", "Enum support by
//! integration").

use super::classify::{
    ENUM_SUPPORT, MarksHeader, REQUIRED_IN, SUPPORTED_IN, TRUTO_SEPARATOR, bullet, is_body_cue, is_prose, mark_kind,
    section_header, split_newer_field_line,
};
use super::doc::{DocEnum, DocField, DocMark, DocMarkKind, Problem};
use super::lines::Line;

/// A newer-layout marks block, read.
pub(crate) struct Block {
    /// The index of the line after the block.
    pub next: usize,
    /// Whether the block is whole by its own evidence: it lists as many integrations, required
    /// ones and notes as its header announces, and it ends on its last entry's mark line
    /// (nothing of that entry can follow unseen: entries with values come first, so an entry
    /// without values after one with values is not taken as whole, its values may be cut).
    pub whole: bool,
}

/// Reads the entries of a newer-layout marks block starting at `lines[i]` (the line after
/// its header, at `header_line`).
pub(crate) fn newer_block(
    lines: &[Line],
    mut i: usize,
    header: MarksHeader,
    header_line: usize,
    field: &mut DocField,
    problems: &mut Vec<Problem>,
) -> Block {
    let first = field.marks.len();
    for k in 0..header.total {
        let (Some(name), Some(kind)) = (lines.get(i), lines.get(i + 1).and_then(|l| mark_kind(&l.text))) else {
            let line = lines.get(i).map_or(header_line, |l| l.number);
            let message = format!("{}: marks block announces {} integrations but lists {k}", field.name, header.total);
            problems.push(Problem { line, message });
            return Block { next: i, whole: false };
        };
        i += 2;
        let last = k + 1 == header.total;
        let subset = (field.enum_doc.is_some() && is_subset_line(lines, i, last, &field.marks[first..], kind, header))
            .then(|| super::classify::parse_glued(&lines[i].text));
        i += usize::from(subset.is_some());
        let note = (header.notes > 0 && is_note_line(lines, i)).then(|| lines[i].text.clone());
        i += usize::from(note.is_some());
        field.marks.push(DocMark { integration: name.text.clone(), kind, subset, note });
    }
    let block = &field.marks[first..];
    let required = block.iter().filter(|m| m.kind == DocMarkKind::Required).count();
    if required != header.required {
        let message =
            format!("{}: marks block announces {} required but lists {required}", field.name, header.required);
        problems.push(Problem { line: header_line, message });
    }
    let notes = block.iter().filter(|m| m.note.is_some()).count();
    if notes != header.notes {
        problems.push(Problem {
            line: header_line,
            message: format!("{}: marks block announces {} notes but has {notes}", field.name, header.notes),
        });
    }
    let ends_on_mark = match block {
        [.., before, last] => last.subset.is_none() && last.note.is_none() && before.subset.is_none(),
        [last] => last.subset.is_none() && last.note.is_none(),
        [] => false,
    };
    Block { next: i, whole: required == header.required && notes == header.notes && ends_on_mark }
}

/// Whether `lines[i]`, after an entry's mark line (and values), is that integration's note:
/// a sentence that is not the next entry's name (a name is followed by a mark line).
fn is_note_line(lines: &[Line], i: usize) -> bool {
    let Some(line) = lines.get(i) else { return false };
    let next_is_mark = lines.get(i + 1).is_some_and(|next| mark_kind(&next.text).is_some());
    is_prose(&line.text) && !next_is_mark && !is_body_cue(&line.text)
}

/// Whether `lines[i]`, right after an entry's mark line, is that integration's value subset.
///
/// Before the last entry it is, unless the line after it is a mark line (then `lines[i]` is
/// the next integration's name) or it is the entry's note. After the last entry a subset
/// cannot be told from a field without type, so it is taken as a subset only when nothing
/// says "field": the line is not typed, is not followed by a field body (description,
/// values, marks...), and the previous entry with the same mark also had a subset (pages list
/// integrations with subsets first).
fn is_subset_line(
    lines: &[Line],
    i: usize,
    last: bool,
    earlier: &[DocMark],
    kind: DocMarkKind,
    header: MarksHeader,
) -> bool {
    let Some(line) = lines.get(i).map(|l| l.text.as_str()) else {
        return false;
    };
    if line.is_empty()
        || line == TRUTO_SEPARATOR
        || section_header(line).is_some()
        || mark_kind(line).is_some()
        || is_body_cue(line)
        || (header.notes > 0 && is_prose(line))
    {
        return false;
    }
    if !last {
        return lines.get(i + 1).is_none_or(|next| mark_kind(&next.text).is_none());
    }
    let typed = split_newer_field_line(line).is_some_and(|(_, ty)| ty.is_some());
    let previous_had_none = earlier.iter().rev().find(|m| m.kind == kind).is_some_and(|m| m.subset.is_none());
    let rest = &lines[i + 1..];
    let next = rest.iter().find(|l| !l.text.is_empty()).map(|l| l.text.as_str());
    let next_is_field = next.is_none_or(|l| {
        l == TRUTO_SEPARATOR || section_header(l).is_some() || split_newer_field_line(l).is_some() || is_prose(l)
    });
    let followed_directly = rest.first().is_none_or(|l| !l.text.is_empty()) || next.is_none();
    !typed && !previous_had_none && next_is_field && followed_directly
}

/// Whether `line` opens one of the older layout's bullet lists inside a field.
pub(crate) fn is_older_list_header(line: &str) -> bool {
    matches!(line, SUPPORTED_IN | REQUIRED_IN | ENUM_SUPPORT) || line == super::classify::ALL_ENUM_VALUES
}

/// One integration's values under "Enum support by integration".
pub(crate) struct EnumSupport {
    /// The line of the integration's bullet.
    line: usize,
    integration: String,
    values: Vec<String>,
}

/// Reads the older-layout bullet list under `lines[i - 1]` into `field` (value lists of
/// "Enum support by integration" into `supports`, see [`attach_subsets`]). Returns the index
/// of the line after the list.
pub(crate) fn older_list(
    lines: &[Line],
    i: usize,
    field: &mut DocField,
    supports: &mut Vec<EnumSupport>,
    problems: &mut Vec<Problem>,
) -> usize {
    let header = &lines[i - 1];
    let items: Vec<&Line> = lines[i..].iter().take_while(|l| bullet(&l.text).is_some()).collect();
    let end = i + items.len();
    if items.is_empty() {
        problems
            .push(Problem { line: header.number, message: format!("{}: `{}` lists nothing", field.name, header.text) });
        return end;
    }
    let texts = || items.iter().filter_map(|l| bullet(&l.text)).map(str::to_string);
    match header.text.as_str() {
        SUPPORTED_IN | REQUIRED_IN => {
            let kind = if header.text == SUPPORTED_IN { DocMarkKind::Supported } else { DocMarkKind::Required };
            let marks = texts().map(|integration| DocMark { integration, kind, subset: None, note: None });
            field.marks.extend(marks);
        }
        ENUM_SUPPORT => supports.extend(enum_support(&items, &field.name, problems)),
        _ => field.enum_doc = Some(DocEnum::Listed(texts().collect())),
    }
    end
}

/// "Enum support by integration": an integration bullet, its values as bullets indented
/// deeper.
fn enum_support(items: &[&Line], field: &str, problems: &mut Vec<Problem>) -> Vec<EnumSupport> {
    let outer = items[0].indent;
    let mut found: Vec<EnumSupport> = Vec::new();
    for item in items {
        let text = bullet(&item.text).unwrap_or_default().to_string();
        match found.last_mut() {
            Some(current) if item.indent > outer => current.values.push(text),
            None if item.indent > outer => problems.push(Problem {
                line: item.number,
                message: format!("{field}: enum support lists the value `{text}` under no integration"),
            }),
            _ => found.push(EnumSupport { line: item.number, integration: text, values: Vec::new() }),
        }
    }
    for support in found.iter().filter(|s| s.values.is_empty()) {
        problems.push(Problem {
            line: support.line,
            message: format!("{field}: enum support names {} without values", support.integration),
        });
    }
    found
}

/// Older layout: puts the value lists of "Enum support by integration" on the marks of
/// "Supported in" / "Required in" (which may come before or after it). A list whose
/// integration has no mark is reported.
pub(crate) fn attach_subsets(field: &mut DocField, supports: Vec<EnumSupport>, problems: &mut Vec<Problem>) {
    for support in supports {
        match field.marks.iter_mut().find(|m| m.integration == support.integration) {
            Some(mark) => mark.subset = Some(DocEnum::Listed(support.values)),
            None => problems.push(Problem {
                line: support.line,
                message: format!(
                    "{}: enum support lists values for {}, which neither \"Supported in\" nor \"Required in\" names",
                    field.name, support.integration
                ),
            }),
        }
    }
}
