//! The server the clients are timed against: HTTP/1.1 on 127.0.0.1, keep-alive, every answer
//! precomputed, so that it costs little beside the clients it serves.
//!
//! - `GET /unified/crm/opportunities?integrated_account_id=..[&next_cursor=page-K]`: page K
//!   (1 without a cursor) of `pages`, `{"result":[..],"next_cursor":"page-K+1"}`, the last
//!   with `"next_cursor":null`. Every page holds the same `records` records (only the cursor
//!   differs), so the server keeps one copy of them and writes it between a per-page head and
//!   tail.
//! - `GET /unified/crm/opportunities/{n}?integrated_account_id=..`: record `n % records`.
//! - `GET /bench/cpu`: the server's own CPU time so far (user + system, microseconds), so the
//!   bench can show what serving cost beside each client.
//!
//! A unified call without `integrated_account_id` is answered 400, so that every client is
//! seen to send what Truto needs.

use std::io;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::fixture;

/// The path of the opportunities list; a record is this, `/`, its id.
pub const LIST_PATH: &str = "/unified/crm/opportunities";
/// The path of the server's CPU time.
pub const CPU_PATH: &str = "/bench/cpu";
/// The largest request head read; a longer one closes the connection.
const HEAD_LIMIT: usize = 64 * 1024;

/// Everything the server answers, computed once.
pub struct Dataset {
    /// Per page: the response head and `{"result":[`, then `],"next_cursor":..}`.
    pages: Vec<(Vec<u8>, Vec<u8>)>,
    /// The records of every page, joined by commas.
    records: Vec<u8>,
    /// Per record: the whole response to a GET of it.
    singles: Vec<Vec<u8>>,
}

/// One answer: up to three slices written one after the other, or bytes of its own.
pub enum Reply<'a> {
    /// Precomputed bytes: a page's head and prefix, records and tail, or a whole record's
    /// response (and two empty slices).
    Parts([&'a [u8]; 3]),
    /// A computed answer (an error, the CPU time).
    Owned(Vec<u8>),
}

impl Reply<'_> {
    /// The answer's bytes, in order.
    pub fn slices(&self) -> Vec<&[u8]> {
        match self {
            Reply::Parts(parts) => parts.to_vec(),
            Reply::Owned(bytes) => vec![bytes],
        }
    }
}

impl Dataset {
    /// `pages` pages of `records` records each (both at least 1).
    pub fn new(pages: usize, records: usize) -> Dataset {
        let (pages, records_per_page) = (pages.max(1), records.max(1));
        let records = fixture::records_text(records_per_page);
        let opening = br#"{"result":["#;
        let pages = (1..=pages)
            .map(|page| {
                let next = if page < pages { format!("\"page-{}\"", page + 1) } else { "null".to_owned() };
                let tail = format!(r#"],"next_cursor":{next}}}"#).into_bytes();
                let mut head = response_head(200, "application/json", opening.len() + records.len() + tail.len());
                head.extend_from_slice(opening);
                (head, tail)
            })
            .collect();
        let singles = (0..records_per_page)
            .map(|index| {
                let body = serde_json::to_vec(&fixture::record(index)).expect("a Value serializes");
                let mut response = response_head(200, "application/json", body.len());
                response.extend_from_slice(&body);
                response
            })
            .collect();
        Dataset { pages, records, singles }
    }

    /// The bytes of one page's `result` records (without the brackets).
    pub fn records_text(&self) -> &[u8] {
        &self.records
    }

    /// The answer to a request for `target` (path and query) with `method`.
    pub fn answer(&self, method: &str, target: &str) -> Reply<'_> {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if method != "GET" {
            return error(405, "only GET is served");
        }
        if path == CPU_PATH {
            return match own_cpu_micros() {
                Ok(micros) => text(200, &micros.to_string()),
                Err(e) => text(500, &format!("getrusage: {e}")),
            };
        }
        if !path.starts_with(LIST_PATH) {
            return error(404, "no such path");
        }
        if param(query, "integrated_account_id").is_none_or(str::is_empty) {
            return error(400, "integrated_account_id is required");
        }
        match path[LIST_PATH.len()..].strip_prefix('/') {
            None if path.len() == LIST_PATH.len() => self.page(param(query, "next_cursor")),
            Some(id) => match id.parse::<usize>() {
                Ok(n) => Reply::Parts([&self.singles[n % self.singles.len()], b"", b""]),
                Err(_) => error(404, "record ids are numbers"),
            },
            None => error(404, "no such path"),
        }
    }

    fn page(&self, cursor: Option<&str>) -> Reply<'_> {
        let number = match cursor {
            None => Some(1),
            Some(cursor) => cursor.strip_prefix("page-").and_then(|n| n.parse::<usize>().ok()),
        };
        match number.filter(|&n| (1..=self.pages.len()).contains(&n)) {
            Some(n) => {
                let (head, tail) = &self.pages[n - 1];
                Reply::Parts([head, &self.records, tail])
            }
            None => error(400, "unknown cursor"),
        }
    }
}

