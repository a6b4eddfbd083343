//! The async client against a real HTTP/1.1 server on 127.0.0.1: the exact requests it sends
//! (method, path, query, headers, body), how it decodes responses and errors, retries,
//! timeouts, response formats, pre-flight checks, and that the token never leaks.
//!
//! The server is `truto-test-server`: it reads one request per connection, records it, and
//! answers from a scripted queue with `connection: close`.

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use http::StatusCode;
use serde_json::{Map, Value, json};

use truto_test_server::{Reply, Server};
use truto_unified::check::{Location, Problem};
use truto_unified::crm::accounts::Account;
use truto_unified::crm::engagements::Engagement;
use truto_unified::crm::leads::Lead;
use truto_unified::crm::opportunities::{Opportunity, UpdateOpportunityBody, UpdateOpportunityStatus};
use truto_unified::prelude::*;
use truto_unified::shapes::{AccountRef, ContactRef, StageRef};
use truto_unified::{ApiErrorBody, Client, Error, Integration, Patch, RetryPolicy};

const TOKEN: &str = "test-token";
const ACCOUNT: &str = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..Default::default()
    }
}

fn client(server: &Server) -> Client {
    Client::builder(TOKEN)
        .base_url(server.url())
        .retry(fast_retries())
        .attempt_timeout(Some(Duration::from_secs(5)))
        .build()
        .expect("client")
}

/// The token must never show, in an error's Display or Debug.
fn assert_no_token(error: &Error) {
    let display = error.to_string();
    let debug = format!("{error:?}");
    assert!(!display.contains(TOKEN), "token in Display: {display}");
    assert!(!debug.contains(TOKEN), "token in Debug: {debug}");
}

fn opportunity_doc() -> Value {
    json!({
        "id": "23423523",
        "name": "Renewal",
        "description": null,
        "amount": 12000.5,
        "currency": "USD",
        "close_date": "2024-06-30",
        "status": "won",
        "account": {"id": "acc-1"},
        "contact": [{"id": "c-1"}, {"id": "c-2"}],
        "owner": {"id": "u-1"},
        "stage": {"id": "s-1", "name": "Closed Won"},
        "tags": [{"id": "t-1", "name": "vip"}],
        "urls": [{"type": "web", "url": "https://crm.example/deals/23423523"}],
        "custom_fields": {"region": "EMEA"},
        "created_at": "2024-01-01T00:00:00.000Z",
        "updated_at": "2024-02-01T00:00:00.000Z",
        "last_activity_at": "2024-02-01T00:00:00.000Z",
        "remote_data": {"dealId": 23423523}
    })
}

fn account_doc() -> Value {
    json!({
        "id": "1",
        "name": "Acme",
        "description": "Anvils",
        "industry": "Manufacturing",
        "number_of_employees": 250,
        "website": "https://acme.example",
        "owner": {"id": "u-1"},
        "addresses": [{"city": "Berlin", "country": "DE"}],
        "tags": [{"id": "t-1", "name": "vip"}],
        "created_at": "2024-01-01T00:00:00.000Z",
        "remote_data": {"x": 1}
    })
}

fn engagement_doc() -> Value {
    json!({
        "id": "1",
        "engagement_type": "call",
        "subject": "Intro call",
        "content": "Talked",
        "direction": "outbound",
        "account": {"id": "acc-1"},
        "contact": [{"id": "c-1"}],
        "owner": {"id": "u-1"},
        "start_time": "2024-01-01T10:00:00.000Z",
        "end_time": "2024-01-01T10:30:00.000Z",
        "remote_data": {"x": 1}
    })
}

fn lead_doc() -> Value {
    json!({
        "id": "1",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "title": "CTO",
        "status": "new",
        "email_addresses": [{"email": "ada@example.com"}],
        "owner": {"id": "u-1"},
        "created_at": "2024-01-01T00:00:00.000Z",
        "remote_data": {"x": 1}
    })
}

