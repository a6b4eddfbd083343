//! `cargo xtask bench`: how fast the generator is and how it scales, how big and how slow to
//! compile its output is. It prints figures and fails only if something cannot run (a schema
//! error, a failed `cargo check`); it never judges a figure, since the machine may be slow.
//!
//! The figures worth quoting come from the optimised build:
//! `cargo run --release -p xtask -- bench` (`cargo xtask bench` runs the debug build).
//!
//! 1. The generator on `schema/`, each phase apart: load (read + parse YAML), check (resolve the
//!    model), emit (build token streams), format (prettyplease).
//! 2. The generator on synthetic schemas of 10, 100 and 1000 endpoints written to a temporary
//!    directory: time, time per endpoint, peak RSS of a generate process, and the ratio to the previous size.
//! 3. Lines of generated code per endpoint.
//! 4. `cargo check` / `cargo build` of `truto-unified` after touching one generated file,
//!    with every dependency already built: a full compile of the crate (`CARGO_INCREMENTAL=0`)
//!    and what the incremental cache makes of an edit-free touch.
//!
//! `cargo xtask bench --peers [--runs N] [--sizes 100,1000]` instead compares this project
//! with progenitor on the same synthetic schema (generated lines, `cargo check` time and peak
//! memory, generation time, and the build of an application calling every endpoint): see
//! [`peers`]. It installs cargo-progenitor and took 30 minutes with the defaults on 2 cores
//! (PERFORMANCE.md, sections 6 and 7).
//!
//! `cargo xtask bench --client [--pages N] [--gets N] ...` times the client at run time
//! against bare reqwest + serde on a local server: see [`client`].

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime};

use truto_codegen::{Diagnostics, GeneratedFile, check, emit, load};

use crate::codegen::workspace_root;

pub mod client;
pub mod peers;

/// The synthetic schema sizes, in endpoints (five per resource).
const SIZES: [usize; 3] = [10, 100, 1000];

const USAGE: &str = "\
usage: cargo xtask bench [--runs N] [--sizes 10,100,1000] [--no-cargo]
  --runs N      runs per figure (default 20 on schema/; synthetic sizes use at most 10, 7 or 3)
  --sizes LIST  synthetic schema sizes in endpoints, multiples of 5 (default 10,100,1000)
  --no-cargo    skip timing `cargo check` / `cargo build` of truto-unified
   or: cargo xtask bench --peers [--runs N] [--sizes 100,1000] [--only library|application]
                                                                (against progenitor)
   or: cargo xtask bench --client [--pages N] [--records N] [--gets N] [--tasks N] [--runs N]
                                                                (the client against bare reqwest)";

struct Options {
    runs: usize,
    sizes: Vec<usize>,
    cargo: bool,
}

fn parse_options(args: &[&str]) -> Result<Options, String> {
    let mut options = Options { runs: 20, sizes: SIZES.to_vec(), cargo: true };
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
                let value = args.next().ok_or("--sizes needs a list such as 10,100,1000")?;
                options.sizes = value
                    .split(',')
                    .map(|s| s.trim().parse().ok().filter(|&n: &usize| n > 0 && n % 5 == 0))
                    .collect::<Option<_>>()
                    .ok_or(format!("--sizes {value}: expected positive multiples of 5, comma-separated"))?;
            }
            "--no-cargo" => options.cargo = false,
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(options)
}

/// Runs every benchmark and prints the figures; with `--peers` first, the comparison with
/// progenitor instead.
pub fn run(args: &[&str]) -> ExitCode {
    match args {
        ["--peers", rest @ ..] => return peers::run(rest),
        ["--client", rest @ ..] => return client::run(rest),
        _ => {}
    }
    run_command(args, parse_options, USAGE, "bench", run_all)
}

