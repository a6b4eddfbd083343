//! progenitor's side of the comparison: installing cargo-progenitor and running it.
//!
//! `cargo progenitor -i SPEC -o DIR -n NAME -v VERSION` writes a whole crate: `Cargo.toml`
//! (bytes, futures-core, progenitor-client, reqwest 0.13 with json/query/stream, serde,
//! serde_urlencoded, and uuid, chrono, serde_json when the types need them, all from
//! crates.io) and one `src/lib.rs`, formatted by running rustfmt. Its client support code
//! comes from the progenitor-client crate, as ours comes from our runtime.

use std::fs;
use std::path::{Path, PathBuf};

use super::measure::Job;

/// The version the comparison is made with (issue 12).
pub const VERSION: &str = "0.15.1";

/// The cargo-progenitor binary installed under `install_root`, installing it from crates.io
/// first unless this version is already there.
pub fn install(cargo: &str, install_root: &Path) -> Result<PathBuf, String> {
    let binary = install_root.join("bin").join("cargo-progenitor");
    // `cargo install` records what it installed in `.crates.toml` beside `bin/`.
    let record = fs::read_to_string(install_root.join(".crates.toml")).unwrap_or_default();
    if binary.is_file() && record.contains(&format!("cargo-progenitor {VERSION} ")) {
        return Ok(binary);
    }
    println!("installing cargo-progenitor {VERSION} into {} (a few minutes, once)", install_root.display());
    let root = install_root.display().to_string();
    let args = ["install", "--locked", "--version", VERSION, "cargo-progenitor", "--root", &root];
    Job::new(cargo, &args, Path::new(".")).run()?;
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("`cargo install` succeeded but {} is missing", binary.display()))
    }
}

/// The job that generates the crate `name` from `spec` into `out_dir`.
pub fn generate_job(binary: &Path, spec: &Path, out_dir: &Path, name: &str) -> Job {
    let (spec, out_dir) = (spec.display().to_string(), out_dir.display().to_string());
    let args = ["progenitor", "--input", &spec, "--output", &out_dir, "--name", name, "--version", "0.1.0"];
    Job::new(binary, &args, Path::new("."))
}

/// Gives the generated crate a workspace of its own, since it sits inside the project's
/// directory but is no member of the project's workspace.
pub fn make_standalone(crate_dir: &Path) -> Result<(), String> {
    let manifest = crate_dir.join("Cargo.toml");
    let mut text = fs::read_to_string(&manifest).map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    if !text.lines().any(|l| l.trim() == "[workspace]") {
        text.push_str("\n[workspace]\n");
        fs::write(&manifest, text).map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    }
    Ok(())
}
