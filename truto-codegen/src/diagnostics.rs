//! Problems found in the schema, each with its place and what to do about it.

use std::fmt;
use std::path::PathBuf;

/// One problem in the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the schema directory.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Where in the YAML, e.g. `endpoint.body.status.support.values.attio`.
    pub yaml_path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The text of the line at `line`, shown under the location like rustc does.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A problem at `place` (1-based line and column, when known) of `file`, at `yaml_path`
    /// (empty for the file's top level). The source line is filled in later, from the file's
    /// text ([`Diagnostics::with_source_lines`]).
    pub fn at(
        file: PathBuf,
        place: Option<(usize, usize)>,
        yaml_path: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) -> Self {
        Diagnostic {
            file,
            line: place.map(|(line, _)| line),
            column: place.map(|(_, column)| column),
            yaml_path: yaml_path.into(),
            message: message.into(),
            help: help.into(),
            source_line: None,
        }
    }

    /// A problem with a whole file (or directory): no line, column or YAML path.
    pub fn for_file(file: PathBuf, message: impl Into<String>, help: impl Into<String>) -> Self {
        Diagnostic::at(file, None, "", message, Some(help.into()))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        write!(f, "  --> {}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            // rustc's layout: a gutter as wide as the line number, a caret under the column.
            let gutter = " ".repeat(line.to_string().len());
            let shown = text.replace('\t', " ");
            write!(f, "\n {gutter} |\n {line} | {shown}")?;
            if let Some(column) = self.column {
                let start = column.saturating_sub(1);
                let width = token_width(&shown, start);
                write!(f, "\n {gutter} | {}{}", " ".repeat(start), "^".repeat(width))?;
            }
        }
        if !self.yaml_path.is_empty() {
            write!(f, "\n   = at: {}", self.yaml_path)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n   = help: {help}")?;
        }
        Ok(())
    }
}

/// How many characters the token starting at `start` spans (at least one).
fn token_width(line: &str, start: usize) -> usize {
    let token =
        line.chars().skip(start).take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | ':' | '#'));
    token.count().max(1)
}

/// Every problem found in one run, sorted by file and position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts the problems by file, line and column, dropping exact repeats.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
        self.0.dedup();
        self
    }

    /// Fills in each problem's source line from the files' texts (by path).
    pub fn with_source_lines<'t>(mut self, texts: impl Fn(&std::path::Path) -> Option<&'t str>) -> Self {
        for diagnostic in &mut self.0 {
            let Some(line) = diagnostic.line else { continue };
            let text = texts(&diagnostic.file).and_then(|t| t.lines().nth(line.checked_sub(1)?));
            diagnostic.source_line = text.map(|t| t.trim_end().to_owned());
        }
        self
    }

    /// Whether there are no problems.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}\n")?;
        }
        let n = self.0.len();
        write!(f, "{n} problem{} in the schema", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// The closest candidate to a misspelt name, if one is close enough to suggest.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate closest to `wrong`, if one is close enough to be what was meant. Ties go to
/// the alphabetically first candidate, so the answer never depends on the candidates' order.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != wrong)
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_and_order_independent() {
        assert_eq!(closest("strng", ["string", "number"]), Some("string"));
        assert_eq!(closest("zohocmr", ["hubspot", "zohocrm"]), Some("zohocrm"));
        assert_eq!(closest("xyz", ["string", "number"]), None);
        assert_eq!(closest("", ["a"]), None);
        assert_eq!(closest("ab", ["abc", "abd"]), closest("ab", ["abd", "abc"]));
        assert_eq!(did_you_mean("descripton", ["type", "description"]).as_deref(), Some("did you mean `description`?"));
    }
}
