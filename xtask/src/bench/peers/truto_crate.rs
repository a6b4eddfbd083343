//! This project's side of the comparison: `xtask generate`, the generator as a process of its
//! own, and the assembly of its output into a crate that compiles.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

/// `xtask generate SCHEMA_DIR OUT_DIR`: writes every file generated from SCHEMA_DIR (Rust
/// sources under `src/generated/`, `openapi.json`, `SUPPORT.md`) into OUT_DIR, as is. This is
/// the generator process `bench --peers` times against cargo-progenitor's.
pub fn run_generate(args: &[&str]) -> ExitCode {
    let [schema_dir, out_dir] = args else {
        eprintln!("usage: xtask generate SCHEMA_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    match write_generated(Path::new(schema_dir), Path::new(out_dir)) {
        Ok(count) => {
            println!("wrote {count} file(s) to {out_dir}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn write_generated(schema_dir: &Path, out_dir: &Path) -> Result<usize, String> {
    let options = truto_codegen::Options::new(crate::codegen::CLIENT_CRATE);
    let files = truto_codegen::generate(schema_dir, &options).map_err(|d| d.to_string())?;
    for file in &files {
        let target = out_dir.join(&file.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, &file.contents).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(files.len())
}

/// Makes `crate_dir`, which holds `xtask generate`'s output, a crate of its own named `name`
/// that compiles the way `golden/` does: `Cargo.toml` with golden's dependencies (the runtime
/// crate, `truto-runtime/`, by path, as progenitor's output depends on progenitor-client), the
/// `client` feature and one feature per resource (all on by default), and golden's `lib.rs`
/// (the generated module, re-exported). The workspace's `Cargo.lock` is copied so the
/// dependencies are the versions the workspace uses.
///
/// This is the one place that says where the runtime comes from.
pub fn assemble(root: &Path, crate_dir: &Path, name: &str, resource_features: &[String]) -> Result<(), String> {
    let read = |path: &Path| fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    let golden_manifest = read(&root.join("golden/Cargo.toml"))?;
    let workspace_manifest = read(&root.join("Cargo.toml"))?;
    let dependencies = toml_section(&golden_manifest, "dependencies")
        .ok_or("golden/Cargo.toml has no [dependencies] section to copy")?;
    let client_feature = toml_section(&golden_manifest, "features")
        .and_then(|features| features.lines().find(|l| l.trim_start().starts_with("client =")).map(str::to_owned))
        .ok_or("golden/Cargo.toml has no `client = [...]` feature to copy")?;
    // Path dependencies of the workspace would not resolve from here; the runtime's is
    // written out with its absolute path.
    let runtime = root.join("truto-runtime");
    let mut workspace_dependencies: String = toml_section(&workspace_manifest, "workspace.dependencies")
        .ok_or("Cargo.toml has no [workspace.dependencies] section to copy")?
        .lines()
        .filter(|l| !l.contains("path ="))
        .map(|l| format!("{l}\n"))
        .collect();
    workspace_dependencies.push_str(&format!(
        "truto-unified-runtime = {{ path = {:?}, default-features = false }}\n",
        runtime.display().to_string()
    ));

    let quoted: Vec<String> = resource_features.iter().map(|f| format!("\"{f}\"")).collect();
    let resources: String = resource_features.iter().map(|f| format!("{f} = []\n")).collect();
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{dependencies}\n\
         [features]\ndefault = [\"client\", {}]\n{client_feature}\n{resources}\n\
         # A workspace of its own: this crate sits inside the project's directory but is no member.\n\
         [workspace]\n\n[workspace.dependencies]\n{workspace_dependencies}",
        quoted.join(", "),
    );
    let lib = "//! `xtask generate` output, compiled on the runtime crate (as golden/ is).\n\n\
               #[rustfmt::skip]\nmod generated;\n\npub use generated::*;\n";

    let write =
        |path: &Path, text: &str| fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()));
    write(&crate_dir.join("Cargo.toml"), &manifest)?;
    write(&crate_dir.join("src/lib.rs"), lib)?;
    let lock = root.join("Cargo.lock");
    fs::copy(&lock, crate_dir.join("Cargo.lock")).map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
    Ok(())
}

/// The lines of a `[name]` table of a TOML text, up to the next table header.
fn toml_section(text: &str, name: &str) -> Option<String> {
    let header = format!("[{name}]");
    let mut lines = text.lines().skip_while(|l| l.trim() != header);
    lines.next()?;
    Some(lines.take_while(|l| !l.trim_start().starts_with('[')).map(|l| format!("{l}\n")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_section_ends_at_the_next_header() {
        let text =
            "[package]\nname = \"x\"\n\n[dependencies]\nserde.workspace = true\nhttp = \"1\"\n\n[features]\na = []\n";
        assert_eq!(toml_section(text, "dependencies").as_deref(), Some("serde.workspace = true\nhttp = \"1\"\n\n"));
        assert_eq!(toml_section(text, "features").as_deref(), Some("a = []\n"));
        assert_eq!(toml_section(text, "lints"), None);
    }

    #[test]
    fn the_assembled_manifest_has_golden_dependencies_and_every_resource_feature() {
        let root = crate::codegen::workspace_root();
        let dir = std::env::temp_dir().join(format!("truto-xtask-assemble-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("src")).unwrap();
        assemble(&root, &dir, "assembled", &["res0000".to_owned(), "res0001".to_owned()]).unwrap();
        let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("name = \"assembled\""), "{manifest}");
        assert!(manifest.contains("default = [\"client\", \"res0000\", \"res0001\"]"), "{manifest}");
        assert!(manifest.contains("\nres0001 = []\n"), "{manifest}");
        assert!(manifest.contains("serde.workspace = true"), "{manifest}");
        assert!(manifest.contains("\n[workspace]\n"), "{manifest}");
        let runtime =
            format!("truto-unified-runtime = {{ path = {:?}", root.join("truto-runtime").display().to_string());
        assert!(manifest.contains(&runtime), "{manifest}");
        let lib = fs::read_to_string(dir.join("src/lib.rs")).unwrap();
        assert!(lib.contains("mod generated;") && !lib.contains("#[path"), "{lib}");
        assert!(dir.join("Cargo.lock").exists());
        let _ = fs::remove_dir_all(&dir);
    }
}
