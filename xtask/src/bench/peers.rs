//! `cargo xtask bench --peers [--runs N] [--sizes 100,1000] [--only library|application]`:
//! this project against progenitor 0.15.1 on the same synthetic schema, side by side in one
//! run (issues 12 and 26).
//!
//! For each size (in endpoints; five per resource), in one run:
//! 1. write the synthetic schema of `cargo xtask bench`; generate our crate from it with the
//!    release `xtask generate` and assemble it into a crate on the runtime, as golden/ is
//!    ([`truto_crate::assemble`]);
//! 2. adapt our `openapi.json` for progenitor ([`progenitor_export::adapt`]) and run
//!    cargo-progenitor on it (installed from crates.io under `target/bench-peers/` once);
//! 3. build each crate's dependencies (one target directory per kind of crate, shared by the
//!    sizes), then, N times, alternating the two so that load on the shared machine hits both
//!    alike: generation as a whole process (wall and CPU time), and `cargo check` of the whole
//!    crate after touching its `lib.rs` (`CARGO_INCREMENTAL=0`: a full compile of that crate
//!    alone; wall time and the peak RSS of the largest process, rustc); then `cargo check` of
//!    ours with one resource's feature and `client`. These figures measure the library alone;
//! 4. write, for each side, an application that calls every endpoint ([`application`]) on the
//!    generated crate, build it once, then N times, alternating: `cargo build` (debug,
//!    `CARGO_INCREMENTAL=0`) after touching the application's `main.rs` (the application
//!    alone, the library built) and after touching the library's `lib.rs` (library and
//!    application): what a user's build costs;
//! 5. print the table: medians, the ratio ours ÷ progenitor's, the targets of issues 12 and
//!    26, the machine and the load average.
//!
//! `--only library` measures steps 1–3, `--only application` steps 1, 2 and 4.
//!
//! Time and memory come from `getrusage` in a helper process ([`measure`]). Work files stay
//! in `target/bench-peers/` for inspection; each run starts its sizes afresh.

mod application;
pub mod machine;
mod measure;
mod progenitor;
mod progenitor_export;
mod truto_crate;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub use measure::run_helper as run_measure;
pub use truto_crate::run_generate;

pub use measure::Job;
pub use measure::Usage;

use crate::codegen::workspace_root;

const USAGE: &str = "\
usage: cargo xtask bench --peers [--runs N] [--sizes 100,1000] [--only library|application]
  --runs N      runs of each measured command (default 3); figures are medians
  --sizes LIST  synthetic schema sizes in endpoints, multiples of 5 (default 100,1000)
  --only WHAT   `library`: generation and `cargo check` of the generated crates (issue 12);
                `application`: `cargo build` of an application calling every endpoint (issue 26)
Installs cargo-progenitor 0.15.1 under target/bench-peers/ if it is not there. The default
sizes took 30 minutes on 2 cores, 12 of them for the library figures (PERFORMANCE.md,
sections 6 and 7).";

struct Options {
    runs: usize,
    sizes: Vec<usize>,
    /// Generation and `cargo check` of the generated crates.
    library: bool,
    /// `cargo build` of an application calling every endpoint.
    application: bool,
}

fn parse_options(args: &[&str]) -> Result<Options, String> {
    let mut options = Options { runs: 3, sizes: vec![100, 1000], library: true, application: true };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--runs" => {
                let value = args.next().ok_or("--runs needs a number")?;
                options.runs = value
                    .parse()
                    .ok()
                    .filter(|&n: &usize| n > 0)
                    .ok_or(format!("--runs {value}: not a positive number"))?;
            }
            "--sizes" => {
                let value = args.next().ok_or("--sizes needs a list such as 100,1000")?;
                options.sizes = value
                    .split(',')
                    .map(|s| s.trim().parse().ok().filter(|&n: &usize| n > 0 && n % 5 == 0))
                    .collect::<Option<_>>()
                    .ok_or(format!("--sizes {value}: expected positive multiples of 5, comma-separated"))?;
            }
            "--only" => match args.next().copied() {
                Some("library") => options.application = false,
                Some("application") => options.library = false,
                other => return Err(format!("--only {}: expected `library` or `application`", other.unwrap_or(""))),
            },
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(options)
}

