//! Maintainer commands for the workspace. Run `cargo xtask help`.

mod bench;
mod codegen;
mod features;
mod files;
mod import;
mod verify_docs;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check]    regenerate truto-generated/ from schema/ and golden/ from the fixture
                       (--check: fail if stale)
  codegen [--check] --schema DIR --crate DIR
                       generate the crate in DIR (it has a Cargo.toml) from the schema in DIR
  import [--schema DIR] [--update] PAGE_OR_DIR...
                       write schema/ (or DIR) from Truto doc pages saved as text
                       (--update: rewrite endpoints the schema already has)
  features             list the generated crate's per-resource cargo features
  verify-docs DIR      compare schema/ with Truto doc pages (*.txt) in DIR
  bench [--no-cargo]   generator speed and scaling, generated lines, compile time (PERFORMANCE.md)
  bench --peers [--runs N] [--sizes 100,1000] [--only library|application]
                       against progenitor 0.15.1 on the same synthetic schema: generated lines,
                       cargo check time and peak memory, generation time, and the build of an
                       application calling every endpoint (installs cargo-progenitor under
                       target/; ~30 min; PERFORMANCE.md)
  bench --client [--pages N] [--records N] [--gets N] [--tasks N] [--runs N]
                       the client against bare reqwest + serde on a local server: a sync of
                       many pages, concurrent GETs; wall, CPU, peak memory (PERFORMANCE.md)
  generate SCHEMA OUT  write every file generated from SCHEMA into OUT (the process
                       bench --peers times)
  measure REPORT -- COMMAND...
                       run COMMAND; write its wall time, CPU time and peak RSS to REPORT
                       (bench --peers' measuring helper)";

/// The generator is allocation-bound (token trees, syn nodes, strings); mimalloc serves it
/// faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => run_codegen(codegen::Mode::Write),
        ["codegen", "--check"] => run_codegen(codegen::Mode::Check),
        ["codegen", "--schema", schema, "--crate", crate_dir] => run_custom(schema, crate_dir, codegen::Mode::Write),
        ["codegen", "--check", "--schema", schema, "--crate", crate_dir] => {
            run_custom(schema, crate_dir, codegen::Mode::Check)
        }
        ["features"] => print_features(),
        ["import", rest @ ..] => import::run(&codegen::workspace_root().join("schema"), rest),
        ["verify-docs", dir] => verify_docs::run(&codegen::workspace_root().join("schema"), std::path::Path::new(dir)),
        ["bench", flags @ ..] => bench::run(flags),
        ["generate", rest @ ..] => bench::peers::run_generate(rest),
        ["measure", rest @ ..] => bench::peers::run_measure(rest),
        ["help" | "--help" | "-h"] | [] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run_codegen(mode: codegen::Mode) -> ExitCode {
    report_codegen(codegen::sync_all(&codegen::workspace_root(), mode), mode)
}

fn run_custom(schema: &str, crate_dir: &str, mode: codegen::Mode) -> ExitCode {
    let root = codegen::workspace_root();
    let synced = codegen::custom_target(std::path::Path::new(schema), std::path::Path::new(crate_dir))
        .and_then(|target| codegen::sync_targets(&root, &[target], mode));
    report_codegen(synced, mode)
}

fn report_codegen(synced: Result<Vec<codegen::Change>, codegen::CodegenError>, mode: codegen::Mode) -> ExitCode {
    match synced {
        Err(error) => {
            eprintln!("{error}");
            eprintln!("nothing was written");
            ExitCode::FAILURE
        }
        Ok(changes) if mode == codegen::Mode::Check && !changes.is_empty() => {
            eprintln!("{}", codegen::stale_message(&changes));
            ExitCode::FAILURE
        }
        Ok(changes) => {
            for change in &changes {
                println!("{}", change.describe(mode));
            }
            println!("generated crates are up to date ({} file(s) changed)", changes.len());
            ExitCode::SUCCESS
        }
    }
}

/// One line per resource feature of truto-generated (CI builds each alone).
fn print_features() -> ExitCode {
    match truto_codegen::load_schema(&codegen::workspace_root().join("schema")) {
        Ok(schema) => {
            for resource in schema.apis.iter().flat_map(|a| &a.resources) {
                println!("{}", resource.feature);
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
    }
}
