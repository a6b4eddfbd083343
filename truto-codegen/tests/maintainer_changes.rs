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
/// that name it, to the integration tables (`Integration`, SUPPORT.md's table of integrations
/// and openapi.json's list), and a column to SUPPORT.md's endpoint × integration matrix, and
/// changes nothing else: every other integration keeps its index, so no field's support data
/// moves.
#[test]
fn a_new_integration_adds_only_the_lines_that_name_it() {
    let before = generate(&schema_dir());
    let copy = changed_copy(&schema_dir(), "integrations.yaml", |text| {
        format!("{text}  - slug: aardvarkcrm\n    name: Aardvark CRM\n    confirmed: false\n")
    });
    let mut after = generate(&copy.0);
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "the same files");
    // The matrix's columns are the integrations by slug: `aardvarkcrm` is the first.
    let support = Path::new("SUPPORT.md");
    let (old_matrix, _) = matrix(&before[support]);
    let (new_matrix, rest) = matrix(&after[support]);
    assert_eq!(old_matrix.len(), new_matrix.len());
    for (row, (old, new)) in old_matrix.iter().zip(&new_matrix).enumerate() {
        let mut cells = new.clone();
        let added = cells.remove(2);
        assert_eq!(&cells, old, "row {row}: one cell added, the others as they were");
        let expected: &[&str] = match row {
            0 => &["Aardvark CRM"],
            1 => &["---"],
            // No page lists it: not supported where a page's list is complete, unknown elsewhere.
            _ => &["✗", "?"],
        };
        assert!(expected.contains(&added.as_str()), "row {row}: `{added}`");
    }
    after.insert(support.to_path_buf(), rest);
    let names_it = |line: &str| ["aardvarkcrm", "Aardvark CRM", "AardvarkCrm"].iter().any(|n| line.contains(n));
    let mut changed = BTreeMap::new();
    for (path, old) in &before {
        let old = if path == support { &matrix(old).1 } else { old };
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
    // `slug()`, `name()`, `is_confirmed()`, `from_slug` and `from_name`. SUPPORT.md (beside its
    // matrix): its row of the table of integrations. openapi.json: its entry of
    // `x-truto-integrations`.
    let expected = [("SUPPORT.md", 1), ("openapi.json", 4), ("src/generated/integration.rs", 9)];
    assert_eq!(changed, expected.map(|(path, n)| (path.to_owned(), n)).into_iter().collect());
}

/// SUPPORT.md's endpoint × integration matrix, each row's cells, and the rest of the text.
fn matrix(text: &str) -> (Vec<Vec<String>>, String) {
    let (mut rows, mut rest) = (Vec::new(), String::new());
    let mut in_matrix = false;
    for line in text.lines() {
        in_matrix = line.starts_with("| Resource | Endpoint |") || (in_matrix && line.starts_with('|'));
        if in_matrix {
            let cells = line.trim_matches('|').split('|').map(|cell| cell.trim().to_owned()).collect();
            rows.push(cells);
        } else {
            rest.push_str(line);
            rest.push('\n');
        }
    }
    assert!(rows.len() > 2, "SUPPORT.md has its matrix");
    (rows, rest)
}

#[test]
fn added_lines_are_what_is_left_of_the_new_text() {
    assert_eq!(added_lines("a\nb\n", "a\nx\nb\ny\n"), Some(vec![(1, "x"), (3, "y")]));
    assert_eq!(added_lines("a\nb\n", "a\nb\n"), Some(vec![]));
    assert_eq!(added_lines("a\nb\n", "a\nc\n"), None, "b was changed");
    assert_eq!(added_lines("a\nb\n", "b\na\n"), None, "lines were moved");
}

fn fixture() -> PathBuf {
    manifest_dir().join("tests/fixtures/all_operations")
}

/// The generated files whose contents differ.
fn changed_files(before: &BTreeMap<PathBuf, String>, after: &BTreeMap<PathBuf, String>) -> Vec<String> {
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "the same files");
    before.keys().filter(|p| before[*p] != after[*p]).map(|p| p.to_string_lossy().into_owned()).collect()
}

/// A new Truto shared query parameter is one entry in `parameters.query` (schema/README.md,
/// "Common changes"): it lands in its group's struct and setter trait at the crate root, and in
/// openapi.json, and nowhere else.
#[test]
fn a_new_shared_query_parameter_is_one_entry_in_the_schema() {
    let before = generate(&fixture());
    let copy = changed_copy(&fixture(), "common.yaml", |text| {
        let added = "  query:\n    truto_ignore_cache:\n      type: boolean\n      description: Skips Truto's cache.\n    \
                     truto_sort_order:\n      type: string\n      operations: [list]\n      enum: [asc, desc]\n      \
                     description: The order of the records.\n";
        text.replacen("  query:\n", added, 1)
    });
    let after = generate(&copy.0);
    // The contract test's cases set the new parameters too.
    assert_eq!(changed_files(&before, &after), ["openapi.json", "src/generated/mod.rs", "tests/contract/cases.rs"]);
    let root = &after[Path::new("src/generated/mod.rs")];
    for expected in [
        // Every endpoint's group, and its setter for requests and calls.
        "pub truto_ignore_cache: Option<bool>,",
        "fn ignore_cache(mut self, value: bool) -> Self {",
        // The list endpoints' group, with its values as an open enum.
        "pub truto_sort_order: Option<TrutoSortOrder>,",
        "fn sort_order(mut self, value: impl Into<TrutoSortOrder>) -> Self {",
        "pub enum TrutoSortOrder {",
    ] {
        assert!(root.contains(expected), "the root module has no `{expected}`");
    }
    let openapi = &after[Path::new("openapi.json")];
    assert!(openapi.contains("\"name\": \"truto_ignore_cache\"") && openapi.contains("\"name\": \"truto_sort_order\""));
}