/// Runs the comparison (`args` are the options after `--peers`) and prints its tables.
pub fn run(args: &[&str]) -> ExitCode {
    super::run_command(args, parse_options, USAGE, "bench --peers", run_all)
}

/// The programs a run uses and where it works.
struct Tools {
    cargo: String,
    /// The release xtask binary: `generate` and the `measure` helper.
    xtask: PathBuf,
    progenitor: PathBuf,
    work: PathBuf,
}

fn run_all(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let (date, load_at_start) = (machine::now_utc(), machine::load_average());
    println!("machine: {}", machine::describe());
    println!("started {date}, load average {load_at_start} (1, 5, 15 min)");

    let root = workspace_root();
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let work = target.join("bench-peers");
    fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    println!("building the release xtask (our generator process, and the measure helper)");
    Job::new(&cargo, &["build", "--release", "--quiet", "-p", "xtask"], &root).run()?;
    let xtask = target.join("release").join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    let progenitor = progenitor::install(&cargo, &work.join("cargo-progenitor"))?;
    let tools = Tools { cargo, xtask, progenitor, work };

    let mut tables = Vec::new();
    for &endpoints in &options.sizes {
        let figures = measure_size(&tools, &root, endpoints, options)?;
        let table = table(&figures);
        println!("\n{table}");
        tables.push(table);
    }

    let minutes = started.elapsed().as_secs_f64() / 60.0;
    println!("\n== summary, {} run(s) of each command, medians", options.runs);
    println!("machine: {}", machine::describe());
    println!("started {date}; took {minutes:.1} min");
    println!("load average (1, 5, 15 min): {load_at_start} at the start, {} at the end", machine::load_average());
    println!("(a shared machine: other jobs may have run meanwhile, which slows both sides' figures)\n");
    println!("{}", tables.join("\n"));
    Ok(())
}

/// Generation and `cargo check` of one kind of crate at one size.
struct Side {
    generation: Vec<Usage>,
    check: Vec<Usage>,
}

/// What measures the library alone: generation and `cargo check` of each generated crate.
struct LibraryFigures {
    ours: Side,
    theirs: Side,
    /// `cargo check` of ours with one resource feature (and `client`).
    one_resource: Vec<Usage>,
}

/// `cargo build` of an application calling every endpoint, on one kind of crate.
struct Builds {
    /// After touching the application's `main.rs`: the application alone, the library built.
    alone: Vec<Usage>,
    /// After touching the library's `lib.rs`: library and application.
    with_library: Vec<Usage>,
}

struct SizeFigures {
    endpoints: usize,
    resources: usize,
    runs: usize,
    /// Non-empty generated lines, ours and progenitor's.
    lines: (usize, usize),
    library: Option<LibraryFigures>,
    /// Ours and progenitor's.
    application: Option<(Builds, Builds)>,
    one_feature: String,
    adaptations: progenitor_export::Adaptations,
    /// The load average when this size started and when it ended, and how long it took.
    load: (String, String),
    took: Duration,
}

/// One size's inputs and generated crates.
struct Prepared {
    endpoints: usize,
    dir: PathBuf,
    schema_dir: PathBuf,
    /// The resolved model both crates come from.
    model: truto_codegen::model::Schema,
    ours: PathBuf,
    theirs: PathBuf,
    /// progenitor's input, on disk and as read.
    spec: PathBuf,
    adapted: serde_json::Value,
    adaptations: progenitor_export::Adaptations,
}

