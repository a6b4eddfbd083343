//! `cargo xtask codegen [--check]`: brings `truto-generated/` in line with `schema/`.
//!
//! The generated crates' `[features]` (one per resource) are kept in step too, the rest of
//! their `Cargo.toml` left alone (see [`crate::features`]).
//!
//! Only files whose content changed are written, each atomically (a temporary file, then a
//! rename), and generated files the schema no longer produces are removed. With `--check`
//! nothing is written: every stale file is named with the command that fixes it. On a schema
//! error nothing is touched.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use truto_codegen::{Diagnostics, GeneratedFile};

use crate::files::write_atomically;

/// The directory below which every file is generated (anything else there is stale).
const GENERATED_DIR: &str = "src/generated";

/// Why a run could not bring the crates in line; nothing was written.
#[derive(Debug)]
pub enum CodegenError {
    /// A schema has problems.
    Schema(Diagnostics),
    /// A generated crate's `Cargo.toml` cannot be read as one codegen keeps in step.
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A file could not be read or written.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        error: io::Error,
    },
}

impl std::fmt::Display for CodegenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodegenError::Schema(diagnostics) => write!(f, "{diagnostics}"),
            CodegenError::Manifest { path, message } => write!(f, "{}: {message}", path.display()),
            CodegenError::Io { path, error } => write!(f, "cannot update {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for CodegenError {}

/// What a run found or did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The file did not exist.
    Added(PathBuf),
    /// The file's content differed.
    Updated(PathBuf),
    /// A generated file the schema no longer produces.
    Removed(PathBuf),
}

impl Change {
    /// One line saying what was done (`Write`) or what is wrong (`Check`).
    pub fn describe(&self, mode: Mode) -> String {
        let (word, path) = match (self, mode) {
            (Change::Added(p), Mode::Write) => ("wrote   ", p),
            (Change::Updated(p), Mode::Write) => ("updated ", p),
            (Change::Removed(p), Mode::Write) => ("removed ", p),
            (Change::Added(p), Mode::Check) => ("missing ", p),
            (Change::Updated(p), Mode::Check) => ("stale   ", p),
            (Change::Removed(p), Mode::Check) => ("obsolete", p),
        };
        format!("{word} {}", path.display())
    }
}

/// Whether to write the changes or only report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write changed files and remove obsolete ones.
    Write,
    /// Report what would change; touch nothing.
    Check,
}

/// The workspace root (this crate lives in `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// A schema and the crate generated from it.
#[derive(Debug, Clone)]
pub struct Target {
    /// The schema directory.
    pub schema: PathBuf,
    /// The generated crate's directory.
    pub crate_dir: PathBuf,
    /// The generated crate's name, as code writes it (for the examples in its docs).
    pub crate_name: String,
}

/// The generated client crate's name as code writes it (package `truto-unified`).
pub const CLIENT_CRATE: &str = "truto_unified";

/// Everything `cargo xtask codegen` generates: the client from `schema/`, and golden crates
/// from two fixtures (every operation kind; awkward names), proof that such output compiles.
pub fn targets(root: &Path) -> Vec<Target> {
    vec![
        Target {
            schema: root.join("schema"),
            crate_dir: root.join("truto-generated"),
            crate_name: CLIENT_CRATE.into(),
        },
        Target {
            schema: root.join("truto-codegen/tests/fixtures/all_operations"),
            crate_dir: root.join("golden"),
            crate_name: "truto_golden".into(),
        },
        Target {
            schema: root.join("truto-codegen/tests/fixtures/awkward_names"),
            crate_dir: root.join("golden-awkward"),
            crate_name: "truto_golden_awkward".into(),
        },
    ]
}

/// The target for any schema and crate (`cargo xtask codegen --schema DIR --crate DIR`): the
/// crate's name is its package name in its `Cargo.toml`.
pub fn custom_target(schema: &Path, crate_dir: &Path) -> Result<Target, CodegenError> {
    let manifest = crate_dir.join(MANIFEST);
    let text = fs::read_to_string(&manifest).map_err(|error| CodegenError::Io { path: manifest.clone(), error })?;
    let invalid = |message: String| CodegenError::Manifest { path: manifest.clone(), message };
    let doc: toml_edit::DocumentMut = text.parse().map_err(|e| invalid(format!("not a valid Cargo.toml: {e}")))?;
    let name = doc
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .ok_or_else(|| invalid("it names no package".to_owned()))?;
    Ok(Target { schema: schema.to_path_buf(), crate_dir: crate_dir.to_path_buf(), crate_name: name.replace('-', "_") })
}

/// Syncs every target; nothing is written unless every schema is free of errors.
pub fn sync_all(root: &Path, mode: Mode) -> Result<Vec<Change>, CodegenError> {
    sync_targets(root, &targets(root), mode)
}

