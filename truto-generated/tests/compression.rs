//! Issue 26: compressed answers, over 127.0.0.1. The client asks for gzip and decompresses it
//! within its body limit; with compression off it asks for none and refuses an encoded answer;
//! a cut gzip stream is an error, and so is a decompression bomb, found before it is held.
//!
//! The tests of this file take turns (`SERIAL`), so that the bomb's test can measure the whole
//! process's memory while the client reads it.

use std::io::Write;
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;
use futures_util::TryStreamExt;
use serde_json::json;

use truto_test_server::{Reply, Server};
use truto_unified::prelude::*;
use truto_unified::{Client, Error, RetryPolicy};

const ACCOUNT: &str = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";

#[cfg(target_os = "linux")]
/// The process's peak resident memory (`VmHWM`) after `work`, less its resident memory
/// before (`VmRSS`), in bytes: the peak is reset first (`/proc/self/clear_refs`). Linux only.
fn peak_growth<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let field = |name: &str| {
        let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
        let line = status.lines().find(|line| line.starts_with(name)).expect("the field");
        let kib: usize = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number");
        kib * 1024
    };
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak resets");
    let before = field("VmRSS:");
    let result = work();
    (result, field("VmHWM:").saturating_sub(before))
}

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn client(server: &Server, setup: impl FnOnce(truto_unified::ClientBuilder) -> truto_unified::ClientBuilder) -> Client {
    let builder = Client::builder("token").base_url(server.url()).retry(RetryPolicy::none());
    setup(builder).attempt_timeout(Some(Duration::from_secs(20))).build().expect("a client")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("compresses");
    encoder.finish().expect("compresses")
}

fn gzipped(status: u16, bytes: &[u8]) -> Reply {
    Reply::new(status, gzip(bytes)).header("content-type", "application/json").header("content-encoding", "gzip")
}

fn record(id: &str) -> Vec<u8> {
    json!({"id": id, "name": "Renewal", "amount": "1200.50", "remote_data": {"deal": [1, 2]}}).to_string().into_bytes()
}