fn renewal_body() -> UpdateOpportunityBody {
    UpdateOpportunityBody {
        name: Patch::Set("Renewal".to_owned()),
        description: Patch::Null,
        status: Patch::Set(UpdateOpportunityStatus::Won),
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------------
// 1. PATCH: the exact request, and the decoded response
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn patch_opportunity_sends_the_exact_request_and_decodes_the_record() {
    let server = Server::start(vec![Reply::json(200, &opportunity_doc())]).await;
    let client = client(&server);
    let mut remote = Map::new();
    remote.insert("foo".to_owned(), json!("bar"));

    let opportunity = client
        .crm()
        .opportunities()
        .update("23423523", renewal_body())
        .integrated_account_id(ACCOUNT)
        .exclude_fields(["a", "b"])
        .remote_query(remote)
        .send()
        .await
        .expect("the update succeeds");

    let request = server.only_request();
    assert_eq!(request.method, "PATCH");
    assert_eq!(request.path(), "/unified/crm/opportunities/23423523");
    assert_eq!(
        request.query(),
        "integrated_account_id=62f44730-dd91-461e-bd6a-aedd9e0ad79d\
         &remote_query%5Bfoo%5D=bar\
         &truto_exclude_fields%5B%5D=a&truto_exclude_fields%5B%5D=b"
    );
    assert_eq!(request.header("authorization"), Some("Bearer test-token"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    let key = request.header("idempotency-key").expect("a PATCH carries an idempotency key");
    assert_eq!(key.len(), 36, "a UUID: {key}");
    assert_eq!(request.body, br#"{"description":null,"name":"Renewal","status":"won"}"#);
    assert_eq!(request.header("content-length"), Some(request.body.len().to_string().as_str()));

    assert_eq!(opportunity.id.as_deref(), Some("23423523"));
    assert_eq!(opportunity.name.as_deref(), Some("Renewal"));
    assert_eq!(opportunity.description, None);
    assert_eq!(opportunity.amount, Some(12000.5));
    assert_eq!(opportunity.currency.as_deref(), Some("USD"));
    assert_eq!(opportunity.status.as_deref(), Some("won"));
    assert_eq!(opportunity.account, Some(AccountRef { id: Some("acc-1".to_owned()) }));
    assert_eq!(
        opportunity.contact,
        Some(vec![ContactRef { id: Some("c-1".to_owned()) }, ContactRef { id: Some("c-2".to_owned()) }])
    );
    assert_eq!(opportunity.owner.and_then(|o| o.id).as_deref(), Some("u-1"));
    assert_eq!(opportunity.stage, Some(StageRef { id: Some("s-1".to_owned()), name: Some("Closed Won".to_owned()) }));
    let tags = opportunity.tags.expect("tags");
    assert_eq!((tags[0].id.as_deref(), tags[0].name.as_deref()), (Some("t-1"), Some("vip")));
    let urls = opportunity.urls.expect("urls");
    assert_eq!(urls[0].r#type.as_deref(), Some("web"));
    assert_eq!(urls[0].url.as_deref(), Some("https://crm.example/deals/23423523"));
    assert_eq!(opportunity.created_at.as_deref(), Some("2024-01-01T00:00:00.000Z"));
}

#[tokio::test]
async fn an_explicit_idempotency_key_is_sent_as_is() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "1"}))]).await;
    let client = client(&server);
    client
        .crm()
        .opportunities()
        .update("1", renewal_body())
        .integrated_account_id(ACCOUNT)
        .idempotency_key("my-key-1")
        .send()
        .await
        .expect("succeeds");
    assert_eq!(server.only_request().header("idempotency-key"), Some("my-key-1"));
}

// ---------------------------------------------------------------------------------------------
// 2. DELETE on each endpoint: full record, `{"id"}` only, 204
// ---------------------------------------------------------------------------------------------

macro_rules! delete_three_ways {
    ($resource:ident, $model:ty, $doc:expr, $check_doc:expr) => {{
        let server = Server::start(vec![
            Reply::json(200, &$doc),
            Reply::json(200, &json!({"id": "1"})),
            Reply::new(204, ""),
        ])
        .await;
        let client = client(&server);

        let full: $model = client.crm().$resource().delete("1").integrated_account_id(ACCOUNT).send().await.expect("doc-shaped");
        let check: fn(&$model) = $check_doc;
        check(&full);
        let id_only: $model = client.crm().$resource().delete("1").integrated_account_id(ACCOUNT).send().await.expect("id only");
        assert_eq!(id_only, <$model>::default().with_id("1"));
        let empty: $model = client.crm().$resource().delete("1").integrated_account_id(ACCOUNT).send().await.expect("204");
        assert_eq!(empty, <$model>::default());
        assert_eq!(empty.id, None);

        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        for request in &requests {
            assert_eq!(request.method, "DELETE");
            assert_eq!(request.target, format!("/unified/crm/{}/1?integrated_account_id={ACCOUNT}", stringify!($resource)));
            assert!(request.body.is_empty(), "a DELETE has no body: {:?}", request.body);
            assert_eq!(request.header("content-type"), None);
            assert!(matches!(request.header("content-length"), None | Some("0")));
            assert_eq!(request.header("authorization"), Some("Bearer test-token"));
            assert!(request.header("idempotency-key").is_some());
        }
    }};
}

trait WithId {
    fn with_id(self, id: &str) -> Self;
}

macro_rules! with_id {
    ($($model:ty),*) => {$(
        impl WithId for $model {
            fn with_id(mut self, id: &str) -> Self {
                self.id = Some(id.to_owned());
                self
            }
        }
    )*};
}
with_id!(Opportunity, Account, Engagement, Lead);