/// A new scalar type is a variant of `Scalar` and its row of the table of types
/// (`truto_codegen::types::SCALARS`): every row, used by a field, becomes the row's Rust types
/// in records and in requests, is read by the row's lenient reader or as it is, and exports
/// the row's OpenAPI type; nothing else in the generator names a scalar.
#[test]
fn every_row_of_the_table_of_types_is_all_a_scalar_needs() {
    use truto_codegen::types::{RustType, SCALARS};
    let field_of = |spec: &truto_codegen::types::ScalarSpec| format!("f_{:?}", spec.scalar).to_lowercase();
    let typed = |spec: &truto_codegen::types::ScalarSpec| match spec.word {
        Some(word) => format!("{{ type: {word}, description: A field. }}"),
        None => "{ description: A field. }".to_owned(),
    };
    let shape: String = SCALARS.iter().map(|s| format!("      {}: {}\n", field_of(s), typed(s))).collect();
    let params: String = SCALARS.iter().map(|s| format!("    {}: {}\n", field_of(s), typed(s))).collect();
    let copy = changed_copy(&fixture(), "common.yaml", |text| {
        let shape =
            format!("shapes:\n  EveryScalar:\n    description: One field of each scalar type.\n    fields:\n{shape}");
        text.replacen("  query:\n", &format!("  query:\n{params}"), 1).replacen("shapes:\n", &shape, 1)
    });
    let files = generate(&copy.0);
    let (shapes, root) = (&files[Path::new("src/generated/shapes.rs")], &files[Path::new("src/generated/mod.rs")]);
    // How generated code writes a type of the table (a runtime type the module does not import
    // is written from the crate root).
    let written = |ty: RustType| match ty {
        RustType::Primitive(name) | RustType::Runtime(name) => vec![name.to_owned(), format!("crate::{name}")],
        RustType::String => vec!["String".to_owned()],
        RustType::JsonValue => vec!["serde_json::Value".to_owned()],
        RustType::JsonObject => vec!["serde_json::Map<String, serde_json::Value>".to_owned()],
    };
    for spec in &SCALARS {
        let field = field_of(spec);
        let has =
            |text: &str, ty: RustType| written(ty).iter().any(|t| text.contains(&format!("pub {field}: Option<{t}>,")));
        assert!(has(shapes, spec.response), "{field}: the record's type is not {:?}", spec.response);
        assert!(has(root, spec.request), "{field}: the request's type is not {:?}", spec.request);
        let reader = if spec.lenient_reader.is_some() { "scalar" } else { "value" };
        // `"f_text" => field.scalar(3, &mut self.f_text),`: the reader, the field's number, its slot.
        let (arm, slot) = (format!("\"{field}\" => field.{reader}("), format!(", &mut self.{field}),"));
        let reads = shapes.lines().any(|line| line.trim_start().starts_with(&arm) && line.ends_with(&slot));
        assert!(reads, "{field}: no `{arm}N{slot}`");
    }
    let openapi: serde_json::Value = serde_json::from_str(&files[Path::new("openapi.json")]).expect("JSON");
    let properties = &openapi["components"]["schemas"]["EveryScalar"]["properties"];
    for spec in &SCALARS {
        let property = &properties[field_of(spec)];
        assert_eq!(property["format"].as_str(), spec.openapi.format, "{:?}", spec.scalar);
        if let Some(ty) = spec.openapi.ty {
            assert!(property["type"] == ty || property["type"][0] == ty, "{:?}: {property}", spec.scalar);
        }
    }
}

/// A response format the runtime knows, added to the schema (to `truto_response_format`'s
/// values and an endpoint's `response_formats`), makes the endpoint allow the runtime's marker
/// of it. (The generator knows the formats from the runtime's `vocabulary::RESPONSE_FORMATS`,
/// which `tests/vocabulary.rs` checks against the runtime's markers and their values.)
#[test]
fn each_response_format_is_a_runtime_marker_and_a_schema_word() {
    use truto_codegen::model::ResponseFormat;
    for format in ResponseFormat::all() {
        let Some(marker) = format.marker() else { continue };
        // The fixture without the format, then with it.
        let word = format.word();
        let without = ["common.yaml", "list.yaml", "get.yaml", "delete.yaml", "create.yaml"]
            .into_iter()
            .fold(None::<TempDir>, |copy, file| {
                let dir = copy.as_ref().map_or_else(fixture, |c| c.0.clone());
                Some(changed_copy(&dir, file, |text| text.replace(&format!(", {word}"), "")))
            })
            .expect("a copy");
        let (before, after) = (generate(&without.0), generate(&fixture()));
        let allows = format!("impl Allows<crate::request::{marker}> for");
        let widgets = Path::new("src/generated/crm/widgets.rs");
        assert!(!before[widgets].contains(&allows) && after[widgets].contains(&allows), "{format:?}");
        let changed = changed_files(&before, &after);
        let expected =
            ["openapi.json", "src/generated/mod.rs", "src/generated/crm/widgets.rs", "tests/contract/cases.rs"];
        assert!(changed.iter().all(|f| expected.contains(&f.as_str())), "{format:?}: {changed:?}");
    }
}