#[tokio::test]
async fn the_client_asks_for_gzip_and_reads_a_gzip_answer() {
    let _turn = SERIAL.lock().await;
    let page = json!({"result": [{"id": "1"}, {"id": "2", "amount": 5}], "next_cursor": null}).to_string();
    let server = Server::start(vec![gzipped(200, &record("7")), gzipped(200, page.as_bytes())]).await;
    let client = client(&server, |builder| builder);
    let opportunity = client.crm().opportunities().get("7").integrated_account_id(ACCOUNT).send().await.expect("get");
    assert_eq!((opportunity.id.as_deref(), opportunity.amount), (Some("7"), Some(1200.5)));
    assert_eq!(opportunity.remote_data.map(|raw| raw.get().to_owned()).as_deref(), Some(r#"{"deal":[1,2]}"#));
    let page = client.crm().opportunities().list().integrated_account_id(ACCOUNT).send().await.expect("list");
    assert_eq!(page.result.iter().map(|o| o.id.as_deref()).collect::<Vec<_>>(), [Some("1"), Some("2")]);
    for request in server.requests() {
        assert_eq!(request.header("accept-encoding"), Some("gzip"), "{}", request.target);
    }
}

#[tokio::test]
async fn with_compression_off_nothing_is_asked_and_an_encoded_answer_is_refused() {
    let _turn = SERIAL.lock().await;
    let server = Server::start(vec![
        Reply::new(200, record("1")).header("content-type", "application/json"),
        gzipped(200, &record("2")),
        gzipped(404, br#"{"statusCode": 404, "message": "gone"}"#),
    ])
    .await;
    let client = client(&server, |builder| builder.gzip(false));
    let plain = client.crm().opportunities().get("1").integrated_account_id(ACCOUNT).send().await.expect("plain");
    assert_eq!(plain.id.as_deref(), Some("1"));
    let error = client.crm().opportunities().get("2").integrated_account_id(ACCOUNT).send().await.expect_err("gzip");
    match &error {
        Error::Decode { message, body_len, .. } => {
            assert!(
                message.contains("`Content-Encoding: gzip`") && message.contains("ClientBuilder::gzip"),
                "{message}"
            );
            assert_eq!(*body_len, gzip(&record("2")).len());
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    // An error status stays the API error it is, whatever its body.
    let error = client.crm().opportunities().get("3").integrated_account_id(ACCOUNT).send().await.expect_err("404");
    assert!(error.is_not_found(), "{error:?}");
    for request in server.requests() {
        assert_eq!(request.header("accept-encoding"), None, "{}", request.target);
    }
}

#[tokio::test]
async fn a_gzip_stream_cut_short_is_an_error() {
    let _turn = SERIAL.lock().await;
    let whole = gzip(&record("1").repeat(50));
    let cut = whole[..whole.len() / 2].to_vec();
    let server = Server::start(vec![
        Reply::new(200, cut).header("content-type", "application/json").header("content-encoding", "gzip"),
    ])
    .await;
    let client = client(&server, |builder| builder);
    let error = client.crm().opportunities().get("1").integrated_account_id(ACCOUNT).send().await.expect_err("cut");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.to_string().contains("decoding response body"), "{error}");
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decompression_bomb_is_refused_before_it_is_held() {
    let _turn = SERIAL.lock().await;
    // 64 MiB of spaces (valid JSON padding) in a few dozen KiB, compressed a piece at a time.
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..64 {
        encoder.write_all(&spaces).expect("compresses");
    }
    encoder.write_all(&record("1")).expect("compresses");
    let bomb = encoder.finish().expect("compresses");
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    let server = Server::start(vec![
        Reply::new(200, bomb).header("content-type", "application/json").header("content-encoding", "gzip"),
    ])
    .await;
    let limit = 4 << 20;
    let client = client(&server, |builder| builder.max_body_size(Some(limit)));
    let call = client.crm().opportunities().get("1").integrated_account_id(ACCOUNT).send();
    let runtime = tokio::runtime::Handle::current();
    let (error, growth) = tokio::task::block_in_place(|| peak_growth(|| runtime.block_on(call)));
    match error.expect_err("a bomb") {
        Error::BodyTooLarge { status, limit: reported } => assert_eq!((status.as_u16(), reported), (200, limit)),
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    // The limit and the buffers around it, never the 64 MiB.
    assert!(growth < 4 * limit, "the process grew by {growth} bytes at its peak while reading");
    assert!(!Error::BodyTooLarge { status: http::StatusCode::OK, limit }.is_retryable());
}

#[tokio::test]
async fn the_limit_holds_for_plain_bodies_too_and_not_for_streams() {
    let _turn = SERIAL.lock().await;
    let large = record("1").repeat(100);
    let chunked = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n\
         {:x}\r\n{}\r\n0\r\n\r\n",
        large.len(),
        String::from_utf8_lossy(&large)
    );
    let server = Server::start(vec![
        Reply::new(200, large.clone()).header("content-type", "application/json"),
        Reply::raw(chunked),
        gzipped(200, &large),
    ])
    .await;
    let client = client(&server, |builder| builder.max_body_size(Some(1024)));
    for announced in ["content-length", "chunked"] {
        let error =
            client.crm().opportunities().get("1").integrated_account_id(ACCOUNT).send().await.expect_err(announced);
        assert!(matches!(error, Error::BodyTooLarge { limit: 1024, .. }), "{announced}: {error:?}");
        assert!(error.to_string().contains("larger than the client's limit of 1024 bytes"), "{error}");
    }
    // A stream's body is the caller's to read: decompressed, and as long as it is.
    let stream =
        client.crm().opportunities().get("1").integrated_account_id(ACCOUNT).stream().send().await.expect("stream");
    let chunks: Vec<_> = stream.try_collect().await.expect("the whole body");
    assert_eq!(chunks.concat(), large);
}