#[tokio::test]
async fn delete_opportunity_accepts_record_id_only_and_no_content() {
    delete_three_ways!(opportunities, Opportunity, opportunity_doc(), |o: &Opportunity| {
        assert_eq!(o.id.as_deref(), Some("23423523"));
        assert_eq!(o.name.as_deref(), Some("Renewal"));
        assert_eq!(o.amount, Some(12000.5));
    });
}

#[tokio::test]
async fn delete_account_accepts_record_id_only_and_no_content() {
    delete_three_ways!(accounts, Account, account_doc(), |a: &Account| {
        assert_eq!(a.id.as_deref(), Some("1"));
        assert_eq!(a.name.as_deref(), Some("Acme"));
        assert_eq!(a.number_of_employees, Some(250));
        assert_eq!(a.addresses.as_ref().and_then(|v| v[0].city.as_deref()), Some("Berlin"));
    });
}

#[tokio::test]
async fn delete_engagement_accepts_record_id_only_and_no_content() {
    delete_three_ways!(engagements, Engagement, engagement_doc(), |e: &Engagement| {
        assert_eq!(e.id.as_deref(), Some("1"));
        assert_eq!(e.engagement_type.as_deref(), Some("call"));
        assert_eq!(e.subject.as_deref(), Some("Intro call"));
        assert_eq!(e.contact, Some(vec![ContactRef { id: Some("c-1".to_owned()) }]));
    });
}

#[tokio::test]
async fn delete_lead_accepts_record_id_only_and_no_content() {
    delete_three_ways!(leads, Lead, lead_doc(), |l: &Lead| {
        assert_eq!(l.id.as_deref(), Some("1"));
        assert_eq!(l.first_name.as_deref(), Some("Ada"));
        assert_eq!(l.email_addresses.as_ref().and_then(|v| v[0].email.as_deref()), Some("ada@example.com"));
    });
}

// ---------------------------------------------------------------------------------------------
// 3. Endpoint query parameters; 4. the id as one path segment
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn delete_engagement_encodes_its_own_query_parameters() {
    let server = Server::start(vec![Reply::new(204, "")]).await;
    let client = client(&server);
    client
        .crm()
        .engagements()
        .delete("e-1")
        .integrated_account_id(ACCOUNT)
        .engagement_type("call")
        .contact(vec![ContactRef { id: Some("1".into()) }, ContactRef { id: Some("2".into()) }])
        .account(AccountRef { id: Some("acc 9".into()) })
        .send()
        .await
        .expect("succeeds");
    let request = server.only_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path(), "/unified/crm/engagements/e-1");
    assert_eq!(
        request.query(),
        "account%5Bid%5D=acc%209\
         &contact%5B0%5D%5Bid%5D=1&contact%5B1%5D%5Bid%5D=2\
         &engagement_type=call\
         &integrated_account_id=62f44730-dd91-461e-bd6a-aedd9e0ad79d"
    );
}

#[tokio::test]
async fn an_id_with_reserved_characters_is_one_path_segment() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "a/b?c#d"}))]).await;
    let client = client(&server);
    let opportunity = client
        .crm()
        .opportunities()
        .update("a/b?c#d", renewal_body())
        .integrated_account_id(ACCOUNT)
        .send()
        .await
        .expect("succeeds");
    assert_eq!(opportunity.id.as_deref(), Some("a/b?c#d"));
    let request = server.only_request();
    assert_eq!(request.target, format!("/unified/crm/opportunities/a%2Fb%3Fc%23d?integrated_account_id={ACCOUNT}"));
}

// ---------------------------------------------------------------------------------------------
// 5. Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_truto_json_error_becomes_error_api_with_every_field() {
    let error_body = json!({
        "statusCode": 404,
        "error": "Not Found",
        "message": "Opportunity 23423523 was not found\nsecond line",
        "truto_is_remote_error": true,
        "raw_response": {"errors": [{"code": "NOT_FOUND"}]},
        "truto_error_insight": {
            "missing_required_body_fields": {
                "description": "Required body fields are missing",
                "value": ["name", "account.id"]
            }
        }
    });
    let reply =
        Reply::json(404, &error_body).header("ratelimit-remaining", "49").header("x-provider-request-id", "req-7");
    let server = Server::start(vec![reply]).await;
    let client = client(&server);
    let error = client
        .crm()
        .opportunities()
        .update("23423523", renewal_body())
        .integrated_account_id(ACCOUNT)
        .send()
        .await
        .expect_err("a 404 is an error");

    assert_eq!(server.requests().len(), 1, "a 404 is not retried");
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    let display = error.to_string();
    assert_eq!(display, "Truto answered 404 Not Found (an error from the CRM): Opportunity 23423523 was not found");
    assert!(!display.contains('\n'));
    assert_no_token(&error);

    let Error::Api(api) = error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.headers.get("ratelimit-remaining").unwrap(), "49");
    assert_eq!(api.headers.get("x-provider-request-id").unwrap(), "req-7");
    assert_eq!(api.message(), Some("Opportunity 23423523 was not found\nsecond line"));
    let ApiErrorBody::Json(truto) = &api.body else { panic!("expected a JSON body, got {:?}", api.body) };
    assert_eq!(truto.status_code, Some(404));
    assert_eq!(truto.error.as_deref(), Some("Not Found"));
    assert_eq!(truto.is_remote_error, Some(true));
    assert_eq!(truto.raw_response, Some(json!({"errors": [{"code": "NOT_FOUND"}]})));
    let insights = truto.error_insight.as_ref().expect("insights");
    assert_eq!(insights.len(), 1);
    let missing = &insights["missing_required_body_fields"];
    assert_eq!(missing.description.as_deref(), Some("Required body fields are missing"));
    assert_eq!(missing.value, Some(json!(["name", "account.id"])));
}