/// The value of the query parameter `name` (as sent: the cursors need no decoding).
fn param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}

fn response_head(status: u16, content_type: &str, length: usize) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    };
    format!("HTTP/1.1 {status} {reason}\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\n\r\n")
        .into_bytes()
}

fn text(status: u16, body: &str) -> Reply<'static> {
    let mut bytes = response_head(status, "text/plain", body.len());
    bytes.extend_from_slice(body.as_bytes());
    Reply::Owned(bytes)
}

fn error(status: u16, message: &str) -> Reply<'static> {
    let body = serde_json::json!({ "error": message }).to_string();
    let mut bytes = response_head(status, "application/json", body.len());
    bytes.extend_from_slice(body.as_bytes());
    Reply::Owned(bytes)
}

/// This process's CPU time (user + system) in microseconds.
fn own_cpu_micros() -> nix::Result<u64> {
    use nix::sys::resource::{UsageWho, getrusage};
    let usage = getrusage(UsageWho::RUSAGE_SELF)?;
    let micros = |t: nix::sys::time::TimeVal| t.tv_sec().max(0) as u64 * 1_000_000 + t.tv_usec().max(0) as u64;
    Ok(micros(usage.user_time()) + micros(usage.system_time()))
}

/// Serves `dataset` on every connection `listener` accepts, until the task is dropped.
pub async fn serve(listener: TcpListener, dataset: Arc<Dataset>) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        let dataset = Arc::clone(&dataset);
        tokio::spawn(async move {
            // A client that goes away ends its connection; nothing else to do.
            let _ = connection(stream, &dataset).await;
        });
    }
}

