//! Reading `schema/`: every `*.yaml` file below it, parsed into [`RawFile`]s.
//!
//! Nothing here panics on any input: a file that cannot be read, is not UTF-8, is not YAML or
//! does not have the schema's shape becomes a [`Diagnostic`] with its place, and the other files
//! are still read and checked.

use std::path::{Path, PathBuf};

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{FromNodeError, LoadError, LoaderOptions, Marker, Node};

use crate::diagnostics::{Diagnostic, Diagnostics, closest, did_you_mean};
use crate::raw::{RawFile, TopLevel};

mod serde_errors;
mod text;
mod yaml_errors;

use serde_errors::node_problem;
use text::yaml_path_at;
use yaml_errors::load_problem;

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
    pub failed_sections: Vec<TopLevel>,
}

/// Reads every `*.yaml`/`*.yml` file below `dir`, sorted by path.
///
/// A file that cannot be read or is not UTF-8 is returned with its [`SourceFile::problem`] set,
/// so that its problem is reported together with those of the other files. Only a directory
/// that cannot be read (or holds no schema file) is an error here.
pub fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, Diagnostics> {
    let (paths, unreadable) = yaml_paths(dir);
    let mut problems: Vec<Diagnostic> = unreadable
        .into_iter()
        .map(|(dir, e)| Diagnostic::for_file(dir, format!("cannot read the directory: {e}"), "check that it exists"))
        .collect();
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
                    let message = format!(
                        "the file is not UTF-8: byte 0x{byte:02X} at offset {} is not valid UTF-8",
                        valid.len()
                    );
                    let help = Some(NOT_UTF8_HELP.to_owned());
                    let problem = Diagnostic::at(relative.clone(), Some((line, column)), "", message, help);
                    (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(problem))
                }
            },
            Err(e) => (
                String::new(),
                Some(Diagnostic::for_file(
                    relative.clone(),
                    format!("cannot read the file: {e}"),
                    "check that it is a readable file",
                )),
            ),
        };
        files.push(SourceFile { path: relative, text, problem });
    }
    if files.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::for_file(
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

/// Every schema file below `dir` (`*.yaml` and `*.yml`, at any depth), sorted by path, and each
/// directory that could not be read with its error (the others are still walked). The one
/// rule for what a schema file is: the loader, import and the tests all find files with it.
pub fn yaml_paths(dir: &Path) -> (Vec<PathBuf>, Vec<(PathBuf, std::io::Error)>) {
    fn walk(dir: &Path, paths: &mut Vec<PathBuf>, errors: &mut Vec<(PathBuf, std::io::Error)>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return errors.push((dir.to_path_buf(), e)),
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, paths, errors);
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                paths.push(path);
            }
        }
    }
    let (mut paths, mut errors) = (Vec::new(), Vec::new());
    walk(dir, &mut paths, &mut errors);
    paths.sort();
    (paths, errors)
}

const NOT_UTF8_HELP: &str = "save the file as UTF-8 (text from Truto's docs is UTF-8 already; re-copy it, or convert \
     with `iconv -f latin1 -t utf-8`)";

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
                let defines_nothing = !raw.defines_anything();
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
fn sections_in(text: &str) -> Vec<TopLevel> {
    let found: Vec<TopLevel> = TopLevel::ALL
        .into_iter()
        .filter(|section| {
            text.lines()
                .any(|line| line.strip_prefix(section.word()).is_some_and(|rest| rest.trim_start().starts_with(':')))
        })
        .collect();
    if found.is_empty() { TopLevel::ALL.to_vec() } else { found }
}

/// A parsed file: its sections, the sections that failed, and their problems.
struct Parsed {
    raw: RawFile,
    failed: Vec<TopLevel>,
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
    let top = parse_top(index, file)?;
    let mut parsed = Parsed { raw: RawFile::default(), failed: Vec::new(), problems: Vec::new() };
    for (key, value) in top.iter() {
        let Some(section) = TopLevel::from_word(key.as_str()) else {
            let problem = unknown_section(key, &file.path, &mut parsed.failed);
            parsed.problems.push(problem);
            continue;
        };
        if let Err(last) = read_reporting(&mut parsed, section, key, value, file) {
            parsed.failed.push(section);
            parsed.problems.extend(last.map(|problem| *problem));
        }
    }
    Ok(parsed)
}

