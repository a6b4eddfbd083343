//! `cargo xtask bench --client`: the client against bare reqwest + serde on the same server
//! and records, side by side in one run (issue 26).
//!
//! 1. Builds `truto-bench-client` (release) and starts its server in a process of its own on
//!    127.0.0.1: opportunity pages of ~1.9 KB records and single records, precomputed,
//!    keep-alive (`bench-client/src/server.rs`).
//! 2. Runs each side once unmeasured (a warm-up that also checks it works).
//! 3. N times, the sides alternating (each run starts with the next side, so that load on the
//!    shared machine falls on all alike), each side a fresh process under the `measure`
//!    helper (wall time, user + system CPU time, peak RSS, from `getrusage`):
//!    - a sync: every page of the list, by cursor;
//!    - GETs: single-record GETs from concurrent tasks.
//!
//!    The sides, in pairs: bare reqwest + serde_json into a derived mirror struct, the cursor
//!    followed by hand, against the client typed (the generated `Opportunity`); bare reqwest +
//!    serde_json into `serde_json::Value` against the client into `Value`. Around each
//!    measured process the server's own CPU time is read, to show what serving cost beside it.
//! 4. Prints medians, the ratio of each client side to its bare side, the machine and the load
//!    average.
//!
//! These figures measure the client at run time: the runtime's HTTP, paging and decoding,
//! not the generator.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use super::peers::{Job, Usage, machine, median};
use crate::codegen::workspace_root;

const USAGE: &str = "\
usage: cargo xtask bench --client [--pages N] [--records N] [--gets N] [--tasks N] [--runs N] [--unoptimised]
  --pages N    pages of the list each sync reads (default 500)
  --records N  records per page, ~1.9 KB each (default 200)
  --gets N     single-record GETs, in all (default 20000)
  --tasks N    concurrent tasks making them (default 8)
  --runs N     measured runs of each side (default 7); figures are medians
  --unoptimised  build the clients in the dev profile: a check that the bench runs (CI),
               whose figures are not worth quoting
Quick: --pages 50 --gets 2000 --runs 3.";

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Options {
    pages: usize,
    records: usize,
    gets: usize,
    tasks: usize,
    runs: usize,
    /// The clients built in the dev profile instead of release.
    unoptimised: bool,
}

fn parse_options(args: &[&str]) -> Result<Options, String> {
    let mut options = Options { pages: 500, records: 200, gets: 20_000, tasks: 8, runs: 7, unoptimised: false };
    let mut args = args.iter();
    while let Some(&flag) = args.next() {
        let target = match flag {
            "--unoptimised" => {
                options.unoptimised = true;
                continue;
            }
            "--pages" => &mut options.pages,
            "--records" => &mut options.records,
            "--gets" => &mut options.gets,
            "--tasks" => &mut options.tasks,
            "--runs" => &mut options.runs,
            other => return Err(format!("unknown option `{other}`")),
        };
        let value = args.next().ok_or(format!("{flag} needs a number"))?;
        *target =
            value.parse().ok().filter(|&n: &usize| n > 0).ok_or(format!("{flag} {value}: not a positive number"))?;
    }
    Ok(options)
}

/// Runs the comparison (`args` are the options after `--client`) and prints its table.
pub fn run(args: &[&str]) -> ExitCode {
    super::run_command(args, parse_options, USAGE, "bench --client", run_all)
}

/// The sides, as `truto-bench-client` names them, in the order of the table: each bare side
/// is the baseline of the client side after it.
const SIDES: [&str; 4] = ["bare", "typed", "bare-value", "value"];

/// The two kinds of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// Every page of the list.
    Sync,
    /// Single-record GETs from concurrent tasks.
    Gets,
}

/// One measured process, and the server's CPU time while it ran.
#[derive(Debug, Clone, Copy)]
struct Sample {
    usage: Usage,
    server_cpu: Duration,
}

/// Everything one run of the bench measured: per work, per side (in [`SIDES`] order).
struct Figures {
    options: Options,
    sync: [Vec<Sample>; 4],
    gets: [Vec<Sample>; 4],
    /// Bytes of one page's records.
    page_bytes: usize,
    machine: String,
    date: String,
    load: (String, String),
    took: Duration,
}

