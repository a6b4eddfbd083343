//! `cargo xtask bench --peers [--runs N] [--sizes 100,1000]`: this project against progenitor
//! 0.15.1 on the same synthetic schema, side by side in one run (issue 12).
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
//!    ours with one resource's feature and `client`;
//! 4. print the table: medians, the ratio ours ÷ progenitor's, the targets of issue 12, the
//!    machine and the load average.
//!
//! Time and memory come from `getrusage` in a helper process ([`measure`]). Work files stay
//! in `target/bench-peers/` for inspection; each run starts its sizes afresh.

mod machine;
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
use measure::Usage;

use crate::codegen::workspace_root;

const USAGE: &str = "\
usage: cargo xtask bench --peers [--runs N] [--sizes 100,1000]
  --runs N      runs of each measured command (default 3); figures are medians
  --sizes LIST  synthetic schema sizes in endpoints, multiples of 5 (default 100,1000)
Installs cargo-progenitor 0.15.1 under target/bench-peers/ if it is not there. The default
sizes took 12 minutes on 2 cores (PERFORMANCE.md, section 6).";

struct Options {
    runs: usize,
    sizes: Vec<usize>,
}

fn parse_options(args: &[&str]) -> Result<Options, String> {
    let mut options = Options { runs: 3, sizes: vec![100, 1000] };
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
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(options)
}