/// The file's top-level mapping: a problem for an empty file, a tab in an indentation, text
/// that is not YAML, or YAML that is not a mapping.
fn parse_top(index: usize, file: &SourceFile) -> Result<MarkedMappingNode, Unparsed> {
    if file.text.trim().is_empty() {
        let help = format!("add a top-level section ({}) or delete the file", TopLevel::words().join(", "));
        let problem = Diagnostic::at(file.path.clone(), Some((1, 1)), "", "the file is empty", Some(help));
        return Err(Unparsed::Nothing(Box::new(problem)));
    }
    if let Some((line, column)) = find_tab_indent(&file.text) {
        return Err(Unparsed::Unknown(Box::new(Diagnostic::at(
            file.path.clone(),
            Some((line, column)),
            yaml_path_at(&file.text, line),
            "a tab is used for indentation",
            Some("YAML indents with spaces only: replace the tab with spaces".to_owned()),
        ))));
    }
    let options = LoaderOptions::default().error_on_duplicate_keys(true);
    let node = marked_yaml::parse_yaml_with_options(index, &file.text, options).map_err(|e| {
        let problem = Box::new(load_problem(&file.path, &file.text, &e));
        match e {
            LoadError::TopLevelMustBeMapping(_) | LoadError::TopLevelMustBeSequence(_) => Unparsed::Nothing(problem),
            _ => Unparsed::Unknown(problem),
        }
    })?;
    match node {
        Node::Mapping(top) => Ok(top),
        _ => {
            let help = format!("a schema file is a mapping of sections: {}", TopLevel::words().join(", "));
            let message = "the file's top level is not a mapping";
            Err(Unparsed::Nothing(Box::new(Diagnostic::at(file.path.clone(), Some((1, 1)), "", message, Some(help)))))
        }
    }
}

/// Reads one section into `parsed.raw`. Unknown keys are reported and taken out, and the
/// section read again, so that every unknown key is reported and the rest of the section is
/// still checked. `Err` when the section could not be read, with the problem not reported
/// yet, if any.
fn read_reporting(
    parsed: &mut Parsed,
    section: TopLevel,
    key: &MarkedScalarNode,
    value: &Node,
    file: &SourceFile,
) -> Result<(), Option<Box<Diagnostic>>> {
    let mut node = value.clone();
    // Every removal is a problem already reported; a later "missing" for a key taken out would
    // only repeat it. Unknown keys change nothing when taken out; wrong values do, so a section
    // that lost one counts as failed (which keeps its absence from cascading).
    let mut removed: Vec<String> = Vec::new();
    let mut lost_values = false;
    loop {
        let e = match read_section(&mut parsed.raw, section, &node) {
            Ok(()) if !lost_values => return Ok(()),
            // Read without the wrong values, only to find the section's other problems: what
            // is left is not what was meant, so it is not checked further.
            Ok(()) => {
                parsed.raw.clear(section);
                return Err(None);
            }
            Err(e) => e,
        };
        if missing_field(&e).is_some_and(|field| removed.iter().any(|r| r == field)) {
            return Err(None);
        }
        let problem = node_problem(&file.path, &file.text, key, &node, &e);
        if parsed.problems.len() >= MAX_PROBLEMS_PER_FILE {
            return Err(Some(Box::new(problem)));
        }
        // The problem's place is the offending key or value (serde's own position is not, in
        // flow-style mappings); without one, serde's position is tried.
        let at = problem.line.zip(problem.column).or(e.start_mark().map(|m| (m.line(), m.column())));
        let taken = match &*e {
            marked_yaml::Error::UnknownFieldError(field, _, _) => {
                remove_key(&mut node, field, at).then(|| field.clone())
            }
            _ if is_value_error(&e) => {
                lost_values = true;
                at.and_then(|at| remove_at(&mut node, at))
            }
            _ => None,
        };
        let Some(name) = taken else { return Err(Some(Box::new(problem))) };
        parsed.problems.push(problem);
        removed.push(name);
    }
}

