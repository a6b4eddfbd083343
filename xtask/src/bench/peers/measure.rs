//! Wall time, CPU time and peak memory of one process and everything it starts.
//!
//! `getrusage(RUSAGE_CHILDREN)` reports the CPU time of every waited-for descendant and the
//! largest peak RSS among them, but only cumulatively for the calling process's whole life. So
//! each measured command runs under a fresh helper process, `xtask measure REPORT -- COMMAND…`,
//! whose only child is that command: its figures are exactly the command's. For `cargo check`
//! the largest process is rustc, so the peak is rustc's; cargo-progenitor's CPU time includes
//! the rustfmt it runs. The helper costs one process start, outside the timed span.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

/// What one measured command cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// From start to exit.
    pub wall: Duration,
    /// User plus system time of the command and all its descendants.
    pub cpu: Duration,
    /// The largest peak resident set size of any one process in the tree, in bytes.
    pub peak_rss: u64,
}

/// A command to measure: program, arguments, working directory and extra environment.
#[derive(Debug, Clone)]
pub struct Job {
    /// The program (a path, or a name looked up in `PATH`).
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
    /// Its working directory.
    pub dir: PathBuf,
    /// Variables set on top of this process's environment.
    pub env: Vec<(String, String)>,
}

impl Job {
    /// `program args…` run in `dir`.
    pub fn new(program: impl Into<PathBuf>, args: &[&str], dir: &Path) -> Job {
        Job {
            program: program.into(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            dir: dir.to_path_buf(),
            env: Vec::new(),
        }
    }

    /// Adds an environment variable.
    pub fn env(mut self, key: &str, value: impl Into<String>) -> Job {
        self.env.push((key.to_owned(), value.into()));
        self
    }

    /// The command line, for error messages.
    pub fn describe(&self) -> String {
        let mut line = self.program.display().to_string();
        for arg in &self.args {
            line.push(' ');
            line.push_str(arg);
        }
        line
    }

    fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.dir).stdin(Stdio::null());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command
    }

    /// Runs the job unmeasured; on failure the error names it and carries its output.
    pub fn run(&self) -> Result<(), String> {
        let output = self
            .command(&self.program)
            .args(&self.args)
            .output()
            .map_err(|e| format!("cannot run `{}`: {e}", self.describe()))?;
        check_output(self, &output)
    }

    /// Runs the job under the `measure` helper (`helper` is the xtask binary) and returns
    /// what it cost. `report` is a scratch file for the helper's figures.
    pub fn measure(&self, helper: &Path, report: &Path) -> Result<Usage, String> {
        let _ = fs::remove_file(report);
        let output = self
            .command(helper)
            .arg("measure")
            .arg(report)
            .arg("--")
            .arg(&self.program)
            .args(&self.args)
            .output()
            .map_err(|e| format!("cannot run `{}` to measure `{}`: {e}", helper.display(), self.describe()))?;
        check_output(self, &output)?;
        let text = fs::read_to_string(report)
            .map_err(|e| format!("the measure helper wrote no report to {}: {e}", report.display()))?;
        parse_report(&text).ok_or_else(|| format!("unreadable measure report {}: {text:?}", report.display()))
    }
}

fn check_output(job: &Job, output: &std::process::Output) -> Result<(), String> {
    if output.status.success() {
        return Ok(());
    }
    // Some tools (cargo-progenitor) print their errors on stdout.
    Err(format!(
        "`{}` (in {}) failed with {}:\n{}{}",
        job.describe(),
        job.dir.display(),
        output.status,
        tail(&String::from_utf8_lossy(&output.stdout), 40),
        tail(&String::from_utf8_lossy(&output.stderr), 200)
    ))
}

/// The last `lines` lines of `text`.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    all[start..].iter().map(|l| format!("{l}\n")).collect()
}

/// The helper's report: wall nanoseconds, CPU nanoseconds, peak RSS bytes.
fn format_report(usage: &Usage) -> String {
    format!("{} {} {}\n", usage.wall.as_nanos(), usage.cpu.as_nanos(), usage.peak_rss)
}

fn parse_report(text: &str) -> Option<Usage> {
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    let (wall, cpu, peak_rss) = (fields.next()??, fields.next()??, fields.next()??);
    fields.next().is_none().then(|| Usage {
        wall: Duration::from_nanos(wall),
        cpu: Duration::from_nanos(cpu),
        peak_rss,
    })
}

/// `xtask measure REPORT -- COMMAND [ARGS…]`: runs COMMAND with this process's standard
/// streams and writes its wall time, CPU time and peak RSS to REPORT; exits as COMMAND did.
pub fn run_helper(args: &[&str]) -> ExitCode {
    let [report, "--", program, rest @ ..] = args else {
        eprintln!("usage: xtask measure REPORT -- COMMAND [ARGS...]");
        return ExitCode::from(2);
    };
    match measure_child(program, rest) {
        Ok((usage, code)) => match fs::write(report, format_report(&usage)) {
            Ok(()) => ExitCode::from(code),
            Err(e) => {
                eprintln!("measure: cannot write {report}: {e}");
                ExitCode::FAILURE
            }
        },
        Err(message) => {
            eprintln!("measure: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the one child and reads what it and its descendants used.
fn measure_child(program: &str, args: &[&str]) -> Result<(Usage, u8), String> {
    let started = Instant::now();
    let status = Command::new(program).args(args).status().map_err(|e| format!("cannot run `{program}`: {e}"))?;
    let wall = started.elapsed();
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).map_err(|e| format!("getrusage: {e}"))?;
    let seconds = |t: nix::sys::time::TimeVal| {
        Duration::from_secs(t.tv_sec().max(0) as u64) + Duration::from_micros(t.tv_usec().max(0) as u64)
    };
    let cpu = seconds(usage.user_time()) + seconds(usage.system_time());
    // Linux reports ru_maxrss in KiB.
    let peak_rss = usage.max_rss().max(0) as u64 * 1024;
    // A command killed by a signal has no exit code: report failure.
    let code = status.code().map_or(1, |c| u8::try_from(c).unwrap_or(1));
    Ok((Usage { wall, cpu, peak_rss }, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_round_trip_and_garbage_is_refused() {
        let usage =
            Usage { wall: Duration::from_millis(1500), cpu: Duration::from_micros(2_250_001), peak_rss: 5 << 30 };
        assert_eq!(parse_report(&format_report(&usage)), Some(usage));
        assert_eq!(parse_report("1 2"), None);
        assert_eq!(parse_report("1 2 3 4"), None);
        assert_eq!(parse_report("1 x 3"), None);
    }

    #[test]
    fn a_failing_job_names_itself_and_shows_its_stderr() {
        let job = Job::new("sh", &["-c", "echo out; echo broken >&2; exit 3"], Path::new("."));
        let error = job.run().unwrap_err();
        assert!(error.contains("`sh -c"), "{error}");
        assert!(error.contains("broken") && error.contains("out"), "{error}");
    }

    #[test]
    fn the_child_exit_code_is_passed_on_and_its_memory_seen() {
        let (usage, code) = measure_child("sh", &["-c", "exit 3"]).unwrap();
        assert_eq!(code, 3);
        assert!(usage.peak_rss > 0, "{usage:?}");
        assert!(measure_child("/nonexistent/program", &[]).unwrap_err().contains("/nonexistent/program"));
    }

    #[test]
    fn the_tail_keeps_the_last_lines() {
        assert_eq!(tail("a\nb\nc\n", 2), "b\nc\n");
        assert_eq!(tail("a", 5), "a\n");
    }
}