#[tokio::test]
async fn a_plain_text_error_body_is_kept_as_text() {
    let server = Server::start(vec![Reply::new(500, "upstream exploded").header("content-type", "text/plain")]).await;
    let client = client(&server);
    let error = client.crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("500");
    assert_eq!(server.requests().len(), 1, "a 500 is not retried");
    assert_eq!(error.to_string(), "Truto answered 500 Internal Server Error: upstream exploded");
    assert_no_token(&error);
    let Error::Api(api) = error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api.body, ApiErrorBody::Text("upstream exploded".to_owned()));
}

#[tokio::test]
async fn invalid_json_on_success_is_a_decode_error_keeping_the_body() {
    let server = Server::start(vec![Reply::new(200, "{not json").header("content-type", "application/json")]).await;
    let client = client(&server);
    let error = client
        .crm()
        .opportunities()
        .update("1", renewal_body())
        .integrated_account_id(ACCOUNT)
        .send()
        .await
        .expect_err("invalid JSON");
    assert_eq!(server.requests().len(), 1);
    assert_no_token(&error);
    assert!(error.to_string().starts_with("cannot decode the 200 OK response: "), "{error}");
    let Error::Decode { status, body, message, .. } = error else { panic!("expected Error::Decode, got {error:?}") };
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "{not json");
    assert!(!message.is_empty());
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [400u16, 401, 403, 404, 422] {
        let reply = Reply::json(status, &json!({"statusCode": status, "error": "Nope", "message": "no"}));
        let server = Server::start(vec![reply.clone(), reply.clone(), reply.clone(), reply]).await;
        let client = client(&server);
        let error = client
            .crm()
            .opportunities()
            .update("1", renewal_body())
            .integrated_account_id(ACCOUNT)
            .send()
            .await
            .expect_err("an error status");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(matches!(error, Error::Api(_)), "{error:?}");
        assert_no_token(&error);
        assert_eq!(server.requests().len(), 1, "{status} must not be retried");
    }
}

