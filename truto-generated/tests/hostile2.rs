//! Issue 25 (hardening, round 2) and issue 22's fifth item: what the client does with what a
//! hostile or broken server sends, and with what a careless caller asks for, as exact bytes
//! over 127.0.0.1. Nothing misrouted, nothing silently dropped, errors bounded. The items the
//! all-operations fixture shows best (custom methods, lists and cursors) are in
//! `golden/tests/hostile2.rs`.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};

use truto_test_server::{Reply, Server};
use truto_unified::crm::opportunities::{Opportunity, UpdateOpportunityBody};
use truto_unified::prelude::*;
use truto_unified::{ApiErrorBody, BODY_PREFIX_LIMIT, Client, Error, Patch, RetryPolicy};

const TOKEN: &str = "test-token";
const ACCOUNT: &str = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";

fn builder(base_url: String) -> truto_unified::ClientBuilder {
    Client::builder(TOKEN)
        .base_url(base_url)
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            ..Default::default()
        })
        .attempt_timeout(Some(Duration::from_secs(5)))
}

fn client(server: &Server) -> Client {
    builder(server.url()).build().expect("client")
}

fn renewal() -> UpdateOpportunityBody {
    UpdateOpportunityBody { name: Patch::Set("Renewal".to_owned()), ..Default::default() }
}

fn update(client: &Client) -> truto_unified::Call<truto_unified::crm::opportunities::UpdateOpportunity> {
    client.crm().opportunities().update("23423523", renewal()).integrated_account_id(ACCOUNT)
}

fn build_error(error: Error) -> String {
    match error {
        Error::Build(message) => message,
        other => panic!("expected Error::Build, got {other:?}"),
    }
}

fn decode_message(error: Error) -> String {
    match error {
        Error::Decode { message, .. } => message,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// 1. A record answer with keys, none of them the record's, is not an empty record
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_update_answered_with_none_of_the_records_fields_is_a_decode_error() {
    let server = Server::start(vec![
        Reply::json(200, &json!({"result": {"id": "23423523", "name": "Renewal"}})),
        Reply::json(200, &json!({"id": "23423523", "unknown_extra": 1})),
    ])
    .await;
    let client = client(&server);
    let message = decode_message(update(&client).send().await.expect_err("not an Opportunity"));
    assert!(message.contains("none of the 1 key(s) of the object is a field of `Opportunity`"), "{message}");
    let updated = update(&client).send().await.expect("one field of the record is enough");
    assert_eq!(updated.id.as_deref(), Some("23423523"));
    assert_eq!(server.requests().len(), 2, "a decode error is not retried");
}

/// A model known only in part keeps the keys it does not name in `other_fields`, but those do
/// not make an answer its record: a get answered `{"result": {..}}` is an error, not a contact
/// whose every named field is `None` with the whole answer tucked away in `other_fields`.
#[tokio::test]
async fn a_model_known_in_part_answered_with_none_of_its_named_fields_is_a_decode_error() {
    let server = Server::start(vec![
        Reply::json(200, &json!({"result": {"id": "7", "first_name": "Ada"}})),
        Reply::json(200, &json!({"id": "7", "favourite_colour": "teal"})),
    ])
    .await;
    let client = client(&server);
    let get = || client.crm().contacts().get("7").integrated_account_id(ACCOUNT).send();
    let message = decode_message(get().await.expect_err("not a Contact"));
    assert!(message.contains("none of the 1 key(s) of the object is a field of `Contact`"), "{message}");
    let contact = get().await.expect("one named field is enough");
    assert_eq!(contact.id.as_deref(), Some("7"));
    assert_eq!(contact.other_fields.get("favourite_colour").map(|json| json.get()), Some(r#""teal""#));
}

// ---------------------------------------------------------------------------------------------
// 2. A base URL with a query or a fragment would misroute every request: refused when built
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_base_url_with_a_query_or_a_fragment_is_refused_and_nothing_is_sent() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "1"})); 2]).await;
    for (base, reason) in [
        (format!("{}/truto?sig=abc", server.url()), "has a query"),
        (format!("{}/truto#x", server.url()), "has a fragment"),
        ("127.0.0.1:9".to_owned(), "not an http or https URL"),
    ] {
        let message = build_error(builder(base.clone()).build().expect_err(&base));
        assert!(message.contains(reason), "{base}: {message}");
    }
    // A path prefix is fine: every request goes below it.
    let prefixed = builder(format!("{}/truto/", server.url())).build().expect("a path prefix");
    update(&prefixed).send().await.expect("sent below the prefix");
    let request = server.only_request();
    assert_eq!(request.target, format!("/truto/unified/crm/opportunities/23423523?integrated_account_id={ACCOUNT}"));
}

