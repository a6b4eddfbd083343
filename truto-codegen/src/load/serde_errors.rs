//! Problems deserializing a section into the schema's structs (unknown keys, wrong value
//! types), located in the YAML tree and said in the schema's words.

use super::text::token_at;
use super::*;

/// A problem deserializing one top-level section into the schema's structs.
pub(super) fn node_problem(
    path: &Path,
    text: &str,
    key: &MarkedScalarNode,
    value: &Node,
    error: &FromNodeError,
) -> Diagnostic {
    let inner: &marked_yaml::Error = error;
    let section = key.as_str();
    let error_marker = inner.start_mark();
    let found = locate(value, error.path().unwrap_or_default(), inner);
    let yaml_path = match &found {
        Some(m) if m.path.starts_with('[') => format!("{section}{}", m.path),
        Some(m) if !m.path.is_empty() => format!("{section}.{}", m.path),
        _ => section.to_owned(),
    };
    let key_marker = found.as_ref().and_then(|m| m.key).and_then(|k| k.span().start().copied());
    let last_key = found.as_ref().and_then(|m| m.key).map_or(section, |k| k.as_str()).to_owned();
    // Where to point: at the key for problems with a whole value (unknown, missing, the wrong
    // kind of value), at the value itself for a bad scalar.
    let marker = match inner {
        marked_yaml::Error::NotBoolean(_)
        | marked_yaml::Error::IntegerParseFailure(..)
        | marked_yaml::Error::FloatParseFailure(..) => error_marker.or(key_marker),
        _ => key_marker.or_else(|| key.span().start().copied()).or(error_marker),
    };
    let token = marker.and_then(|m| token_at(text, m.line(), m.column()));
    let (message, help) = match inner {
        marked_yaml::Error::UnknownFieldError(field, expected, _) => {
            let allowed = expected.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ");
            let help = match did_you_mean(field, expected.iter().copied()) {
                Some(guess) => format!("{guess} (the keys allowed here are {allowed})"),
                None => format!("remove it; the keys allowed here are {allowed}"),
            };
            (format!("unknown key `{field}`"), help)
        }
        marked_yaml::Error::NotBoolean(_) => (
            format!("`{last_key}` must be `true` or `false`, not `{}`", token.as_deref().unwrap_or("")),
            format!("write `{last_key}: true` or `{last_key}: false`"),
        ),
        marked_yaml::Error::IntegerParseFailure(e, _) => {
            (format!("`{last_key}` must be a whole number: {e}"), "write a number like `10`".to_owned())
        }
        marked_yaml::Error::FloatParseFailure(e, _) => {
            (format!("`{last_key}` must be a number: {e}"), "write a number like `1.5`".to_owned())
        }
        marked_yaml::Error::Other(message, _) => serde_problem(message, &last_key),
    };
    Diagnostic::at(path.to_path_buf(), marker.map(|m| (m.line(), m.column())), yaml_path, message, Some(help))
}

/// A place in the YAML tree that a serde path leads to.
struct Found<'n> {
    /// The path with every `?` replaced by the key it stands for.
    path: String,
    /// The node there, if the path could be followed to the end.
    node: Option<&'n Node>,
    /// The last mapping key on the way.
    key: Option<&'n MarkedScalarNode>,
}

#[derive(Clone, Copy)]
enum Segment<'p> {
    Key(&'p str),
    Index(&'p str),
}

/// Finds the place a serde error is about. serde knows struct fields by name but the schema's
/// own names (fields, shapes, slugs) only as `?`, so every place the path may stand for is
/// tried, in document order (the order serde read them in), and the first that shows the
/// error is taken.
fn locate<'n>(root: &'n Node, serde_path: &str, error: &marked_yaml::Error) -> Option<Found<'n>> {
    let mut segments = Vec::new();
    for part in serde_path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            segments.push(Segment::Key(key));
        }
        while let Some((index, after)) = rest.split_once(']') {
            segments.push(Segment::Index(index));
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    let mut candidates = Vec::new();
    expand(Found { path: String::new(), node: Some(root), key: None }, &segments, &mut candidates);
    let marker = error.start_mark();
    let shows_error = |found: &Found<'_>| match error {
        marked_yaml::Error::UnknownFieldError(field, _, _) => found.key.is_some_and(|k| k.as_str() == field),
        marked_yaml::Error::Other(message, _) if message.starts_with("missing field ") => {
            let field = message.trim_start_matches("missing field ").trim_matches('`');
            match found.node {
                Some(Node::Mapping(map)) => map.get(field).is_none(),
                Some(Node::Scalar(s)) => s.as_str().is_empty(),
                _ => false,
            }
        }
        marked_yaml::Error::Other(message, _) if message.starts_with("invalid type: ") => {
            let kind = message.trim_start_matches("invalid type: ");
            match found.node {
                Some(Node::Mapping(_)) => kind.starts_with("map"),
                Some(Node::Sequence(_)) => kind.starts_with("sequence"),
                Some(Node::Scalar(_)) => !kind.starts_with("map") && !kind.starts_with("sequence"),
                None => false,
            }
        }
        _ => match (found.node, marker) {
            (Some(node), Some(at)) => {
                node.span().start().is_some_and(|m| (m.line(), m.column()) == (at.line(), at.column()))
            }
            _ => false,
        },
    };
    let first_showing = candidates.iter().position(shows_error).unwrap_or(0);
    (!candidates.is_empty()).then(|| candidates.swap_remove(first_showing))
}

