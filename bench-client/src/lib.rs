//! Benchmark support, never published: the processes `cargo xtask bench --client` times.
//!
//! - [`server`]: opportunity pages and single records over HTTP/1.1 on 127.0.0.1, precomputed,
//!   keep-alive (its own process, so its CPU time is not the clients');
//! - [`sides`]: the clients compared, each in a process of its own: bare reqwest + serde_json
//!   into a derived mirror struct, the cursor followed by hand, against truto-unified decoding
//!   into the generated `Opportunity`; bare reqwest + serde_json into `serde_json::Value`
//!   against truto-unified decoding into `serde_json::Value`;
//! - [`fixture`]: the records (about 1.9 KB each).
//!
//! The binary: `truto-bench-client serve PAGES RECORDS`, `list SIDE URL EXPECTED`,
//! `get SIDE URL GETS TASKS` (see `main.rs`).

pub mod fixture;
pub mod server;
pub mod sides;

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::server::{Dataset, serve};
    use crate::sides::{self, Received, Side};

    /// Every side reads every record of a small list, and every GET, from the real server.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_side_receives_every_record() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(serve(listener, Arc::new(Dataset::new(3, 5))));
        for side in Side::ALL {
            let listed = sides::list(side, &url).await.unwrap_or_else(|e| panic!("{side:?}: {e}"));
            assert_eq!(listed, Received { records: 15, with_id: 15 }, "{side:?}");
            let got = sides::gets(side, &url, 11, 4).await.unwrap_or_else(|e| panic!("{side:?}: {e}"));
            assert_eq!(got, Received { records: 11, with_id: 11 }, "{side:?}");
        }
        server.abort();
    }
}