fn measure_size(tools: &Tools, root: &Path, endpoints: usize, options: &Options) -> Result<SizeFigures, String> {
    let (started, load_at_start) = (Instant::now(), machine::load_average());
    let prepared = prepare(tools, root, endpoints)?;
    let resources = endpoints / 5;
    let one_feature = prepared
        .model
        .apis
        .iter()
        .flat_map(|a| &a.resources)
        .map(|r| r.feature.clone())
        .next()
        .ok_or("the synthetic schema has no resource")?;
    let library =
        if options.library { Some(measure_library(tools, &prepared, &one_feature, options.runs)?) } else { None };
    let application =
        if options.application { Some(measure_applications(tools, &prepared, options.runs)?) } else { None };
    Ok(SizeFigures {
        endpoints,
        resources,
        runs: options.runs,
        lines: (rust_lines(&prepared.ours.join("src/generated"))?, rust_lines(&prepared.theirs.join("src"))?),
        library,
        application,
        one_feature,
        adaptations: prepared.adaptations,
        load: (load_at_start, machine::load_average()),
        took: started.elapsed(),
    })
}

/// Writes the synthetic schema, generates our crate and progenitor's from it.
fn prepare(tools: &Tools, root: &Path, endpoints: usize) -> Result<Prepared, String> {
    let dir = tools.work.join(format!("{endpoints}-endpoints"));
    fresh(&dir)?;
    println!("\n== {endpoints} endpoints ({} resources), in {}", endpoints / 5, dir.display());
    let schema_dir = dir.join("schema");
    super::write_synthetic_schema(&schema_dir, endpoints / 5)
        .map_err(|e| format!("cannot write {}: {e}", schema_dir.display()))?;
    let model = truto_codegen::load_schema(&schema_dir).map_err(|d| d.to_string())?;
    let features: Vec<String> = model.apis.iter().flat_map(|a| &a.resources).map(|r| r.feature.clone()).collect();

    println!("generating both crates");
    let ours = dir.join("truto");
    ours_generate(tools, &schema_dir, &ours, &dir).run()?;
    truto_crate::assemble(root, &ours, &format!("truto-bench-{endpoints}"), &features)?;
    let spec = dir.join("openapi-for-progenitor.json");
    let (adapted, adaptations) = write_progenitor_spec(&ours.join("openapi.json"), &spec)?;
    let theirs = dir.join("progenitor");
    theirs_generate(tools, &spec, &theirs, endpoints).run()?;
    progenitor::make_standalone(&theirs)?;
    Ok(Prepared { endpoints, dir, schema_dir, model, ours, theirs, spec, adapted, adaptations })
}

fn ours_generate(tools: &Tools, schema_dir: &Path, out: &Path, dir: &Path) -> Job {
    Job::new(&tools.xtask, &["generate", &path(schema_dir), &path(out)], dir)
}

fn theirs_generate(tools: &Tools, spec: &Path, out: &Path, endpoints: usize) -> Job {
    progenitor::generate_job(&tools.progenitor, spec, out, &format!("progenitor-bench-{endpoints}"))
}

/// Empties `dir`, creating it if need be.
fn fresh(dir: &Path) -> Result<(), String> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// Generation as a whole process, `cargo check` of each crate, `cargo check` of ours with one
/// resource: the figures of the library alone.
fn measure_library(tools: &Tools, p: &Prepared, one_feature: &str, runs: usize) -> Result<LibraryFigures, String> {
    let endpoints = p.endpoints;
    let mut figures = LibraryFigures {
        ours: Side { generation: Vec::new(), check: Vec::new() },
        theirs: Side { generation: Vec::new(), check: Vec::new() },
        one_resource: Vec::new(),
    };
    let report = p.dir.join("measure-report");
    let (ours_scratch, theirs_scratch) = (p.dir.join("scratch-truto"), p.dir.join("scratch-progenitor"));
    for run in 1..=runs {
        println!("generation, run {run} of {runs}");
        fresh(&ours_scratch)?;
        figures
            .ours
            .generation
            .push(ours_generate(tools, &p.schema_dir, &ours_scratch, &p.dir).measure(&tools.xtask, &report)?);
        fresh(&theirs_scratch)?;
        figures
            .theirs
            .generation
            .push(theirs_generate(tools, &p.spec, &theirs_scratch, endpoints).measure(&tools.xtask, &report)?);
    }

    let ours_target = tools.work.join("target-truto");
    let theirs_target = tools.work.join("target-progenitor");
    println!("building dependencies (once per kind of crate; later sizes reuse them)");
    build_dependencies(&tools.cargo, &p.ours, &ours_target)?;
    build_dependencies(&tools.cargo, &p.theirs, &theirs_target)?;

    let ours_check = check_job(&tools.cargo, &p.ours, &ours_target, &[]);
    let theirs_check = check_job(&tools.cargo, &p.theirs, &theirs_target, &[]);
    for run in 1..=runs {
        println!("cargo check of the whole crate, run {run} of {runs}");
        figures.ours.check.push(timed(&ours_check, &p.ours.join("src/lib.rs"), tools, &report)?);
        figures.theirs.check.push(timed(&theirs_check, &p.theirs.join("src/lib.rs"), tools, &report)?);
    }
    let features = format!("client,{one_feature}");
    let one_check = check_job(&tools.cargo, &p.ours, &ours_target, &["--no-default-features", "--features", &features]);
    for run in 1..=runs {
        println!("cargo check with one resource, run {run} of {runs}");
        figures.one_resource.push(timed(&one_check, &p.ours.join("src/lib.rs"), tools, &report)?);
    }
    Ok(figures)
}

