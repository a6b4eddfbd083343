//! Problems the YAML parser finds (syntax, indentation, duplicates), located and explained.

use super::text::{block_key, yaml_path_at};
use super::*;

/// A problem the YAML parser found.
pub(super) fn load_problem(path: &Path, text: &str, error: &LoadError) -> Diagnostic {
    let (marker, message, help): (Marker, String, String) = match error {
        LoadError::TopLevelMustBeMapping(m) | LoadError::TopLevelMustBeSequence(m) => (
            *m,
            "the file's top level is not a mapping".to_owned(),
            format!("a schema file is a mapping of sections: {}", TopLevel::words().join(", ")),
        ),
        LoadError::UnexpectedAnchor(m) => (
            *m,
            "YAML anchors (`&name`) and aliases (`*name`) are not supported".to_owned(),
            "write the value out in full where it is used".to_owned(),
        ),
        LoadError::MappingKeyMustBeScalar(m) => (
            *m,
            "a mapping key must be a plain name, not a list or a mapping".to_owned(),
            "write `name: value`; if the key is meant to be text starting with `[` or `{`, quote it".to_owned(),
        ),
        LoadError::UnexpectedTag(m) => (
            *m,
            "YAML tags (`!tag`, `!!str`) are not supported".to_owned(),
            "remove the tag; quote the value if it must stay text".to_owned(),
        ),
        LoadError::ScanError(m, e) => match unclosed_flow(text, m.line()) {
            // An unclosed `[` or `{` makes the parser stop somewhere after it, often lines
            // later: point at the bracket.
            Some((line, column, bracket)) => {
                let (what, close) = if bracket == '[' { ("list", ']') } else { ("mapping", '}') };
                let at = Marker::new(m.source(), 0, line, column);
                let message = format!(
                    "invalid YAML: the {what} opened with `{bracket}` here is never closed (the parser stopped at line {}, column {}: {})",
                    m.line(),
                    m.column(),
                    e.info()
                );
                (at, message, format!("close it with `{close}` on the same line, separating its items with `,`"))
            }
            None => match misindented(text, m.line()) {
                // A key indented unlike the key above it: say by how much, and point at it.
                Some((column, levels)) if e.info().contains("did not find expected key") => {
                    let at = Marker::new(m.source(), 0, m.line(), column);
                    let message = format!(
                        "invalid YAML: this key is indented by {} spaces, which lines it up with no mapping above it ({})",
                        column - 1,
                        e.info()
                    );
                    let levels: Vec<String> =
                        levels.iter().map(|(spaces, line)| format!("{spaces} (line {line})")).collect();
                    let levels = match levels.split_last() {
                        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                        _ => levels.concat(),
                    };
                    (
                        at,
                        message,
                        format!(
                            "indent it like the other keys of its mapping; the keys above it are indented by {levels} spaces"
                        ),
                    )
                }
                _ => {
                    let (message, help) = scan_problem(e.info());
                    (*m, message, help)
                }
            },
        },
        LoadError::DuplicateKey(inner) => {
            let first = inner.prev_key.span().start().copied();
            let second = inner.key.span().start().copied();
            let key = inner.key.as_str();
            let at = second.or(first).unwrap_or_else(|| Marker::new(0, 0, 1, 1));
            let first_at =
                first.map(|m| format!(" (first at line {}, column {})", m.line(), m.column())).unwrap_or_default();
            let parent = yaml_path_at(text, at.line());
            let parent = parent.strip_suffix(key).map(|p| p.trim_end_matches('.')).unwrap_or(&parent);
            let within = if parent.is_empty() { "at the top level".to_owned() } else { format!("in `{parent}`") };
            (
                at,
                format!("`{key}` appears twice {within}{first_at}"),
                "a key may appear once in a mapping: remove one of the two, or merge them (a second field needs a name of its own)".to_owned(),
            )
        }
    };
    let yaml_path = match error {
        LoadError::TopLevelMustBeMapping(_) | LoadError::TopLevelMustBeSequence(_) => String::new(),
        _ => yaml_path_at(text, marker.line()),
    };
    Diagnostic::at(path.to_path_buf(), Some((marker.line(), marker.column())), yaml_path, message, Some(help))
}

