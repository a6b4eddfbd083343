//! `cargo xtask verify-docs DIR`: compares Truto's API reference pages (plain-text captures,
//! `*.txt` in DIR) with the schema and reports every difference, so maintainers notice when
//! Truto's docs drift from what the schema says.
//!
//! - [`run`] is the subcommand: load the schema, verify the pages, print the report, and exit
//!   with 0 (no differences), 1 (differences) or 2 (the schema or DIR could not be read).
//! - [`verify_dir`] does the work on an already loaded schema and returns a [`Report`].
//! - [`truto_codegen::pages::parse_page`] turns one page into a
//!   [`DocPage`](truto_codegen::pages::DocPage) without looking at the schema;
//!   [`compare::compare`] lists the [`compare::Difference`]s between it and the schema.

pub mod compare;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::process::ExitCode;

use truto_codegen::model::Schema;

use compare::{Counts, Difference};

/// The result of verifying a directory of pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// One entry per page, sorted by file name.
    pub files: Vec<FileReport>,
    /// How much was compared, over all pages.
    pub counts: Counts,
    /// Schema endpoints (`METHOD /path`) no page covers. Not an error: the schema may know
    /// more endpoints than a directory holds.
    pub uncovered: Vec<String>,
}

/// What one page yielded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file name within DIR.
    pub file: String,
    /// `METHOD /path` when the page could be parsed.
    pub endpoint: Option<String>,
    /// Why the page could not be read or parsed.
    pub error: Option<String>,
    /// Every difference from the schema.
    pub differences: Vec<Difference>,
}

impl Report {
    /// Whether every page was read and matches the schema.
    pub fn is_clean(&self) -> bool {
        self.files.iter().all(|f| f.error.is_none() && f.differences.is_empty())
    }

