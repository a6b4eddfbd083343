//! The changes a maintainer makes most, each made to a copy of a schema, generated, and its
//! generated diff read: what changes, and that nothing else does.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{TempDir, manifest_dir, yaml_files};
use truto_codegen::GeneratedFile;

fn schema_dir() -> PathBuf {
    manifest_dir().join("../schema")
}

/// The generated files by path.
fn generate(dir: &Path) -> BTreeMap<PathBuf, String> {
    let files: Vec<GeneratedFile> =
        truto_codegen::generate(dir, &truto_codegen::Options::new("truto_unified")).unwrap_or_else(|d| panic!("{d}"));
    files.into_iter().map(|f| (f.path, f.contents)).collect()
}

/// A copy of the schema in `dir` with `change` made to the text of the file at `path`.
fn changed_copy(dir: &Path, path: &str, change: impl Fn(&str) -> String) -> TempDir {
    let copy = TempDir::new("maintainer");
    let mut found = false;
    for (relative, text) in yaml_files(dir) {
        let text = if relative == Path::new(path) {
            found = true;
            change(&text)
        } else {
            text
        };
        copy.write(&relative, text.as_bytes());
    }
    assert!(found, "{path} is not in {}", dir.display());
    copy
}

/// The lines of `after` that are not in `before` with their indices in `after`, when `after`
/// is `before` with lines added (`None` when a line of `before` was changed or removed):
/// `before` is then a subsequence of `after`, and what is left over was added.
fn added_lines<'a>(before: &str, after: &'a str) -> Option<Vec<(usize, &'a str)>> {
    let mut old = before.lines().peekable();
    let mut added = Vec::new();
    for (index, line) in after.lines().enumerate() {
        if old.peek() == Some(&line) {
            old.next();
        } else {
            added.push((index, line));
        }
    }
    old.next().is_none().then_some(added)
}

/// Adding an integration at the end of `integrations.yaml` (what import does) adds the lines
/// that name it, to the integration table (`Integration`, SUPPORT.md's first table and
/// openapi.json's list), and changes no other line: every other integration keeps its index,
/// so no field's support data moves.
#[test]
fn a_new_integration_adds_only_the_lines_that_name_it() {
    let before = generate(&schema_dir());
    let copy = changed_copy(&schema_dir(), "integrations.yaml", |text| {
        format!("{text}  - slug: aardvarkcrm\n    name: Aardvark CRM\n    confirmed: false\n")
    });
    let after = generate(&copy.0);
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "the same files");
    let names_it = |line: &str| ["aardvarkcrm", "Aardvark CRM", "AardvarkCrm"].iter().any(|n| line.contains(n));
    let mut changed = BTreeMap::new();
    for (path, old) in &before {
        let new = &after[path];
        let added =
            added_lines(old, new).unwrap_or_else(|| panic!("{} changed a line, not only added", path.display()));
        for (n, &(index, line)) in added.iter().enumerate() {
            // A doc comment that names it may go on over more lines.
            let doc_goes_on = line.trim_start().starts_with("///") && n > 0 && added[n - 1].0 + 1 == index;
            // openapi.json's entry is an object: its braces name nothing.
            let json_punctuation = path.ends_with("openapi.json") && matches!(line.trim(), "{" | "}," | "}");
            assert!(
                names_it(line) || doc_goes_on || json_punctuation,
                "{}: `{line}` does not name the integration",
                path.display()
            );
        }
        if !added.is_empty() {
            changed.insert(path.to_string_lossy().into_owned(), added.len());
        }
    }
    // The enum: its variant with its docs (two lines: its slug is not confirmed), `ALL`,
    // `slug()`, `name()`, `is_confirmed()`, `from_slug` and `from_name`. SUPPORT.md: its row of the first table. openapi.json: its
    // entry of `x-truto-integrations`.
    let expected = [("SUPPORT.md", 1), ("openapi.json", 4), ("src/generated/integration.rs", 9)];
    assert_eq!(changed, expected.map(|(path, n)| (path.to_owned(), n)).into_iter().collect());
}

#[test]
fn added_lines_are_what_is_left_of_the_new_text() {
    assert_eq!(added_lines("a\nb\n", "a\nx\nb\ny\n"), Some(vec![(1, "x"), (3, "y")]));
    assert_eq!(added_lines("a\nb\n", "a\nb\n"), Some(vec![]));
    assert_eq!(added_lines("a\nb\n", "a\nc\n"), None, "b was changed");
    assert_eq!(added_lines("a\nb\n", "b\na\n"), None, "lines were moved");
}