// ---------------------------------------------------------------------------------------------
// 6. Retries
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_429_with_retry_after_is_retried_with_the_same_idempotency_key() {
    let limited = Reply::json(429, &json!({"statusCode": 429, "error": "Too Many Requests", "message": "slow down"}))
        .header("retry-after", "0");
    let server = Server::start(vec![limited, Reply::json(200, &json!({"id": "1", "name": "Renewal"}))]).await;
    let client = client(&server);
    let opportunity = client
        .crm()
        .opportunities()
        .update("1", renewal_body())
        .integrated_account_id(ACCOUNT)
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(opportunity.name.as_deref(), Some("Renewal"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first = requests[0].header("idempotency-key").expect("key on the first attempt");
    let second = requests[1].header("idempotency-key").expect("key on the retry");
    assert_eq!(first, second, "a retried PATCH replays the same key");
    for request in &requests {
        assert_eq!(request.method, "PATCH");
        assert_eq!(request.target, requests[0].target);
        assert_eq!(request.body, br#"{"description":null,"name":"Renewal","status":"won"}"#);
    }
}

#[tokio::test]
async fn a_503_is_retried_until_it_succeeds() {
    let unavailable =
        Reply::json(503, &json!({"statusCode": 503, "error": "Service Unavailable", "message": "blocked"}));
    let server = Server::start(vec![unavailable.clone(), unavailable, Reply::new(204, "")]).await;
    let client = client(&server);
    let account = client
        .crm()
        .accounts()
        .delete("1")
        .integrated_account_id(ACCOUNT)
        .send()
        .await
        .expect("third attempt succeeds");
    assert_eq!(account, Account::default());
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let key = requests[0].header("idempotency-key").expect("key");
    assert!(requests.iter().all(|r| r.header("idempotency-key") == Some(key)));
}

#[tokio::test]
async fn without_retries_a_503_returns_after_one_request() {
    let unavailable =
        Reply::json(503, &json!({"statusCode": 503, "error": "Service Unavailable", "message": "account blocked"}));
    let server = Server::start(vec![unavailable.clone(), unavailable]).await;
    let client = Client::builder(TOKEN).base_url(server.url()).retry(RetryPolicy::none()).build().expect("client");
    let error = client.crm().accounts().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("503");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.to_string(), "Truto answered 503 Service Unavailable: account blocked");
    assert_no_token(&error);
}

#[tokio::test]
async fn retries_give_up_with_the_last_error() {
    let unavailable = Reply::new(502, "bad gateway");
    let server = Server::start(vec![unavailable; 5]).await;
    let client = client(&server);
    let error =
        client.crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("502 every time");
    assert_eq!(server.requests().len(), 4, "max_retries (3) + 1 attempts");
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
}

// ---------------------------------------------------------------------------------------------
// 7. Timeouts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_slow_server_times_out_each_attempt() {
    let slow = Reply::json(200, &json!({"id": "1"})).delay(Duration::from_millis(1_000));
    let server = Server::start(vec![slow; 4]).await;
    let attempt = Duration::from_millis(100);
    let policy = RetryPolicy { max_retries: 2, ..fast_retries() };
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .retry(policy)
        .attempt_timeout(Some(attempt))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client.crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("times out");
    let elapsed = started.elapsed();
    assert!(matches!(error, Error::Timeout(d) if d == attempt), "{error:?}");
    assert_eq!(error.to_string(), "timed out after 100ms");
    assert_no_token(&error);
    assert_eq!(server.requests().len(), 3, "max_retries (2) + 1 attempts");
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1_000), "{elapsed:?}");
}