/// Every place `segments` may lead to from `at`, in document order.
fn expand<'n>(at: Found<'n>, segments: &[Segment<'_>], out: &mut Vec<Found<'n>>) {
    const LIMIT: usize = 10_000;
    if out.len() >= LIMIT {
        return;
    }
    let Some((segment, rest)) = segments.split_first() else {
        out.push(at);
        return;
    };
    let step = |path: &str, text: &str| {
        if path.is_empty() || text.starts_with('[') { format!("{path}{text}") } else { format!("{path}.{text}") }
    };
    match (*segment, at.node) {
        (Segment::Key(name), Some(Node::Mapping(map))) => {
            let mut any = false;
            for (key, value) in map.iter().filter(|(k, _)| name == "?" || k.as_str() == name) {
                any = true;
                expand(Found { path: step(&at.path, key.as_str()), node: Some(value), key: Some(key) }, rest, out);
            }
            if !any {
                out.push(Found { path: step(&at.path, name), node: None, key: at.key });
            }
        }
        (Segment::Index(index), Some(Node::Sequence(seq))) => {
            let node = index.parse::<usize>().ok().and_then(|i| seq.get(i));
            let found = Found { path: step(&at.path, &format!("[{index}]")), node, key: at.key };
            if node.is_some() { expand(found, rest, out) } else { out.push(found) }
        }
        _ => {
            let text = match segment {
                Segment::Key(name) => (*name).to_owned(),
                Segment::Index(index) => format!("[{index}]"),
            };
            out.push(Found { path: step(&at.path, &text), node: None, key: at.key });
        }
    }
}

/// serde's messages (`invalid type: sequence, expected a string`, `missing field `http``) in
/// the schema's words.
fn serde_problem(message: &str, key: &str) -> (String, String) {
    if let Some(field) = message.strip_prefix("missing field ") {
        let field = field.trim_matches('`');
        let example = match field {
            "api" => "crm",
            "resource" => "opportunities",
            "operation" => "update",
            "http" => "PATCH",
            "path" => "/unified/crm/opportunities/{id}",
            "response_formats" => "[unified, raw]",
            "resources" => "[accounts, contacts]",
            "slug" => "hubspot",
            "name" => "HubSpot",
            "model" => "Opportunity",
            "fields" => "{ id: { type: string } }",
            _ => "...",
        };
        return (
            format!("`{key}` is missing the required key `{field}`"),
            format!("add it, e.g. `{field}: {example}` (schema/README.md shows its form)"),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let (expected_text, help) = describe_expected(expected);
            let found = found.trim_end_matches(['"', '`']);
            let help = match found.strip_prefix("string \"") {
                // One value where a list is expected: show the list.
                Some(text) if expected.starts_with("a sequence") => format!("write a list: `{key}: [{text}]`"),
                _ => help.to_owned(),
            };
            return (format!("`{key}` must be {expected_text}, but it is {}", describe_found(found)), help);
        }
    }
    (format!("`{key}`: {message}"), "see schema/README.md for the expected form".to_owned())
}

fn describe_expected(expected: &str) -> (&'static str, &'static str) {
    if expected.starts_with("a sequence") {
        ("a list", "write a list: `[a, b]`, or one `- item` per line")
    } else if expected.starts_with("a string") || expected.starts_with("a borrowed string") {
        (
            "a single value (text)",
            "write one value on the line; quote it (\"...\") if it contains `: `, `#` or starts with a bracket",
        )
    } else if expected.starts_with("a boolean") {
        ("`true` or `false`", "write `true` or `false`")
    } else if expected.starts_with("a map") || expected.starts_with("struct") {
        (
            "a mapping of `key: value` entries",
            "write `key: value` entries, indented under this key, or `{ key: value }`",
        )
    } else {
        ("a different kind of value", "see schema/README.md for the expected form")
    }
}

fn describe_found(found: &str) -> String {
    if found.starts_with("sequence") {
        "a list".to_owned()
    } else if found.starts_with("map") {
        "a mapping".to_owned()
    } else if let Some(text) = found.strip_prefix("string \"") {
        format!("the text `{text}`")
    } else {
        found.to_owned()
    }
}
