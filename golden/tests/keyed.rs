//! Issue 21's runtime parts on the wire, with the fixture's list and delete: lists keyed by a
//! field (`key_by`, `truto_key_by`), and endpoint-level support in the pre-flight check. A
//! server on 127.0.0.1 records each request and answers from a script of exact bytes.

use futures_util::StreamExt;
use truto_golden::crm::widgets::Widget;
use truto_golden::prelude::*;
use truto_golden::{Client, Error, KeyedPage, RetryPolicy};
use truto_test_server::{Reply, Server};

async fn serve(bodies: &[&str]) -> (Client, Server) {
    let replies = bodies.iter().map(|body| Reply::new(200, *body).header("content-type", "application/json"));
    let server = Server::start(replies.collect()).await;
    let client = Client::builder("token").base_url(server.url()).retry(RetryPolicy::none()).build().expect("client");
    (client, server)
}

fn targets(server: &Server) -> Vec<String> {
    server.requests().into_iter().map(|r| r.target).collect()
}

fn decode_message(error: Error) -> String {
    match error {
        Error::Decode { message, .. } => message,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn key_by_asks_for_records_by_a_field_and_reads_them_by_key() {
    let (client, server) = serve(&[
        r#"{"result":{"w1":{"id":"w1","name":"Gear"},"w2":{"id":"w2","owner":"u-1"},"w3":{"id":"w3"}},"next_cursor":"c2"}"#,
        r#"{"result":{"w4":{"id":"w4","price":"2.5"}},"next_cursor":null}"#,
    ])
    .await;
    let pages: Vec<Result<KeyedPage<Widget>, Error>> =
        client.crm().widgets().list().integrated_account_id("acc").key_by("id").pages().collect().await;
    let pages: Vec<KeyedPage<Widget>> = pages.into_iter().collect::<Result<_, _>>().expect("two pages");
    assert_eq!(pages[0].result.keys().collect::<Vec<_>>(), ["w1", "w3"]);
    assert_eq!(pages[0].result["w1"].name.as_deref(), Some("Gear"));
    let invalid = &pages[0].invalid;
    assert_eq!(
        (invalid.len(), invalid[0].key.as_str(), invalid[0].json.get()),
        (1, "w2", r#"{"id":"w2","owner":"u-1"}"#)
    );
    assert!(invalid[0].error.contains("expected a JSON object for `WidgetOwner`"), "{}", invalid[0].error);
    assert_eq!(pages[1].result["w4"].price, Some(2.5));
    assert_eq!(
        targets(&server),
        [
            "/unified/crm/widgets?integrated_account_id=acc&truto_key_by=id",
            "/unified/crm/widgets?integrated_account_id=acc&next_cursor=c2&truto_key_by=id",
        ]
    );
}

#[tokio::test]
async fn a_keyed_answer_to_a_plain_list_and_a_list_answer_to_a_keyed_call_are_decode_errors() {
    let (client, _server) = serve(&[r#"{"result":{"w1":{"id":"w1"}}}"#, r#"{"result":[{"id":"w1"}]}"#]).await;
    let widgets = client.crm().widgets();
    let message = decode_message(widgets.list().integrated_account_id("acc").send().await.expect_err("keyed"));
    assert!(message.contains("are read with `key_by`, whose answer is a `KeyedPage`"), "{message}");
    let keyed = widgets.list().integrated_account_id("acc").key_by("id").send().await.expect_err("a list");
    assert!(decode_message(keyed).contains("the list was not keyed by `truto_key_by`"));
}

#[tokio::test]
async fn an_empty_key_fails_the_call_and_nothing_is_sent() {
    let (client, server) = serve(&[]).await;
    let error = client.crm().widgets().list().integrated_account_id("acc").key_by("").send().await.expect_err("empty");
    assert!(matches!(&error, Error::Build(message) if message.contains("`key_by`) is empty")), "{error}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_keyed_list_stops_at_its_page_limit() {
    let (client, server) = serve(&[r#"{"result":{"a":{"id":"a"}},"next_cursor":"c1"}"#, r#"{"result":{}}"#]).await;
    let pages: Vec<Result<KeyedPage<Widget>, Error>> =
        client.crm().widgets().list().integrated_account_id("acc").key_by("id").max_pages(1).pages().collect().await;
    assert_eq!(pages.len(), 2);
    assert!(matches!(&pages[1], Err(Error::PageLimit { pages: 1, next_cursor }) if next_cursor == "c1"), "{pages:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_endpoint_the_docs_do_not_list_for_an_integration_is_refused_before_sending() {
    // The fixture's delete lists HubSpot alone; its list lists no integration (unknown).
    let (client, server) = serve(&["", r#"{"result":[]}"#]).await;
    let widgets = client.crm().widgets();
    let error = widgets.delete("w1").integrated_account_id("acc").check_for(Integration::ZohoCrm).send().await;
    let Err(Error::Check(report)) = error else { panic!("refused: {error:?}") };
    assert_eq!(report.endpoint, "DELETE /unified/crm/widgets/{id}");
    let shown = report.to_string();
    assert!(shown.contains("DELETE /unified/crm/widgets/{id} for Zoho CRM"), "{shown}");
    assert!(shown.contains("the endpoint is not supported: the docs list HubSpot"), "{shown}");
    assert!(server.requests().is_empty(), "nothing sent");

    widgets.delete("w1").integrated_account_id("acc").check_for(Integration::HubSpot).send().await.expect("listed");
    let listed = widgets.list().integrated_account_id("acc").check_for(Integration::Close).send().await;
    listed.expect("unknown support is never refused");
    assert_eq!(targets(&server).len(), 2);
}