#[tokio::test]
async fn without_retries_a_slow_server_times_out_once() {
    let slow = Reply::json(200, &json!({"id": "1"})).delay(Duration::from_millis(1_000));
    let server = Server::start(vec![slow.clone(), slow]).await;
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .retry(RetryPolicy::none())
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()
        .expect("client");
    let error = client.crm().accounts().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("times out");
    assert!(matches!(error, Error::Timeout(d) if d == Duration::from_millis(200)), "{error:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_total_timeout_caps_the_whole_call() {
    let slow = Reply::json(200, &json!({"id": "1"})).delay(Duration::from_millis(2_000));
    let server = Server::start(vec![slow; 4]).await;
    let total = Duration::from_millis(250);
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .retry(fast_retries())
        .attempt_timeout(Some(Duration::from_millis(100)))
        .total_timeout(Some(total))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client.crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("times out");
    let elapsed = started.elapsed();
    assert!(matches!(error, Error::Timeout(d) if d == total), "{error:?}");
    assert!(elapsed >= total, "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1_000), "{elapsed:?}");
    let attempts = server.requests().len();
    assert!((1..=3).contains(&attempts), "at most three 100 ms attempts fit in 250 ms: {attempts}");
}

#[tokio::test]
async fn the_total_timeout_without_an_attempt_timeout() {
    let slow = Reply::json(200, &json!({"id": "1"})).delay(Duration::from_millis(2_000));
    let server = Server::start(vec![slow]).await;
    let total = Duration::from_millis(150);
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .retry(fast_retries())
        .attempt_timeout(None)
        .total_timeout(Some(total))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client.crm().accounts().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("times out");
    assert!(matches!(error, Error::Timeout(d) if d == total), "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(1_000));
    assert_eq!(server.requests().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 8. Response formats
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn raw_returns_the_provider_json() {
    let provider = json!({"data": {"id": 23423523, "title": "Renewal"}, "success": true});
    let server = Server::start(vec![Reply::json(200, &provider), Reply::new(204, "")]).await;
    let client = client(&server);
    let raw: Value = client
        .crm()
        .opportunities()
        .update("23423523", renewal_body())
        .integrated_account_id(ACCOUNT)
        .raw()
        .send()
        .await
        .expect("raw");
    assert_eq!(raw, provider);
    let empty: Value =
        client.crm().engagements().delete("1").integrated_account_id(ACCOUNT).raw().send().await.expect("raw 204");
    assert_eq!(empty, Value::Null);

    let requests = server.requests();
    assert_eq!(requests[0].query(), format!("integrated_account_id={ACCOUNT}&truto_response_format=raw"));
    assert_eq!(requests[0].body, br#"{"description":null,"name":"Renewal","status":"won"}"#);
    assert_eq!(
        requests[1].target,
        format!("/unified/crm/engagements/1?integrated_account_id={ACCOUNT}&truto_response_format=raw")
    );
}

#[tokio::test]
async fn debug_wraps_the_result_with_debug_information() {
    let with_debug = json!({
        "result": {"id": "1", "name": "Renewal"},
        "debug": {
            "requestUrl": "https://api.pipedrive.com/v1/deals/1",
            "requestOptions": {"method": "DELETE"},
            "data": {"success": true},
            "responseHeaders": {"x-ratelimit-remaining": "79"}
        }
    });
    let static_debug = json!({"result": {"id": "2"}, "debug": null});
    let server = Server::start(vec![Reply::json(200, &with_debug), Reply::json(200, &static_debug)]).await;
    let client = client(&server);

    let envelope =
        client.crm().opportunities().delete("1").integrated_account_id(ACCOUNT).debug().send().await.expect("debug");
    assert_eq!(envelope.result.id.as_deref(), Some("1"));
    assert_eq!(envelope.result.name.as_deref(), Some("Renewal"));
    let debug = envelope.debug.expect("debug info");
    assert_eq!(debug.request_url.as_deref(), Some("https://api.pipedrive.com/v1/deals/1"));
    assert_eq!(debug.request_options, Some(json!({"method": "DELETE"})));
    assert_eq!(debug.data, Some(json!({"success": true})));
    assert_eq!(debug.response_headers, Some(json!({"x-ratelimit-remaining": "79"})));
    assert_eq!(debug.next_cursor, None);

    let envelope = client
        .crm()
        .opportunities()
        .delete("2")
        .integrated_account_id(ACCOUNT)
        .debug()
        .send()
        .await
        .expect("debug null");
    assert_eq!(envelope.result.id.as_deref(), Some("2"));
    assert_eq!(envelope.debug, None);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].target,
        format!("/unified/crm/opportunities/1?integrated_account_id={ACCOUNT}&truto_response_format=debug")
    );
    assert_eq!(
        requests[1].target,
        format!("/unified/crm/opportunities/2?integrated_account_id={ACCOUNT}&truto_response_format=debug")
    );
}

#[tokio::test]
async fn stream_yields_the_body_bytes() {
    let payload: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let server =
        Server::start(vec![Reply::new(200, payload.clone()).header("content-type", "application/octet-stream")]).await;
    let client = client(&server);
    let stream =
        client.crm().opportunities().delete("1").integrated_account_id(ACCOUNT).stream().send().await.expect("stream");
    assert_eq!(format!("{stream:?}"), "ByteStream");
    let chunks: Vec<truto_unified::bytes::Bytes> = stream.try_collect().await.expect("the whole body");
    let received: Vec<u8> = chunks.concat();
    assert_eq!(received.len(), payload.len());
    assert!(received == payload, "the streamed bytes differ from the body");
    assert_eq!(
        server.only_request().target,
        format!("/unified/crm/opportunities/1?integrated_account_id={ACCOUNT}&truto_response_format=stream")
    );
}

#[tokio::test]
async fn stream_with_an_error_status_is_an_api_error() {
    let server =
        Server::start(vec![Reply::json(404, &json!({"statusCode": 404, "error": "Not Found", "message": "gone"}))])
            .await;
    let client = client(&server);
    let error =
        client.crm().accounts().delete("1").integrated_account_id(ACCOUNT).stream().send().await.expect_err("404");
    assert_eq!(error.to_string(), "Truto answered 404 Not Found: gone");
    assert_eq!(server.requests().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 9. Pre-flight checks
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn teamleader_check_lists_the_missing_required_fields_and_sends_nothing() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "1"}))]).await;
    let client = client(&server);
    let body = UpdateOpportunityBody { amount: Patch::Set(10.0), ..Default::default() };
    let error = client
        .crm()
        .opportunities()
        .update("1", body)
        .integrated_account_id(ACCOUNT)
        .check_for(Integration::Teamleader)
        .send()
        .await
        .expect_err("Teamleader requires account, contact and name");
    assert_no_token(&error);
    let Error::Check(report) = &error else { panic!("expected Error::Check, got {error:?}") };
    assert!(report.integration.is(Integration::Teamleader));
    assert_eq!(report.endpoint, "PATCH /unified/crm/opportunities/{id}");
    let errors: Vec<&Problem> = report.errors().collect();
    assert_eq!(
        errors,
        vec![
            &Problem::MissingRequired { location: Location::Body, path: "account" },
            &Problem::MissingRequired { location: Location::Body, path: "contact" },
            &Problem::MissingRequired { location: Location::Body, path: "name" },
        ]
    );
    let warnings: Vec<&Problem> = report.warnings().collect();
    assert_eq!(warnings, vec![&Problem::Unsupported { location: Location::Body, path: "amount" }]);
    let display = error.to_string();
    assert!(
        display.starts_with("PATCH /unified/crm/opportunities/{id} for Teamleader: 3 error(s), 1 warning(s): "),
        "{display}"
    );
    assert!(display.contains("the body field `account` is required"), "{display}");
    assert!(server.requests().is_empty(), "a failed check sends nothing");
}