#[test]
fn the_sans_io_request_builder_refuses_such_base_urls_too() {
    let request =
        truto_unified::crm::opportunities::UpdateOpportunity::new("1", renewal()).integrated_account_id(ACCOUNT);
    let error = truto_unified::request::build_request::<_, truto_unified::request::Unified>(
        &request,
        "http://127.0.0.1:9/truto?sig=abc",
    )
    .expect_err("a query in the base URL");
    assert!(build_error(error).contains("has a query"));
}

// ---------------------------------------------------------------------------------------------
// 3. A cursor is text, a number or null: a boolean is a decode error, not `next_cursor=false`
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_boolean_or_object_cursor_ends_an_untyped_list_with_a_decode_error() {
    for cursor in ["false", "true", r#"{"page":2}"#] {
        let body = format!(r#"{{"result":[{{"id":"1"}}],"next_cursor":{cursor}}}"#);
        let server = Server::start(vec![Reply::new(200, body.clone()), Reply::json(200, &json!({"result": []}))]).await;
        let pages: Vec<_> =
            client(&server).unified("crm", "contacts").list().integrated_account_id(ACCOUNT).pages().collect().await;
        assert_eq!(pages.len(), 1, "{cursor}: one error, no second request");
        let message = decode_message(pages.into_iter().next().expect("one").expect_err(&body));
        assert!(message.contains("a cursor is text, a number or null"), "{cursor}: {message}");
        assert_eq!(server.requests().len(), 1, "{cursor}");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. A query key with a bracket would read as nesting: the request fails to build, naming it
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn bracketed_query_keys_are_refused_naming_the_key() {
    let server = Server::start(vec![Reply::json(200, &json!({"result": []}))]).await;
    let client = client(&server);
    let contacts = client.unified("crm", "contacts").integrated_account_id(ACCOUNT);
    let error = contacts.list().query("a[b]", "1").send().await.expect_err("a bracket in a key");
    assert!(build_error(error).contains("the query key `a[b]` has a bracket"));
    let error = contacts.list().query("remote_query", json!({"a][b": "v"})).send().await.expect_err("nested");
    assert!(build_error(error).contains("`remote_query` → `a][b`"));
    let mut remote = serde_json::Map::new();
    remote.insert("x]".to_owned(), json!("v"));
    let error = update(&client).remote_query(remote).send().await.expect_err("typed remote_query");
    assert!(build_error(error).contains("`remote_query` → `x]`"));
    // The nested form is what the brackets mean, and goes out as them.
    contacts.list().query("a", json!({"b": "1"})).send().await.expect("nested as an object");
    assert_eq!(server.only_request().query(), format!("a%5Bb%5D=1&integrated_account_id={ACCOUNT}"));
}

// ---------------------------------------------------------------------------------------------
// 5. A huge error body is kept as a bounded prefix with its length
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_ten_megabyte_error_body_is_kept_as_a_bounded_prefix() {
    let body = format!(r#"{{"statusCode":400,"message":"too big","details":"{}"}}"#, "x".repeat(10 * 1024 * 1024));
    let server = Server::start(vec![Reply::new(400, body.clone()).header("content-type", "application/json")]).await;
    let Error::Api(api) = update(&client(&server)).send().await.expect_err("400") else { panic!("an API error") };
    assert_eq!(api.body_len, body.len());
    assert_eq!(api.body, ApiErrorBody::Text(body[..BODY_PREFIX_LIMIT].to_owned()));
    assert!(format!("{api:?}").len() < 2 * BODY_PREFIX_LIMIT, "Debug is bounded");
}

// ---------------------------------------------------------------------------------------------
// 6. An empty idempotency key is no key
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_empty_idempotency_key_is_refused_and_nothing_is_sent() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "1"}))]).await;
    let client = client(&server);
    for empty in ["", "   "] {
        let error = update(&client).idempotency_key(empty).send().await.expect_err("an empty key");
        assert!(build_error(error).contains("the Idempotency-Key is empty"), "{empty:?}");
        let untyped = client.unified("crm", "contacts").update("1", json!({})).integrated_account_id(ACCOUNT);
        assert!(matches!(untyped.idempotency_key(empty).send().await, Err(Error::Build(_))), "{empty:?}");
    }
    assert!(server.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// 7. Framing headers are the transport's
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_call_cannot_set_the_headers_that_frame_the_request() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "1"}))]).await;
    let client = client(&server);
    for name in ["content-length", "Transfer-Encoding", "host", "connection", "te", "upgrade", "keep-alive"] {
        let error = update(&client).header(name, "2").send().await.expect_err(name);
        let message = build_error(error);
        assert!(message.contains(&format!("`{}` frames the request", name.to_ascii_lowercase())), "{message}");
    }
    assert!(server.requests().is_empty());
    // The body goes out whole, with its own length.
    update(&client).header("x-request-source", "sync").send().await.expect("an ordinary header");
    let request = server.only_request();
    assert_eq!(request.body, br#"{"name":"Renewal"}"#);
    assert_eq!(request.header("content-length"), Some("18"));
}