fn run_all(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let (date, load_at_start) = (machine::now_utc(), machine::load_average());
    let machine = machine::describe();
    println!("machine: {machine}");
    println!("started {date}, load average {load_at_start} (1, 5, 15 min)");

    let root = workspace_root();
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let (profile, directory) = if options.unoptimised { ("dev", "debug") } else { ("release", "release") };
    println!("building truto-bench-client (profile {profile})");
    Job::new(&cargo, &["build", "--profile", profile, "--quiet", "-p", "truto-bench-client"], &root).run()?;
    let binary = target.join(directory).join(format!("truto-bench-client{}", std::env::consts::EXE_SUFFIX));
    let helper = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let work = target.join("bench-client");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let report = work.join("measure-report");

    let server = Server::start(&binary, options.pages, options.records)?;
    let jobs = Jobs { binary: &binary, url: &server.url, options };
    println!("warm-up: each side once, unmeasured");
    for side in SIDES {
        jobs.job(Work::Sync, side, &work).run()?;
        jobs.job(Work::Gets, side, &work).run()?;
    }
    let mut figures = Figures {
        options: options.clone(),
        sync: Default::default(),
        gets: Default::default(),
        page_bytes: server.page_bytes,
        machine,
        date,
        load: (load_at_start, String::new()),
        took: Duration::ZERO,
    };
    for run in 0..options.runs {
        println!("run {} of {}", run + 1, options.runs);
        for (work_kind, samples) in [(Work::Sync, &mut figures.sync), (Work::Gets, &mut figures.gets)] {
            for index in rotation(run) {
                let before = server.cpu()?;
                let usage = jobs.job(work_kind, SIDES[index], &work).measure(&helper, &report)?;
                let server_cpu = server.cpu()?.saturating_sub(before);
                samples[index].push(Sample { usage, server_cpu });
            }
        }
    }
    drop(server);
    figures.load.1 = machine::load_average();
    figures.took = started.elapsed();
    println!("\n{}", table(&figures));
    Ok(())
}

/// The order of the sides in run `run`: each run starts one side later than the one before.
fn rotation(run: usize) -> [usize; 4] {
    std::array::from_fn(|i| (run + i) % SIDES.len())
}

/// Makes the job of one side.
struct Jobs<'a> {
    binary: &'a Path,
    url: &'a str,
    options: &'a Options,
}

impl Jobs<'_> {
    fn job(&self, work: Work, side: &str, dir: &Path) -> Job {
        let o = self.options;
        let args = match work {
            Work::Sync => {
                vec!["list".to_owned(), side.to_owned(), self.url.to_owned(), (o.pages * o.records).to_string()]
            }
            Work::Gets => {
                vec!["get".to_owned(), side.to_owned(), self.url.to_owned(), o.gets.to_string(), o.tasks.to_string()]
            }
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Job::new(self.binary, &args, dir)
    }
}

/// The bench server, in a process of its own: it stops when its stdin closes, so dropping
/// this (or this process ending) ends it.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    url: String,
    page_bytes: usize,
}

impl Server {
    fn start(binary: &Path, pages: usize, records: usize) -> Result<Server, String> {
        let mut child = Command::new(binary)
            .args(["serve", &pages.to_string(), &records.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdin = child.stdin.take();
        let mut first_line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut first_line);
        }
        let mut server = Server { child, stdin, url: String::new(), page_bytes: 0 };
        let (url, bytes) = first_line.trim().split_once(' ').ok_or(format!("the server said {first_line:?}"))?;
        server.url = url.to_owned();
        server.page_bytes = bytes.parse().map_err(|_| format!("the server said {first_line:?}"))?;
        Ok(server)
    }