/// Writes the application of each side, builds each once (dependencies and library), then
/// times `cargo build` of the application alone and of library and application.
fn measure_applications(tools: &Tools, p: &Prepared, runs: usize) -> Result<(Builds, Builds), String> {
    let endpoints = p.endpoints;
    let ours_app = p.dir.join("truto-app");
    application::write_crate(&ours_app, &format!("truto-app-{endpoints}"), &p.ours, "", &application::ours(&p.model)?)?;
    let theirs_app = p.dir.join("progenitor-app");
    let theirs_source = application::progenitor(&p.model, &p.adapted)?;
    // progenitor's crate names reqwest without TLS; an application that reaches Truto over
    // https adds it, as ours has it by default (the same rustls with aws-lc), so both
    // applications link the same TLS stack.
    let theirs_dependencies =
        "uuid = \"1\"\nreqwest = { version = \"0.13\", default-features = false, features = [\"rustls\"] }\n";
    application::write_crate(
        &theirs_app,
        &format!("progenitor-app-{endpoints}"),
        &p.theirs,
        theirs_dependencies,
        &theirs_source,
    )?;

    let build = |app: &Path, target: &str| {
        Job::new(&tools.cargo, &["build"], app)
            .env("CARGO_TARGET_DIR", path(&tools.work.join(target)))
            .env("CARGO_INCREMENTAL", "0")
    };
    let (ours_build, theirs_build) =
        (build(&ours_app, "target-truto-app"), build(&theirs_app, "target-progenitor-app"));
    println!("building both applications once (dependencies are shared by the sizes)");
    ours_build.run()?;
    theirs_build.run()?;

    let report = p.dir.join("measure-report");
    let mut ours = Builds { alone: Vec::new(), with_library: Vec::new() };
    let mut theirs = Builds { alone: Vec::new(), with_library: Vec::new() };
    for run in 1..=runs {
        println!("cargo build of the application alone, run {run} of {runs}");
        ours.alone.push(timed(&ours_build, &ours_app.join("src/main.rs"), tools, &report)?);
        theirs.alone.push(timed(&theirs_build, &theirs_app.join("src/main.rs"), tools, &report)?);
    }
    for run in 1..=runs {
        println!("cargo build of library and application, run {run} of {runs}");
        ours.with_library.push(timed(&ours_build, &p.ours.join("src/lib.rs"), tools, &report)?);
        theirs.with_library.push(timed(&theirs_build, &p.theirs.join("src/lib.rs"), tools, &report)?);
    }
    Ok((ours, theirs))
}