/// A top-level key that names no section. What the misspelt section defines is unknown: the
/// section it seems to be is counted as failed, so its absence is not reported.
fn unknown_section(key: &MarkedScalarNode, file: &Path, failed: &mut Vec<TopLevel>) -> Diagnostic {
    let word = key.as_str();
    let marker = key.span().start().copied();
    let guess = closest(word, TopLevel::words()).and_then(TopLevel::from_word);
    if let Some(guess) = guess {
        if !failed.contains(&guess) {
            failed.push(guess);
        }
    }
    let guess = guess.map(|g| format!("did you mean `{}`?", g.word()));
    let allowed = TopLevel::words().iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
    let help = match guess {
        Some(g) => format!("{g} (a file's top-level keys are: {allowed})"),
        None => format!("a file's top-level keys are: {allowed}"),
    };
    let message = format!("unknown top-level section `{word}`");
    Diagnostic::at(file.to_path_buf(), marker.map(|m| (m.line(), m.column())), word, message, Some(help))
}

/// Enough to fix in one go; past it, the rest of a file's unknown keys wait for the next run.
const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Removes the mapping key `field` that stands at `at` (line, column). Returns whether one
/// was removed.
fn remove_key(node: &mut Node, field: &str, at: Option<(usize, usize)>) -> bool {
    let Some(at) = at else { return false };
    remove_key_at(node, field, at)
}

fn remove_key_at(node: &mut Node, field: &str, at: (usize, usize)) -> bool {
    match node {
        Node::Mapping(map) => {
            let here = map
                .keys()
                .find(|k| k.as_str() == field && k.span().start().is_some_and(|m| (m.line(), m.column()) == at));
            if let Some(key) = here.cloned() {
                map.remove(&key);
                return true;
            }
            map.values_mut().any(|child| remove_key_at(child, field, at))
        }
        Node::Sequence(items) => items.iter_mut().any(|child| remove_key_at(child, field, at)),
        Node::Scalar(_) => false,
    }
}

/// Reads one section of a file into `raw`.
fn read_section(raw: &mut RawFile, section: TopLevel, node: &Node) -> Result<(), FromNodeError> {
    match section {
        TopLevel::Integrations => from_node(node).map(|v| raw.integrations = Some(v)),
        TopLevel::Parameters => from_node(node).map(|v| raw.parameters = Some(v)),
        TopLevel::Shapes => from_node(node).map(|v| raw.shapes = Some(v)),
        TopLevel::Api => from_node(node).map(|v| raw.api = Some(v)),
        TopLevel::Resource => from_node(node).map(|v| raw.resource = Some(v)),
        TopLevel::Endpoint => from_node(node).map(|v| raw.endpoint = Some(v)),
    }
}

/// Removes the mapping entry whose key or value stands at `at` (line, column), or the list
/// item there. Returns the key's name (empty for a list item).
fn remove_at(node: &mut Node, at: (usize, usize)) -> Option<String> {
    let starts_at = |n: &Node| n.span().start().is_some_and(|m| (m.line(), m.column()) == at);
    match node {
        Node::Mapping(map) => {
            let here = map
                .iter()
                .find(|(k, v)| k.span().start().is_some_and(|m| (m.line(), m.column()) == at) || starts_at(v))
                .map(|(k, _)| k.clone());
            match here {
                Some(key) => {
                    map.remove(&key);
                    Some(key.as_str().to_owned())
                }
                None => map.values_mut().find_map(|child| remove_at(child, at)),
            }
        }
        Node::Sequence(items) => match items.iter().position(starts_at) {
            Some(index) => {
                items.remove(index);
                Some(String::new())
            }
            None => items.iter_mut().find_map(|child| remove_at(child, at)),
        },
        Node::Scalar(_) => None,
    }
}

// serde reports `invalid type`, `missing field` and the like through `de::Error::custom`,
// which marked-yaml keeps only as text (`Error::Other`): there is no typed form to match, so
// the two functions below, and `serde_errors`, read serde's fixed message prefixes.

/// A value of the wrong type or form (as opposed to a missing or unknown key).
fn is_value_error(error: &FromNodeError) -> bool {
    match &**error {
        marked_yaml::Error::NotBoolean(_)
        | marked_yaml::Error::IntegerParseFailure(..)
        | marked_yaml::Error::FloatParseFailure(..) => true,
        marked_yaml::Error::Other(message, _) => {
            ["invalid type", "invalid value", "invalid length"].iter().any(|p| message.starts_with(p))
        }
        _ => false,
    }
}

/// The field named by a "missing field" error.
fn missing_field(error: &FromNodeError) -> Option<&str> {
    match &**error {
        marked_yaml::Error::Other(message, _) => message.strip_prefix("missing field ").map(|f| f.trim_matches('`')),
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(position_after(""), (1, 1));
        assert_eq!(position_after("ab\ncé"), (2, 3));
    }
}