#[tokio::test]
async fn pipedrive_check_rejects_a_status_it_does_not_accept() {
    let server = Server::start(vec![]).await;
    let client = client(&server);
    let body = UpdateOpportunityBody {
        name: Patch::Set("Renewal".to_owned()),
        status: Patch::Set(UpdateOpportunityStatus::Abandoned),
        ..Default::default()
    };
    let error = client
        .crm()
        .opportunities()
        .update("1", body)
        .integrated_account_id(ACCOUNT)
        .check_for(Integration::Pipedrive)
        .send()
        .await
        .expect_err("Pipedrive does not accept abandoned");
    let Error::Check(report) = &error else { panic!("expected Error::Check, got {error:?}") };
    assert_eq!(
        report.problems,
        vec![Problem::ValueNotAccepted {
            location: Location::Body,
            path: "status",
            value: "abandoned".to_owned(),
            accepted: &["open", "won", "lost", "deleted"],
        }]
    );
    assert!(error.to_string().contains("(it accepts: open, won, lost, deleted)"), "{error}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn pipedrive_check_passes_an_accepted_status_and_sends() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "1", "status": "won"}))]).await;
    let client = client(&server);
    let opportunity = client
        .crm()
        .opportunities()
        .update("1", renewal_body())
        .integrated_account_id(ACCOUNT)
        .check_for(Integration::Pipedrive)
        .send()
        .await
        .expect("won is accepted (description only warns)");
    assert_eq!(opportunity.status.as_deref(), Some("won"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn keap_check_of_delete_engagement() {
    let server = Server::start(vec![]).await;
    let client = client(&server);

    let error = client
        .crm()
        .engagements()
        .delete("1")
        .integrated_account_id(ACCOUNT)
        .check_for(Integration::Keap)
        .send()
        .await
        .expect_err("Keap requires engagement_type");
    let Error::Check(report) = &error else { panic!("expected Error::Check, got {error:?}") };
    assert_eq!(report.problems, vec![Problem::MissingRequired { location: Location::Query, path: "engagement_type" }]);

    let error = client
        .crm()
        .engagements()
        .delete("1")
        .integrated_account_id(ACCOUNT)
        .engagement_type("call")
        .check_for(Integration::Keap)
        .send()
        .await
        .expect_err("Keap does not accept call");
    let Error::Check(report) = &error else { panic!("expected Error::Check, got {error:?}") };
    assert_eq!(
        report.problems,
        vec![Problem::ValueNotAccepted {
            location: Location::Query,
            path: "engagement_type",
            value: "call".to_owned(),
            accepted: &["email", "meeting"],
        }]
    );
    assert!(server.requests().is_empty(), "failed checks send nothing");
}

// ---------------------------------------------------------------------------------------------
// 10. The token never leaks; 11. build errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_token_is_never_printed() {
    let server = Server::start(vec![]).await;
    let client = client(&server);
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    // The header value is marked sensitive: shown as such, wherever the client holds it.
    assert!(debug.contains("\"authorization\": Sensitive"), "{debug}");

    let builder = Client::builder(TOKEN);
    assert!(!format!("{builder:?}").contains(TOKEN));

    let call =
        client.crm().opportunities().update("1", renewal_body()).integrated_account_id(ACCOUNT).idempotency_key("k-1");
    assert!(!format!("{call:?}").contains(TOKEN), "{call:?}");
    let request = call.build().expect("builds");
    let authorization = request.headers().get(http::header::AUTHORIZATION).expect("authorization");
    assert!(authorization.is_sensitive());
    assert_eq!(authorization.to_str().unwrap(), "Bearer test-token");
    assert!(!format!("{:?}", request.headers()).contains(TOKEN));
    assert!(!format!("{request:?}").contains(TOKEN));
    assert_eq!(request.method(), http::Method::PATCH);
    assert_eq!(
        request.uri().to_string(),
        format!("{}/unified/crm/opportunities/1?integrated_account_id={ACCOUNT}", server.url())
    );
    assert_eq!(request.headers().get("idempotency-key").unwrap(), "k-1");
    assert_eq!(request.body(), br#"{"description":null,"name":"Renewal","status":"won"}"#);
    assert!(server.requests().is_empty(), "build sends nothing");
}

#[tokio::test]
async fn build_without_integrated_account_id_names_it() {
    let server = Server::start(vec![Reply::json(200, &json!({"id": "1"}))]).await;
    let client = client(&server);
    let error = client
        .crm()
        .opportunities()
        .update("1", renewal_body())
        .build()
        .expect_err("integrated_account_id is required");
    assert!(
        matches!(&error, Error::Build(m) if m == "required parameter(s) not set: integrated_account_id"),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "cannot build the request: required parameter(s) not set: integrated_account_id");
    assert_no_token(&error);

    let error = client.crm().engagements().delete("1").send().await.expect_err("nothing is sent without it");
    assert!(matches!(&error, Error::Build(m) if m.contains("integrated_account_id")), "{error:?}");
    let error = client.crm().leads().delete("").integrated_account_id(ACCOUNT).send().await.expect_err("an empty id");
    assert!(matches!(&error, Error::Build(m) if m == "required parameter(s) not set: id"), "{error:?}");
    assert!(server.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Extras
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_retry_after_beyond_the_policy_returns_the_429_at_once() {
    let limited = Reply::json(429, &json!({"statusCode": 429, "error": "Too Many Requests", "message": "slow down"}))
        .header("retry-after", "120")
        .header("ratelimit-reset", "120");
    let server = Server::start(vec![limited, Reply::json(200, &json!({"id": "1"}))]).await;
    let client = client(&server);
    let started = Instant::now();
    let error =
        client.crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("not waited for");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(server.requests().len(), 1);
    assert_eq!(error.to_string(), "Truto answered 429 Too Many Requests: slow down");
    let Error::Api(api) = error else { panic!("expected Error::Api") };
    assert_eq!(api.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(api.headers.get("ratelimit-reset").unwrap(), "120");
}

/// A timeout the user's reqwest client enforces is a transport error: its length is not ours
/// to report (it used to read `timed out after 0ns`).
#[tokio::test]
async fn a_timeout_of_the_users_reqwest_client_is_a_transport_error() {
    let slow = Reply::json(200, &json!({"id": "1"})).delay(Duration::from_millis(1_000));
    let server = Server::start(vec![slow]).await;
    let http =
        truto_unified::reqwest::Client::builder().timeout(Duration::from_millis(100)).build().expect("reqwest client");
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .http_client(http)
        .retry(RetryPolicy::none())
        .attempt_timeout(None)
        .build()
        .expect("client");
    let error = client.crm().accounts().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("times out");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let source = std::error::Error::source(&error).expect("the reqwest error");
    let reqwest_error = source.downcast_ref::<truto_unified::reqwest::Error>().expect("a reqwest::Error");
    assert!(reqwest_error.is_timeout(), "{reqwest_error:?}");
}

/// With idempotency keys switched off, a mutation is sent once: a retry could apply it twice.
#[tokio::test]
async fn without_idempotency_keys_a_mutation_is_not_retried() {
    let unavailable = Reply::new(503, "busy");
    let server = Server::start(vec![unavailable.clone(), unavailable, Reply::json(200, &json!({"id": "1"}))]).await;
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .retry(fast_retries())
        .idempotency_keys(false)
        .build()
        .expect("client");
    let error =
        client.crm().accounts().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("503, not retried");
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("idempotency-key"), None);

    // A key set by the caller makes retrying safe again.
    let retried = client
        .crm()
        .accounts()
        .delete("1")
        .integrated_account_id(ACCOUNT)
        .idempotency_key("caller-key")
        .send()
        .await
        .expect("retried until the 200");
    assert_eq!(retried.id.as_deref(), Some("1"));
    assert_eq!(server.requests().len(), 3);
}

/// Rate-limit headers are readable on success (with `send_with_headers`) and on a 429.
#[tokio::test]
async fn rate_limit_headers_are_exposed() {
    let ok = Reply::json(200, &json!({"id": "1"}))
        .header("ratelimit-limit", "50")
        .header("ratelimit-remaining", "49")
        .header("ratelimit-reset", "10");
    let limited = Reply::json(429, &json!({"statusCode": 429, "message": "slow down"}))
        .header("ratelimit-limit", "50")
        .header("ratelimit-remaining", "0")
        .header("retry-after", "600");
    let server = Server::start(vec![ok, limited]).await;
    let client = client(&server);
    let response =
        client.crm().accounts().delete("1").integrated_account_id(ACCOUNT).send_with_headers().await.unwrap();
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.value.id.as_deref(), Some("1"));
    assert_eq!(
        response.rate_limit(),
        Some(truto_unified::RateLimit { limit: Some(50), remaining: Some(49), reset: Some(10) })
    );
    // Retry-After beyond the policy's limit: the 429 comes back at once.
    let error = client.crm().accounts().delete("1").integrated_account_id(ACCOUNT).send().await.unwrap_err();
    let Error::Api(api) = error else { panic!("an API error") };
    assert_eq!(api.rate_limit(), Some(truto_unified::RateLimit { limit: Some(50), remaining: Some(0), reset: None }));
}