/// Adapts our export for progenitor and writes it to `spec`.
fn write_progenitor_spec(
    export: &Path,
    spec: &Path,
) -> Result<(serde_json::Value, progenitor_export::Adaptations), String> {
    let text = fs::read_to_string(export).map_err(|e| format!("cannot read {}: {e}", export.display()))?;
    let document = serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", export.display()))?;
    let (adapted, adaptations) = progenitor_export::adapt(document);
    let text = serde_json::to_string_pretty(&adapted).map_err(|e| format!("cannot serialise the spec: {e}"))?;
    fs::write(spec, text).map_err(|e| format!("cannot write {}: {e}", spec.display()))?;
    Ok((adapted, adaptations))
}

/// `cargo check` of the crate in `crate_dir` (its library, default features unless `extra`
/// says otherwise) into `target`, without the incremental cache.
fn check_job(cargo: &str, crate_dir: &Path, target: &Path, extra: &[&str]) -> Job {
    let mut args = vec!["check", "--lib"];
    args.extend_from_slice(extra);
    Job::new(cargo, &args, crate_dir).env("CARGO_TARGET_DIR", path(target)).env("CARGO_INCREMENTAL", "0")
}

/// Touches `file` so that its crate (and what depends on it) recompiles, then measures `job`.
fn timed(job: &Job, file: &Path, tools: &Tools, report: &Path) -> Result<Usage, String> {
    super::touch(file).map_err(|e| format!("cannot touch {}: {e}", file.display()))?;
    job.measure(&tools.xtask, report)
}

/// Builds the dependencies of the crate in `crate_dir` into `target`, through a twin crate
/// with the same manifest and an empty `lib.rs`, so that the crate itself is compiled only
/// when measured; the twin's resolved `Cargo.lock` is given to the crate, so it uses exactly
/// the versions just built.
fn build_dependencies(cargo: &str, crate_dir: &Path, target: &Path) -> Result<(), String> {
    let twin = crate_dir.with_extension("dependencies");
    let _ = fs::remove_dir_all(&twin);
    let io = |what: &str, p: &Path, e: std::io::Error| format!("cannot {what} {}: {e}", p.display());
    fs::create_dir_all(twin.join("src")).map_err(|e| io("create", &twin, e))?;
    fs::write(twin.join("src/lib.rs"), "").map_err(|e| io("write", &twin, e))?;
    for file in ["Cargo.toml", "Cargo.lock"] {
        let from = crate_dir.join(file);
        if from.exists() {
            fs::copy(&from, twin.join(file)).map_err(|e| io("copy", &from, e))?;
        }
    }
    check_job(cargo, &twin, target, &[]).run()?;
    let lock = twin.join("Cargo.lock");
    fs::copy(&lock, crate_dir.join("Cargo.lock")).map_err(|e| io("copy", &lock, e))?;
    Ok(())
}

