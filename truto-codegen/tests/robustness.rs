//! The loader and checker never panic: arbitrary text, YAML-like token soup and mutations of the
//! real schema files are thrown at them, and each run must end in `Ok` or in diagnostics.
//!
//! A bounded property test (a few hundred cases per property, small inputs), so it runs in a
//! few seconds inside `cargo test`. proptest catches a panic, shrinks the input and reports it.
//! Set `PROPTEST_CASES` to run more cases.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{TempDir, manifest_dir, yaml_files};

use proptest::prelude::*;
use proptest::test_runner::Config;

/// The schemas mutations start from: the real one and the small valid base of the error fixtures.
fn base_schemas() -> Vec<Vec<(PathBuf, String)>> {
    static BASES: OnceLock<Vec<Vec<(PathBuf, String)>>> = OnceLock::new();
    BASES
        .get_or_init(|| {
            vec![
                yaml_files(&manifest_dir().join("../schema")),
                yaml_files(&manifest_dir().join("tests/fixtures/errors/valid_base")),
            ]
        })
        .clone()
}

/// Applies each file's mutations to base schema `schema` (files picked modulo the count),
/// writes the result to a scratch directory and loads it.
fn load_mutated(schema: usize, files: &[(usize, Vec<Mutation>)]) {
    let mut base = base_schemas().swap_remove(schema);
    for (file, mutations) in files {
        let file = file % base.len();
        let text = mutations.iter().fold(base[file].1.clone(), |text, m| apply(&text, m));
        base[file].1 = text;
    }
    let dir = TempDir::new("robustness");
    for (path, text) in &base {
        dir.write(path, text.as_bytes());
    }
    load(&dir.0);
}

/// Loads (and, when that succeeds, emits) the schema in `dir`. Diagnostics are fine; a
/// panic is the failure this test looks for. Every diagnostic must also render.
fn load(dir: &Path) {
    match truto_codegen::load_schema(dir) {
        Ok(schema) => {
            // A schema the checker accepts must also be one the emitter can handle.
            let files = match truto_codegen::emit::emit(&schema, &truto_codegen::Options::new("fuzzed")) {
                Ok(files) => files,
                Err(message) => panic!("the checker accepted a schema the emitter cannot handle: {message}"),
            };
            // Doc blocks and the support tables are printed as text, not formatted from
            // tokens: what catches a printing bug is reading every file back as Rust.
            for file in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
                if let Err(e) = syn::parse_file(&file.contents) {
                    panic!("generated {} does not parse: {e}", file.path.display());
                }
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            let _ = problems.to_string();
        }
    }
}

/// Bits of YAML and of the schema language, for token soup and for replacing tokens.
const TOKENS: &[&str] = &[
    "\n",
    "\n  ",
    "\n    ",
    "\n- ",
    "  ",
    "- ",
    ": ",
    ":",
    ",",
    "[",
    "]",
    "{",
    "}",
    "[]",
    "{}",
    "\"",
    "'",
    "#",
    "|",
    ">",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "---\n",
    "...\n",
    "\t",
    "~",
    "null",
    "true",
    "no",
    "1",
    "-1",
    "1e999",
    "0x1F",
    "é",
    "日本",
    "💥",
    "\u{0}",
    "\u{feff}",
    "\r\n",
    "\\",
    "%",
    "@",
    "`",
    "integrations",
    "parameters",
    "shapes",
    "api",
    "resource",
    "endpoint",
    "slug",
    "name",
    "fields",
    "type",
    "enum",
    "support",
    "values",
    "required",
    "supported",
    "references",
    "path",
    "query",
    "body",
    "response",
    "operation",
    "custom",
    "list",
    "get",
    "update",
    "delete",
    "create",
    "http",
    "PATCH",
    "POST",
    "path_params",
    "response_formats",
    "type_name",
    "rust_name",
    "value_docs",
    "object",
    "object[]",
    "string[]",
    "Tag",
    "Tag[]",
    "map",
    "{id}",
    "{",
    "/unified/crm/",
    "accounts.id",
    "self",
    "Self",
    "type",
    "r#type",
    "_",
    "-",
    "foo-bar",
    "foo_bar",
    "Unknown",
];

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(TOKENS).prop_map(str::to_owned),
        1 => "\\PC{0,6}",
        1 => "[a-zA-Z_ -]{1,8}",
    ]
}