// ---------------------------------------------------------------------------------------------
// 8. A token that cannot be sent as it is is refused when the client is built
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_non_ascii_token_is_refused_when_the_client_is_built() {
    let server = Server::start(vec![]).await;
    for token in ["secret-é", "secret\r\nx-evil: 1", "secret\0", "secret token", ""] {
        let error = Client::builder(token).base_url(server.url()).build().expect_err(token);
        let message = build_error(error);
        assert!(message.starts_with("the API token "), "{message}");
        assert!(!message.contains("secret"), "the token is never shown: {message}");
    }
    assert!(server.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// 9. Lenient scalars: a number beyond f64 is unreadable (None), a repeated key is an error
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_amount_beyond_f64_is_none_and_text_keeps_it() {
    let body = r#"{"id":1e400,"name":"Big","amount":1e400}"#;
    let server = Server::start(vec![Reply::new(200, body)]).await;
    let updated: Opportunity = update(&client(&server)).send().await.expect("one unreadable field costs itself");
    assert_eq!((updated.id.as_deref(), updated.name.as_deref(), updated.amount), (Some("1e400"), Some("Big"), None));
}

#[tokio::test]
async fn a_repeated_key_is_an_error_whatever_its_first_value() {
    for body in [r#"{"id":null,"id":"2"}"#, r#"{"amount":"N/A","amount":5}"#, r#"{"id":"1","\u0069d":"2"}"#] {
        let server = Server::start(vec![Reply::new(200, body)]).await;
        let message = decode_message(update(&client(&server)).send().await.expect_err(body));
        assert!(message.contains("duplicate field"), "{body}: {message}");
    }
}

// ---------------------------------------------------------------------------------------------
// 10. Untyped records: a repeated key is an error, as in typed records
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_untyped_record_with_a_repeated_key_is_an_error_not_the_last_value() {
    let bodies = [r#"{"id":"1","\u0069d":"2"}"#, r#"{"id":"1","owner":{"id":"a","id":"b"}}"#];
    let server = Server::start(bodies.iter().map(|b| Reply::new(200, *b)).collect()).await;
    let contacts = client(&server).unified("crm", "contacts").integrated_account_id(ACCOUNT);
    for body in bodies {
        let Error::Decode { message, body: kept, .. } = contacts.get("1").send().await.expect_err(body) else {
            panic!("a decode error")
        };
        assert!(message.contains("duplicate field `id`"), "{body}: {message}");
        assert_eq!(kept, body, "the body is kept as it came");
    }
}

// ---------------------------------------------------------------------------------------------
// 11. Capabilities: a model that cannot be read never widens what is offered
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_model_of_another_type_offers_nothing() {
    for model in [json!(["ats"]), json!({"name": "ats"}), json!(["crm"])] {
        let answer = json!({"unified": [{"model": model, "resource": "opportunities", "methods": ["update"]}]});
        let server = Server::start(vec![Reply::json(200, &answer)]).await;
        let client = client(&server);
        let offered = client.capabilities(ACCOUNT).send().await.expect("capabilities");
        let error = update(&client).check_offered(&offered).expect_err("not offered");
        assert!(matches!(&error, Error::NotOffered { method, .. } if method == "update"), "{model}: {error}");
    }
}

// ---------------------------------------------------------------------------------------------
// 12. A password in the base URL is redacted like the token
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_base_urls_password_is_never_printed() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "1"}))]).await;
    let base = server.url().replace("http://", "http://user:PASSWORD@");
    let builder = builder(base.clone());
    assert!(!format!("{builder:?}").contains("PASSWORD"), "{builder:?}");
    let client = builder.build().expect("client");
    for shown in [format!("{client:?}"), format!("{:?}", update(&client))] {
        assert!(!shown.contains("PASSWORD") && !shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("<redacted>@127.0.0.1"), "{shown}");
    }
    assert_eq!(client.base_url(), base, "the caller's own accessor keeps it");
    update(&client).send().await.expect("sent");
    assert_eq!(server.only_request().header("authorization"), Some("Bearer test-token"));
}

