//! Issue 14, for the operations only the fixture has (list, get): what a broken server sends,
//! as exact bytes from a server on 127.0.0.1. A page must be an object with `result`; a bad
//! record costs only itself and is reported, never dropped silently; a GET whose body is cut
//! short or stalls is retried.

use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use truto_golden::crm::widgets::Widget;
use truto_golden::prelude::*;
use truto_golden::{Client, Error, Page, RetryPolicy};
use truto_test_server::{Reply, Server};

async fn serve(bodies: &[&str]) -> (Client, Server) {
    let replies = bodies.iter().map(|body| Reply::new(200, *body).header("content-type", "application/json"));
    let server = Server::start(replies.collect()).await;
    let client = Client::builder("token").base_url(server.url()).retry(RetryPolicy::none()).build().expect("client");
    (client, server)
}

fn ids(widgets: &[Widget]) -> Vec<&str> {
    widgets.iter().map(|w| w.id.as_deref().unwrap_or("?")).collect()
}

#[tokio::test]
async fn a_page_without_result_is_a_decode_error_that_keeps_the_body() {
    let bodies = [
        ("{}", "missing field `result`"),
        (r#"{"next_cursor":null}"#, "missing field `result`"),
        (r#"{"data":[{"id":"1"}]}"#, "missing field `result`"),
        ("[]", "expected a JSON object"),
        (r#"[[{"id":"pos"}],"cursor"]"#, "expected a JSON object"),
        (r#"{"result":{"id":"1"}}"#, "`result` is an object, not a list: records keyed by a field"),
    ];
    let (client, server) = serve(&bodies.map(|(body, _)| body)).await;
    for (body, reason) in bodies {
        let error = client.crm().widgets().list().integrated_account_id("acc").send().await.expect_err(body);
        let Error::Decode { message, body: kept, body_len, .. } = error else { panic!("{body}: {error:?}") };
        assert!(message.contains(reason), "{body}: {message}");
        assert_eq!((kept.as_str(), body_len), (body, body.len()));
    }
    assert_eq!(server.requests().len(), bodies.len());
}

#[tokio::test]
async fn a_null_result_is_an_empty_page_and_a_numeric_cursor_is_text() {
    let (client, server) = serve(&[
        r#"{"result":[{"id":"1"}],"next_cursor":42,"result_count":"1"}"#,
        r#"{"results":null,"next_cursor":null}"#,
    ])
    .await;
    let pages: Vec<Page<Widget>> =
        client.crm().widgets().list().integrated_account_id("acc").pages().try_collect().await.expect("two pages");
    assert_eq!(pages[0].next_cursor.as_deref(), Some("42"));
    assert_eq!(pages[0].result_count, Some(1));
    assert!(pages[1].result.is_empty() && pages[1].invalid.is_empty());
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/unified/crm/widgets?integrated_account_id=acc",
            "/unified/crm/widgets?integrated_account_id=acc&next_cursor=42"
        ]
    );
}

const MIXED_PAGE: &str = r#"{"result":[
    {"id":"1"},
    {"id":"2","tags":[null]},
    {"id":"3","id":"4"},
    {"id":"5","owner":"u-1"},
    ["pos"],
    {"id":"6","price":"12.50"}
],"next_cursor":null}"#;

#[tokio::test]
async fn bad_records_cost_only_themselves_and_are_kept_with_the_reason() {
    let (client, _server) = serve(&[MIXED_PAGE]).await;
    let page = client.crm().widgets().list().integrated_account_id("acc").send().await.expect("the page decodes");
    assert_eq!(ids(&page.result), ["1", "6"]);
    assert_eq!(page.result[1].price, Some(12.5));
    let invalid: Vec<(usize, &str)> = page.invalid.iter().map(|r| (r.index, r.json.get())).collect();
    assert_eq!(
        invalid,
        [
            (1, r#"{"id":"2","tags":[null]}"#),
            (2, r#"{"id":"3","id":"4"}"#),
            (3, r#"{"id":"5","owner":"u-1"}"#),
            (4, r#"["pos"]"#),
        ]
    );
    let reasons: Vec<&str> = page.invalid.iter().map(|r| r.error.as_str()).collect();
    assert!(reasons[0].contains("invalid type: null, expected a JSON object for `Tag`"), "{reasons:?}");
    assert!(reasons[1].contains("duplicate field `id`"), "{reasons:?}");
    assert!(
        reasons[2].contains(r#"invalid type: string "u-1", expected a JSON object for `WidgetOwner`"#),
        "{reasons:?}"
    );
    assert!(reasons[3].contains("expected a JSON object"), "{reasons:?}");
}

#[tokio::test]
async fn items_yields_each_bad_record_as_an_error_in_its_place_and_goes_on() {
    let (client, _server) = serve(&[MIXED_PAGE]).await;
    let items: Vec<Result<Widget, Error>> =
        client.crm().widgets().list().integrated_account_id("acc").items().collect().await;
    let shape: Vec<String> = items
        .iter()
        .map(|item| match item {
            Ok(widget) => widget.id.clone().unwrap_or_default(),
            Err(Error::InvalidRecord(bad)) => format!("invalid {}", bad.index),
            Err(other) => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(shape, ["1", "invalid 1", "invalid 2", "invalid 3", "invalid 4", "6"]);
    let Err(error) = &items[1] else { unreachable!() };
    assert!(error.to_string().starts_with("record 1 of the page did not decode: invalid type: null"), "{error}");
}

#[tokio::test]
async fn a_get_whose_body_is_cut_after_the_head_or_stalls_is_retried() {
    let cut = Reply::raw("HTTP/1.1 200 OK\r\ncontent-length: 50\r\nconnection: close\r\n\r\n");
    let stalled = Reply::raw("HTTP/1.1 200 OK\r\ncontent-length: 50\r\nconnection: close\r\n\r\n{\"id\"").then_hang();
    let whole = Reply::new(200, r#"{"id":"w1","name":"Gear"}"#);
    let server = Server::start(vec![cut, stalled, whole]).await;
    let policy = RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..Default::default()
    };
    let client = Client::builder("token")
        .base_url(server.url())
        .retry(policy)
        .attempt_timeout(Some(Duration::from_millis(300)))
        .build()
        .expect("client");
    let started = Instant::now();
    let widget = client.crm().widgets().get("w1").integrated_account_id("acc").send().await.expect("third try");
    assert_eq!(widget.name.as_deref(), Some("Gear"));
    assert!(started.elapsed() < Duration::from_secs(10));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.method == "GET" && r.header("idempotency-key").is_none()));
}
