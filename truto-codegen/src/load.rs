//! Reading `schema/`: every `*.yaml` file below it, parsed into [`RawFile`]s.
//!
//! Nothing here panics on any input: a file that cannot be read, is not UTF-8, is not YAML or
//! does not have the schema's shape becomes a [`Diagnostic`] with its place, and the other files
//! are still read and checked.

use std::path::{Path, PathBuf};

use marked_yaml::types::MarkedScalarNode;
use marked_yaml::{FromNodeError, LoadError, LoaderOptions, Marker, Node};

use crate::diagnostics::{Diagnostic, Diagnostics, closest, did_you_mean};
use crate::raw::RawFile;

/// The top-level sections a schema file may have.
pub const SECTIONS: &[&str] = &["integrations", "parameters", "shapes", "api", "resource", "endpoint"];

/// One schema file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the schema directory.
    pub path: PathBuf,
    /// The file's text (empty when the file could not be read; with replacement characters
    /// where it is not UTF-8).
    pub text: String,
    /// Why the file cannot be used (unreadable, not UTF-8), reported when it is parsed.
    pub problem: Option<Diagnostic>,
}

/// A parsed file and where it came from.
#[derive(Debug)]
pub struct LoadedFile {
    /// The path relative to the schema directory.
    pub path: PathBuf,
    /// Its contents: the sections that could be read.
    pub raw: RawFile,
    /// The top-level sections (`integrations`, `endpoint`, ...) that were written but could not
    /// be read; their problems are already reported. The checker keeps quiet about what they
    /// might have defined (an integration, a shape), so that one mistake is reported once.
    pub failed_sections: Vec<&'static str>,
}

/// Reads every `*.yaml`/`*.yml` file below `dir`, sorted by path.
///
/// A file that cannot be read or is not UTF-8 is returned with its [`SourceFile::problem`] set,
/// so that its problem is reported together with those of the other files. Only a directory
/// that cannot be read (or holds no schema file) is an error here.
pub fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, Diagnostics> {
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    collect_yaml_paths(dir, &mut paths, &mut problems);
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let relative = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
        let (text, problem) = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => (text, None),
                Err(e) => {
                    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let (line, column) = position_after(&String::from_utf8_lossy(valid));
                    let byte = e.as_bytes().get(valid.len()).copied().unwrap_or_default();
                    let problem = Diagnostic {
                        file: relative.clone(),
                        line: Some(line),
                        column: Some(column),
                        yaml_path: String::new(),
                        message: format!("the file is not UTF-8: byte 0x{byte:02X} at offset {} is not valid UTF-8", valid.len()),
                        help: Some("save the file as UTF-8 (text from Truto's docs is UTF-8 already; re-copy it, or convert with `iconv -f latin1 -t utf-8`)".to_owned()),
                    };
                    (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(problem))
                }
            },
            Err(e) => (
                String::new(),
                Some(file_problem(
                    relative.clone(),
                    format!("cannot read the file: {e}"),
                    "check that it is a readable file",
                )),
            ),
        };
        files.push(SourceFile { path: relative, text, problem });
    }
    if files.is_empty() && problems.is_empty() {
        problems.push(file_problem(
            dir.to_path_buf(),
            "no schema files (*.yaml) found".to_owned(),
            "point the generator at the schema directory",
        ));
    }
    if problems.is_empty() { Ok(files) } else { Err(Diagnostics(problems).sorted()) }
}

/// The 1-based line and column just after `text`.
fn position_after(text: &str) -> (usize, usize) {
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    (line, column)
}

fn collect_yaml_paths(dir: &Path, paths: &mut Vec<PathBuf>, problems: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(file_problem(
                dir.to_path_buf(),
                format!("cannot read the directory: {e}"),
                "check that it exists",
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_yaml_paths(&path, paths, problems);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            paths.push(path);
        }
    }
}

fn file_problem(file: PathBuf, message: String, help: &str) -> Diagnostic {
    Diagnostic { file, line: None, column: None, yaml_path: String::new(), message, help: Some(help.to_owned()) }
}