/// One benchmark command: its options parsed from `args` (a usage error exits 2 with `usage`),
/// then run (a failure exits 1 naming `command`).
fn run_command<O>(
    args: &[&str],
    parse: fn(&[&str]) -> Result<O, String>,
    usage: &str,
    command: &str,
    run: fn(&O) -> Result<(), String>,
) -> ExitCode {
    let options = match parse(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n{usage}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{command} failed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_all(options: &Options) -> Result<(), String> {
    let root = workspace_root();
    if cfg!(debug_assertions) {
        println!(
            "profile: debug (unoptimised). The figures to quote come from `cargo run --release -p xtask -- bench`."
        );
    } else {
        println!("profile: release");
    }
    println!(
        "machine: {} logical CPU(s); times are the median of N runs, with the best run beside it (on a busy machine\n\
         the best run is the steadier estimate of the generator's own cost)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    let schema_dir = root.join("schema");
    bench_real_schema(&schema_dir, options.runs)?;
    bench_synthetic(&options.sizes, options.runs)?;
    lines_of_code(&schema_dir, &root.join("truto-generated"))?;
    if options.cargo {
        bench_cargo(&root)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Phases

/// The time of each phase of one generator run.
#[derive(Clone, Copy, Default)]
struct Phases {
    load: Duration,
    check: Duration,
    emit: Duration,
    format: Duration,
}

impl Phases {
    fn total(&self) -> Duration {
        self.load + self.check + self.emit + self.format
    }
}

/// One generator run, phase by phase (the same steps as `truto_codegen::generate`).
fn run_phases(dir: &Path) -> Result<(Phases, Vec<GeneratedFile>), String> {
    let started = Instant::now();
    let sources = load::read_dir(dir).map_err(|d| d.to_string())?;
    let paths: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
    let (files, problems) = load::parse_files(&sources);
    let load = started.elapsed();
    if !problems.is_empty() {
        return Err(Diagnostics(problems).to_string());
    }

    let started = Instant::now();
    let schema = check::check(&paths, &files).map_err(|d| d.to_string())?;
    let check = started.elapsed();

    let started = Instant::now();
    let outputs = emit::emit_tokens(&schema, &bench_options());
    let emit = started.elapsed();

    let started = Instant::now();
    let generated = emit::render(outputs).map_err(|e| e.to_string())?;
    let format = started.elapsed();
    Ok((Phases { load, check, emit, format }, generated))
}

/// The median and the best of each phase over `runs` runs (after one warm-up run).
fn time_phases(dir: &Path, runs: usize) -> Result<(Phases, Phases), String> {
    run_phases(dir)?;
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        samples.push(run_phases(dir)?.0);
    }
    let summarize = |pick: fn(&[Duration]) -> Duration| {
        let of = |f: fn(&Phases) -> Duration| pick(&samples.iter().map(f).collect::<Vec<_>>());
        Phases { load: of(|p| p.load), check: of(|p| p.check), emit: of(|p| p.emit), format: of(|p| p.format) }
    };
    Ok((summarize(median), summarize(best)))
}

/// The peak resident memory of one generation of `dir`, in a process of its own (this
/// binary's `xtask generate`, measured with `getrusage`): no counting allocator sits in the
/// generator's way, so the times measured beside it are the generator's own.
fn peak_rss(dir: &Path) -> Result<usize, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let scratch = std::env::temp_dir().join(format!("truto-bench-peak-{}", std::process::id()));
    let out = scratch.join("out");
    fs::create_dir_all(&scratch).map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let (dir_arg, out_arg) = (dir.display().to_string(), out.display().to_string());
    let job = peers::Job::new(&exe, &["generate", &dir_arg, &out_arg], &scratch);
    let usage = job.measure(&exe, &scratch.join("report"));
    let _ = fs::remove_dir_all(&scratch);
    Ok(usize::try_from(usage?.peak_rss).unwrap_or(usize::MAX))
}

fn bench_real_schema(dir: &Path, runs: usize) -> Result<(), String> {
    println!("== generator on schema/ ({} runs)", runs);
    let (phases, fastest) = time_phases(dir, runs)?;
    let whole = time_generate(dir, runs)?;
    let peak = peak_rss(dir)?;
    println!("  {:<26} {:>10} {:>10}", "", "median", "best");
    println!("  {:<26} {:>10} {:>10}", "load (read + parse YAML)", ms(phases.load), ms(fastest.load));
    println!("  {:<26} {:>10} {:>10}", "check (resolve model)", ms(phases.check), ms(fastest.check));
    println!("  {:<26} {:>10} {:>10}", "emit (token streams)", ms(phases.emit), ms(fastest.emit));
    println!("  {:<26} {:>10} {:>10}", "format (prettyplease)", ms(phases.format), ms(fastest.format));
    println!("  {:<26} {:>10} {:>10}", "sum of the phases", ms(phases.total()), ms(fastest.total()));
    println!("  {:<26} {:>10} {:>10}", "generate(), whole", ms(whole.median), ms(whole.best));
    println!("  peak RSS of a whole generate process: {}", mib(peak));
    println!();
    Ok(())
}

/// The median and best time of `truto_codegen::generate`.
#[derive(Clone, Copy)]
struct Timing {
    median: Duration,
    best: Duration,
}

fn time_generate(dir: &Path, runs: usize) -> Result<Timing, String> {
    truto_codegen::generate(dir, &bench_options()).map_err(|d| d.to_string())?;
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let files = truto_codegen::generate(dir, &bench_options()).map_err(|d| d.to_string())?;
        samples.push(started.elapsed());
        drop(files);
    }
    Ok(Timing { median: median(&samples), best: best(&samples) })
}

// ---------------------------------------------------------------------------------------------
// Scaling

struct SizeFigures {
    endpoints: usize,
    runs: usize,
    time: Timing,
    phases: Phases,
    peak: usize,
    schema_bytes: usize,
    lines: usize,
}

fn bench_synthetic(sizes: &[usize], max_runs: usize) -> Result<(), String> {
    println!("== generator on synthetic schemas (k resources x list/get/create/update/delete, 14 fields each)");
    let mut figures = Vec::new();
    for &endpoints in sizes {
        let dir = std::env::temp_dir().join(format!("truto-bench-{endpoints}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let schema_bytes =
            write_synthetic_schema(&dir, endpoints / 5).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
        let result = measure_size(&dir, endpoints, schema_bytes, max_runs);
        let _ = fs::remove_dir_all(&dir);
        figures.push(result?);
    }

    println!(
        "  {:>9} {:>6} {:>4} {:>11} {:>11} {:>9} {:>8} {:>6} {:>10} {:>6} {:>8} {:>8}",
        "endpoints",
        "x size",
        "runs",
        "median",
        "best",
        "median/ep",
        "x median",
        "x best",
        "peak RSS",
        "x mem",
        "yaml KiB",
        "lines/ep"
    );
    let mut previous: Option<&SizeFigures> = None;
    for f in &figures {
        let ratio = |now: f64, before: f64| format!("x{:.1}", now / before.max(f64::MIN_POSITIVE));
        let ratios = previous.map(|p| {
            [
                ratio(f.endpoints as f64, p.endpoints as f64),
                ratio(f.time.median.as_secs_f64(), p.time.median.as_secs_f64()),
                ratio(f.time.best.as_secs_f64(), p.time.best.as_secs_f64()),
                ratio(f.peak as f64, p.peak as f64),
            ]
        });
        let [size_ratio, median_ratio, best_ratio, memory_ratio] =
            ratios.unwrap_or_else(|| ["-".to_owned(), "-".to_owned(), "-".to_owned(), "-".to_owned()]);
        println!(
            "  {:>9} {:>6} {:>4} {:>11} {:>11} {:>9} {:>8} {:>6} {:>10} {:>6} {:>8} {:>8}",
            f.endpoints,
            size_ratio,
            f.runs,
            ms(f.time.median),
            ms(f.time.best),
            format!("{:.2} ms", f.time.median.as_secs_f64() * 1000.0 / f.endpoints as f64),
            median_ratio,
            best_ratio,
            mib(f.peak),
            memory_ratio,
            f.schema_bytes / 1024,
            f.lines / f.endpoints,
        );
        previous = Some(f);
    }
    println!("  (x = ratio to the previous row; linear growth shows as x median, x best and x mem close to x size)");
    println!("  phases (median ms):");
    println!("  {:>9} {:>10} {:>10} {:>10} {:>10}", "endpoints", "load", "check", "emit", "format");
    for f in &figures {
        println!(
            "  {:>9} {:>10.2} {:>10.2} {:>10.2} {:>10.2}",
            f.endpoints,
            f.phases.load.as_secs_f64() * 1000.0,
            f.phases.check.as_secs_f64() * 1000.0,
            f.phases.emit.as_secs_f64() * 1000.0,
            f.phases.format.as_secs_f64() * 1000.0,
        );
    }
    println!();
    Ok(())
}

fn measure_size(dir: &Path, endpoints: usize, schema_bytes: usize, max_runs: usize) -> Result<SizeFigures, String> {
    // Fewer runs on the big schemas: each run is long enough to be steady.
    let runs = match endpoints {
        0..=100 => 10,
        101..=1000 => 7,
        _ => 3,
    }
    .min(max_runs);
    let peak = peak_rss(dir)?;
    let lines = truto_codegen::generate(dir, &bench_options())
        .map_err(|d| d.to_string())?
        .iter()
        .filter(|f| is_generated_rust(&f.path))
        .map(|f| non_empty_lines(&f.contents))
        .sum();
    let time = time_generate(dir, runs)?;
    let phases = time_phases(dir, runs)?.0;
    Ok(SizeFigures { endpoints, runs, time, phases, peak, schema_bytes, lines })
}

/// Writes a valid schema of `resources` resources with five endpoints each, in the layout of
/// `schema/` (one file per resource and per endpoint); returns the bytes written.
fn write_synthetic_schema(dir: &Path, resources: usize) -> std::io::Result<usize> {
    let names: Vec<String> = (0..resources).map(|i| format!("res{i:04}")).collect();
    let mut written = 0;
    let mut write = |path: PathBuf, text: String| -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        written += text.len();
        fs::write(path, text)
    };
    write(dir.join("common.yaml"), COMMON.replace("{RESOURCES}", &names.join(", ")))?;
    for (i, name) in names.iter().enumerate() {
        let model = format!("Res{i:04}");
        let other = &names[(i + 1) % names.len()];
        let fill = |template: &str| template.replace("{R}", name).replace("{M}", &model).replace("{OTHER}", other);
        let folder = dir.join("crm").join(name);
        write(folder.join("resource.yaml"), fill(RESOURCE))?;
        write(folder.join("list.yaml"), fill(LIST))?;
        write(folder.join("get.yaml"), fill(GET))?;
        write(
            folder.join("create.yaml"),
            fill(
                &BODY_ENDPOINT
                    .replace("{OP}", "create")
                    .replace("{HTTP}", "POST")
                    .replace("{PATH}", "/unified/crm/{R}")
                    .replace("{PARAMS}", ""),
            ),
        )?;
        write(
            folder.join("update.yaml"),
            fill(
                &BODY_ENDPOINT
                    .replace("{OP}", "update")
                    .replace("{HTTP}", "PATCH")
                    .replace("{PATH}", "/unified/crm/{R}/{id}")
                    .replace("{PARAMS}", "\n  path_params: [id]"),
            ),
        )?;
        write(folder.join("delete.yaml"), fill(DELETE))?;
    }
    Ok(written)
}

const COMMON: &str = "\
integrations:
  - slug: hubspot
    name: HubSpot
  - slug: zohocrm
    name: Zoho CRM
  - slug: close
    name: Close
  - slug: pipedrive
    name: Pipedrive
  - slug: pipeliner
    name: Pipeliner
  - slug: attio
    name: Attio
  - slug: capsule
    name: Capsule
  - slug: keap
    name: Keap
    confirmed: false

parameters:
  path:
    id:
      type: string
      required: true
      description: The ID of the resource.
      example: \"23423523\"
  query:
    integrated_account_id:
      type: uuid
      required: true
      description: The ID of the integrated account to use for the request.
    truto_response_format:
      type: string
      response_format: true
      description: The format of the response.
      default: unified
      enum: [unified, raw, normalized, stream, debug]
    truto_exclude_fields:
      type: string[]
      description: Array of fields to exclude from the response.
    remote_query:
      type: map
      description: Query parameters passed to the provider untransformed.
    limit:
      type: integer
      operations: [list]
      description: The number of records to return per page.
    next_cursor:
      type: string
      operations: [list]
      description: The cursor of the page to fetch.

shapes:
  Tag:
    description: A tag.
    fields:
      id: { type: string, description: The tag's unique identifier }
      name: { type: string, description: The tag's name }

api:
  name: crm
  title: Unified CRM API
  resources: [{RESOURCES}]
";

const RESOURCE: &str = "\
resource:
  api: crm
  name: {R}
  model: {M}
  description: A synthetic record.
  fields:
    id: { type: string, required: true, description: The record's unique identifier }
    name: { type: string, description: The record's name }
    amount: { type: number, description: The record's amount }
    count: { type: integer, description: How many there are }
    active: { type: boolean, description: Whether it is active }
    created_at: { type: date-time, description: When it was created }
    updated_at: { type: date-time, description: When it was last updated }
    external_id: { type: uuid, description: Its id elsewhere }
    custom_fields: { type: map, description: All the custom fields present on the record }
    remote_data: { type: map, description: Raw data returned from the remote API call. }
    labels: { type: \"string[]\", description: Free-form labels }
    tags: { type: \"Tag[]\", description: The record's tags }
    status:
      type: string
      description: The record's status
      enum: [open, won, lost, abandoned, deleted]
      value_docs: { open: Still open. }
    owner:
      type: object
      description: The record's owner
      references: {OTHER}.id
      fields:
        id: { type: string, required: true, description: The owner's unique identifier }
        name: { type: string, description: The owner's name }
";

const LIST: &str = "\
endpoint:
  api: crm
  resource: {R}
  operation: list
  http: GET
  path: /unified/crm/{R}
  response_formats: [unified, raw, normalized, debug]
  description: List records.
  query:
    status:
      type: string
      description: Only records with this status
      enum: [open, won, lost, abandoned, deleted]
      support:
        required: [zohocrm]
        supported: [hubspot, pipedrive]
        values: { zohocrm: [open, won], pipedrive: [open, won, lost, deleted] }
    sort_by:
      enum: [created_at, updated_at]
      description: The field to sort by
      support: { supported: [pipeliner, close] }
  response:
    support:
      id: { supported: [hubspot, zohocrm, pipedrive, close] }
      name: { supported: [hubspot, pipedrive] }
      status: { supported: [pipedrive, attio] }
      owner.id: { supported: [hubspot] }
";

const GET: &str = "\
endpoint:
  api: crm
  resource: {R}
  operation: get
  http: GET
  path: /unified/crm/{R}/{id}
  path_params: [id]
  response_formats: [unified, raw, normalized, stream]
  description: Get one record.
  response:
    support:
      id: { supported: [hubspot, zohocrm, pipedrive, close, attio] }
      amount: { supported: [pipedrive, capsule] }
";

const BODY_ENDPOINT: &str = "\
endpoint:
  api: crm
  resource: {R}
  operation: {OP}
  http: {HTTP}
  path: {PATH}{PARAMS}
  response_formats: [unified, raw]
  description: Write a record.
  integrations: [hubspot, zohocrm, close, pipedrive, pipeliner, attio, capsule]
  body:
    name:
      type: string
      description: The record's name
      support: { required: [hubspot], supported: [close, pipedrive, attio] }
    amount: { type: number, description: The record's amount, support: { supported: [hubspot, pipedrive, close] } }
    count: { type: integer, description: How many there are, support: { supported: [zohocrm] } }
    active: { type: boolean, description: Whether it is active, support: { supported: [capsule, keap] } }
    close_date: { type: date-time, description: When it closes, support: { supported: [hubspot, pipedrive, pipeliner] } }
    currency: { type: string, description: The amount's currency, support: { supported: [pipedrive, attio] } }
    description: { type: string, description: The record's description, support: { supported: [hubspot, close] } }
    custom_fields: { type: map, description: Custom fields to set, support: { supported: [hubspot, pipedrive, close, attio] } }
    remote_data: { type: map, description: Data passed to the provider as is }
    labels: { type: \"string[]\", description: Free-form labels, support: { supported: [capsule] } }
    tags: { type: \"Tag[]\", description: The record's tags, support: { supported: [capsule, pipeliner] } }
    close_time: { support: { supported: [pipedrive] } }
    status:
      type: string
      description: The record's status
      enum: [open, won, lost, abandoned, deleted]
      support:
        supported: [attio, pipedrive, close]
        values: { attio: [open, won, lost], pipedrive: [open, won, lost, deleted] }
    owner:
      type: object
      description: The record's owner
      references: {OTHER}.id
      fields:
        id: { type: string, required: true, description: The owner's unique identifier }
      support: { required: [zohocrm], supported: [hubspot, pipedrive] }
  response:
    support:
      id: { supported: [hubspot, zohocrm, pipedrive] }
      name: { supported: [hubspot, pipedrive, close] }
";

const DELETE: &str = "\
endpoint:
  api: crm
  resource: {R}
  operation: delete
  http: DELETE
  path: /unified/crm/{R}/{id}
  path_params: [id]
  response_formats: [unified, raw, normalized, stream, debug]
  description: Delete a record.
  integrations: [hubspot, pipedrive, capsule]
  response:
    support:
      id: { supported: [hubspot, pipedrive, capsule] }
";

// ---------------------------------------------------------------------------------------------
// Size of the output

fn is_generated_rust(path: &Path) -> bool {
    path.starts_with("src/generated") && path.extension().is_some_and(|e| e == "rs")
}

fn non_empty_lines(text: &str) -> usize {
    text.lines().filter(|l| !l.trim().is_empty()).count()
}

fn lines_of_code(schema_dir: &Path, crate_dir: &Path) -> Result<(), String> {
    let schema = truto_codegen::load_schema(schema_dir).map_err(|d| d.to_string())?;
    let resources: Vec<_> = schema.apis.iter().flat_map(|a| &a.resources).collect();
    let endpoints: usize = resources.iter().map(|r| r.endpoints.len()).sum();
    let mut files = Vec::new();
    collect_rs(&crate_dir.join("src/generated"), &mut files)
        .map_err(|e| format!("cannot read truto-generated/src/generated: {e}"))?;
    let mut lines = 0;
    for file in &files {
        lines +=
            non_empty_lines(&fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?);
    }
    println!("== generated code (truto-generated/src/generated, as committed)");
    println!(
        "  {} files, {} non-empty lines, {} resources, {} endpoints",
        files.len(),
        lines,
        resources.len(),
        endpoints
    );
    println!("  {} lines per endpoint (all generated lines / endpoints)", lines / endpoints.max(1));
    println!();
    Ok(())
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_rs(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Compile time

/// Rebuilds timed per command (median).
const COMPILE_RUNS: usize = 3;

fn bench_cargo(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let touched = root.join("truto-generated/src/generated/mod.rs");
    println!("== compiling truto-unified (dev profile, lib, default features, dependencies already built)");
    println!("  each run: touch src/generated/mod.rs, then rebuild; `full` compiles the whole crate");
    println!("  (CARGO_INCREMENTAL=0), `incremental` is what an edit-free touch costs with the incremental cache");
    let mut report = String::new();
    for incremental in [false, true] {
        for command in ["check", "build"] {
            let args = [command, "-p", "truto-unified", "--quiet"];
            cargo_run(&cargo, root, &args, incremental)?; // warm: dependencies built, crate up to date
            let mut samples = Vec::new();
            for _ in 0..COMPILE_RUNS {
                touch(&touched).map_err(|e| format!("cannot touch {}: {e}", touched.display()))?;
                let started = Instant::now();
                cargo_run(&cargo, root, &args, incremental)?;
                samples.push(started.elapsed());
            }
            let shown: Vec<String> = samples.iter().map(|d| format!("{:.2}", d.as_secs_f64())).collect();
            let kind = if incremental { "incremental" } else { "full" };
            let _ = writeln!(
                report,
                "  cargo {command:<5} -p truto-unified  {kind:<11}  {:>6.2} s  (runs: {} s)",
                median(&samples).as_secs_f64(),
                shown.join(", ")
            );
        }
    }
    print!("{report}");
    println!();
    Ok(())
}

fn cargo_run(cargo: &str, root: &Path, args: &[&str], incremental: bool) -> Result<(), String> {
    let mut command = Command::new(cargo);
    command.args(args).current_dir(root).stdin(Stdio::null());
    if !incremental {
        command.env("CARGO_INCREMENTAL", "0");
    }
    let output = command.output().map_err(|e| format!("cannot run `cargo {}`: {e}", args.join(" ")))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&output.stderr)))
    }
}

/// Sets a file's modification time to now without changing it.
fn touch(path: &Path) -> std::io::Result<()> {
    fs::OpenOptions::new().write(true).open(path)?.set_modified(SystemTime::now())
}

// ---------------------------------------------------------------------------------------------
// Formatting

/// The generator's options for the schemas measured (the crate name only shapes doc examples).
fn bench_options() -> truto_codegen::Options {
    truto_codegen::Options::new(crate::codegen::CLIENT_CRATE)
}

fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

fn best(samples: &[Duration]) -> Duration {
    samples.iter().min().copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn mib(bytes: usize) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}