/// The innermost flow collection (`[...]`, `{...}`) still open at the end of `line` (1-based):
/// its line, column and bracket. A best effort for better messages; never fails.
fn unclosed_flow(text: &str, line: usize) -> Option<(usize, usize, char)> {
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    for (i, line_text) in text.lines().enumerate().take(line) {
        // The last character that is not a space, on this line; `None` at its start.
        let mut previous: Option<char> = None;
        let mut after_space = true;
        let mut quote: Option<char> = None;
        let mut escaped = false;
        for (column, c) in line_text.chars().enumerate() {
            if let Some(q) = quote {
                if escaped {
                    escaped = false;
                } else if q == '"' && c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                previous = Some(c);
                after_space = false;
                continue;
            }
            let starts_value = matches!(previous, None | Some(':' | '-' | ',' | '[' | '{' | '?'));
            match c {
                '#' if after_space => break,
                '"' | '\'' if starts_value => quote = Some(c),
                '[' | '{' if !open.is_empty() || starts_value => open.push((i + 1, column + 1, c)),
                ']' | '}' if !open.is_empty() => {
                    open.pop();
                }
                _ => {}
            }
            after_space = c == ' ' || c == '\t';
            if !after_space {
                previous = Some(c);
            }
        }
    }
    open.last().copied()
}

/// For a block key on `line` (1-based) that lines up with no mapping above it: the column it
/// starts at, and the indentation and line of each enclosing level above it (nearest first).
fn misindented(text: &str, line: usize) -> Option<(usize, Vec<(usize, usize)>)> {
    let lines: Vec<&str> = text.lines().collect();
    let this = lines.get(line.checked_sub(1)?)?;
    let indent = |l: &str| l.chars().take_while(|c| *c == ' ').count();
    block_key(this.trim_start_matches(' '))?;
    let mut levels: Vec<(usize, usize)> = Vec::new();
    for (i, above) in lines[..line - 1].iter().enumerate().rev() {
        let content = above.trim_start_matches(' ');
        if content.trim().is_empty()
            || content.starts_with('#')
            || content.starts_with('-')
            || block_key(content).is_none()
        {
            continue;
        }
        if levels.last().is_none_or(|(last, _)| indent(above) < *last) {
            levels.push((indent(above), i + 1));
        }
    }
    if levels.is_empty() || levels.iter().any(|(level, _)| *level == indent(this)) {
        return None;
    }
    Some((indent(this) + 1, levels))
}

/// A friendlier message and a fix for the YAML scanner's and parser's errors.
fn scan_problem(info: &str) -> (String, String) {
    let has = |s: &str| info.contains(s);
    let (what, help) = if has("mapping values are not allowed") {
        (
            "a `: ` in the middle of a value",
            "quote the value (\"...\") if it contains `: `, or put the key on its own line with the right indentation",
        )
    } else if has("did not find expected key") {
        (
            "this line is not indented like the keys of its mapping",
            "indent every key of a mapping by the same number of spaces; quote values that contain `: ` or start with `[`, `{`, `\"`",
        )
    } else if has("did not find expected ',' or ']'") {
        ("a list `[...]` that is not closed", "close the list with `]`, separating its items with `,`")
    } else if has("did not find expected ',' or '}'") {
        ("a mapping `{...}` that is not closed", "close the mapping with `}`, separating its entries with `,`")
    } else if has("cannot start any token") {
        ("a value that starts with a character YAML reserves (`@`, `` ` ``, `%`)", "quote the value")
    } else if has("unexpected end of stream") && has("quoted scalar") {
        ("a quoted value that is never closed", "close the quote on the same value")
    } else if has("could not find expected ':'") {
        ("a key without `:`", "write `key: value`")
    } else if has("block sequence entries are not allowed") {
        ("a list item (`- `) where a value was expected", "indent the list under its key, or write it as `[a, b]`")
    } else if has("unknown anchor") {
        ("YAML aliases (`*name`) are not supported", "write the value out in full")
    } else if has("recursion limit") {
        ("the YAML nests too deeply", "the schema never needs this much nesting: check for unbalanced brackets")
    } else if has("invalid indentation") {
        ("the indentation is not valid here", "indent with spaces so that each nested key lines up under its parent")
    } else {
        (
            "the YAML cannot be parsed here",
            "fix the syntax at this place (see schema/README.md for the form of every construct)",
        )
    };
    (format!("invalid YAML: {what} ({info})"), help.to_owned())
}
