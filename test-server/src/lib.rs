//! Test support: an HTTP/1.1 server on 127.0.0.1 that records each request's exact bytes and
//! answers from a script of exact bytes, well-formed or not.
//!
//! Each connection reads one request (head, then a `Content-Length` body), records it and plays
//! the next scripted [`Reply`]; then the connection is closed. A [`Reply`] is either a
//! well-formed response (status, headers, body, with `content-length` and `connection: close`
//! added) or raw bytes sent exactly as given, followed by any number of pauses, further bytes
//! or a hang. That covers truncated bodies, a wrong `content-length`, stalls mid-body, closing
//! after the head, oversized bodies, odd headers, redirects and chunked encoding.
//!
//! The server binds `127.0.0.1:0` only, and stops (with every connection it holds) when the
//! [`Server`] is dropped.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// How long a [`Reply::then_hang`] keeps a connection open at most, so that no test waits for
/// ever on a server that forgot to stop.
const HANG_LIMIT: Duration = Duration::from_secs(120);

/// One scripted answer to one request.
#[derive(Debug, Clone)]
pub struct Reply {
    delay: Duration,
    first: First,
    then: Vec<Step>,
}

#[derive(Debug, Clone)]
enum First {
    Formed { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    Raw(Vec<u8>),
}

#[derive(Debug, Clone)]
enum Step {
    Send(Vec<u8>),
    Pause(Duration),
    Hang,
}

impl Reply {
    /// A well-formed response: the status line, `connection: close`, a `content-length` (not
    /// for 204 and 304, which have no body), the headers added with [`Reply::header`], then
    /// the body.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            delay: Duration::ZERO,
            first: First::Formed { status, headers: Vec::new(), body: body.into() },
            then: Vec::new(),
        }
    }

    /// A well-formed JSON response.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Reply::new(status, body.to_string()).header("content-type", "application/json")
    }

    /// A redirect to `location`, with an empty body.
    pub fn redirect(status: u16, location: &str) -> Self {
        Reply::new(status, "").header("location", location)
    }

    /// Exactly these bytes, nothing added: for malformed heads, wrong lengths, chunked bodies.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Reply { delay: Duration::ZERO, first: First::Raw(bytes.into()), then: Vec::new() }
    }

    /// Adds a header to a well-formed response.
    ///
    /// # Panics
    ///
    /// On a [`Reply::raw`] reply, whose bytes are sent as given.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match &mut self.first {
            First::Formed { headers, .. } => headers.push((name.to_owned(), value.to_owned())),
            First::Raw(_) => panic!("a raw reply is sent as given: write the header into its bytes"),
        }
        self
    }

    /// Waits this long after reading the request, before sending anything.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// After what came before, sends these bytes too.
    pub fn then_send(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.then.push(Step::Send(bytes.into()));
        self
    }

    /// After what came before, waits (a stall mid-body, say).
    pub fn then_pause(mut self, pause: Duration) -> Self {
        self.then.push(Step::Pause(pause));
        self
    }

    /// After what came before, keeps the connection open and sends nothing more, until the
    /// client gives up or the server is dropped.
    pub fn then_hang(mut self) -> Self {
        self.then.push(Step::Hang);
        self
    }

    /// The bytes sent first: the whole response, or the raw bytes.
    fn first_bytes(&self) -> Vec<u8> {
        let (status, headers, body) = match &self.first {
            First::Raw(bytes) => return bytes.clone(),
            First::Formed { status, headers, body } => (*status, headers, body),
        };
        let reason = http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Unknown");
        let has_body = status != 204 && status != 304;
        let mut head = format!("HTTP/1.1 {status} {reason}\r\nconnection: close\r\n");
        if has_body {
            head.push_str(&format!("content-length: {}\r\n", body.len()));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        if has_body {
            bytes.extend_from_slice(body);
        }
        bytes
    }
}

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The method, e.g. `PATCH`.
    pub method: String,
    /// Path and query exactly as sent.
    pub target: String,
    /// Names lowercased, values trimmed, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body (as long as its `content-length` says, or what arrived before the close).
    pub body: Vec<u8>,
    /// The request line and headers exactly as received, up to and including the blank line.
    pub head: Vec<u8>,
}

impl Recorded {
    /// The first header of that (lowercase) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The target without its query.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(p, _)| p)
    }

    /// The query without the `?`; empty when there is none.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }
}

/// The server. Dropping it stops it and closes every connection it holds.
pub struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Starts a server on `127.0.0.1:0` that answers the `n`th request with `replies[n]`, and
    /// any request past the script with a 500 saying so.
    ///
    /// # Panics
    ///
    /// When no port on 127.0.0.1 can be bound.
    pub async fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let queue = Arc::new(Mutex::new(VecDeque::from(replies)));
        let recorded = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            // Connections live in the set, so aborting this task closes them all.
            let mut connections = JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { return };
                        let (recorded, queue) = (Arc::clone(&recorded), Arc::clone(&queue));
                        connections.spawn(async move {
                            let _ = serve(stream, recorded, queue).await;
                        });
                    }
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
        });
        Server { addr, requests, task }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far, in the order they were read.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The one request so far.
    ///
    /// # Panics
    ///
    /// When there were none or more than one.
    pub fn only_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
        requests.into_iter().next().expect("one request")
    }
}

async fn serve(
    mut stream: TcpStream,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    queue: Arc<Mutex<VecDeque<Reply>>>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else { return Ok(()) };
    recorded.lock().unwrap_or_else(PoisonError::into_inner).push(request);
    let reply = queue
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .pop_front()
        .unwrap_or_else(|| Reply::new(500, "the test server has no scripted reply left"));
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    stream.write_all(&reply.first_bytes()).await?;
    stream.flush().await?;
    for step in &reply.then {
        match step {
            Step::Send(bytes) => {
                stream.write_all(bytes).await?;
                stream.flush().await?;
            }
            Step::Pause(pause) => tokio::time::sleep(*pause).await,
            Step::Hang => tokio::time::sleep(HANG_LIMIT).await,
        }
    }
    stream.shutdown().await
}

/// Reads one request; `None` when the client closed before sending a whole head.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Recorded>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = buf[..head_end].to_vec();
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.trim_end().split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(Recorded { method, target, headers, body, head }))
}
