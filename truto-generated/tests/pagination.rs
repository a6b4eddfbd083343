//! Cursor pagination over real HTTP on 127.0.0.1. schema/ has no list endpoint yet, so the
//! list request here implements the runtime traits by hand, as generated list requests do
//! (see the `all_operations` fixture's snapshot in truto-codegen).

use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use truto_generated::request::{Endpoint, ListEndpoint, OperationKind, Page};
use truto_generated::{Client, Error, RetryPolicy};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
struct Widget {
    id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
struct ListWidgetsQuery {
    integrated_account_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct ListWidgets {
    query: ListWidgetsQuery,
}

static LIST_WIDGETS: truto_generated::support::Endpoint = truto_generated::support::Endpoint {
    api: "crm",
    resource: "widgets",
    operation: "list",
    custom_name: None,
    http_method: "GET",
    path: "/unified/crm/widgets",
    response_formats: &["unified"],
    integrations: None,
    query: &[],
    body: &[],
    response: &[],
};

impl Endpoint for ListWidgets {
    type Response = Page<Widget>;
    const OPERATION: OperationKind = OperationKind::List;
    const METHOD: http::Method = http::Method::GET;
    const SUPPORT: &'static truto_generated::support::Endpoint = &LIST_WIDGETS;

    fn path(&self) -> String {
        "/unified/crm/widgets".to_owned()
    }
    fn query(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(&self.query)
    }
    fn body(&self) -> Option<Result<Vec<u8>, serde_json::Error>> {
        None
    }
    fn missing_required(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

impl ListEndpoint for ListWidgets {
    type Item = Widget;
    fn set_next_cursor(&mut self, cursor: Option<String>) {
        self.query.next_cursor = cursor;
    }
}

/// Serves one scripted body per request, in order, and records each request line.
async fn serve(bodies: Vec<&'static str>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        for body in bodies {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap() == 1 {
                head.push(byte[0]);
            }
            let line = String::from_utf8_lossy(&head).lines().next().unwrap_or_default().to_owned();
            log.lock().unwrap().push(line);
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            socket.write_all(response.as_bytes()).await.unwrap();
        }
    });
    (format!("http://{address}"), seen)
}

fn client(base_url: String) -> Client {
    Client::builder("token").base_url(base_url).retry(RetryPolicy::none()).build()
}

fn request() -> ListWidgets {
    ListWidgets { query: ListWidgetsQuery { integrated_account_id: "acc".into(), next_cursor: None } }
}

#[tokio::test]
async fn pages_follow_the_cursor_until_it_is_null_or_empty() {
    let (url, seen) = serve(vec![
        r#"{"result":[{"id":"1"},{"id":"2"}],"next_cursor":"c2"}"#,
        r#"{"results":[{"id":"3"}],"next_cursor":""}"#,
    ])
    .await;
    let client = client(url);
    let items: Vec<Widget> = client.call(request()).items().try_collect().await.unwrap();
    let ids: Vec<_> = items.iter().map(|w| w.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "GET /unified/crm/widgets?integrated_account_id=acc HTTP/1.1",
            "GET /unified/crm/widgets?integrated_account_id=acc&next_cursor=c2 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn a_null_cursor_ends_after_one_page() {
    let (url, seen) = serve(vec![r#"{"result":[{"id":"1"}],"next_cursor":null}"#]).await;
    let pages: Vec<Page<Widget>> = client(url).call(request()).pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_repeated_cursor_stops_instead_of_looping() {
    let (url, seen) = serve(vec![
        r#"{"result":[{"id":"1"}],"next_cursor":"same"}"#,
        r#"{"result":[{"id":"2"}],"next_cursor":"same"}"#,
    ])
    .await;
    let client = client(url);
    let mut pages = Box::pin(client.call(request()).pages());
    assert_eq!(pages.try_next().await.unwrap().unwrap().result.len(), 1);
    assert_eq!(pages.try_next().await.unwrap().unwrap().result.len(), 1);
    let error = pages.try_next().await.unwrap_err();
    assert!(matches!(&error, Error::RepeatedCursor(cursor) if cursor == "same"), "{error}");
    assert_eq!(seen.lock().unwrap().len(), 2);
}