/// Non-empty lines of the `.rs` files below `dir`.
fn rust_lines(dir: &Path) -> Result<usize, String> {
    let mut files = Vec::new();
    super::collect_rs(dir, &mut files).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut lines = 0;
    for file in files {
        lines += super::non_empty_lines(
            &fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?,
        );
    }
    Ok(lines)
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

// ---------------------------------------------------------------------------------------------
// The table

fn table(f: &SizeFigures) -> String {
    let mut out = format!(
        "### {} endpoints ({} resources), {} run(s) of each, medians\n\n\
         Took {:.1} min; load average (1, 5, 15 min) {} at the start, {} at the end.\n\n\
         | figure | this project | progenitor | ratio | target |\n|---|---|---|---|---|\n",
        f.endpoints,
        f.resources,
        f.runs,
        f.took.as_secs_f64() / 60.0,
        f.load.0,
        f.load.1,
    );
    let (ours_lines, theirs_lines) = f.lines;
    out += &row(
        "generated lines per endpoint",
        (ours_lines / f.endpoints).to_string(),
        (theirs_lines / f.endpoints).to_string(),
        ours_lines as f64 / theirs_lines.max(1) as f64,
        "≤ 1",
    );
    if let Some(library) = &f.library {
        out += &library_rows(f, library);
    }
    if let Some((ours, theirs)) = &f.application {
        out += &application_rows(ours, theirs);
    }
    out += "\nThe lines, `cargo check` and generation rows measure the generated library alone; \
            the application rows measure a user's build on it.\n\nEvery run (this project / progenitor):\n";
    let list = |runs: &[Usage], pick: fn(&Usage) -> String| runs.iter().map(pick).collect::<Vec<_>>().join(", ");
    let both = |name: &str, ours: &[Usage], theirs: &[Usage], pick: fn(&Usage) -> String| {
        format!("- {name}: {} / {}\n", list(ours, pick), list(theirs, pick))
    };
    if let Some(LibraryFigures { ours, theirs, one_resource }) = &f.library {
        out += &both("check", &ours.check, &theirs.check, |u| secs(u.wall));
        out += &both("check peak RSS", &ours.check, &theirs.check, |u| bytes(u.peak_rss));
        out += &both("generation wall", &ours.generation, &theirs.generation, |u| secs(u.wall));
        out += &both("generation CPU", &ours.generation, &theirs.generation, |u| secs(u.cpu));
        out += &format!("- check with one resource: {}\n", list(one_resource, |u| secs(u.wall)));
    }
    if let Some((ours, theirs)) = &f.application {
        out += &both("application build", &ours.alone, &theirs.alone, |u| secs(u.wall));
        out += &both("library + application build", &ours.with_library, &theirs.with_library, |u| secs(u.wall));
        out += &both("application build CPU", &ours.alone, &theirs.alone, |u| secs(u.cpu));
        out += &both("library + application build CPU", &ours.with_library, &theirs.with_library, |u| secs(u.cpu));
        out += &both("library + application peak RSS", &ours.with_library, &theirs.with_library, |u| bytes(u.peak_rss));
    }
    let a = &f.adaptations;
    out += &format!(
        "progenitor's input: our openapi.json as OpenAPI 3.0.3, {} deepObject query parameter(s) \
         dropped, {} 204 response(s) beside a 200 dropped, {} `default` response(s) turned into 4XX and 5XX, \
         {} response media type(s) beside application/json dropped.\n",
        a.deep_object_parameters, a.no_content_responses, a.default_responses, a.other_media_types,
    );
    out
}

fn row(figure: &str, ours: String, theirs: String, ratio: f64, target: &str) -> String {
    format!("| {figure} | {ours} | {theirs} | {ratio:.2} | {target} |\n")
}

fn wall(runs: &[Usage]) -> Duration {
    median(runs.iter().map(|u| u.wall))
}

fn cpu(runs: &[Usage]) -> Duration {
    median(runs.iter().map(|u| u.cpu))
}

fn peak(runs: &[Usage]) -> u64 {
    median(runs.iter().map(|u| u.peak_rss))
}

fn seconds_ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE)
}

fn library_rows(f: &SizeFigures, LibraryFigures { ours, theirs, one_resource }: &LibraryFigures) -> String {
    let per_endpoint = |d: Duration| Duration::from_secs_f64(d.as_secs_f64() / f.endpoints as f64);
    let (check, generation) = ((&ours.check, &theirs.check), (&ours.generation, &theirs.generation));
    let mut out = row(
        "`cargo check` of the whole crate",
        secs(wall(check.0)),
        secs(wall(check.1)),
        seconds_ratio(wall(check.0), wall(check.1)),
        "≤ 0.5",
    );
    out += &row(
        "peak memory of that check (rustc's max RSS)",
        bytes(peak(check.0)),
        bytes(peak(check.1)),
        peak(check.0) as f64 / peak(check.1).max(1) as f64,
        "≤ 0.5",
    );
    out += &row(
        "generation, whole process: wall",
        secs(wall(generation.0)),
        secs(wall(generation.1)),
        seconds_ratio(wall(generation.0), wall(generation.1)),
        "",
    );
    out += &row(
        "generation, whole process: CPU (user + system)",
        secs(cpu(generation.0)),
        secs(cpu(generation.1)),
        seconds_ratio(cpu(generation.0), cpu(generation.1)),
        "",
    );
    out += &row(
        "generation CPU per endpoint",
        millis(per_endpoint(cpu(generation.0))),
        millis(per_endpoint(cpu(generation.1))),
        seconds_ratio(cpu(generation.0), cpu(generation.1)),
        "≤ 0.2",
    );
    out += &format!(
        "| `cargo check` with one resource of {} (`--no-default-features --features client,{}`) | {} | not possible | | |\n",
        f.resources,
        f.one_feature,
        secs(wall(one_resource))
    );
    out
}

