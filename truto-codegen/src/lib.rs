//! The generator behind `truto-generated`: it loads `schema/`, checks it, resolves it into one
//! model and emits Rust.
//!
//! ```text
//! schema/**/*.yaml ──load──▶ raw ──check──▶ model ──emit──▶ tokens ──prettyplease──▶ files
//! ```
//!
//! It is pure: [`generate`] returns files and writes nothing; `cargo xtask codegen` does the
//! writing. Output is deterministic: the same schema, in any file layout or key order, gives
//! byte-identical files.

pub mod check;
pub mod diagnostics;
pub mod emit;
pub mod load;
pub mod model;
pub mod names;
pub mod pages;
pub mod raw;
pub mod types;

use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use emit::{GeneratedFile, HEADER, Options};

/// Loads and checks the schema in `dir`, reporting every problem found.
pub fn load_schema(dir: &Path) -> Result<model::Schema, Diagnostics> {
    let sources = load::read_dir(dir)?;
    let paths: Vec<_> = sources.iter().map(|s| s.path.clone()).collect();
    let (files, parse_problems) = load::parse_files(&sources);
    let problems = match check::check(&paths, &files) {
        Ok(schema) if parse_problems.is_empty() => return Ok(schema),
        Ok(_) => Diagnostics(parse_problems),
        Err(mut problems) => {
            problems.0.extend(parse_problems);
            problems
        }
    };
    let text_of = |path: &Path| sources.iter().find(|s| s.path == path).map(|s| s.text.as_str());
    Err(problems.sorted().with_source_lines(text_of))
}

/// Generates the files of a crate from the schema in `dir` (see [`emit::Options`]).
pub fn generate(dir: &Path, options: &emit::Options) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let schema = load_schema(dir)?;
    emit::emit(&schema, options).map_err(|error| {
        Diagnostics(vec![Diagnostic::for_file(
            error.path.clone(),
            format!("internal generator error: {error}"),
            "this is a bug in truto-codegen; please report it with the schema",
        )])
    })
}