/// Text the schema gives meaning to, or nearly: for values and keys that stay valid YAML.
const VALUES: &[&str] = &[
    "",
    " ",
    "[]",
    "[][]",
    "Tag[]",
    "Tag[][]",
    "object",
    "object[]",
    "string[]",
    "map[]",
    "Tags",
    "tag",
    "{",
    "}",
    "{id}",
    "{}",
    "{id",
    "/unified/crm/widgets",
    "/unified/crm/widgets/{id}",
    "/unified/crm/widgets/{}",
    "/unified/crm/widgets/{",
    "hubspot",
    "HubSpot",
    "zohocrm",
    "Zoho CRM",
    "self",
    "Self",
    "crate",
    "super",
    "_",
    "type",
    "r#type",
    "Unknown",
    "unknown",
    "1st",
    "é",
    "Négociation",
    "日本",
    "💥",
    "a.b",
    "owners.id",
    "owners.",
    ".id",
    ".",
    "accounts.id",
    "id",
    "list",
    "custom",
    "update",
    "batch-delete",
    "GET",
    "POST",
    "unified",
    "raw",
    "ResponseFormat",
    "Widget",
    "WidgetOwner",
    "UpdateWidgetBody",
    "foo-bar",
    "foo_bar",
    "Foo",
    "a b",
    "\t",
    "\n",
    "null",
    "true",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![4 => proptest::sample::select(VALUES).prop_map(str::to_owned), 1 => "\\PC{0,8}"]
}

/// `text` as a YAML double-quoted string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One change to a file's text.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    /// Replaces the `n`th whitespace-separated token of a line.
    ReplaceToken(usize, usize, String),
    Insert(usize, String),
    /// Replaces the `n`th value (`key: value`, block or flow) of a line with a quoted string,
    /// keeping the YAML valid so that the checker sees the garbage.
    ReplaceValue(usize, usize, String),
    /// Replaces the `n`th key of a line with a quoted string.
    ReplaceKey(usize, usize, String),
    Indent(usize, bool),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<usize>();
    prop_oneof![
        1 => i.prop_map(Mutation::DeleteLine),
        1 => i.prop_map(Mutation::DuplicateLine),
        1 => (i, i).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        3 => (i, i, token()).prop_map(|(l, t, g)| Mutation::ReplaceToken(l, t, g)),
        2 => (i, token()).prop_map(|(at, text)| Mutation::Insert(at, text)),
        6 => (i, i, value()).prop_map(|(l, n, v)| Mutation::ReplaceValue(l, n, v)),
        3 => (i, i, value()).prop_map(|(l, n, v)| Mutation::ReplaceKey(l, n, v)),
        1 => (i, any::<bool>()).prop_map(|(l, more)| Mutation::Indent(l, more)),
        1 => i.prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let n = lines.len();
    match mutation {
        Mutation::DeleteLine(l) => {
            lines.remove(l % n);
        }
        Mutation::DuplicateLine(l) => {
            let line = lines[l % n].clone();
            lines.insert(l % n, line);
        }
        Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
        Mutation::ReplaceToken(l, t, garbage) => {
            let line = &lines[l % n];
            let words: Vec<&str> = line.split(' ').collect();
            let t = t % words.len();
            let replaced: Vec<&str> =
                words.iter().enumerate().map(|(i, w)| if i == t { garbage.as_str() } else { w }).collect();
            lines[l % n] = replaced.join(" ");
        }
        Mutation::Insert(at, garbage) => {
            let chars: Vec<char> = text.chars().collect();
            let at = at % (chars.len() + 1);
            return chars[..at]
                .iter()
                .chain(garbage.chars().collect::<Vec<_>>().iter())
                .chain(chars[at..].iter())
                .collect();
        }
        Mutation::ReplaceValue(l, k, garbage) => {
            let line = &lines[l % n];
            let colons: Vec<usize> = line.match_indices(": ").map(|(i, _)| i + 2).collect();
            if let Some(start) = colons.get(k % colons.len().max(1)).copied() {
                let in_flow = line[..start].contains('{');
                let end =
                    if in_flow { line[start..].find([',', '}']).map_or(line.len(), |e| start + e) } else { line.len() };
                lines[l % n] = format!("{}{}{}", &line[..start], quoted(garbage), &line[end..]);
            }
        }
        Mutation::ReplaceKey(l, k, garbage) => {
            let line = &lines[l % n];
            let colons: Vec<usize> = line
                .match_indices(':')
                .map(|(i, _)| i)
                .filter(|i| line[i + 1..].is_empty() || line[i + 1..].starts_with(' '))
                .collect();
            if let Some(end) = colons.get(k % colons.len().max(1)).copied() {
                let start = line[..end].rfind(['{', ',', ' ']).map_or(0, |s| s + 1);
                lines[l % n] = format!("{}{}{}", &line[..start], quoted(garbage), &line[end..]);
            }
        }
        Mutation::Indent(l, more) => {
            let line = &mut lines[l % n];
            if *more {
                line.insert_str(0, "  ");
            } else if let Some(rest) = line.strip_prefix(' ') {
                *line = rest.to_owned();
            }
        }
        Mutation::Truncate(at) => {
            let chars: Vec<char> = text.chars().collect();
            return chars[..at % (chars.len() + 1)].iter().collect();
        }
    }
    lines.join("\n") + "\n"
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256);
    Config { cases, failure_persistence: None, max_shrink_iters: 2048, ..Config::default() }
}