fn application_rows(ours: &Builds, theirs: &Builds) -> String {
    let mut out = row(
        "an application calling every endpoint: `cargo build` of it alone (debug, library built)",
        secs(wall(&ours.alone)),
        secs(wall(&theirs.alone)),
        seconds_ratio(wall(&ours.alone), wall(&theirs.alone)),
        "≤ 0.6",
    );
    out += &row(
        "library + that application: `cargo build` after a change in the library",
        secs(wall(&ours.with_library)),
        secs(wall(&theirs.with_library)),
        seconds_ratio(wall(&ours.with_library), wall(&theirs.with_library)),
        "≤ 0.35",
    );
    out += &row(
        "… the application alone: CPU time (user + system, steadier under load)",
        secs(cpu(&ours.alone)),
        secs(cpu(&theirs.alone)),
        seconds_ratio(cpu(&ours.alone), cpu(&theirs.alone)),
        "",
    );
    out += &row(
        "… library + application: CPU time",
        secs(cpu(&ours.with_library)),
        secs(cpu(&theirs.with_library)),
        seconds_ratio(cpu(&ours.with_library), cpu(&theirs.with_library)),
        "",
    );
    out += &row(
        "peak memory of the library + application build (the largest process)",
        bytes(peak(&ours.with_library)),
        bytes(peak(&theirs.with_library)),
        peak(&ours.with_library) as f64 / peak(&theirs.with_library).max(1) as f64,
        "",
    );
    out
}

