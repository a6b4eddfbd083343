//! The operations the seed pages lack (list, get, create, custom), generated from the
//! all-operations fixture, on the wire: a server on 127.0.0.1 records each request and
//! answers from a script.

use futures_util::TryStreamExt;
use truto_golden::crm::widgets::{
    BatchDeleteWidgetBody, CreateWidgetBody, CreateWidgetOwner, ListWidgetsKind, MergeWidgetBody, Widget,
};
use truto_golden::prelude::*;
use truto_golden::{Client, Error, Page, RetryPolicy};
use truto_test_server::{Recorded, Reply, Server};

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    /// `METHOD target`, the target exactly as sent.
    line: String,
    body: String,
}

/// Answers each connection with the next scripted JSON body (status 200) and records the
/// request.
async fn serve(bodies: Vec<&'static str>) -> (Client, Server) {
    let replies = bodies.into_iter().map(|body| Reply::new(200, body).header("content-type", "application/json"));
    let server = Server::start(replies.collect()).await;
    let client = Client::builder("token").base_url(server.url()).retry(RetryPolicy::none()).build().expect("client");
    (client, server)
}

fn seen(server: &Server) -> Vec<Seen> {
    let seen =
        |r: Recorded| Seen { line: format!("{} {}", r.method, r.target), body: String::from_utf8(r.body).unwrap() };
    server.requests().into_iter().map(seen).collect()
}

fn ids(widgets: &[Widget]) -> Vec<&str> {
    widgets.iter().map(|w| w.id.as_deref().unwrap_or("?")).collect()
}

#[tokio::test]
async fn list_follows_the_cursor_until_it_is_null_or_empty() {
    let (client, server) = serve(vec![
        r#"{"result":[{"id":"1","kind":"small"},{"id":"2"}],"next_cursor":"c2"}"#,
        r#"{"results":[{"id":"3","kind":"huge"}],"next_cursor":""}"#,
    ])
    .await;
    let items: Vec<Widget> = client
        .crm()
        .widgets()
        .list()
        .integrated_account_id("acc")
        .kind(ListWidgetsKind::Small)
        .limit(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["1", "2", "3"]);
    assert_eq!(items[2].kind.as_ref().map(|k| k.as_str()), Some("huge"), "an unknown enum value decodes");
    let requests: Vec<String> = seen(&server).into_iter().map(|s| s.line).collect();
    assert_eq!(
        requests,
        [
            "GET /unified/crm/widgets?integrated_account_id=acc&kind=small&limit=2",
            "GET /unified/crm/widgets?integrated_account_id=acc&kind=small&limit=2&next_cursor=c2",
        ]
    );
}

#[tokio::test]
async fn list_stops_on_a_null_cursor() {
    let (client, server) = serve(vec![r#"{"result":[{"id":"1"}],"next_cursor":null}"#]).await;
    let pages: Vec<Page<Widget>> =
        client.crm().widgets().list().integrated_account_id("acc").pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(seen(&server).len(), 1);
}

#[tokio::test]
async fn list_yields_the_page_that_repeats_a_cursor_then_stops() {
    let (client, server) = serve(vec![
        r#"{"result":[{"id":"1"}],"next_cursor":"same"}"#,
        r#"{"result":[{"id":"2"}],"next_cursor":"same"}"#,
    ])
    .await;
    let mut pages = Box::pin(client.crm().widgets().list().integrated_account_id("acc").pages());
    assert_eq!(ids(&pages.try_next().await.unwrap().unwrap().result), ["1"]);
    assert_eq!(ids(&pages.try_next().await.unwrap().unwrap().result), ["2"]);
    let error = pages.try_next().await.unwrap_err();
    assert!(matches!(&error, Error::RepeatedCursor(cursor) if cursor == "same"), "{error}");
    assert_eq!(seen(&server).len(), 2);
}

#[tokio::test]
async fn get_create_and_custom_methods_send_their_requests() {
    // A custom method answers the record inside `result`, as Truto documents custom methods.
    let (client, server) = serve(vec![
        r#"{"id":"w/1","name":"Gear","price":9.5}"#,
        r#"{"id":"2","name":"New"}"#,
        r#"{"result":{"id":"3","name":"Merged"}}"#,
        r#"{"result":{"id":"c"}}"#,
    ])
    .await;
    let widgets = client.crm().widgets();
    let got = widgets.get("w/1").integrated_account_id("acc").send().await.unwrap();
    assert_eq!((got.name.as_deref(), got.price), (Some("Gear"), Some(9.5)));

    let body = CreateWidgetBody { name: "New".into(), owner: Some(CreateWidgetOwner { id: "o1".into() }), price: None };
    let created = widgets.create(body).integrated_account_id("acc").send().await.unwrap();
    assert_eq!(created.id.as_deref(), Some("2"));

    let merged = widgets
        .merge(MergeWidgetBody { ids: vec!["a".into(), "b".into()] })
        .integrated_account_id("acc")
        .send()
        .await
        .unwrap();
    assert_eq!((merged.id.as_deref(), merged.name.as_deref()), (Some("3"), Some("Merged")));
    let deleted = widgets
        .batch_delete(BatchDeleteWidgetBody { ids: vec!["c".into()] })
        .integrated_account_id("acc")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.id.as_deref(), Some("c"));

    assert_eq!(
        seen(&server),
        [
            Seen { line: "GET /unified/crm/widgets/w%2F1?integrated_account_id=acc".into(), body: String::new() },
            Seen {
                line: "POST /unified/crm/widgets?integrated_account_id=acc".into(),
                body: r#"{"name":"New","owner":{"id":"o1"}}"#.into()
            },
            Seen {
                line: "POST /unified/crm/widgets/merge?integrated_account_id=acc".into(),
                body: r#"{"ids":["a","b"]}"#.into()
            },
            Seen {
                line: "POST /unified/crm/widgets/batch-delete?integrated_account_id=acc".into(),
                body: r#"{"ids":["c"]}"#.into()
            },
        ]
    );
}

#[tokio::test]
async fn formats_are_offered_only_where_the_schema_allows_them() {
    // The fixture's list allows debug; its create allows only unified and raw.
    let (client, server) =
        serve(vec![r#"{"result":{"result":[],"next_cursor":null},"debug":null}"#, r#"{"provider":true}"#]).await;
    let debug = client.crm().widgets().list().integrated_account_id("acc").debug().send().await.unwrap();
    assert!(debug.result.result.is_empty() && debug.debug.is_none());
    let body = CreateWidgetBody { name: "x".into(), owner: None, price: None };
    let raw = client.crm().widgets().create(body).integrated_account_id("acc").raw().send().await.unwrap();
    assert_eq!(raw, serde_json::json!({"provider": true}));
    let lines: Vec<String> = seen(&server).into_iter().map(|s| s.line).collect();
    assert_eq!(
        lines,
        [
            "GET /unified/crm/widgets?integrated_account_id=acc&truto_response_format=debug",
            "POST /unified/crm/widgets?integrated_account_id=acc&truto_response_format=raw",
        ]
    );
}

/// Calls, their futures and the pagination streams can move across threads (`tokio::spawn`).
#[test]
fn futures_and_streams_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::new("token");
    let widgets = client.crm().widgets();
    assert_send(&widgets.get("1").send());
    assert_send(&widgets.list().pages());
    assert_send(&widgets.list().items());
    assert_send(&widgets.get("1").stream().send());
    assert_send(&client);
}