/// Syncs `targets` (changes are named relative to `root`).
pub fn sync_targets(root: &Path, targets: &[Target], mode: Mode) -> Result<Vec<Change>, CodegenError> {
    let mut generated = Vec::new();
    for target in targets {
        generated.push(generate_checked(target)?);
    }
    let mut changes = Vec::new();
    for (target, generated) in targets.iter().zip(&generated) {
        let relative = target.crate_dir.strip_prefix(root).unwrap_or(&target.crate_dir);
        let update = |error: io::Error| CodegenError::Io { path: target.crate_dir.clone(), error };
        let mut found = sync_files(&generated.files, &target.crate_dir, mode).map_err(update)?;
        found.extend(sync_manifest(&generated.manifest, &target.crate_dir, mode).map_err(update)?);
        changes.extend(found.into_iter().map(|change| prefix_change(relative, change)));
    }
    Ok(changes)
}

fn prefix_change(prefix: &Path, change: Change) -> Change {
    match change {
        Change::Added(p) => Change::Added(prefix.join(p)),
        Change::Updated(p) => Change::Updated(prefix.join(p)),
        Change::Removed(p) => Change::Removed(prefix.join(p)),
    }
}

/// A target's generated files and its manifest's text with `[features]` in step.
struct Generated {
    files: Vec<GeneratedFile>,
    manifest: String,
}

/// The manifest of a generated crate, relative to the crate.
const MANIFEST: &str = "Cargo.toml";

fn generate_checked(target: &Target) -> Result<Generated, CodegenError> {
    let options = truto_codegen::Options::new(target.crate_name.as_str());
    let files = truto_codegen::generate(&target.schema, &options).map_err(CodegenError::Schema)?;
    let schema = truto_codegen::load_schema(&target.schema).map_err(CodegenError::Schema)?;
    let path = target.crate_dir.join(MANIFEST);
    let text = fs::read_to_string(&path).map_err(|error| CodegenError::Io { path: path.clone(), error })?;
    let resources: Vec<String> = schema.apis.iter().flat_map(|a| &a.resources).map(|r| r.feature.to_string()).collect();
    let manifest =
        crate::features::in_step(&text, &resources).map_err(|message| CodegenError::Manifest { path, message })?;
    Ok(Generated { files, manifest })
}

/// Brings the crate's `Cargo.toml` features in step (see [`crate::features`]).
fn sync_manifest(manifest: &str, crate_dir: &Path, mode: Mode) -> io::Result<Option<Change>> {
    let path = crate_dir.join(MANIFEST);
    if fs::read_to_string(&path)? == manifest {
        return Ok(None);
    }
    if mode == Mode::Write {
        write_atomically(&path, manifest.as_bytes())?;
    }
    Ok(Some(Change::Updated(PathBuf::from(MANIFEST))))
}

fn sync_files(files: &[GeneratedFile], crate_dir: &Path, mode: Mode) -> io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for file in files {
        let target = crate_dir.join(&file.path);
        match fs::read(&target) {
            Ok(existing) if existing == file.contents.as_bytes() => continue,
            Ok(_) => changes.push(Change::Updated(file.path.clone())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => changes.push(Change::Added(file.path.clone())),
            Err(e) => return Err(e),
        }
        if mode == Mode::Write {
            write_atomically(&target, file.contents.as_bytes())?;
        }
    }
    let produced: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for existing in files_below(&crate_dir.join(GENERATED_DIR))? {
        let relative = existing.strip_prefix(crate_dir).unwrap_or(&existing).to_path_buf();
        if !produced.contains(relative.as_path()) {
            if mode == Mode::Write {
                fs::remove_file(&existing)?;
            }
            changes.push(Change::Removed(relative));
        }
    }
    if mode == Mode::Write {
        remove_empty_dirs(&crate_dir.join(GENERATED_DIR))?;
    }
    changes.sort_by(|a, b| change_path(a).cmp(change_path(b)));
    Ok(changes)
}

fn change_path(change: &Change) -> &Path {
    match change {
        Change::Added(p) | Change::Updated(p) | Change::Removed(p) => p,
    }
}

fn files_below(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(files_below(&path)?);
        } else {
            found.push(path);
        }
    }
    Ok(found)
}

fn remove_empty_dirs(dir: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(dir) else { return Ok(()) };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            remove_empty_dirs(&path)?;
            if fs::read_dir(&path)?.next().is_none() {
                fs::remove_dir(&path)?;
            }
        }
    }
    Ok(())
}

