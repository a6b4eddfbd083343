//! Reading `schema/`: every `*.yaml` file below it, parsed into [`RawFile`]s.

use std::path::{Path, PathBuf};

use marked_yaml::{FromYamlError, LoaderOptions, Marker};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::raw::RawFile;

/// One schema file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the schema directory.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// A parsed file and where it came from.
#[derive(Debug)]
pub struct LoadedFile {
    /// The path relative to the schema directory.
    pub path: PathBuf,
    /// Its contents.
    pub raw: RawFile,
}

/// Reads every `*.yaml`/`*.yml` file below `dir`, sorted by path.
pub fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, Diagnostics> {
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    collect_yaml_paths(dir, &mut paths, &mut problems);
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let relative = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push(SourceFile { path: relative, text }),
                Err(e) => problems.push(file_problem(
                    relative,
                    format!("the file is not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()),
                    "save the file as UTF-8",
                )),
            },
            Err(e) => problems.push(file_problem(relative, format!("cannot read the file: {e}"), "check its permissions")),
        }
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

fn collect_yaml_paths(dir: &Path, paths: &mut Vec<PathBuf>, problems: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(file_problem(dir.to_path_buf(), format!("cannot read the directory: {e}"), "check that it exists"));
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

/// Parses every file; a file that fails to parse contributes a problem and is skipped, so that
/// the other files are still checked.
pub fn parse_files(files: &[SourceFile]) -> (Vec<LoadedFile>, Vec<Diagnostic>) {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for (index, file) in files.iter().enumerate() {
        match parse_file(index, file) {
            Ok(raw) => loaded.push(LoadedFile { path: file.path.clone(), raw }),
            Err(problem) => problems.push(*problem),
        }
    }
    (loaded, problems)
}

fn parse_file(index: usize, file: &SourceFile) -> Result<RawFile, Box<Diagnostic>> {
    if file.text.trim().is_empty() {
        return Err(Box::new(file_problem(
            file.path.clone(),
            "the file is empty".to_owned(),
            "add a top-level section (integrations, parameters, shapes, api, resource or endpoint) or delete the file",
        )));
    }
    if let Some((line, column)) = find_tab_indent(&file.text) {
        return Err(Box::new(Diagnostic {
            file: file.path.clone(),
            line: Some(line),
            column: Some(column),
            yaml_path: String::new(),
            message: "a tab is used for indentation".to_owned(),
            help: Some("YAML indents with spaces: replace the tab with spaces".to_owned()),
        }));
    }
    let options = LoaderOptions::default().error_on_duplicate_keys(true);
    marked_yaml::from_yaml_with_options(index, &file.text, options).map_err(|e| Box::new(yaml_problem(&file.path, e)))
}

/// The first line indented with a tab (YAML forbids it; the parser's own message is obscure).
fn find_tab_indent(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        indent.find('\t').map(|col| (i + 1, col + 1))
    })
}

fn yaml_problem(path: &Path, error: FromYamlError) -> Diagnostic {
    let (marker, yaml_path, message, help): (Option<Marker>, String, String, String) = match &error {
        FromYamlError::ParseYaml(e) => {
            let text = e.to_string();
            let help = if text.contains("Duplicate") || text.contains("duplicate") {
                "each key may appear once in a mapping: remove or rename the repeat"
            } else {
                "fix the YAML syntax at this place"
            };
            (None, String::new(), format!("YAML syntax: {text}"), help.to_owned())
        }
        FromYamlError::FromNode(e) => {
            let inner: &marked_yaml::Error = e;
            let help = match inner {
                marked_yaml::Error::UnknownFieldError(field, expected, _) => {
                    let guess = crate::diagnostics::did_you_mean(field, expected.iter().copied());
                    let allowed = expected.join(", ");
                    match guess {
                        Some(g) => format!("{g} (allowed here: {allowed})"),
                        None => format!("allowed here: {allowed}"),
                    }
                }
                _ => "see schema/README.md for the expected form".to_owned(),
            };
            (inner.start_mark(), e.path().unwrap_or_default().to_owned(), inner.to_string(), help)
        }
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