/// Runs the comparison (`args` are the options after `--peers`) and prints its tables.
pub fn run(args: &[&str]) -> ExitCode {
    let options = match parse_options(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run_all(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench --peers failed: {message}");
            ExitCode::FAILURE
        }
    }
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
        let figures = measure_size(&tools, &root, endpoints, options.runs)?;
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

/// Everything measured for one kind of crate at one size.
struct Side {
    lines: usize,
    generation: Vec<Usage>,
    check: Vec<Usage>,
}

struct SizeFigures {
    endpoints: usize,
    resources: usize,
    ours: Side,
    theirs: Side,
    /// `cargo check` of ours with one resource feature (and `client`).
    one_resource: Vec<Usage>,
    one_feature: String,
    adaptations: progenitor_export::Adaptations,
    /// The load average when this size started and when it ended, and how long it took.
    load: (String, String),
    took: Duration,
}

fn measure_size(tools: &Tools, root: &Path, endpoints: usize, runs: usize) -> Result<SizeFigures, String> {
    let (started, load_at_start) = (Instant::now(), machine::load_average());
    let resources = endpoints / 5;
    let dir = tools.work.join(format!("{endpoints}-endpoints"));
    let fresh = |dir: &Path| {
        let _ = fs::remove_dir_all(dir);
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
    };
    fresh(&dir)?;
    println!("\n== {endpoints} endpoints ({resources} resources), in {}", dir.display());

    let schema = dir.join("schema");
    super::write_synthetic_schema(&schema, resources).map_err(|e| format!("cannot write {}: {e}", schema.display()))?;
    let features: Vec<String> = truto_codegen::load_schema(&schema)
        .map_err(|d| d.to_string())?
        .apis
        .iter()
        .flat_map(|a| &a.resources)
        .map(|r| r.feature.clone())
        .collect();
    let one_feature = features.first().cloned().ok_or("the synthetic schema has no resource")?;

    println!("generating both crates");
    let ours = dir.join("truto");
    let ours_generate = |out: &Path| Job::new(&tools.xtask, &["generate", &path(&schema), &path(out)], &dir);
    ours_generate(&ours).run()?;
    truto_crate::assemble(root, &ours, &format!("truto-bench-{endpoints}"), &features)?;

    let spec = dir.join("openapi-for-progenitor.json");
    let adaptations = write_progenitor_spec(&ours.join("openapi.json"), &spec)?;
    let theirs = dir.join("progenitor");
    let theirs_name = format!("progenitor-bench-{endpoints}");
    let theirs_generate = |out: &Path| progenitor::generate_job(&tools.progenitor, &spec, out, &theirs_name);
    theirs_generate(&theirs).run()?;
    progenitor::make_standalone(&theirs)?;

    let mut figures = SizeFigures {
        endpoints,
        resources,
        ours: Side { lines: rust_lines(&ours.join("src/generated"))?, generation: Vec::new(), check: Vec::new() },
        theirs: Side { lines: rust_lines(&theirs.join("src"))?, generation: Vec::new(), check: Vec::new() },
        one_resource: Vec::new(),
        one_feature,
        adaptations,
        load: (load_at_start, String::new()),
        took: Duration::ZERO,
    };

    let report = dir.join("measure-report");
    let (ours_scratch, theirs_scratch) = (dir.join("scratch-truto"), dir.join("scratch-progenitor"));
    for run in 1..=runs {
        println!("generation, run {run} of {runs}");
        fresh(&ours_scratch)?;
        figures.ours.generation.push(ours_generate(&ours_scratch).measure(&tools.xtask, &report)?);
        fresh(&theirs_scratch)?;
        figures.theirs.generation.push(theirs_generate(&theirs_scratch).measure(&tools.xtask, &report)?);
    }

    let ours_target = tools.work.join("target-truto");
    let theirs_target = tools.work.join("target-progenitor");
    println!("building dependencies (once per kind of crate; later sizes reuse them)");
    build_dependencies(&tools.cargo, &ours, &ours_target)?;
    build_dependencies(&tools.cargo, &theirs, &theirs_target)?;

    let ours_check = check_job(&tools.cargo, &ours, &ours_target, &[]);
    let theirs_check = check_job(&tools.cargo, &theirs, &theirs_target, &[]);
    for run in 1..=runs {
        println!("cargo check of the whole crate, run {run} of {runs}");
        figures.ours.check.push(timed_check(&ours_check, &ours, tools, &report)?);
        figures.theirs.check.push(timed_check(&theirs_check, &theirs, tools, &report)?);
    }
    let features = format!("client,{}", figures.one_feature);
    let one_check = check_job(&tools.cargo, &ours, &ours_target, &["--no-default-features", "--features", &features]);
    for run in 1..=runs {
        println!("cargo check with one resource, run {run} of {runs}");
        figures.one_resource.push(timed_check(&one_check, &ours, tools, &report)?);
    }
    figures.load.1 = machine::load_average();
    figures.took = started.elapsed();
    Ok(figures)
}

/// Adapts our export for progenitor and writes it to `spec`.
fn write_progenitor_spec(export: &Path, spec: &Path) -> Result<progenitor_export::Adaptations, String> {
    let text = fs::read_to_string(export).map_err(|e| format!("cannot read {}: {e}", export.display()))?;
    let document = serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", export.display()))?;
    let (adapted, adaptations) = progenitor_export::adapt(document);
    let text = serde_json::to_string_pretty(&adapted).map_err(|e| format!("cannot serialise the spec: {e}"))?;
    fs::write(spec, text).map_err(|e| format!("cannot write {}: {e}", spec.display()))?;
    Ok(adaptations)
}

/// `cargo check` of the crate in `crate_dir` (its library, default features unless `extra`
/// says otherwise) into `target`, without the incremental cache.
fn check_job(cargo: &str, crate_dir: &Path, target: &Path, extra: &[&str]) -> Job {
    let mut args = vec!["check", "--lib"];
    args.extend_from_slice(extra);
    Job::new(cargo, &args, crate_dir).env("CARGO_TARGET_DIR", path(target)).env("CARGO_INCREMENTAL", "0")
}

/// Touches the crate's `lib.rs` so that only the crate itself recompiles, then measures `job`.
fn timed_check(job: &Job, crate_dir: &Path, tools: &Tools, report: &Path) -> Result<Usage, String> {
    let lib = crate_dir.join("src/lib.rs");
    super::touch(&lib).map_err(|e| format!("cannot touch {}: {e}", lib.display()))?;
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
    let per_endpoint = |d: Duration| Duration::from_secs_f64(d.as_secs_f64() / f.endpoints as f64);
    let wall = |runs: &[Usage]| median(runs.iter().map(|u| u.wall));
    let cpu = |runs: &[Usage]| median(runs.iter().map(|u| u.cpu));
    let peak = |runs: &[Usage]| median(runs.iter().map(|u| u.peak_rss));
    let (ours, theirs) = (&f.ours, &f.theirs);
    let row = |figure: &str, a: String, b: String, ratio: f64, target: &str| {
        format!("| {figure} | {a} | {b} | {ratio:.2} | {target} |\n")
    };
    let seconds_ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE);

    let mut out = format!(
        "### {} endpoints ({} resources), {} run(s) of each, medians\n\n\
         Took {:.1} min; load average (1, 5, 15 min) {} at the start, {} at the end.\n\n\
         | figure | this project | progenitor | ratio | target |\n|---|---|---|---|---|\n",
        f.endpoints,
        f.resources,
        ours.check.len(),
        f.took.as_secs_f64() / 60.0,
        f.load.0,
        f.load.1,
    );
    out += &row(
        "generated lines per endpoint",
        (ours.lines / f.endpoints).to_string(),
        (theirs.lines / f.endpoints).to_string(),
        ours.lines as f64 / theirs.lines.max(1) as f64,
        "≤ 1",
    );
    out += &row(
        "`cargo check` of the whole crate",
        secs(wall(&ours.check)),
        secs(wall(&theirs.check)),
        seconds_ratio(wall(&ours.check), wall(&theirs.check)),
        "≤ 0.5",
    );
    out += &row(
        "peak memory of that check (rustc's max RSS)",
        bytes(peak(&ours.check)),
        bytes(peak(&theirs.check)),
        peak(&ours.check) as f64 / peak(&theirs.check).max(1) as f64,
        "≤ 0.5",
    );
    out += &row(
        "generation, whole process: wall",
        secs(wall(&ours.generation)),
        secs(wall(&theirs.generation)),
        seconds_ratio(wall(&ours.generation), wall(&theirs.generation)),
        "",
    );
    out += &row(
        "generation, whole process: CPU (user + system)",
        secs(cpu(&ours.generation)),
        secs(cpu(&theirs.generation)),
        seconds_ratio(cpu(&ours.generation), cpu(&theirs.generation)),
        "",
    );
    out += &row(
        "generation CPU per endpoint",
        millis(per_endpoint(cpu(&ours.generation))),
        millis(per_endpoint(cpu(&theirs.generation))),
        seconds_ratio(cpu(&ours.generation), cpu(&theirs.generation)),
        "≤ 0.2",
    );
    out += &format!(
        "| `cargo check` with one resource of {} (`--no-default-features --features client,{}`) | {} | not possible | | |\n",
        f.resources,
        f.one_feature,
        secs(wall(&f.one_resource))
    );

    let list = |runs: &[Usage], pick: fn(&Usage) -> String| runs.iter().map(pick).collect::<Vec<_>>().join(", ");
    let a = &f.adaptations;
    out += &format!(
        "\nEvery run (this project / progenitor):\n\
         - check: {} / {}\n- check peak RSS: {} / {}\n- generation wall: {} / {}\n\
         - generation CPU: {} / {}\n- check with one resource: {}\n\
         progenitor's input: our openapi.json as OpenAPI 3.0.3, {} deepObject query parameter(s) \
         dropped, {} 204 response(s) beside a 200 dropped, {} `default` response(s) turned into 4XX and 5XX, \
         {} response media type(s) beside application/json dropped.\n",
        list(&ours.check, |u| secs(u.wall)),
        list(&theirs.check, |u| secs(u.wall)),
        list(&ours.check, |u| bytes(u.peak_rss)),
        list(&theirs.check, |u| bytes(u.peak_rss)),
        list(&ours.generation, |u| secs(u.wall)),
        list(&theirs.generation, |u| secs(u.wall)),
        list(&ours.generation, |u| secs(u.cpu)),
        list(&theirs.generation, |u| secs(u.cpu)),
        list(&f.one_resource, |u| secs(u.wall)),
        a.deep_object_parameters,
        a.no_content_responses,
        a.default_responses,
        a.other_media_types,
    );
    out
}

/// The middle value (the upper one of an even count); the default for none.
fn median<T: Ord + Copy + Default>(values: impl Iterator<Item = T>) -> T {
    let mut sorted: Vec<T> = values.collect();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

fn secs(d: Duration) -> String {
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

    #[test]
    fn the_table_gives_medians_and_ratios_of_ours_to_progenitors() {
        let figures = SizeFigures {
            endpoints: 10,
            resources: 2,
            ours: Side {
                lines: 2000,
                generation: vec![usage(1, 0); 3],
                check: vec![usage(4, 1 << 30), usage(2, 1 << 30), usage(3, 1 << 30)],
            },
            theirs: Side { lines: 1000, generation: vec![usage(4, 0); 3], check: vec![usage(6, 2 << 30); 3] },
            one_resource: vec![usage(1, 0)],
            one_feature: "res0000".to_owned(),
            adaptations: progenitor_export::Adaptations {
                deep_object_parameters: 10,
                no_content_responses: 2,
                default_responses: 10,
                other_media_types: 20,
            },
            load: ("0.50 0.40 0.30".to_owned(), "1.50 1.40 1.30".to_owned()),
            took: Duration::from_secs(90),
        };
        let text = table(&figures);
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
    }
}