/// Answers the requests of one connection, one after another, until the client closes it.
async fn connection(mut stream: TcpStream, dataset: &Dataset) -> io::Result<()> {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let head_end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            if buffer.len() > HEAD_LIMIT {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "request head too long"));
            }
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(&chunk[..read]);
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]);
        let mut request_line = head.lines().next().unwrap_or_default().split(' ');
        let reply = match (request_line.next(), request_line.next()) {
            (Some(method), Some(target)) => dataset.answer(method, target),
            _ => error(400, "malformed request line"),
        };
        for slice in reply.slices().into_iter().filter(|s| !s.is_empty()) {
            stream.write_all(slice).await?;
        }
        buffer.drain(..head_end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(reply: Reply<'_>) -> Vec<u8> {
        reply.slices().concat()
    }

    /// Splits a response into its status code and body, checking `content-length`.
    fn parse(response: &[u8]) -> (u16, serde_json::Value) {
        let text = std::str::from_utf8(response).expect("UTF-8");
        let (head, body) = text.split_once("\r\n\r\n").expect("a head");
        let status = head[9..12].parse().expect("a status");
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .expect("a content-length")
            .parse()
            .expect("a number");
        assert_eq!(length, body.len(), "{head}");
        (status, serde_json::from_str(body).unwrap_or(serde_json::Value::Null))
    }

    const ACCOUNT: &str = "?integrated_account_id=acct";

    #[test]
    fn pages_follow_their_cursors_to_a_null_one() {
        let dataset = Dataset::new(3, 4);
        let mut target = format!("{LIST_PATH}{ACCOUNT}");
        let mut seen = Vec::new();
        loop {
            let (status, page) = parse(&bytes(dataset.answer("GET", &target)));
            assert_eq!(status, 200);
            let records = page["result"].as_array().expect("records");
            assert_eq!(records.len(), 4);
            assert_eq!(records[3], fixture::record(3));
            seen.push(page["next_cursor"].clone());
            match page["next_cursor"].as_str() {
                Some(cursor) => target = format!("{LIST_PATH}{ACCOUNT}&next_cursor={cursor}"),
                None => break,
            }
        }
        assert_eq!(seen, [serde_json::json!("page-2"), serde_json::json!("page-3"), serde_json::Value::Null]);
    }

    #[test]
    fn a_record_is_answered_by_its_number() {
        let dataset = Dataset::new(1, 5);
        let (status, record) = parse(&bytes(dataset.answer("GET", &format!("{LIST_PATH}/7{ACCOUNT}"))));
        assert_eq!(status, 200);
        assert_eq!(record, fixture::record(2));
        assert_eq!(record["id"], fixture::record_id(2));
    }

    #[test]
    fn wrong_requests_are_refused() {
        let dataset = Dataset::new(2, 1);
        let status = |method: &str, target: &str| parse(&bytes(dataset.answer(method, target))).0;
        assert_eq!(status("GET", LIST_PATH), 400, "no integrated_account_id");
        assert_eq!(status("GET", &format!("{LIST_PATH}/1?integrated_account_id=")), 400);
        assert_eq!(status("GET", &format!("{LIST_PATH}{ACCOUNT}&next_cursor=page-3")), 400);
        assert_eq!(status("GET", &format!("{LIST_PATH}{ACCOUNT}&next_cursor=page-0")), 400);
        assert_eq!(status("GET", &format!("{LIST_PATH}{ACCOUNT}&next_cursor=x")), 400);
        assert_eq!(status("GET", &format!("{LIST_PATH}/abc{ACCOUNT}")), 404);
        assert_eq!(status("GET", &format!("{LIST_PATH}x{ACCOUNT}")), 404);
        assert_eq!(status("GET", "/elsewhere"), 404);
        assert_eq!(status("POST", &format!("{LIST_PATH}{ACCOUNT}")), 405);
    }

    #[test]
    fn the_cpu_time_is_a_number() {
        let response = bytes(Dataset::new(1, 1).answer("GET", CPU_PATH));
        let text = String::from_utf8(response).unwrap();
        let (_, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(body.parse::<u64>().is_ok(), "{body}");
    }

    /// Over a real connection: several requests on one (keep-alive), each answered in full.
    #[tokio::test]
    async fn one_connection_answers_request_after_request() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let dataset = Arc::new(Dataset::new(2, 3));
        let server = tokio::spawn(serve(listener, Arc::clone(&dataset)));

        let mut stream = TcpStream::connect(address).await.unwrap();
        // Two requests in one write (pipelined), then a third.
        let request = |target: &str| format!("GET {target} HTTP/1.1\r\nhost: {address}\r\n\r\n");
        let first = request(&format!("{LIST_PATH}{ACCOUNT}"));
        let second = request(&format!("{LIST_PATH}{ACCOUNT}&next_cursor=page-2"));
        stream.write_all(format!("{first}{second}").as_bytes()).await.unwrap();
        let expected_first = bytes(dataset.answer("GET", &format!("{LIST_PATH}{ACCOUNT}")));
        let expected_second = bytes(dataset.answer("GET", &format!("{LIST_PATH}{ACCOUNT}&next_cursor=page-2")));
        let mut received = vec![0u8; expected_first.len() + expected_second.len()];
        stream.read_exact(&mut received).await.unwrap();
        assert_eq!(received, [expected_first, expected_second].concat());

        stream.write_all(request(&format!("{LIST_PATH}/1{ACCOUNT}")).as_bytes()).await.unwrap();
        let expected_third = bytes(dataset.answer("GET", &format!("{LIST_PATH}/1{ACCOUNT}")));
        let mut received = vec![0u8; expected_third.len()];
        stream.read_exact(&mut received).await.unwrap();
        assert_eq!(received, expected_third);
        server.abort();
    }
}
