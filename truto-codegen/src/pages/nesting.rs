//! Turns a section's flat field list into a tree.
//!
//! Pages print nested fields without indentation: the children of an `object` / `object[]`
//! field simply follow its own lines. A field `F` that follows an object `P` (or one of `P`'s
//! children) is taken as a child of `P` by the first of these cues that applies:
//!
//! 1. `P` announces its children (`1 property`, `6 properties`): `F` is a child while fewer
//!    have been read. This is the only cue that nests more than one level by itself.
//! 2. `F` and `P` are on different sides of "Show Truto-specific parameters": not a child.
//! 3. `F` is itself an object, array of objects or map: the pages nest such fields only in
//!    containers, so `F` is a child only when `P` already holds such a child, or (newer
//!    layout) when `P` has printed nothing of its own yet and `F` sorts before it (it cannot
//!    be `P`'s next sibling: siblings are printed sorted).
//! 4. Newer layout only: `F` sorts before `P`'s previous child. Children are printed sorted,
//!    so `created_at` after `addresses.type` must be a new top-level field.
//! 5. `F`'s description names `P` (`P`'s name made singular, `_` read as a space:
//!    "The tag's name" under `tags`, "The extension of the phone number" under
//!    `phone_numbers`): `F` is a child.
//! 6. `F`'s description names the page's resource (the singular of the path segment after
//!    the API, e.g. "opportunity"): "The opportunity's status" after `stage { id, name }` is a
//!    top-level field.
//! 7. Otherwise `F` is a child ("The city" under `addresses`).
//!
//! Cue 6 comes after cue 5 because children often mention the resource too ("The
//! opportunity's owner's unique identifier" under `owner`).

use super::doc::DocField;
use crate::types::{Layout, Scalar};

/// Nests `flat` by the cues in the module docs.
pub(crate) fn nest(flat: Vec<DocField>, layout: Layout, subject: Option<&str>) -> Vec<DocField> {
    let mut out = Vec::new();
    let mut open: Vec<DocField> = Vec::new();
    for field in flat {
        while let Some(parent) = open.last() {
            if is_child(parent, &field, layout, subject) {
                break;
            }
            close(&mut open, &mut out);
        }
        if field.is_object() || field.announced_children.is_some() {
            open.push(field);
        } else {
            match open.last_mut() {
                Some(parent) => parent.children.push(field),
                None => out.push(field),
            }
        }
    }
    while !open.is_empty() {
        close(&mut open, &mut out);
    }
    out
}

/// Closes the innermost open object: it becomes a child of the next one out, or top-level.
fn close(open: &mut Vec<DocField>, out: &mut Vec<DocField>) {
    let Some(done) = open.pop() else { return };
    match open.last_mut() {
        Some(parent) => parent.children.push(done),
        None => out.push(done),
    }
}

/// Whether it is an object, an array of objects or a map.
fn is_structured(field: &DocField) -> bool {
    field.is_object() || field.doc_type.as_deref() == Scalar::Map.spec().printed
}

/// Whether the page printed anything under `field` yet.
fn is_bare(field: &DocField) -> bool {
    field.description.is_none()
        && field.condition.is_none()
        && field.marks.is_empty()
        && field.references.is_none()
        && field.children.is_empty()
}

/// Whether `field`, following `parent` or one of its children, is a child of `parent`.
fn is_child(parent: &DocField, field: &DocField, layout: Layout, subject: Option<&str>) -> bool {
    if let Some(announced) = parent.announced_children {
        return parent.children.len() < announced;
    }
    if field.truto_specific != parent.truto_specific {
        return false;
    }
    if is_structured(field) {
        let container = parent.children.iter().any(is_structured);
        let first_inside = layout == Layout::Newer && is_bare(parent) && field.name < parent.name;
        if !(container || first_inside) {
            return false;
        }
    }
    let out_of_order = parent.children.last().is_some_and(|previous| field.name < previous.name);
    if layout == Layout::Newer && out_of_order {
        return false;
    }
    let description = field.description.as_deref().unwrap_or("").to_lowercase();
    let parent_noun = singular(&parent.name.replace('_', " "));
    if mentions(&description, &parent_noun) {
        return true;
    }
    !subject.is_some_and(|s| mentions(&description, s))
}

/// Whether `text` contains `noun` starting at a word boundary.
fn mentions(text: &str, noun: &str) -> bool {
    !noun.is_empty()
        && text.match_indices(noun).any(|(at, _)| text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
}

/// The resource a page is about, singular ("opportunity"), from the path segment after the
/// API (`/unified/crm/opportunities/{id}`).
pub(crate) fn resource_subject(path: &str) -> Option<String> {
    let segment = path.split('/').filter(|s| !s.is_empty()).nth(2)?;
    (!segment.starts_with('{')).then(|| singular(&segment.replace(['_', '-'], " ")))
}

/// English singular, good enough for field and resource names.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = word.strip_suffix("sses") {
        format!("{stem}ss")
    } else if word.ends_with("ss") {
        word.to_string()
    } else {
        word.strip_suffix('s').unwrap_or(word).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singulars() {
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("opportunities"), "opportunity");
        assert_eq!(singular("phone numbers"), "phone number");
        assert_eq!(singular("business"), "business");
    }

    fn field(name: &str, ty: &str, announced: Option<usize>) -> DocField {
        let mut f = DocField::new(name, (!ty.is_empty()).then(|| ty.to_string()));
        f.announced_children = announced;
        f
    }

    fn shape(fields: &[DocField]) -> Vec<String> {
        fields.iter().map(|f| format!("{}{{{}}}", f.name, shape(&f.children).join(","))).collect()
    }

    #[test]
    fn announced_children_nest_at_any_depth() {
        let flat = vec![
            field("associations", "object", None),
            field("accounts", "object[]", Some(1)),
            field("id", "string", None),
            field("organizations", "object[]", Some(2)),
            field("id", "string", None),
            field("name", "string", None),
            // Sorts before `organizations`: the next top-level field.
            field("entity", "string", None),
        ];
        assert_eq!(
            shape(&nest(flat, Layout::Newer, None)),
            ["associations{accounts{id{}},organizations{id{},name{}}}", "entity{}"]
        );
    }

    #[test]
    fn a_structured_field_after_a_filled_object_is_a_sibling() {
        let mut owner = field("owner", "object", None);
        owner.description = Some("The owner".into());
        let flat = vec![owner, field("phone_numbers", "object[]", None), field("number", "string", None)];
        assert_eq!(shape(&nest(flat, Layout::Newer, None)), ["owner{}", "phone_numbers{number{}}"]);
    }
}