    /// The server's CPU time so far (its `GET /bench/cpu`).
    fn cpu(&self) -> Result<Duration, String> {
        let address = self.url.trim_start_matches("http://");
        let body = http_get(address, "/bench/cpu").map_err(|e| format!("cannot ask the server its CPU time: {e}"))?;
        let micros: u64 = body.trim().parse().map_err(|_| format!("the server's CPU time is {body:?}"))?;
        Ok(Duration::from_micros(micros))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// The body of `GET path` from the server at `address` (`host:port`), on a connection of its
/// own that this side closes for writing after the request, so the server closes it after
/// answering.
fn http_get(address: &str, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(stream, "GET {path} HTTP/1.1\r\nhost: {address}\r\n\r\n")?;
    stream.shutdown(std::net::Shutdown::Write)?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    match response.split_once("\r\n\r\n") {
        Some((head, body)) if head.starts_with("HTTP/1.1 200 ") => Ok(body.to_owned()),
        _ => Err(std::io::Error::other(format!("unexpected answer {response:?}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// The table

fn table(f: &Figures) -> String {
    let o = &f.options;
    let records = o.pages * o.records;
    let mut out = format!(
        "### The client against bare reqwest + serde ({} run(s) of each side, medians{})\n\n\
         Machine: {}. Started {}, took {:.1} min; load average (1, 5, 15 min) {} at the start, {} at the end.\n\n\
         Sync: {} pages × {} records ({} records; {:.0} bytes per record, {:.0} KiB per page). \
         GETs: {} single-record GETs from {} concurrent tasks.\n\n\
         | figure | bare reqwest + serde, mirror struct | client, typed | ratio | \
         bare reqwest + serde, `Value` | client, `Value` | ratio | target (typed) |\n\
         |---|---|---|---|---|---|---|---|\n",
        o.runs,
        if o.unoptimised { "; UNOPTIMISED build, figures not to quote" } else { "" },
        f.machine,
        f.date,
        f.took.as_secs_f64() / 60.0,
        f.load.0,
        f.load.1,
        o.pages,
        o.records,
        records,
        f.page_bytes as f64 / o.records as f64,
        f.page_bytes as f64 / 1024.0,
        o.gets,
        o.tasks,
    );
    for (label, samples) in [("sync", &f.sync), ("GETs", &f.gets)] {
        out += &rows(label, samples);
    }
    out += "\nEvery run (bare mirror / typed / bare `Value` / client `Value`):\n";
    for (label, samples) in [("sync", &f.sync), ("GETs", &f.gets)] {
        out += &every_run(label, samples);
    }
    out += "\nEach ratio is the client's figure over the bare side's before it: typed ÷ mirror struct, \
            `Value` ÷ `Value`. The server runs in a process of its own (its CPU time is in no side's figures); \
            its CPU time while each side ran is shown beside the sides'.\n";
    out
}

/// One row of the table: what it shows of a sample, how, and issue 26's target for it.
struct Figure {
    name: &'static str,
    pick: fn(&Sample) -> u64,
    show: fn(u64) -> String,
    target: &'static str,
}

const FIGURES: [Figure; 4] = [
    Figure { name: "wall", pick: |s| nanos(s.usage.wall), show: show_nanos, target: "≤ 1.05" },
    Figure { name: "CPU (user + system)", pick: |s| nanos(s.usage.cpu), show: show_nanos, target: "≤ 1.05" },
    Figure { name: "peak RSS", pick: |s| s.usage.peak_rss, show: mebibytes, target: "bounded" },
    Figure { name: "server CPU meanwhile", pick: |s| nanos(s.server_cpu), show: show_nanos, target: "" },
];

fn rows(label: &str, samples: &[Vec<Sample>; 4]) -> String {
    let mut out = String::new();
    for Figure { name, pick, show, target } in FIGURES {
        let [bare, typed, bare_value, value] = samples.each_ref().map(|runs| median(runs.iter().map(pick)));
        let ratio = |x: u64, baseline: u64| x as f64 / baseline.max(1) as f64;
        out += &format!(
            "| {label}: {name} | {} | {} | {:.2} | {} | {} | {:.2} | {target} |\n",
            show(bare),
            show(typed),
            ratio(typed, bare),
            show(bare_value),
            show(value),
            ratio(value, bare_value),
        );
    }
    out
}

fn show_nanos(nanos: u64) -> String {
    secs(Duration::from_nanos(nanos))
}

fn every_run(label: &str, samples: &[Vec<Sample>; 4]) -> String {
    let list = |pick: fn(&Sample) -> String| {
        samples.iter().map(|runs| runs.iter().map(pick).collect::<Vec<_>>().join(", ")).collect::<Vec<_>>().join(" / ")
    };
    format!(
        "- {label} wall: {}\n- {label} CPU: {}\n- {label} peak RSS: {}\n",
        list(|s| secs(s.usage.wall)),
        list(|s| secs(s.usage.cpu)),
        list(|s| mebibytes(s.usage.peak_rss)),
    )
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// Seconds to the millisecond (a quick run's sides take tens of milliseconds).
fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// A size in MiB with a tenth (the clients' peaks are tens of MiB).
fn mebibytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_default_to_the_issues_sizes_and_take_smaller_ones() {
        let defaults = parse_options(&[]).unwrap();
        assert_eq!(defaults, Options { pages: 500, records: 200, gets: 20_000, tasks: 8, runs: 7, unoptimised: false });
        let quick =
            parse_options(&["--pages", "50", "--gets", "2000", "--runs", "3", "--tasks", "4", "--records", "10"]);
        assert_eq!(
            quick.unwrap(),
            Options { pages: 50, records: 10, gets: 2000, tasks: 4, runs: 3, unoptimised: false }
        );
        assert!(parse_options(&["--unoptimised", "--runs", "1"]).unwrap().unoptimised);
        assert!(parse_options(&["--pages"]).is_err());
        assert!(parse_options(&["--gets", "0"]).is_err());
        assert!(parse_options(&["--gets", "many"]).is_err());
        assert!(parse_options(&["--peers"]).is_err());
    }

    #[test]
    fn each_run_starts_with_the_next_side() {
        assert_eq!(rotation(0), [0, 1, 2, 3]);
        assert_eq!(rotation(1), [1, 2, 3, 0]);
        assert_eq!(rotation(3), [3, 0, 1, 2]);
        assert_eq!(rotation(4), [0, 1, 2, 3]);
    }

    fn sample(wall: u64, cpu: u64, mib: u64) -> Sample {
        Sample {
            usage: Usage { wall: Duration::from_secs(wall), cpu: Duration::from_secs(cpu), peak_rss: mib << 20 },
            server_cpu: Duration::from_millis(500),
        }
    }

    #[test]
    fn the_table_gives_medians_and_ratios_to_bare_reqwest() {
        let figures = Figures {
            options: Options { pages: 10, records: 4, gets: 100, tasks: 2, runs: 3, unoptimised: false },
            sync: [
                vec![sample(2, 4, 10), sample(9, 9, 10), sample(1, 3, 10)],
                vec![sample(3, 6, 20); 3],
                vec![sample(5, 10, 40); 3],
                vec![sample(4, 8, 30); 3],
            ],
            gets: [
                vec![sample(1, 1, 5); 3],
                vec![sample(2, 3, 5); 3],
                vec![sample(4, 4, 6); 3],
                vec![sample(1, 2, 5); 3],
            ],
            page_bytes: 8000,
            machine: "a machine".to_owned(),
            date: "2026-12-04 10:00 UTC".to_owned(),
            load: ("1.00 0.90 0.80".to_owned(), "1.10 1.00 0.90".to_owned()),
            took: Duration::from_secs(120),
        };
        let text = table(&figures);
        let row = |cells: &str| assert!(text.contains(cells), "{cells}\n{text}");
        row("| sync: wall | 2.000 s | 3.000 s | 1.50 | 5.000 s | 4.000 s | 0.80 | ≤ 1.05 |");
        row("| sync: CPU (user + system) | 4.000 s | 6.000 s | 1.50 | 10.000 s | 8.000 s | 0.80 | ≤ 1.05 |");
        row("| sync: peak RSS | 10.0 MiB | 20.0 MiB | 2.00 | 40.0 MiB | 30.0 MiB | 0.75 | bounded |");
        row("| GETs: CPU (user + system) | 1.000 s | 3.000 s | 3.00 | 4.000 s | 2.000 s | 0.50 |");
        row("| GETs: server CPU meanwhile | 0.500 s |");
        row("10 pages × 4 records (40 records; 2000 bytes per record, 8 KiB per page)");
        row("100 single-record GETs from 2 concurrent tasks");
        row("Machine: a machine. Started 2026-12-04 10:00 UTC, took 2.0 min");
        row("1.00 0.90 0.80 at the start, 1.10 1.00 0.90 at the end");
        row("- sync wall: 2.000 s, 9.000 s, 1.000 s / 3.000 s, 3.000 s, 3.000 s / 5.000 s, 5.000 s, 5.000 s / 4.000 s");
    }
}