/// Parses every file; a file (or a section of one) that fails to parse contributes its problems
/// and is left out, so that the other files are still checked.
///
/// Spans in the result carry the index of the file in `files` as their source.
///
/// A file that cannot be read at all is returned too, with no sections and the sections it
/// seems to define (its top-level keys, or every section when none can be seen) as
/// [`LoadedFile::failed_sections`].
pub fn parse_files(files: &[SourceFile]) -> (Vec<LoadedFile>, Vec<Diagnostic>) {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let unusable = |problems: &mut Vec<Diagnostic>, problem: Diagnostic, loaded: &mut Vec<LoadedFile>| {
            problems.push(problem);
            loaded.push(LoadedFile {
                path: file.path.clone(),
                raw: RawFile::default(),
                failed_sections: sections_in(&file.text),
            });
        };
        if let Some(problem) = &file.problem {
            unusable(&mut problems, problem.clone(), &mut loaded);
            continue;
        }
        match parse_file(index, file) {
            Ok(Parsed { raw, failed, problems: section_problems }) => {
                let defines_nothing = [
                    raw.integrations.is_none(),
                    raw.parameters.is_none(),
                    raw.shapes.is_none(),
                    raw.api.is_none(),
                    raw.resource.is_none(),
                    raw.endpoint.is_none(),
                ]
                .iter()
                .all(|none| *none);
                // A file whose only keys were unknown has had its problem reported already.
                if !(defines_nothing && failed.is_empty() && !section_problems.is_empty()) {
                    loaded.push(LoadedFile { path: file.path.clone(), raw, failed_sections: failed });
                }
                problems.extend(section_problems);
            }
            Err(Unparsed::Nothing(problem)) => problems.push(*problem),
            Err(Unparsed::Unknown(problem)) => unusable(&mut problems, *problem, &mut loaded),
        }
    }
    (loaded, problems)
}

/// The sections a file that cannot be parsed seems to define: the known top-level keys in its
/// text, or all of them when there are none.
fn sections_in(text: &str) -> Vec<&'static str> {
    let found: Vec<&'static str> = SECTIONS
        .iter()
        .copied()
        .filter(|section| {
            text.lines().any(|line| line.strip_prefix(section).is_some_and(|rest| rest.trim_start().starts_with(':')))
        })
        .collect();
    if found.is_empty() { SECTIONS.to_vec() } else { found }
}

/// A parsed file: its sections, the sections that failed, and their problems.
struct Parsed {
    raw: RawFile,
    failed: Vec<&'static str>,
    problems: Vec<Diagnostic>,
}

/// A file that could not be parsed at all.
enum Unparsed {
    /// It surely defines nothing (it is empty, or not a mapping).
    Nothing(Box<Diagnostic>),
    /// It may define anything.
    Unknown(Box<Diagnostic>),
}