proptest! {
    #![proptest_config(config())]

    /// Any text at all, as the only schema file.
    #[test]
    fn any_text_alone(text in "\\PC{0,200}") {
        let dir = TempDir::new("robustness");
        dir.write(Path::new("schema.yaml"), text.as_bytes());
        load(&dir.0);
    }

    /// Any bytes, as one more file beside a valid schema (not UTF-8, mostly).
    #[test]
    fn any_bytes_beside_a_valid_schema(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let dir = TempDir::new("robustness");
        for (path, text) in &base_schemas()[1] {
            dir.write(path, text.as_bytes());
        }
        dir.write(Path::new("extra.yaml"), &bytes);
        load(&dir.0);
    }

    /// YAML-like token soup, replacing one file of a valid schema.
    #[test]
    fn token_soup_in_a_valid_schema(tokens in proptest::collection::vec(token(), 0..60), file in any::<usize>()) {
        let base = &base_schemas()[1];
        let file = file % base.len();
        let dir = TempDir::new("robustness");
        for (i, (path, text)) in base.iter().enumerate() {
            let text = if i == file { tokens.concat() } else { text.clone() };
            dir.write(path, text.as_bytes());
        }
        load(&dir.0);
    }

    /// The real schema files with a few lines deleted, duplicated, swapped, re-indented, a
    /// token replaced with garbage, or the file cut short.
    #[test]
    fn mutated_schema_files(
        schema in 0..2usize,
        files in proptest::collection::vec((any::<usize>(), proptest::collection::vec(mutation(), 1..4)), 1..3),
    ) {
        load_mutated(schema, &files);
    }
}

fn value_mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<usize>();
    prop_oneof![
        3 => (i, i, value()).prop_map(|(l, n, v)| Mutation::ReplaceValue(l, n, v)),
        1 => (i, i, value()).prop_map(|(l, n, v)| Mutation::ReplaceKey(l, n, v)),
    ]
}

proptest! {
    #![proptest_config(config())]

    /// Keys and values of the real schema files replaced by names the schema gives meaning to
    /// (or nearly), the YAML staying valid: this is what reaches the checker.
    #[test]
    fn schema_files_with_other_names(
        schema in 0..2usize,
        files in proptest::collection::vec((any::<usize>(), proptest::collection::vec(value_mutation(), 1..4)), 1..3),
    ) {
        load_mutated(schema, &files);
    }
}

/// Inputs that once were, or easily could be, trouble, checked every run.
#[test]
fn known_awkward_inputs() {
    let cases: &[&str] = &[
        "",
        "---\n...\n",
        "---\na: 1\n---\nb: 2\n",
        "[]",
        "{}",
        "~",
        "a: &x 1\nb: *x\n",
        "*x",
        "? [a]\n: b\n",
        "!!map {}",
        "endpoint:\n  path: \"{\"\n",
        "shapes:\n  \"\":\n    fields: {}\n",
        "shapes:\n  T:\n    fields:\n      a: { type: \"[]\" }\n      b: { type: \"[][]\" }\n      c: { type: \"\" }\n",
        "integrations:\n  - slug: \"\"\n    name: \"\"\n",
        "api:\n  name: \"\"\n  resources: [\"\"]\nresource:\n  api: \"\"\n  name: \"\"\n  model: \"\"\n  fields: {}\n",
        "resource:\n  api: crm\n  name: x\n  model: 日本\n  fields:\n    é: { type: object, fields: { \"\": {} } }\n",
        "\t- a",
        "a:\n\tb: 1\n",
        "a: [b, {c: [d\n",
        "a: \"unterminated\n",
        "\u{feff}a: 1\n",
        "a: 1\r\nb: 2\r\n",
    ];
    for text in cases {
        let dir = TempDir::new("robustness");
        dir.write(Path::new("schema.yaml"), text.as_bytes());
        load(&dir.0);
        // And beside a valid schema, where the checker has more to work with.
        let dir = TempDir::new("robustness");
        for (path, base_text) in &base_schemas()[1] {
            dir.write(path, base_text.as_bytes());
        }
        dir.write(Path::new("extra.yaml"), text.as_bytes());
        load(&dir.0);
    }
}
