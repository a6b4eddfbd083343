//! Small classifiers for single lines, shared by both layouts.

use super::doc::{DocEnum, DocMarkKind, Section};
use crate::types;

/// The line separating an endpoint's own query parameters from Truto's on newer pages.
pub(crate) const TRUTO_SEPARATOR: &str = "Show Truto-specific parameters";
/// Newer layout: the line before a field's glued values.
pub(crate) const POSSIBLE_VALUES: &str = "Possible values:";
/// Older layout: the header of a field's value bullets.
pub(crate) const ALL_ENUM_VALUES: &str = "All possible enum values:";
/// Older layout: the header of the per-integration value bullets.
pub(crate) const ENUM_SUPPORT: &str = "Enum support by integration";
/// Older layout: the header of the endpoint's integration bullets.
pub(crate) const INTEGRATIONS_SUPPORTED: &str = "Integrations supported";
/// Older layout: the headers of a field's mark bullets.
pub(crate) const SUPPORTED_IN: &str = "Supported in";
/// See [`SUPPORTED_IN`].
pub(crate) const REQUIRED_IN: &str = "Required in";

/// The section a header line opens.
pub(crate) fn section_header(line: &str) -> Option<Section> {
    match line.to_ascii_lowercase().as_str() {
        "path parameters" => Some(Section::Path),
        "query parameters" => Some(Section::Query),
        "request body" => Some(Section::Body),
        "response body" => Some(Section::Response),
        _ => None,
    }
}

/// Whether `name` is a plausible wire name. Names start lowercase (descriptions start
/// uppercase) and do not end in `_` (so `my_object` is not read as `my_` + `object`).
pub(crate) fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    first_ok && !name.ends_with('_') && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `ty` is a printed type: a base type of the table of types, then optionally `[]` or
/// ` · format`.
pub(crate) fn is_type(ty: &str) -> bool {
    types::printed_bases().iter().any(|base| {
        ty.strip_prefix(base).is_some_and(|rest| {
            rest.is_empty()
                || rest == types::ARRAY_SUFFIX
                || rest.strip_prefix(" · ").is_some_and(|format| {
                    !format.is_empty()
                        && format.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '[' || c == ']')
                })
        })
    })
}

/// Splits a newer-layout field line into name and type (`close_datestring · date-time`).
/// The longest name followed by a type wins; a bare name is a field without a type.
pub(crate) fn split_newer_field_line(line: &str) -> Option<(String, Option<String>)> {
    let typed = line
        .char_indices()
        .skip(1)
        .find(|&(i, _)| is_name(&line[..i]) && is_type(&line[i..]))
        .map(|(i, _)| (line[..i].to_string(), Some(line[i..].to_string())));
    typed.or_else(|| is_name(line).then(|| (line.to_string(), None)))
}

/// `required·` (newer) or `REQUIRED ·` (older).
pub(crate) fn is_required_line(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.strip_prefix("required").is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c == '·' || c == ' '))
}

/// The required mark under a field's line: `required·` (newer), `REQUIRED ·` (older), or, on
/// newer pages under some nested fields, `required` alone.
pub(crate) fn is_required_mark(line: &str) -> bool {
    is_required_line(line) || mark_kind(line) == Some(DocMarkKind::Required)
}

/// `supported` / `required` lines of a marks block.
pub(crate) fn mark_kind(line: &str) -> Option<DocMarkKind> {
    match line {
        "supported" => Some(DocMarkKind::Supported),
        "required" => Some(DocMarkKind::Required),
        _ => None,
    }
}

/// What a marks block announces: `17 supported16 required12 notes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MarksHeader {
    /// Integrations listed.
    pub total: usize,
    /// Of which required (listed first).
    pub required: usize,
    /// Integrations with a note.
    pub notes: usize,
}

/// `15 supported1 required` → 15, 1, 0; `7 supported` → 7, 0, 0; `3 supported2 notes`.
pub(crate) fn marks_header(line: &str) -> Option<MarksHeader> {
    let (total, mut rest) = line.split_once(" supported")?;
    let total = total.parse().ok()?;
    let mut count = |word: &str| -> Option<usize> {
        let (n, after) = rest.split_once(word)?;
        let n = n.parse().ok()?;
        rest = after;
        Some(n)
    };
    let required = count(" required").unwrap_or(0);
    let notes = count(" notes").or_else(|| count(" note")).unwrap_or(0);
    rest.is_empty().then_some(MarksHeader { total, required, notes })
}

/// `1 property` / `6 properties`: the number of child fields that follow.
pub(crate) fn announced_children(line: &str) -> Option<usize> {
    let (n, word) = line.split_once(' ')?;
    matches!(word, "property" | "properties").then(|| n.parse().ok()).flatten()
}