fn parse_file(index: usize, file: &SourceFile) -> Result<Parsed, Unparsed> {
    if file.text.trim().is_empty() {
        return Err(Unparsed::Nothing(Box::new(Diagnostic {
            file: file.path.clone(),
            line: Some(1),
            column: Some(1),
            yaml_path: String::new(),
            message: "the file is empty".to_owned(),
            help: Some(format!("add a top-level section ({}) or delete the file", SECTIONS.join(", "))),
        })));
    }
    if let Some((line, column)) = find_tab_indent(&file.text) {
        return Err(Unparsed::Unknown(Box::new(Diagnostic {
            file: file.path.clone(),
            line: Some(line),
            column: Some(column),
            yaml_path: yaml_path_at(&file.text, line),
            message: "a tab is used for indentation".to_owned(),
            help: Some("YAML indents with spaces only: replace the tab with spaces".to_owned()),
        })));
    }
    let options = LoaderOptions::default().error_on_duplicate_keys(true);
    let node = marked_yaml::parse_yaml_with_options(index, &file.text, options).map_err(|e| {
        let problem = Box::new(load_problem(&file.path, &file.text, &e));
        match e {
            LoadError::TopLevelMustBeMapping(_) | LoadError::TopLevelMustBeSequence(_) => Unparsed::Nothing(problem),
            _ => Unparsed::Unknown(problem),
        }
    })?;
    let Some(top) = node.as_mapping() else {
        return Err(Unparsed::Nothing(Box::new(Diagnostic {
            file: file.path.clone(),
            line: Some(1),
            column: Some(1),
            yaml_path: String::new(),
            message: "the file's top level is not a mapping".to_owned(),
            help: Some(format!("a schema file is a mapping of sections: {}", SECTIONS.join(", "))),
        })));
    };
    let mut raw = RawFile::default();
    let mut failed = Vec::new();
    let mut problems = Vec::new();
    for (key, value) in top.iter() {
        let section = key.as_str();
        let result = match section {
            "integrations" => from_node(value).map(|v| raw.integrations = Some(v)),
            "parameters" => from_node(value).map(|v| raw.parameters = Some(v)),
            "shapes" => from_node(value).map(|v| raw.shapes = Some(v)),
            "api" => from_node(value).map(|v| raw.api = Some(v)),
            "resource" => from_node(value).map(|v| raw.resource = Some(v)),
            "endpoint" => from_node(value).map(|v| raw.endpoint = Some(v)),
            _ => {
                let marker = key.span().start().copied();
                let guess = closest(section, SECTIONS.iter().copied());
                // What the misspelt section defines is unknown: say nothing about its absence.
                if let Some(guess) = guess {
                    if !failed.contains(&guess) {
                        failed.push(guess);
                    }
                }
                let guess = guess.map(|g| format!("did you mean `{g}`?"));
                let allowed = SECTIONS.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
                problems.push(Diagnostic {
                    file: file.path.clone(),
                    line: marker.map(|m| m.line()),
                    column: marker.map(|m| m.column()),
                    yaml_path: section.to_owned(),
                    message: format!("unknown top-level section `{section}`"),
                    help: Some(match guess {
                        Some(g) => format!("{g} (a file's top-level keys are: {allowed})"),
                        None => format!("a file's top-level keys are: {allowed}"),
                    }),
                });
                continue;
            }
        };
        if let Err(e) = result {
            if let Some(known) = SECTIONS.iter().find(|s| **s == section) {
                failed.push(*known);
            }
            problems.push(node_problem(&file.path, &file.text, key, value, &e));
        }
    }
    Ok(Parsed { raw, failed, problems })
}

fn from_node<'de, T: serde::Deserialize<'de>>(node: &'de Node) -> Result<T, FromNodeError> {
    marked_yaml::from_node(node)
}

/// The first line indented with a tab (YAML forbids it; the parser's own message is obscure).
fn find_tab_indent(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let indent: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        indent.find('\t').map(|col| (i + 1, col + 1))
    })
}

