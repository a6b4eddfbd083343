//! Issue 25 for the operations only the fixture has (custom methods, lists): what a server
//! sends, as exact bytes from 127.0.0.1. A custom method's record is read inside `result`, an
//! answer that is not the record is an error rather than an empty record, a cursor is text or a
//! number, and a list stops at the page limit the caller sets.

use futures_util::StreamExt;
use truto_golden::crm::widgets::{MergeWidgetBody, Widget};
use truto_golden::prelude::*;
use truto_golden::{Client, Error, Page, RetryPolicy};
use truto_test_server::{Reply, Server};

async fn serve(bodies: &[&str]) -> (Client, Server) {
    let replies = bodies.iter().map(|body| Reply::new(200, *body).header("content-type", "application/json"));
    let server = Server::start(replies.collect()).await;
    let client = Client::builder("token").base_url(server.url()).retry(RetryPolicy::none()).build().expect("client");
    (client, server)
}

fn merge(client: &Client) -> truto_golden::Call<truto_golden::crm::widgets::MergeWidget> {
    client.crm().widgets().merge(MergeWidgetBody { ids: vec!["a".into(), "b".into()] }).integrated_account_id("acc")
}

fn decode_message(error: Error) -> String {
    match error {
        Error::Decode { message, .. } => message,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_custom_method_reads_the_record_inside_result() {
    let (client, _server) =
        serve(&[r#"{"result":{"id":"w1","name":"Merged","price":"9.50"}}"#, r#"{"result":null}"#, ""]).await;
    let merged = merge(&client).send().await.expect("the record in result");
    assert_eq!((merged.id.as_deref(), merged.name.as_deref(), merged.price), (Some("w1"), Some("Merged"), Some(9.5)));
    // No record: `result: null`, and an empty answer to the write, are successes without one.
    assert_eq!(merge(&client).send().await.expect("result null"), Widget::default());
    assert_eq!(merge(&client).send().await.expect("an empty body"), Widget::default());
}

#[tokio::test]
async fn a_custom_answer_that_is_not_the_record_is_an_error_not_an_empty_record() {
    let cases = [
        (r#"{"id":"w1","name":"Bare"}"#, "a custom method answers `{\"result\": ...}`: missing field `result`"),
        (r#"{"result":{"merged_into":"w9","total":2}}"#, "none of the 2 key(s) of the object is a field of `Widget`"),
        (r#"{"result":[{"id":"w1"}]}"#, "the record in `result`"),
        (r#"{"result":{"id":"1","id":"2"}}"#, "duplicate field `id`"),
    ];
    let (client, server) = serve(&cases.map(|(body, _)| body)).await;
    for (body, reason) in cases {
        let message = decode_message(merge(&client).send().await.expect_err(body));
        assert!(message.contains(reason), "{body}: {message}");
    }
    assert_eq!(server.requests().len(), cases.len());
}

#[tokio::test]
async fn a_get_answered_with_a_wrapper_is_an_error() {
    let (client, _server) = serve(&[r#"{"data":{"id":"w1"}}"#, "{}"]).await;
    let widgets = client.crm().widgets();
    let message = decode_message(widgets.get("w1").integrated_account_id("acc").send().await.expect_err("a wrapper"));
    assert!(message.contains("none of the 1 key(s) of the object is a field of `Widget`"), "{message}");
    let empty = widgets.get("w1").integrated_account_id("acc").send().await.expect("an empty object has no wrong key");
    assert_eq!(empty, Widget::default());
}

#[tokio::test]
async fn a_page_record_with_none_of_the_records_fields_is_kept_as_invalid() {
    let (client, _server) = serve(&[r#"{"result":[{"id":"1"},{"sku":"x"}],"next_cursor":null}"#]).await;
    let page = client.crm().widgets().list().integrated_account_id("acc").send().await.expect("the page");
    assert_eq!(page.result.len(), 1);
    assert_eq!((page.invalid[0].index, page.invalid[0].json.get()), (1, r#"{"sku":"x"}"#));
    assert!(page.invalid[0].error.contains("is a field of `Widget`"), "{}", page.invalid[0].error);
}

#[tokio::test]
async fn a_boolean_cursor_is_a_decode_error_and_no_next_page_is_asked_for() {
    for cursor in ["false", "true", "[1]"] {
        let body = format!(r#"{{"result":[{{"id":"1"}}],"next_cursor":{cursor}}}"#);
        let (client, server) = serve(&[&body, r#"{"result":[]}"#]).await;
        let pages: Vec<Result<Page<Widget>, Error>> =
            client.crm().widgets().list().integrated_account_id("acc").pages().collect().await;
        assert_eq!(pages.len(), 1, "{cursor}");
        let message = decode_message(pages.into_iter().next().expect("one").expect_err(&body));
        assert!(message.contains("a cursor is text, a number or null"), "{cursor}: {message}");
        assert_eq!(server.requests().len(), 1, "{cursor}: never `next_cursor={cursor}`");
    }
}

#[tokio::test]
async fn max_pages_stops_a_list_that_never_ends_and_gives_the_cursor_to_go_on() {
    let fresh: Vec<String> =
        (1..=6).map(|n| format!(r#"{{"result":[{{"id":"{n}"}}],"next_cursor":"c{n}"}}"#)).collect();
    let bodies: Vec<&str> = fresh.iter().map(String::as_str).collect();
    let (client, server) = serve(&bodies).await;
    let pages: Vec<Result<Page<Widget>, Error>> =
        client.crm().widgets().list().integrated_account_id("acc").max_pages(2).pages().collect().await;
    assert_eq!(pages.len(), 3, "two pages, then the limit");
    assert_eq!(pages[1].as_ref().expect("page 2").result[0].id.as_deref(), Some("2"));
    let Err(Error::PageLimit { pages: fetched, next_cursor }) = &pages[2] else { panic!("{:?}", pages[2]) };
    assert_eq!((*fetched, next_cursor.as_str()), (2, "c2"));
    let error = pages[2].as_ref().expect_err("the limit");
    assert!(error.to_string().contains("more than 2 page(s)"), "{error}");
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/unified/crm/widgets?integrated_account_id=acc",
            "/unified/crm/widgets?integrated_account_id=acc&next_cursor=c1"
        ]
    );

    // A list that ends within the limit ends as it would without one.
    let (client, server) =
        serve(&[r#"{"result":[{"id":"1"}],"next_cursor":"c1"}"#, r#"{"result":[],"next_cursor":null}"#]).await;
    let items: Vec<Result<Widget, Error>> =
        client.crm().widgets().list().integrated_account_id("acc").max_pages(2).items().collect().await;
    assert_eq!(items.len(), 1);
    assert!(items[0].is_ok());
    assert_eq!(server.requests().len(), 2);
}