// ---------------------------------------------------------------------------------------------
// 13. Pagination: a page limit the caller sets, with the cursor to go on from
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn max_pages_ends_an_endless_untyped_list_with_its_next_cursor() {
    let pages = (1..=10).map(|n| Reply::json(200, &json!({"result": [{"id": n}], "next_cursor": format!("c{n}")})));
    let server = Server::start(pages.collect()).await;
    let items: Vec<Result<Value, Error>> = client(&server)
        .unified("crm", "contacts")
        .list()
        .integrated_account_id(ACCOUNT)
        .max_pages(3)
        .items()
        .collect()
        .await;
    assert_eq!(items.len(), 4, "three records, then the limit");
    for (n, item) in items.iter().take(3).enumerate() {
        assert_eq!(item.as_ref().expect("a record")["id"], json!(n + 1));
    }
    let Some(Err(Error::PageLimit { pages, next_cursor })) = items.last() else { panic!("{items:?}") };
    assert_eq!((*pages, next_cursor.as_str()), (3, "c3"));
    assert_eq!(server.requests().len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Issue 22, item 5: Truto's error body is read field by field
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_error_body_with_odd_fields_keeps_its_message_and_insights() {
    let body = json!({
        "statusCode": "422",
        "message": "missing fields",
        "truto_error_insight": {
            "missing_required_body_fields": {"description": "Add them", "value": ["name"]},
            "odd": ["not", "an", "object"]
        }
    });
    let odd_status = json!({"statusCode": -1, "error": "Unprocessable", "message": "kept"});
    let server = Server::start(vec![Reply::json(422, &body), Reply::json(422, &odd_status)]).await;
    let client = client(&server);
    let Error::Api(api) = update(&client).send().await.expect_err("422") else { panic!("an API error") };
    assert_eq!(api.message(), Some("missing fields"));
    let ApiErrorBody::Json(truto) = &api.body else { panic!("read as Truto's error: {:?}", api.body) };
    assert_eq!(truto.status_code, Some(422));
    let insights = truto.error_insight.as_ref().expect("insights");
    assert_eq!(insights["missing_required_body_fields"].value, Some(json!(["name"])));
    assert_eq!(insights["odd"].value, Some(json!(["not", "an", "object"])));
    let Error::Api(api) = update(&client).send().await.expect_err("422") else { panic!("an API error") };
    let ApiErrorBody::Json(truto) = &api.body else { panic!("read as Truto's error: {:?}", api.body) };
    assert_eq!((truto.status_code, api.message()), (None, Some("kept")));
}
