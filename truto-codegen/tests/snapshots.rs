//! Snapshots of everything the generator emits, for schema/ and for the fixture schemas.
//! Review changes with `cargo insta review` (or read the `.snap.new` files) before accepting.

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn assert_generated_snapshots(prefix: &str, schema_dir: &Path) {
    let files = truto_codegen::generate(schema_dir).unwrap_or_else(|d| panic!("{d}"));
    assert!(!files.is_empty());
    for file in files {
        let name = format!("{prefix}__{}", file.path.display()).replace(['/', '.'], "_");
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn schema_output() {
    assert_generated_snapshots("schema", &Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema"));
}

#[test]
fn all_operations_output() {
    assert_generated_snapshots("all_operations", &fixture("all_operations"));
}

#[test]
fn awkward_names_output() {
    assert_generated_snapshots("awkward_names", &fixture("awkward_names"));
}
