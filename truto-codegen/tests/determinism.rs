//! The output depends only on what the schema says: two runs give byte-identical files, and so
//! does a copy of `schema/` with every file renamed and moved, and every mapping's keys in
//! reverse order.

mod common;

use std::path::{Path, PathBuf};

use common::{TempDir, yaml_files};
use marked_yaml::Node;
use truto_codegen::GeneratedFile;

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema")
}

fn generate(dir: &Path) -> Vec<GeneratedFile> {
    truto_codegen::generate(dir, &truto_codegen::Options::new("truto_unified")).unwrap_or_else(|d| panic!("{d}"))
}

/// Fails naming the first file that differs.
fn assert_same_output(expected: &[GeneratedFile], actual: &[GeneratedFile]) {
    let paths = |files: &[GeneratedFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(expected), paths(actual), "different files were generated");
    for (e, a) in expected.iter().zip(actual) {
        assert!(
            e.contents == a.contents,
            "{} differs:\n--- expected\n{}\n--- actual\n{}",
            e.path.display(),
            e.contents,
            a.contents
        );
    }
}

/// The YAML text of `node` in flow style (`{"k": v}`, `["a"]`, every scalar double-quoted),
/// with the keys of every mapping in reverse order. Scalars keep their exact text, so the
/// document means the same to the loader (whose scalars are all text until deserialized).
fn reversed_yaml(node: &Node, out: &mut String) {
    match node {
        Node::Scalar(scalar) => quote(scalar.as_str(), out),
        Node::Sequence(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                reversed_yaml(item, out);
            }
            out.push(']');
        }
        Node::Mapping(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().rev().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                quote(key.as_str(), out);
                out.push_str(": ");
                reversed_yaml(value, out);
            }
            out.push('}');
        }
    }
}

/// `text` as a YAML double-quoted scalar.
fn quote(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The first-level keys of a YAML text, in order (to check that reordering happened).
fn top_keys(text: &str) -> Vec<String> {
    let node = marked_yaml::parse_yaml(0, text).unwrap();
    node.as_mapping().unwrap().keys().map(|k| k.as_str().to_owned()).collect()
}

#[test]
fn two_runs_give_identical_output() {
    let first = generate(&schema_dir());
    let second = generate(&schema_dir());
    assert!(!first.is_empty());
    assert_same_output(&first, &second);
}

#[test]
fn file_names_layout_and_key_order_do_not_matter() {
    let expected = generate(&schema_dir());
    let files = yaml_files(&schema_dir());
    assert!(files.len() > 3, "schema/ should have several files");
    let copy = TempDir::new("determinism");
    let n = files.len();
    let mut new_paths = Vec::new();
    for (i, (path, text)) in files.iter().enumerate() {
        // Every file under another name (its path reversed), in another folder, half of them
        // nested and with the `.yml` extension, sorting in the reverse order of the originals:
        // the first file, `crm/accounts/delete.yaml`, becomes `fNN/nested/lmay.eteled_stnuocca_mrc.yaml`
        // with NN the highest folder number.
        let flat: String = path.to_string_lossy().replace(['/', '\\'], "_").chars().rev().collect();
        let folder = format!("f{:02}", n - 1 - i);
        let new_path = if i % 2 == 0 {
            PathBuf::from(&folder).join("nested").join(format!("{flat}.yaml"))
        } else {
            PathBuf::from(&folder).join(format!("{flat}.yml"))
        };
        let node = marked_yaml::parse_yaml(0, text).unwrap();
        let mut reordered = String::new();
        reversed_yaml(&node, &mut reordered);
        reordered.push('\n');
        let mut keys = top_keys(text);
        if keys.len() > 1 {
            keys.reverse();
            assert_eq!(top_keys(&reordered), keys, "{} was not reordered", path.display());
        }
        let target = copy.0.join(&new_path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, reordered).unwrap();
        new_paths.push(new_path);
    }
    // Sorted, the copies come in the reverse order of the originals.
    let mut sorted = new_paths.clone();
    sorted.sort();
    new_paths.reverse();
    assert_eq!(sorted, new_paths);

    let actual = generate(&copy.0);
    assert_same_output(&expected, &actual);
}

/// The re-emitter itself: a nested document survives with its values and reversed keys.
#[test]
fn the_reorderer_keeps_values_and_reverses_keys() {
    let text = "a: 1\nb:\n  c: \"x: \\\"y\\\"\"\n  d: [e, f]\n  g: |\n    two\n    lines\n";
    let node = marked_yaml::parse_yaml(0, text).unwrap();
    let mut out = String::new();
    reversed_yaml(&node, &mut out);
    assert_eq!(
        out,
        "{\"b\": {\"g\": \"two\\nlines\\n\",\n\"d\": [\"e\", \"f\"],\n\"c\": \"x: \\\"y\\\"\"},\n\"a\": \"1\"}"
    );
    let again = marked_yaml::parse_yaml(0, &out).unwrap();
    let b = again.as_mapping().unwrap().get_mapping("b").unwrap();
    assert_eq!(b.get_scalar("c").unwrap().as_str(), "x: \"y\"");
    assert_eq!(b.get_scalar("g").unwrap().as_str(), "two\nlines\n");
}

/// `generate` emits and formats files on all cores; the result is the same as doing it on one.
#[test]
fn parallel_emission_equals_sequential() {
    let schema = truto_codegen::load_schema(&schema_dir()).unwrap_or_else(|d| panic!("{d}"));
    let parallel = truto_codegen::emit::emit(&schema, &truto_codegen::Options::new("truto_unified")).unwrap();
    let sequential = truto_codegen::emit::render(truto_codegen::emit::emit_tokens(
        &schema,
        &truto_codegen::Options::new("truto_unified"),
    ))
    .unwrap();
    assert_same_output(&sequential, &parallel);
}