    /// The number of differences and unreadable pages.
    pub fn problems(&self) -> usize {
        self.files.iter().map(|f| f.differences.len() + usize::from(f.error.is_some())).sum()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for file in &self.files {
            let endpoint = file.endpoint.as_deref().unwrap_or("?");
            let n = file.differences.len();
            writeln!(f, "{}: {endpoint}: {n} difference{}", file.file, plural(n))?;
            if let Some(error) = &file.error {
                writeln!(f, "  error: {error}")?;
            }
            for difference in &file.differences {
                writeln!(f, "  {difference}")?;
            }
        }
        let c = &self.counts;
        writeln!(
            f,
            "summary: {} files read, {} endpoints checked, {} fields compared, {} marks compared, \
             {} problems",
            self.files.len(),
            c.endpoints,
            c.fields,
            c.marks,
            self.problems()
        )?;
        if self.uncovered.is_empty() {
            writeln!(f, "every schema endpoint is covered by a page")
        } else {
            writeln!(f, "schema endpoints no page covers ({}):", self.uncovered.len())?;
            self.uncovered.iter().try_for_each(|e| writeln!(f, "  {e}"))
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Loads the schema from `schema_dir`, verifies the pages in `pages_dir` and prints the report.
/// Exit code: 0 when everything matches, 1 on differences, 2 when nothing could be compared.
pub fn run(schema_dir: &Path, pages_dir: &Path) -> ExitCode {
    let schema = match truto_codegen::load_schema(schema_dir) {
        Ok(schema) => schema,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::from(2);
        }
    };
    match verify_dir(&schema, pages_dir) {
        Ok(report) => {
            print!("{report}");
            if report.is_clean() { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Err(error) => {
            eprintln!("verify-docs: {error}");
            ExitCode::from(2)
        }
    }
}

/// Parses and compares every `*.txt` page in `dir` (README excluded). Fails only when the
/// directory cannot be listed or holds no page.
pub fn verify_dir(schema: &Schema, dir: &Path) -> Result<Report, String> {
    let files = page_files(dir)?;
    let mut counts = Counts::default();
    let mut covered = BTreeSet::new();
    let mut reports = Vec::new();
    for file in files {
        let name = file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let report = match std::fs::read_to_string(&file) {
            Ok(text) => verify_text(schema, name, &text, &mut counts, &mut covered),
            Err(e) => failed(name, None, format!("cannot read: {e}")),
        };
        reports.push(report);
    }
    Ok(Report { files: reports, counts, uncovered: uncovered(schema, &covered) })
}

/// The `*.txt` files of `dir` except READMEs, sorted.
pub(crate) fn page_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| p.file_stem().is_some_and(|s| !s.to_string_lossy().eq_ignore_ascii_case("readme")))
        .collect();
    if files.is_empty() {
        return Err(format!("no *.txt pages in {}", dir.display()));
    }
    files.sort();
    Ok(files)
}

/// Parses and compares one page's text.
fn verify_text(
    schema: &Schema,
    file: String,
    text: &str,
    counts: &mut Counts,
    covered: &mut BTreeSet<String>,
) -> FileReport {
    let page = match truto_codegen::pages::parse_page(text) {
        Ok(page) => page,
        Err(e) => return failed(file, None, e),
    };
    let endpoint = format!("{} {}", page.http_method, page.path);
    if let Some((_, found)) = compare::find_endpoint(schema, &page.http_method, &page.path) {
        covered.insert(found.title());
    }
    let (differences, page_counts) = compare::compare_counting(schema, &page);
    *counts += page_counts;
    FileReport { file, endpoint: Some(endpoint), error: None, differences }
}

fn failed(file: String, endpoint: Option<String>, error: String) -> FileReport {
    FileReport { file, endpoint, error: Some(error), differences: Vec::new() }
}

/// Schema endpoints (`METHOD /path`) not in `covered`.
fn uncovered(schema: &Schema, covered: &BTreeSet<String>) -> Vec<String> {
    schema
        .apis
        .iter()
        .flat_map(|api| &api.resources)
        .flat_map(|r| &r.endpoints)
        .map(|e| e.title())
        .filter(|e| !covered.contains(e))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::compare::tests::{PAGE, schema};
    use super::*;

    /// A fresh scratch directory for one test.
    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("verify-docs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        dir
    }

    #[test]
    fn reads_pages_skips_others_and_lists_uncovered_endpoints() {
        let dir = scratch("clean");
        std::fs::write(dir.join("000.txt"), PAGE).expect("write page");
        std::fs::write(dir.join("README.txt"), "not a page").expect("write readme");
        std::fs::write(dir.join("notes.md"), "not a page").expect("write notes");
        let report = verify_dir(&schema(), &dir).expect("verify");
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(report.files.len(), 1);
        assert_eq!(report.files[0].file, "000.txt");
        assert!(report.is_clean(), "{report}");
        assert_eq!(report.uncovered, ["GET /unified/crm/engagements/{id}"]);
        let text = report.to_string();
        assert!(
            text.contains(
                "summary: 1 files read, 1 endpoints checked, 7 fields compared, 3 marks compared, 0 problems"
            )
        );
        assert!(text.contains("schema endpoints no page covers (1):\n  GET /unified/crm/engagements/{id}"));
    }

    #[test]
    fn differences_and_unparsable_pages_make_the_report_unclean() {
        let dir = scratch("dirty");
        std::fs::write(dir.join("000.txt"), PAGE.replace("Keap\nsupported", "Keap\nrequired")).expect("write page");
        std::fs::write(dir.join("001.txt"), "no request line").expect("write page");
        let report = verify_dir(&schema(), &dir).expect("verify");
        std::fs::remove_dir_all(&dir).ok();
        assert!(!report.is_clean());
        // The mark itself, the marks header that no longer matches, the unparsable page.
        assert_eq!(report.problems(), 3, "{report}");
        let text = report.to_string();
        assert!(text.contains("announces 1 required but lists 2"), "{text}");
        assert!(text.contains("Keap: page says required, schema says supported"), "{text}");
        assert!(text.contains("001.txt: ?: 0 differences\n  error: no `METHOD /path` line"), "{text}");
    }

    #[test]
    fn a_directory_without_pages_is_an_error() {
        let dir = scratch("empty");
        let result = verify_dir(&schema(), &dir);
        std::fs::remove_dir_all(&dir).ok();
        assert!(result.is_err());
        assert!(verify_dir(&schema(), Path::new("/nonexistent/verify-docs")).is_err());
    }
}