/// The middle value (the upper one of an even count); the default for none.
pub(super) fn median<T: Ord + Copy + Default>(values: impl Iterator<Item = T>) -> T {
    let mut sorted: Vec<T> = values.collect();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

pub(super) fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn millis(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn bytes(n: u64) -> String {
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
    if n as f64 >= GIB {
        format!("{:.2} GiB", n as f64 / GIB)
    } else {
        format!("{:.0} MiB", n as f64 / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_default_to_three_runs_of_100_and_1000_endpoints() {
        let options = parse_options(&[]).unwrap();
        assert_eq!((options.runs, options.sizes), (3, vec![100, 1000]));
        let options = parse_options(&["--sizes", "10, 50", "--runs", "5"]).unwrap();
        assert_eq!((options.runs, options.sizes), (5, vec![10, 50]));
        assert!(parse_options(&["--sizes", "12"]).is_err());
        assert!(parse_options(&["--runs", "0"]).is_err());
        assert!(parse_options(&["--fast"]).is_err());
        assert!(options.library && options.application);
        let library = parse_options(&["--only", "library"]).unwrap();
        assert!(library.library && !library.application);
        let application = parse_options(&["--only", "application"]).unwrap();
        assert!(!application.library && application.application);
        assert!(parse_options(&["--only", "everything"]).is_err());
        assert!(parse_options(&["--only"]).is_err());
    }

    #[test]
    fn the_median_is_the_middle_value() {
        assert_eq!(median([3u64, 1, 2].into_iter()), 2);
        assert_eq!(median([4u64, 1, 3, 2].into_iter()), 3);
        assert_eq!(median(std::iter::empty::<u64>()), 0);
    }

    #[test]
    fn sizes_print_in_mib_or_gib() {
        assert_eq!(bytes(512 * 1024 * 1024), "512 MiB");
        assert_eq!(bytes(5 * 1024 * 1024 * 1024 + 1024 * 1024 * 1024 / 10), "5.10 GiB");
    }

    fn usage(seconds: u64, peak_rss: u64) -> Usage {
        Usage { wall: Duration::from_secs(seconds), cpu: Duration::from_secs(seconds * 2), peak_rss }
    }

    fn figures(library: Option<LibraryFigures>, application: Option<(Builds, Builds)>) -> SizeFigures {
        SizeFigures {
            endpoints: 10,
            resources: 2,
            runs: 3,
            lines: (2000, 1000),
            library,
            application,
            one_feature: "res0000".to_owned(),
            adaptations: progenitor_export::Adaptations {
                deep_object_parameters: 10,
                no_content_responses: 2,
                default_responses: 10,
                other_media_types: 20,
            },
            load: ("0.50 0.40 0.30".to_owned(), "1.50 1.40 1.30".to_owned()),
            took: Duration::from_secs(90),
        }
    }

    fn library() -> LibraryFigures {
        LibraryFigures {
            ours: Side {
                generation: vec![usage(1, 0); 3],
                check: vec![usage(4, 1 << 30), usage(2, 1 << 30), usage(3, 1 << 30)],
            },
            theirs: Side { generation: vec![usage(4, 0); 3], check: vec![usage(6, 2 << 30); 3] },
            one_resource: vec![usage(1, 0)],
        }
    }

    fn applications() -> (Builds, Builds) {
        (
            Builds { alone: vec![usage(3, 0), usage(9, 0), usage(2, 0)], with_library: vec![usage(7, 1 << 30); 3] },
            Builds { alone: vec![usage(5, 0); 3], with_library: vec![usage(20, 3 << 30); 3] },
        )
    }

    #[test]
    fn the_table_gives_medians_and_ratios_of_ours_to_progenitors() {
        let text = table(&figures(Some(library()), Some(applications())));
        assert!(text.contains("| generated lines per endpoint | 200 | 100 | 2.00 | ≤ 1 |"), "{text}");
        assert!(text.contains("| `cargo check` of the whole crate | 3.00 s | 6.00 s | 0.50 | ≤ 0.5 |"), "{text}");
        assert!(text.contains("| 1.00 GiB | 2.00 GiB | 0.50 |"), "{text}");
        assert!(text.contains("| generation CPU per endpoint | 200.00 ms | 800.00 ms | 0.25 | ≤ 0.2 |"), "{text}");
        assert!(text.contains("one resource of 2"), "{text}");
        assert!(
            text.contains("Took 1.5 min; load average (1, 5, 15 min) 0.50 0.40 0.30 at the start, 1.50 1.40 1.30"),
            "{text}"
        );
        assert!(text.contains("10 deepObject"), "{text}");
        assert!(text.contains("(debug, library built) | 3.00 s | 5.00 s | 0.60 | ≤ 0.6 |"), "{text}");
        assert!(text.contains("after a change in the library | 7.00 s | 20.00 s | 0.35 | ≤ 0.35 |"), "{text}");
        assert!(text.contains("(the largest process) | 1.00 GiB | 3.00 GiB | 0.33 |"), "{text}");
        assert!(
            text.contains(
                "the application alone: CPU time (user + system, steadier under load) | 6.00 s | 10.00 s | 0.60 |"
            ),
            "{text}"
        );
        assert!(text.contains("- library + application build CPU: 14.00 s, 14.00 s, 14.00 s / 40.00 s"), "{text}");
        assert!(text.contains("- application build: 3.00 s, 9.00 s, 2.00 s / 5.00 s, 5.00 s, 5.00 s"), "{text}");
        assert!(text.contains("- check: 4.00 s, 2.00 s, 3.00 s / 6.00 s"), "{text}");
    }

    /// With `--only`, the table has the rows of what was measured, and no empty ones.
    #[test]
    fn the_table_leaves_out_what_was_not_measured() {
        let text = table(&figures(None, Some(applications())));
        assert!(text.contains("| generated lines per endpoint |"), "{text}");
        assert!(!text.contains("| `cargo check`") && !text.contains("| generation"), "{text}");
        assert!(!text.contains("- check:"), "{text}");
        assert!(text.contains("`cargo build` of it alone"), "{text}");
        let text = table(&figures(Some(library()), None));
        assert!(text.contains("`cargo check` of the whole crate") && !text.contains("cargo build"), "{text}");
    }
}