/// `Accounts → id` → (`Accounts`, `id`).
pub(crate) fn parse_reference(text: &str) -> Option<(String, String)> {
    let (resource, field) = text.split_once('→')?;
    let (resource, field) = (resource.trim(), field.trim());
    (!resource.is_empty() && !field.is_empty()).then(|| (resource.to_string(), field.to_string()))
}

/// `openwon+ 6 more` → (`openwon`, Some(6)).
pub(crate) fn parse_glued(line: &str) -> DocEnum {
    let cut = line.rfind("+ ").and_then(|at| {
        let n = line[at + 2..].strip_suffix(" more")?.parse().ok()?;
        Some((line[..at].to_string(), n))
    });
    match cut {
        Some((text, n)) => DocEnum::Glued { text, more: Some(n) },
        None => DocEnum::Glued { text: line.to_string(), more: None },
    }
}

/// The text of a `• text` line.
pub(crate) fn bullet(line: &str) -> Option<&str> {
    line.strip_prefix('•').map(str::trim)
}

/// Lines that belong to a field's own body, never to a marks block before it.
pub(crate) fn is_body_cue(line: &str) -> bool {
    line == POSSIBLE_VALUES
        || line.starts_with("Example:")
        || line.starts_with("References:")
        || line.starts_with("Defaults to ")
        || marks_header(line).is_some()
        || announced_children(line).is_some()
        || is_required_line(line)
}

/// Whether a line reads as a sentence (a note), not as glued values or a name: it has a space
/// and either ends like a sentence or starts with a capitalised word and has no word glued
/// from two (`WonClosed`).
pub(crate) fn is_prose(line: &str) -> bool {
    if !line.contains(' ')
        || line.ends_with(':')
        || line == TRUTO_SEPARATOR
        || section_header(line).is_some()
        || is_body_cue(line)
    {
        return false;
    }
    let glued_word = line.split(' ').any(|word| {
        let chars: Vec<char> = word.chars().collect();
        chars.windows(2).any(|w| w[0].is_lowercase() && w[1].is_uppercase())
    });
    let capitalised = line.chars().next().is_some_and(char::is_uppercase);
    line.ends_with('.') || (capitalised && !glued_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_lines() {
        assert_eq!(
            split_newer_field_line("custom_fieldsRecord<string, any>"),
            Some(("custom_fields".into(), Some("Record<string, any>".into())))
        );
        assert_eq!(split_newer_field_line("contactobject[]"), Some(("contact".into(), Some("object[]".into()))));
        assert_eq!(split_newer_field_line("street_1string"), Some(("street_1".into(), Some("string".into()))));
        assert_eq!(
            split_newer_field_line("close_datestring · date-time"),
            Some(("close_date".into(), Some("string · date-time".into())))
        );
        assert_eq!(split_newer_field_line("subject"), Some(("subject".into(), None)));
        assert_eq!(split_newer_field_line("The city"), None);
        assert_eq!(split_newer_field_line(""), None);
    }

    #[test]
    fn marks_headers() {
        let h = |total, required, notes| Some(MarksHeader { total, required, notes });
        assert_eq!(marks_header("15 supported1 required"), h(15, 1, 0));
        assert_eq!(marks_header("7 supported"), h(7, 0, 0));
        assert_eq!(marks_header("17 supported16 required12 notes"), h(17, 16, 12));
        assert_eq!(marks_header("3 supported1 note"), h(3, 0, 1));
        assert_eq!(marks_header("supported"), None);
        assert_eq!(marks_header("3 supported and more"), None);
    }

    #[test]
    fn other_lines() {
        assert!(is_required_line("required·") && is_required_line("REQUIRED · "));
        assert!(!is_required_line("required") && !is_required_line("required in"));
        assert_eq!(announced_children("1 property"), Some(1));
        assert_eq!(announced_children("6 properties"), Some(6));
        assert_eq!(announced_children("6 things"), None);
        assert_eq!(parse_reference(" Accounts → id"), Some(("Accounts".into(), "id".into())));
        assert_eq!(parse_reference("Accounts →"), None);
        assert_eq!(parse_glued("openwon+ 6 more"), DocEnum::Glued { text: "openwon".into(), more: Some(6) });
        assert_eq!(parse_glued("a+ b"), DocEnum::Glued { text: "a+ b".into(), more: None });
    }

    #[test]
    fn prose() {
        assert!(is_prose("The entity to get the fields for"));
        assert!(is_prose("only contacts and companies."));
        assert!(!is_prose("Zoho"));
        assert!(!is_prose("lostin progresswon"));
        assert!(!is_prose("Closed WonClosed Lost"));
        assert!(!is_prose(TRUTO_SEPARATOR));
        assert!(!is_prose("Response Body"));
        assert!(!is_prose("Possible values:"));
        assert!(!is_prose("Example: A thing"));
    }
}