/// The message for a stale crate under `--check`.
pub fn stale_message(changes: &[Change]) -> String {
    let mut message = String::from("generated files are out of date with their schemas:\n");
    for change in changes {
        message.push_str(&format!("  {}\n", change.describe(Mode::Check)));
    }
    message.push_str("run `cargo xtask codegen` and commit the result");
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails when a committed generated crate is stale, naming the command to run.
    #[test]
    fn generated_crate_is_up_to_date() {
        let changes = sync_all(&workspace_root(), Mode::Check).unwrap_or_else(|e| panic!("{e}"));
        assert!(changes.is_empty(), "{}", stale_message(&changes));
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("truto-xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: PathBuf::from(path), contents: contents.to_owned() }
    }

    #[test]
    fn writes_only_changes_and_removes_obsolete_files() {
        let dir = scratch("sync");
        let files = vec![file("src/generated/a.rs", "a"), file("src/generated/b/c.rs", "c")];
        let first = sync_files(&files, &dir, Mode::Write).unwrap();
        assert_eq!(
            first,
            vec![Change::Added("src/generated/a.rs".into()), Change::Added("src/generated/b/c.rs".into())]
        );
        assert!(sync_files(&files, &dir, Mode::Write).unwrap().is_empty());

        fs::write(dir.join("src/generated/old.rs"), "old").unwrap();
        let changed = vec![file("src/generated/a.rs", "A")];
        assert_eq!(
            sync_files(&changed, &dir, Mode::Check).unwrap(),
            vec![
                Change::Updated("src/generated/a.rs".into()),
                Change::Removed("src/generated/b/c.rs".into()),
                Change::Removed("src/generated/old.rs".into()),
            ]
        );
        // --check touched nothing.
        assert_eq!(fs::read_to_string(dir.join("src/generated/a.rs")).unwrap(), "a");
        assert!(dir.join("src/generated/old.rs").exists());

        sync_files(&changed, &dir, Mode::Write).unwrap();
        assert_eq!(fs::read_to_string(dir.join("src/generated/a.rs")).unwrap(), "A");
        assert!(!dir.join("src/generated/old.rs").exists());
        assert!(!dir.join("src/generated/b").exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_manifest_features_follow_the_schema() {
        let dir = scratch("manifest");
        let fixture = workspace_root().join("truto-codegen/tests/fixtures/all_operations");
        let manifest =
            "[package]\nname = \"g\"\n\n[features]\ndefault = [\"client\", \"gadgets\"]\nclient = []\ngadgets = []\n";
        fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        let targets = [Target { schema: fixture, crate_dir: dir.clone(), crate_name: "g".into() }];
        let check = sync_targets(&dir, &targets, Mode::Check).unwrap();
        assert!(check.contains(&Change::Updated("Cargo.toml".into())), "{check:?}");
        assert_eq!(fs::read_to_string(dir.join("Cargo.toml")).unwrap(), manifest, "--check writes nothing");
        sync_targets(&dir, &targets, Mode::Write).unwrap();
        // `client = []` is empty too: codegen takes empty features for resource features.
        assert_eq!(
            fs::read_to_string(dir.join("Cargo.toml")).unwrap(),
            "[package]\nname = \"g\"\n\n[features]\ndefault = [\"widgets\"]\nwidgets = []\n"
        );
        assert!(sync_targets(&dir, &targets, Mode::Check).unwrap().is_empty());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_broken_schema_touches_nothing() {
        let dir = scratch("broken");
        let schema = dir.join("schema");
        fs::create_dir_all(&schema).unwrap();
        fs::write(schema.join("bad.yaml"), "integrations:\n  - slug: x\n    nme: X\n").unwrap();
        let out = dir.join("crate");
        fs::create_dir_all(out.join("src/generated")).unwrap();
        fs::write(out.join("src/generated/keep.rs"), "keep").unwrap();
        // A valid schema beside the broken one: it is not written either.
        let fixture = workspace_root().join("truto-codegen/tests/fixtures/all_operations");
        let valid_out = dir.join("valid");
        fs::create_dir_all(&valid_out).unwrap();
        fs::write(valid_out.join("Cargo.toml"), "[features]\ndefault = [\"widgets\"]\nwidgets = []\n").unwrap();
        let targets = [
            Target { schema: fixture, crate_dir: valid_out.clone(), crate_name: "valid".into() },
            Target { schema, crate_dir: out.clone(), crate_name: "broken".into() },
        ];
        let error = sync_targets(&dir, &targets, Mode::Write).unwrap_err();
        assert!(matches!(&error, CodegenError::Schema(_)), "{error}");
        assert!(error.to_string().contains("bad.yaml"), "{error}");
        assert_eq!(fs::read_to_string(out.join("src/generated/keep.rs")).unwrap(), "keep");
        assert!(!valid_out.join("src").exists(), "nothing is written when any schema is broken");
        let _ = fs::remove_dir_all(&dir);
    }
}