/// A problem the YAML parser found.
fn load_problem(path: &Path, text: &str, error: &LoadError) -> Diagnostic {
    let (marker, message, help): (Marker, String, String) = match error {
        LoadError::TopLevelMustBeMapping(m) | LoadError::TopLevelMustBeSequence(m) => (
            *m,
            "the file's top level is not a mapping".to_owned(),
            format!("a schema file is a mapping of sections: {}", SECTIONS.join(", ")),
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
    Diagnostic {
        file: path.to_path_buf(),
        line: Some(marker.line()),
        column: Some(marker.column()),
        yaml_path,
        message,
        help: Some(help),
    }
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

/// A problem deserializing one top-level section into the schema's structs.
fn node_problem(path: &Path, text: &str, key: &MarkedScalarNode, value: &Node, error: &FromNodeError) -> Diagnostic {
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
    Diagnostic {
        file: path.to_path_buf(),
        line: marker.map(|m| m.line()),
        column: marker.map(|m| m.column()),
        yaml_path,
        message,
        help: Some(help),
    }
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

/// The plain token that starts at `line`:`column` (1-based), for messages.
fn token_at(text: &str, line: usize, column: usize) -> Option<String> {
    let line_text = text.lines().nth(line.checked_sub(1)?)?;
    let rest: String = line_text.chars().skip(column.checked_sub(1)?).collect();
    let token: String = rest.chars().take_while(|c| !matches!(c, ',' | '}' | ']' | '#')).collect();
    let token = token.trim();
    (!token.is_empty()).then(|| token.chars().take(60).collect())
}

/// The YAML path (`endpoint.body.name`, `integrations[1].slug`) of the block-style key on `line`
/// (1-based), found from the indentation of the lines above it. Used where the parser could not
/// build a tree to take the path from; it is a best effort and never fails.
fn yaml_path_at(text: &str, line: usize) -> String {
    struct Entry {
        indent: usize,
        segment: String,
        items: usize,
        item: bool,
    }
    let mut stack: Vec<Entry> = Vec::new();
    let mut block_scalar: Option<usize> = None;
    for (i, raw_line) in text.lines().enumerate().take(line) {
        // Tabs are not YAML indentation, but a line indented with one is reported: count a tab
        // as the four spaces it usually stands for.
        let indent =
            raw_line.chars().take_while(|c| *c == ' ' || *c == '\t').map(|c| if c == '\t' { 4 } else { 1 }).sum();
        let mut content = raw_line.trim_start_matches([' ', '\t']);
        if let Some(parent) = block_scalar {
            if content.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let mut column = indent;
        // List items: `- ` (possibly several on one line).
        while content == "-" || content.starts_with("- ") {
            while stack.last().is_some_and(|e| e.indent > column || (e.indent == column && e.item)) {
                stack.pop();
            }
            let index = match stack.last_mut() {
                Some(parent) => {
                    parent.items += 1;
                    parent.items - 1
                }
                None => 0,
            };
            stack.push(Entry { indent: column, segment: format!("[{index}]"), items: 0, item: true });
            let after = &content[1..];
            let spaces = after.chars().take_while(|c| *c == ' ').count();
            column += 1 + spaces;
            content = after.trim_start_matches(' ');
        }
        let Some((key, value)) = block_key(content) else {
            continue;
        };
        while stack.last().is_some_and(|e| e.indent >= column) {
            stack.pop();
        }
        stack.push(Entry { indent: column, segment: key.to_owned(), items: 0, item: false });
        let value = value.trim();
        if (value.starts_with('|') || value.starts_with('>')) && i + 1 < line {
            block_scalar = Some(column);
        }
    }
    let mut path = String::new();
    for entry in &stack {
        if !entry.item && !path.is_empty() {
            path.push('.');
        }
        path.push_str(&entry.segment);
    }
    path
}

/// `key: value` or `key:` on a block line: the key and the rest.
fn block_key(content: &str) -> Option<(&str, &str)> {
    if content.starts_with(['{', '[', '#', '&', '*', '!', '|', '>', '?']) {
        return None;
    }
    let quoted = content.starts_with(['"', '\'']);
    let mut search_from = 0;
    if quoted {
        let quote = content.chars().next()?;
        search_from = content[1..].find(quote)? + 2;
    }
    let rest = content.get(search_from..)?;
    let colon =
        rest.char_indices().find(|(i, c)| *c == ':' && rest[i + 1..].chars().next().is_none_or(|n| n == ' '))?.0;
    let key = content.get(..search_from + colon)?.trim();
    let key = key.trim_matches(|c| c == '"' || c == '\'');
    Some((key, content.get(search_from + colon + 1..).unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_indentation_and_lists() {
        let text = "integrations:\n  - slug: a\n    name: A\n  - slug: b\n    name: B\nendpoint:\n  body:\n    name:\n      description: |\n        text: here\n      type: string\n";
        assert_eq!(yaml_path_at(text, 1), "integrations");
        assert_eq!(yaml_path_at(text, 3), "integrations[0].name");
        assert_eq!(yaml_path_at(text, 4), "integrations[1].slug");
        assert_eq!(yaml_path_at(text, 5), "integrations[1].name");
        assert_eq!(yaml_path_at(text, 8), "endpoint.body.name");
        assert_eq!(yaml_path_at(text, 11), "endpoint.body.name.type");
        assert_eq!(yaml_path_at("a:\n- x\n- y: 1\n", 3), "a[1].y");
        assert_eq!(yaml_path_at("\"q: x\": 1\n", 1), "q: x");
        assert_eq!(yaml_path_at("", 3), "");
    }

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(position_after(""), (1, 1));
        assert_eq!(position_after("ab\ncé"), (2, 3));
    }
}
