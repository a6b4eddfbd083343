//! A field's prose: description paragraphs, the condition sentences in them, and the body
//! lines both layouts print the same way (`Example:`, `Defaults to`, `References:`, value
//! bullets).

use super::classify::{bullet, parse_reference};
use super::doc::DocField;

/// Collects description paragraphs line by line.
#[derive(Default)]
pub(crate) struct Paragraphs {
    done: Vec<String>,
    current: Vec<String>,
}

impl Paragraphs {
    pub(crate) fn push(&mut self, line: &str) {
        self.current.push(line.to_string());
    }

    /// A blank line ends the paragraph.
    pub(crate) fn end(&mut self) {
        if !self.current.is_empty() {
            self.done.push(self.current.join("\n"));
            self.current.clear();
        }
    }

    /// Stores the description and the condition sentences in `field`.
    pub(crate) fn finish_into(mut self, field: &mut DocField) {
        self.end();
        let mut description = Vec::new();
        let mut condition = Vec::new();
        for paragraph in self.done {
            let (rest, found) = split_conditions(&paragraph);
            condition.extend(found);
            description.extend(rest);
        }
        field.description = (!description.is_empty()).then(|| description.join("\n\n"));
        field.condition = (!condition.is_empty()).then(|| condition.join(" "));
    }
}

/// Splits the sentences that state when a field is required or applies ("Either name or
/// website is required.", "Only when entity is leads") from the rest of a paragraph. A
/// paragraph without such a sentence comes back unchanged.
fn split_conditions(paragraph: &str) -> (Option<String>, Vec<String>) {
    let sentences = sentences(paragraph);
    if !sentences.iter().any(|s| is_condition(s)) {
        return (Some(paragraph.to_string()), Vec::new());
    }
    let (found, rest): (Vec<&str>, Vec<&str>) = sentences.into_iter().partition(|s| is_condition(s));
    let rest = (!rest.is_empty()).then(|| rest.join(" "));
    (rest, found.into_iter().map(str::to_string).collect())
}

/// The sentences of a paragraph: split after `. ` (the period kept).
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in paragraph.match_indices(". ") {
        out.push(paragraph[start..=at].trim());
        start = at + 2;
    }
    out.push(paragraph[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// Openings of a sentence saying when a field applies.
const APPLIES_WHEN: [&str; 6] =
    ["Only when ", "Only if ", "Only for ", "Required when ", "Required if ", "Required only when "];
/// Openings of a sentence naming fields of which some are required (it ends in "required").
const ONE_OF: [&str; 4] = ["Either ", "One of ", "At least one of ", "Exactly one of "];

fn is_condition(sentence: &str) -> bool {
    let bare = sentence.trim_end_matches('.');
    APPLIES_WHEN.iter().any(|p| bare.starts_with(p))
        || (ONE_OF.iter().any(|p| bare.starts_with(p)) && bare.ends_with(" required"))
}

/// Handles the body lines both layouts share. Returns whether `line` was one of them.
pub(crate) fn common_body_line(line: &str, field: &mut DocField) -> bool {
    if let Some(example) = line.strip_prefix("Example:") {
        field.example = Some(example.trim().to_string());
    } else if let Some(default) = line.strip_prefix("Defaults to ") {
        field.default = Some(default.trim_end_matches('.').to_string());
    } else if let Some(reference) = line.strip_prefix("References:") {
        field.references = parse_reference(reference);
        return field.references.is_some();
    } else if let Some(text) = bullet(line) {
        let (value, doc) = text.split_once(' ').unwrap_or((text, ""));
        field.value_docs.push((value.to_string(), doc.to_string()));
    } else {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(paragraphs: &[&str]) -> (Option<String>, Option<String>) {
        let mut text = Paragraphs::default();
        for p in paragraphs {
            for line in p.lines() {
                text.push(line);
            }
            text.end();
        }
        let mut field = DocField::new("f", None);
        text.finish_into(&mut field);
        (field.description, field.condition)
    }

    #[test]
    fn conditions_are_taken_out_of_the_description() {
        assert_eq!(
            finish(&["The account's name. Either name or website is required."]),
            (Some("The account's name.".into()), Some("Either name or website is required.".into()))
        );
        assert_eq!(
            finish(&["Only when entity is leads or contacts"]),
            (None, Some("Only when entity is leads or contacts".into()))
        );
        assert_eq!(
            finish(&["The note's account", "One of contact, account or opportunity is always required."]),
            (
                Some("The note's account".into()),
                Some("One of contact, account or opportunity is always required.".into())
            )
        );
    }

    #[test]
    fn other_prose_is_kept_as_printed() {
        let text = "Custom fields to be set. The custom_fields object will be a key-value pair.";
        assert_eq!(finish(&[text]), (Some(text.into()), None));
        // "only when" inside a sentence is a description, as the seed pages have it.
        let text = "Set this value only when engagement type is email.";
        assert_eq!(finish(&[text]), (Some(text.into()), None));
        assert_eq!(finish(&["a\nb", "c"]), (Some("a\nb\n\nc".into()), None));
        assert_eq!(finish(&["Either this or that"]), (Some("Either this or that".into()), None));
    }
}
