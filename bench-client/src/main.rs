//! `truto-bench-client`: the processes `cargo xtask bench --client` starts.
//!
//! - `serve PAGES RECORDS`: serves the dataset on 127.0.0.1, prints its base URL and the size
//!   in bytes of one page's records (`http://127.0.0.1:PORT BYTES`) as the first line of
//!   stdout, and stops when its stdin closes (so it never outlives the bench).
//! - `list SIDE URL EXPECTED`: reads every page of the list, fails unless EXPECTED records
//!   came, each with an id.
//! - `get SIDE URL GETS TASKS`: GETS single-record GETs from TASKS concurrent tasks, checked
//!   the same way.
//!
//! SIDE is `bare`, `typed`, `bare-value` or `value` (see `sides::Side`). The clients run on tokio's multi-threaded runtime with
//! its default worker count, as `#[tokio::main]` gives an application.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

use truto_bench_client::server::{Dataset, serve};
use truto_bench_client::sides::{self, Side};

const USAGE: &str = "usage: truto-bench-client serve PAGES RECORDS | list SIDE URL EXPECTED | get SIDE URL GETS TASKS";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        ["serve", pages, records] => number(pages).and_then(|p| number(records).and_then(|r| run_server(p, r))),
        ["list", side, url, expected] => parse_side(side).and_then(|side| {
            number(expected).and_then(|n| {
                run_client(async move { sides::list(side, url).await.map_err(|e| e.to_string())?.expect(n) })
            })
        }),
        ["get", side, url, gets, tasks] => parse_side(side).and_then(|side| {
            let (gets, tasks) = (number(gets)?, number(tasks)?);
            run_client(
                async move { sides::gets(side, url, gets, tasks).await.map_err(|e| e.to_string())?.expect(gets) },
            )
        }),
        _ => Err(USAGE.to_owned()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("truto-bench-client: {message}");
            ExitCode::FAILURE
        }
    }
}

fn number(text: &str) -> Result<usize, String> {
    text.parse().map_err(|_| format!("`{text}` is not a number\n{USAGE}"))
}

fn parse_side(name: &str) -> Result<Side, String> {
    name.parse()
}

fn run_client(work: impl std::future::Future<Output = Result<sides::Received, String>>) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start tokio: {e}"))?;
    let received = runtime.block_on(work)?;
    println!("received {} records", received.records);
    Ok(())
}

/// Serves on one thread (the clients get the rest of the machine) until stdin closes.
fn run_server(pages: usize, records: usize) -> Result<(), String> {
    let dataset = Arc::new(Dataset::new(pages, records));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start tokio: {e}"))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| format!("cannot bind: {e}"))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let mut stdout = std::io::stdout();
        writeln!(stdout, "http://{address} {}", dataset.records_text().len())
            .and_then(|()| stdout.flush())
            .map_err(|e| e.to_string())?;
        let server = tokio::spawn(serve(listener, dataset));
        // stdin's end is the signal to stop, read on a thread of its own.
        tokio::task::spawn_blocking(|| std::io::stdin().lock().lines().for_each(drop))
            .await
            .map_err(|e| e.to_string())?;
        server.abort();
        Ok(())
    })
}
