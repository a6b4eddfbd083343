//! Untyped unified and proxy calls, and capabilities, against a real HTTP/1.1 server on
//! 127.0.0.1: the exact requests sent for each method, decoding into `Value` and into a user
//! struct, pagination, retries with one idempotency key, formats, errors, and checking calls
//! against an account's capabilities before they are sent.

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use truto_test_server::{Recorded, Reply, Server};
use truto_unified::capabilities::Capabilities;
use truto_unified::crm::opportunities::UpdateOpportunityBody;
use truto_unified::prelude::*;
use truto_unified::{Client, Error, Patch, RetryPolicy};

const TOKEN: &str = "test-token";
const ACCOUNT: &str = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";

fn client(server: &Server) -> Client {
    Client::builder(TOKEN)
        .base_url(server.url())
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            ..Default::default()
        })
        .attempt_timeout(Some(Duration::from_secs(5)))
        .build()
        .expect("client")
}

/// What every request carries: the token, JSON accepted, and a key exactly on mutations.
fn assert_common_headers(request: &Recorded, mutating: bool) {
    assert_eq!(request.header("authorization"), Some("Bearer test-token"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert!(request.header("user-agent").is_some_and(|agent| agent.starts_with("truto-unified-runtime/")));
    match request.header("idempotency-key") {
        Some(key) => {
            assert!(mutating, "a {} carries no key", request.method);
            assert_eq!(key.len(), 36, "a UUID: {key}");
        }
        None => assert!(!mutating, "a {} carries a key", request.method),
    }
}

fn contact_doc() -> Value {
    json!({"id": "42", "first_name": "Ada", "last_name": "Lovelace", "email_addresses": [{"email": "ada@example.com"}]})
}

/// A user's own type for a resource the schema does not describe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Contact {
    id: String,
    first_name: Option<String>,
    #[serde(default)]
    email_addresses: Vec<Email>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Email {
    email: String,
}

// ---------------------------------------------------------------------------------------------
// 1. Every unified method: the exact request
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_unified_method_sends_the_exact_request() {
    let server = Server::start(vec![
        Reply::json(200, &json!({"result": [contact_doc()], "next_cursor": null})),
        Reply::json(200, &contact_doc()),
        Reply::json(201, &contact_doc()),
        Reply::json(200, &contact_doc()),
        Reply::json(200, &json!({"id": "42"})),
        Reply::json(200, &json!({"result": {"id": "42"}})),
    ])
    .await;
    let client = client(&server);
    let contacts = client.unified("crm", "contacts").integrated_account_id(ACCOUNT);

    let page = contacts.list().query("limit", 10).send().await.expect("list");
    assert_eq!(page.result, vec![contact_doc()]);
    let got = contacts.get("42").query("truto_exclude_fields", ["remote_data"]).send().await.expect("get");
    assert_eq!(got, contact_doc());
    let created = contacts.create(json!({"first_name": "Ada"})).send().await.expect("create");
    assert_eq!(created["id"], "42");
    let updated = contacts.update("42", json!({"last_name": null})).send().await.expect("update");
    assert_eq!(updated["last_name"], "Lovelace");
    let deleted = contacts.delete("42").send().await.expect("delete");
    assert_eq!(deleted, json!({"id": "42"}));
    let merged = contacts.custom("merge", json!({"ids": ["1", "2"]})).send().await.expect("custom");
    assert_eq!(merged, json!({"result": {"id": "42"}}));

    let requests = server.requests();
    let account = format!("integrated_account_id={ACCOUNT}");
    let expected: [(&str, &str, String, &[u8]); 6] = [
        ("GET", "/unified/crm/contacts", format!("{account}&limit=10"), b""),
        ("GET", "/unified/crm/contacts/42", format!("{account}&truto_exclude_fields%5B%5D=remote_data"), b""),
        ("POST", "/unified/crm/contacts", account.clone(), br#"{"first_name":"Ada"}"#),
        ("PATCH", "/unified/crm/contacts/42", account.clone(), br#"{"last_name":null}"#),
        ("DELETE", "/unified/crm/contacts/42", account.clone(), b""),
        ("POST", "/unified/crm/contacts/merge", account.clone(), br#"{"ids":["1","2"]}"#),
    ];
    assert_eq!(requests.len(), expected.len());
    for (request, (method, path, query, body)) in requests.iter().zip(expected) {
        assert_eq!(request.method, method);
        assert_eq!(request.path(), path);
        assert_eq!(request.query(), query);
        assert_eq!(request.body, body, "{method} {path}");
        let mutating = method != "GET";
        assert_common_headers(request, mutating);
        let content_type = request.header("content-type");
        assert_eq!(content_type.is_some(), !body.is_empty(), "{method} {path}: content-type {content_type:?}");
        if !body.is_empty() {
            assert_eq!(content_type, Some("application/json"));
            assert_eq!(request.header("content-length"), Some(body.len().to_string().as_str()));
        }
    }
}

#[tokio::test]
async fn a_custom_method_can_use_another_http_method_and_no_body() {
    let server = Server::start(vec![Reply::json(200, &json!({"result": []}))]).await;
    let client = client(&server);
    let answer = client
        .unified("ticketing", "tickets")
        .custom("search", ())
        .method(Method::GET)
        .integrated_account_id(ACCOUNT)
        .query_object(json!({"q": "printer", "remote_query": {"status": "open"}}))
        .send()
        .await
        .expect("custom GET");
    assert_eq!(answer, json!({"result": []}));
    let request = server.only_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path(), "/unified/ticketing/tickets/search");
    assert_eq!(request.query(), format!("integrated_account_id={ACCOUNT}&q=printer&remote_query%5Bstatus%5D=open"));
    assert!(request.body.is_empty());
    assert_eq!(request.header("content-type"), None);
    assert_common_headers(&request, false);
}

#[tokio::test]
async fn a_user_struct_is_a_body_and_a_typed_answer() {
    let ada = Contact { id: "42".into(), first_name: Some("Ada".into()), email_addresses: vec![] };
    let server = Server::start(vec![Reply::json(200, &contact_doc())]).await;
    let client = client(&server);
    let contact: Contact = client
        .unified("crm", "contacts")
        .update("42", &ada)
        .integrated_account_id(ACCOUNT)
        .returning::<Contact>()
        .send()
        .await
        .expect("update");
    assert_eq!(contact.email_addresses, vec![Email { email: "ada@example.com".into() }]);
    assert_eq!(server.only_request().body, br#"{"id":"42","first_name":"Ada","email_addresses":[]}"#);
}

// ---------------------------------------------------------------------------------------------
// 2. Proxy
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_proxy_method_sends_the_exact_request() {
    let server = Server::start(vec![
        Reply::json(200, &json!({"result": [{"Id": 1}], "next_cursor": ""})),
        Reply::json(200, &json!({"Id": 1})),
        Reply::json(200, &json!({"Id": 2})),
        Reply::json(200, &json!({"Id": 2, "Name": "B"})),
        Reply::new(204, ""),
        Reply::json(200, &json!({"result": "done"})),
    ])
    .await;
    let client = client(&server);
    let deals = client.proxy("deals").integrated_account_id(ACCOUNT);

    let records: Vec<Value> = deals.list().items().try_collect().await.expect("list");
    assert_eq!(records, vec![json!({"Id": 1})]);
    assert_eq!(deals.get("1").send().await.expect("get"), json!({"Id": 1}));
    assert_eq!(deals.create(json!({"Name": "A"})).send().await.expect("create"), json!({"Id": 2}));
    assert_eq!(deals.update("2", json!({"Name": "B"})).send().await.expect("update")["Name"], "B");
    assert_eq!(deals.delete("2").send().await.expect("204"), Value::Null);
    assert_eq!(deals.custom("close", json!({"Id": 2})).send().await.expect("custom"), json!({"result": "done"}));

    let requests = server.requests();
    let expected: [(&str, &str, &[u8]); 6] = [
        ("GET", "/proxy/deals", b""),
        ("GET", "/proxy/deals/1", b""),
        ("POST", "/proxy/deals", br#"{"Name":"A"}"#),
        ("PATCH", "/proxy/deals/2", br#"{"Name":"B"}"#),
        ("DELETE", "/proxy/deals/2", b""),
        ("POST", "/proxy/deals/close", br#"{"Id":2}"#),
    ];
    assert_eq!(requests.len(), expected.len());
    for (request, (method, path, body)) in requests.iter().zip(expected) {
        assert_eq!((request.method.as_str(), request.path()), (method, path));
        assert_eq!(request.query(), format!("integrated_account_id={ACCOUNT}"));
        assert_eq!(request.body, body);
        assert_common_headers(request, method != "GET");
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Ids, and what is refused before anything is sent
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn ids_are_one_segment_and_dot_ids_are_refused_unsent() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "a/b?c#d"}))]).await;
    let client = client(&server);
    let contacts = client.unified("crm", "contacts").integrated_account_id(ACCOUNT);
    contacts.get("a/b?c#d").send().await.expect("get");
    assert_eq!(server.only_request().path(), "/unified/crm/contacts/a%2Fb%3Fc%23d");

    for id in [".", ".."] {
        let error = contacts.delete(id).send().await.expect_err("a dot segment");
        assert!(matches!(error, Error::Build(_)), "{id}: {error}");
    }
    let error = client.proxy("deals").get("1").send().await.expect_err("no account");
    assert!(error.to_string().contains("integrated_account_id"), "{error}");
    let error = contacts.list().query_object(json!([1, 2])).send().await.expect_err("not an object");
    assert!(matches!(error, Error::Build(_)), "{error}");
    assert_eq!(server.requests().len(), 1, "nothing more was sent");
}

// ---------------------------------------------------------------------------------------------
// 4. Pagination
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_list_pages_by_cursor_into_a_user_struct() {
    let server = Server::start(vec![
        Reply::json(200, &json!({"result": [contact_doc(), ["not", "a", "record"]], "next_cursor": "c2"})),
        Reply::json(200, &json!({"result": [{"id": "43", "first_name": null}], "next_cursor": null})),
    ])
    .await;
    let client = client(&server);
    let records: Vec<Result<Contact, Error>> = client
        .unified("crm", "contacts")
        .list()
        .integrated_account_id(ACCOUNT)
        .query("limit", 2)
        .returning::<Contact>()
        .items()
        .collect()
        .await;
    assert_eq!(records.len(), 3);
    assert_eq!(records[0].as_ref().expect("first").first_name.as_deref(), Some("Ada"));
    assert!(matches!(&records[1], Err(Error::InvalidRecord(bad)) if bad.index == 1), "{:?}", records[1]);
    assert_eq!(records[2].as_ref().expect("third").id, "43");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].query(), format!("integrated_account_id={ACCOUNT}&limit=2"));
    assert_eq!(requests[1].query(), format!("integrated_account_id={ACCOUNT}&limit=2&next_cursor=c2"));
    for request in &requests {
        assert_eq!(request.path(), "/unified/crm/contacts");
        assert_common_headers(request, false);
    }
}

#[tokio::test]
async fn a_repeated_cursor_stops_paging() {
    let server = Server::start(vec![
        Reply::json(200, &json!({"result": [{"id": "1"}], "next_cursor": "a"})),
        Reply::json(200, &json!({"result": [{"id": "2"}], "next_cursor": "b"})),
        Reply::json(200, &json!({"result": [{"id": "3"}], "next_cursor": "a"})),
        Reply::json(200, &json!({"result": [{"id": "never"}], "next_cursor": null})),
    ])
    .await;
    let client = client(&server);
    let pages: Vec<_> = client.proxy("deals").list().integrated_account_id(ACCOUNT).pages().collect().await;
    assert_eq!(pages.len(), 4, "three pages, then the loop: {pages:?}");
    let ids: Vec<Value> =
        pages[..3].iter().map(|page| page.as_ref().expect("a page").result[0]["id"].clone()).collect();
    assert_eq!(ids, [json!("1"), json!("2"), json!("3")]);
    assert!(matches!(&pages[3], Err(Error::RepeatedCursor(cursor)) if cursor == "a"), "{:?}", pages[3]);
    assert_eq!(server.requests().len(), 3, "the repeated cursor is not fetched again");
}

#[tokio::test]
async fn untyped_pages_are_send() {
    fn assert_send<T: Send + 'static>(_: &T) {}
    let client = Client::builder(TOKEN).base_url("http://127.0.0.1:9").build().expect("client");
    let contacts = client.unified("crm", "contacts");
    assert_send(&contacts.list().pages());
    assert_send(&contacts.list().returning::<Contact>().items());
    assert_send(&contacts.get("1").send());
    assert_send(&client.capabilities(ACCOUNT).send());
}

// ---------------------------------------------------------------------------------------------
// 5. Decoding
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn records_decode_into_value_and_into_a_struct_and_must_be_objects() {
    let server = Server::start(vec![
        Reply::json(200, &contact_doc()),
        Reply::json(200, &contact_doc()),
        Reply::json(200, &json!([contact_doc()])),
        Reply::json(200, &json!([contact_doc()])),
        Reply::json(200, &json!({"id": "42", "email_addresses": ["ada@example.com"]})),
        Reply::json(200, &json!([{"id": "1"}])),
    ])
    .await;
    let client = client(&server);
    let contacts = client.unified("crm", "contacts").integrated_account_id(ACCOUNT);

    let value = contacts.get("42").send().await.expect("a Value");
    assert_eq!(value, contact_doc());
    let contact = contacts.get("42").returning::<Contact>().send().await.expect("a Contact");
    assert_eq!(contact.first_name.as_deref(), Some("Ada"));

    for error in [
        contacts.get("42").send().await.expect_err("an array is no record"),
        contacts.get("42").returning::<Contact>().send().await.map(|_| ()).expect_err("nor a Contact"),
        contacts.get("42").returning::<Contact>().send().await.map(|_| ()).expect_err("emails are objects"),
        contacts.list().send().await.map(|_| ()).expect_err("an array is no page"),
    ] {
        match error {
            Error::Decode { status, body, body_len, .. } => {
                assert_eq!(status, 200);
                assert!(!body.is_empty() && body.len() == body_len, "{body}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_error_status_is_an_api_error_and_is_not_retried() {
    let body = json!({"statusCode": 404, "error": "Not Found", "message": "no such contact"});
    let server = Server::start(vec![Reply::json(404, &body)]).await;
    let client = client(&server);
    let error =
        client.unified("crm", "contacts").get("404").integrated_account_id(ACCOUNT).send().await.expect_err("a 404");
    match &error {
        Error::Api(api) => assert_eq!((api.status.as_u16(), api.message()), (404, Some("no such contact"))),
        other => panic!("expected an API error, got {other:?}"),
    }
    assert!(!format!("{error:?}").contains(TOKEN));
    assert_eq!(server.requests().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 6. Retries, idempotency keys, per-call options
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_retried_create_replays_one_idempotency_key() {
    let unavailable = Reply::json(503, &json!({"statusCode": 503, "message": "blocked"}));
    let limited = Reply::json(429, &json!({"statusCode": 429, "message": "slow down"})).header("retry-after", "0");
    let server = Server::start(vec![unavailable, limited, Reply::json(201, &contact_doc())]).await;
    let client = client(&server);
    let created = client
        .unified("crm", "contacts")
        .create(json!({"first_name": "Ada"}))
        .integrated_account_id(ACCOUNT)
        .returning::<Contact>()
        .send()
        .await
        .expect("the third attempt succeeds");
    assert_eq!(created.id, "42");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let key = requests[0].header("idempotency-key").expect("a key");
    for request in &requests {
        assert_eq!(request.header("idempotency-key"), Some(key), "one key for every attempt");
        assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", requests[0].target.as_str()));
        assert_eq!(request.body, br#"{"first_name":"Ada"}"#);
    }
}

#[tokio::test]
async fn per_call_options_apply_to_untyped_calls() {
    let server = Server::start(vec![Reply::new(502, "bad gateway"), Reply::json(200, &json!({"id": "1"}))]).await;
    let client = client(&server);
    let error = client
        .unified("crm", "contacts")
        .delete("1")
        .integrated_account_id(ACCOUNT)
        .idempotency_key("my-key")
        .header("x-trace", "t-1")
        .no_retry()
        .send()
        .await
        .expect_err("no retry");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    let request = server.only_request();
    assert_eq!(request.header("idempotency-key"), Some("my-key"));
    assert_eq!(request.header("x-trace"), Some("t-1"));

    let slow = Server::start(vec![Reply::json(200, &json!({"id": "1"})).delay(Duration::from_millis(1_000))]).await;
    let error = self::client(&slow)
        .unified("crm", "contacts")
        .get("1")
        .integrated_account_id(ACCOUNT)
        .timeout(Duration::from_millis(50))
        .no_retry()
        .send()
        .await
        .expect_err("times out");
    assert!(matches!(error, Error::Timeout(limit) if limit == Duration::from_millis(50)), "{error}");
    assert_eq!(slow.requests().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 7. Formats
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn raw_normalized_debug_and_stream_formats() {
    let provider = json!([{"properties": {"firstname": "Ada"}}]);
    let server = Server::start(vec![
        Reply::json(200, &provider),
        Reply::json(200, &json!({"first_name": "Ada"})),
        Reply::json(
            200,
            &json!({"result": {"result": [{"id": "1"}], "next_cursor": null},
                    "debug": {"requestUrl": "https://api.hubapi.com/x", "isLooping": false, "resultCount": 1}}),
        ),
        Reply::new(200, "bytes, not JSON"),
    ])
    .await;
    let client = client(&server);
    let contacts = client.unified("crm", "contacts").integrated_account_id(ACCOUNT);

    let raw = contacts.list().raw().send().await.expect("raw");
    assert_eq!(raw, provider, "the provider's own body, an array included");
    let normalized = contacts.get("1").normalized().send().await.expect("normalized");
    assert_eq!(normalized, json!({"first_name": "Ada"}));
    let debug = contacts.list().returning::<Contact>().debug().send().await.map(|d| (d.result, d.debug));
    let (page, info) = debug.expect("debug");
    assert_eq!(page.result.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["1"]);
    let info = info.expect("debug information");
    assert_eq!((info.request_url.as_deref(), info.result_count), (Some("https://api.hubapi.com/x"), Some(1)));
    let stream = contacts.get("file").stream().send().await.expect("stream");
    let bytes: Vec<u8> = stream.map_ok(|chunk| chunk.to_vec()).try_concat().await.expect("bytes");
    assert_eq!(bytes, b"bytes, not JSON");

    let formats: Vec<String> = server.requests().iter().map(|r| r.query().to_owned()).collect();
    let account = format!("integrated_account_id={ACCOUNT}");
    assert_eq!(
        formats,
        [
            format!("{account}&truto_response_format=raw"),
            format!("{account}&truto_response_format=normalized"),
            format!("{account}&truto_response_format=debug"),
            format!("{account}&truto_response_format=stream"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 8. Capabilities
// ---------------------------------------------------------------------------------------------

fn capabilities_doc() -> Value {
    json!({
        "integration": {"id": "b0b5e1a4-0001", "name": "hubspot", "label": "HubSpot", "category": "crm"},
        "account": {"id": ACCOUNT, "status": "active", "authentication_method": "oauth2", "is_blocked": false},
        "unified": [
            {
                "model": "crm", "model_label": "CRM", "resource": "contacts",
                "description": "People you do business with", "docs_url": "https://truto.one/docs/crm/contacts",
                "methods": ["list", "get", "create", "update", "delete", "merge"], "env_overridden": false
            },
            {
                "model": "crm", "model_label": "CRM", "resource": "opportunities",
                "description": "Deals", "docs_url": null, "methods": ["list", "get"], "env_overridden": true
            }
        ],
        "proxy": [{"resource": "deals", "methods": [{"method": "list", "name": "List deals", "has_query_schema": true,
            "has_body_schema": false, "has_response_schema": true, "api_documentation_url": "https://developers.hubspot.com"}]}],
        "auth": {"type": "oauth2"},
        "future_field": {"anything": [1, 2]}
    })
}

#[tokio::test]
async fn capabilities_decode_from_a_realistic_answer() {
    let server = Server::start(vec![Reply::json(200, &capabilities_doc())]).await;
    let client = client(&server);
    let capabilities = client.capabilities(ACCOUNT).query("type", "unified").send().await.expect("capabilities");

    let request = server.only_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path(), format!("/integrated-account/{ACCOUNT}/capabilities"));
    assert_eq!(request.query(), "type=unified");
    assert_common_headers(&request, false);

    let integration = capabilities.integration.as_ref().expect("integration");
    assert_eq!((integration.name.as_deref(), integration.label.as_deref()), (Some("hubspot"), Some("HubSpot")));
    let account = capabilities.account.as_ref().expect("account");
    assert_eq!((account.id.as_deref(), account.status.as_deref()), (Some(ACCOUNT), Some("active")));
    assert_eq!((account.authentication_method.as_deref(), account.is_blocked), (Some("oauth2"), Some(false)));
    assert_eq!(capabilities.unified.len(), 2);
    let contacts = &capabilities.unified[0];
    assert_eq!((contacts.model.as_deref(), contacts.model_label.as_deref()), (Some("crm"), Some("CRM")));
    assert_eq!(contacts.docs_url.as_deref(), Some("https://truto.one/docs/crm/contacts"));
    assert_eq!(contacts.methods, ["list", "get", "create", "update", "delete", "merge"]);
    assert_eq!(capabilities.unified[1].docs_url, None);
    assert_eq!(capabilities.unified[1].env_overridden, Some(true));
    assert_eq!(capabilities.proxy[0].methods[0].name.as_deref(), Some("List deals"));
    assert_eq!(capabilities.auth, Some(json!({"type": "oauth2"})));

    assert!(capabilities.offers("crm", "contacts", "merge"));
    assert!(capabilities.offers("crm", "opportunities", "get"));
    assert!(!capabilities.offers("crm", "opportunities", "update"));
    assert!(!capabilities.offers("ats", "contacts", "list"));
}

#[tokio::test]
async fn hostile_capabilities_answers() {
    let wrong_types = json!({
        "integration": "hubspot",
        "account": {"id": 7, "is_blocked": "yes", "status": ["active"]},
        "unified": [17, "contacts", {"model": "crm", "resource": "contacts", "methods": {"list": true}},
                    {"model": "crm", "resource": "accounts", "methods": ["list", {"x": 1}, null]}],
        "proxy": "none"
    });
    let server = Server::start(vec![
        Reply::json(200, &json!({})),
        Reply::json(200, &wrong_types),
        Reply::json(200, &json!([capabilities_doc()])),
        Reply::new(200, "not json"),
        Reply::new(200, ""),
        Reply::json(401, &json!({"statusCode": 401, "message": "Invalid token"})),
    ])
    .await;
    let client = client(&server);

    let empty = client.capabilities(ACCOUNT).send().await.expect("missing fields");
    assert_eq!(empty, Capabilities::default());
    assert!(!empty.offers("crm", "contacts", "list"));

    let odd = client.capabilities(ACCOUNT).send().await.expect("wrong types");
    assert_eq!(odd.integration, None);
    let account = odd.account.clone().expect("account");
    assert_eq!((account.id.as_deref(), account.is_blocked, account.status), (Some("7"), None, None));
    assert_eq!(odd.unified.len(), 2, "entries that are not objects are skipped");
    assert!(odd.unified[0].methods.is_empty());
    assert_eq!(odd.unified[1].methods, ["list"]);
    assert!(odd.proxy.is_empty());
    assert!(!odd.offers("crm", "contacts", "list"));
    assert!(odd.offers("crm", "accounts", "list"));

    for what in ["an array", "not JSON", "an empty body"] {
        let error = client.capabilities(ACCOUNT).send().await.expect_err(what);
        assert!(matches!(error, Error::Decode { .. }), "{what}: {error}");
    }
    let error = client.capabilities(ACCOUNT).send().await.expect_err("401");
    assert!(matches!(&error, Error::Api(api) if api.status == 401), "{error}");
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn integration_capabilities_have_their_own_path() {
    let server = Server::start(vec![Reply::json(200, &json!({"unified": []}))]).await;
    let client = client(&server);
    client.integration_capabilities("zohocrm").send().await.expect("capabilities");
    assert_eq!(server.only_request().path(), "/integration/zohocrm/capabilities");
}

fn renewal() -> UpdateOpportunityBody {
    UpdateOpportunityBody { name: Patch::Set("Renewal".to_owned()), ..Default::default() }
}

#[tokio::test]
async fn check_offered_refuses_a_typed_call_without_sending_it() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "1"}))]).await;
    let client = client(&server);
    let capabilities = Capabilities::from_value(&capabilities_doc());
    let error = client
        .crm()
        .opportunities()
        .update("1", renewal())
        .integrated_account_id(ACCOUNT)
        .check_offered(&capabilities)
        .expect_err("opportunities offer no update");
    match &error {
        Error::NotOffered { resource, method } => {
            assert_eq!((resource.as_str(), method.as_str()), ("crm/opportunities", "update"))
        }
        other => panic!("expected NotOffered, got {other:?}"),
    }
    assert!(error.to_string().contains("nothing was sent"), "{error}");
    assert!(server.requests().is_empty(), "nothing was sent");

    let error = client
        .unified("crm", "opportunities")
        .delete("1")
        .integrated_account_id(ACCOUNT)
        .check_offered(&capabilities)
        .expect_err("nor a delete");
    assert!(matches!(error, Error::NotOffered { ref method, .. } if method == "delete"), "{error}");
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn check_offered_passes_what_the_account_offers() {
    let server =
        Server::start(vec![Reply::json(200, &json!({"id": "1"})), Reply::json(200, &json!({"result": "ok"}))]).await;
    let client = client(&server);
    let mut doc = capabilities_doc();
    doc["unified"][1]["methods"] = json!(["list", "get", "update"]);
    let capabilities = Capabilities::from_value(&doc);
    let opportunity = client
        .crm()
        .opportunities()
        .update("1", renewal())
        .integrated_account_id(ACCOUNT)
        .check_offered(&capabilities)
        .expect("offered")
        .send()
        .await
        .expect("sent");
    assert_eq!(opportunity.id.as_deref(), Some("1"));
    let merged = client
        .unified("crm", "contacts")
        .custom("merge", json!({"ids": ["1", "2"]}))
        .integrated_account_id(ACCOUNT)
        .check_offered(&capabilities)
        .expect("merge is offered")
        .send()
        .await
        .expect("sent");
    assert_eq!(merged, json!({"result": "ok"}));
    let paths: Vec<String> = server.requests().iter().map(|r| format!("{} {}", r.method, r.path())).collect();
    assert_eq!(paths, ["PATCH /unified/crm/opportunities/1", "POST /unified/crm/contacts/merge"]);
}

#[tokio::test]
async fn an_empty_answer_to_a_delete_and_the_headers_beside_the_value() {
    let server = Server::start(vec![
        Reply::new(204, ""),
        Reply::new(200, "").header("ratelimit-remaining", "49"),
        Reply::new(204, ""),
    ])
    .await;
    let client = client(&server);
    let contacts = client.unified("crm", "contacts").integrated_account_id(ACCOUNT);
    let none = contacts.delete("1").returning::<Option<Contact>>().send().await.expect("a 204 is a success");
    assert_eq!(none, None);
    let response = contacts.delete("2").send_with_headers().await.expect("an empty 200 is a success");
    assert_eq!(response.rate_limit().and_then(|limit| limit.remaining), Some(49));
    assert_eq!((response.status.as_u16(), response.value), (200, Value::Null));
    let error = contacts.delete("3").returning::<Contact>().send().await.expect_err("a Contact needs an id");
    assert!(matches!(error, Error::Decode { status, .. } if status == 204), "{error}");
}
