//! Issue 14: what a hostile or broken server sends, as exact bytes from a server on 127.0.0.1,
//! and what the client makes of it. Nothing may panic, nothing may change silently, and bad
//! input gets a clear error that loses nothing.

use std::time::{Duration, Instant, SystemTime};

use http::StatusCode;
use serde_json::json;

use truto_test_server::{Reply, Server};
use truto_unified::crm::opportunities::{UpdateOpportunityBody, UpdateOpportunityStatus};
use truto_unified::prelude::*;
use truto_unified::{Client, Error, Patch, RetryPolicy};

const TOKEN: &str = "test-token";
const ACCOUNT: &str = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";

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

fn renewal_body() -> UpdateOpportunityBody {
    UpdateOpportunityBody {
        name: Patch::Set("Renewal".to_owned()),
        status: Patch::Set(UpdateOpportunityStatus::Won),
        ..Default::default()
    }
}

fn too_many_requests() -> Reply {
    Reply::json(429, &json!({"statusCode": 429, "error": "Too Many Requests", "message": "slow down"}))
}

fn api_error(error: Error) -> Box<truto_unified::ApiError> {
    match error {
        Error::Api(api) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// 1 and 4. Retry-After: huge numbers do not panic; HTTP dates are honoured, with the same cap
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_retry_after_too_large_for_a_duration_returns_the_429_without_panicking() {
    for huge in ["99999999999999999999", "1e20", "inf"] {
        let server = Server::start(vec![too_many_requests().header("retry-after", huge), Reply::new(204, "")]).await;
        let started = Instant::now();
        let error = client(&server).crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await;
        let api = api_error(error.expect_err("not waited for"));
        assert!(started.elapsed() < Duration::from_secs(10), "{huge}: did not wait");
        assert_eq!(server.requests().len(), 1, "{huge}: not retried");
        assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(api.retry_after(), Some(Duration::MAX), "{huge} saturates");
    }
}

#[tokio::test]
async fn unreadable_retry_after_values_are_ignored_and_the_backoff_applies() {
    for odd in ["-5", "NaN", "soon", "", "Wed, 32 Foo 2024 25:61:61 GMT"] {
        let server = Server::start(vec![too_many_requests().header("retry-after", odd), Reply::new(204, "")]).await;
        let deleted = client(&server).crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await;
        deleted.unwrap_or_else(|e| panic!("{odd:?}: retried after the backoff, got {e:?}"));
        assert_eq!(server.requests().len(), 2, "{odd:?}");
    }
}

#[tokio::test]
async fn a_retry_after_date_beyond_the_cap_is_not_waited_for() {
    let in_an_hour = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    let server = Server::start(vec![too_many_requests().header("retry-after", &in_an_hour); 5]).await;
    let started = Instant::now();
    let error = client(&server).crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await;
    let api = api_error(error.expect_err("the 429 comes back"));
    assert!(started.elapsed() < Duration::from_secs(10), "did not wait an hour");
    assert_eq!(server.requests().len(), 1, "a date an hour ahead is over the 60 s cap: not retried");
    let after = api.retry_after().expect("the date is read");
    assert!(after > Duration::from_secs(3500) && after <= Duration::from_secs(3600), "{after:?}");
}

#[tokio::test]
async fn a_retry_after_date_within_the_cap_is_waited_for() {
    let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let server = Server::start(vec![too_many_requests().header("retry-after", &soon), Reply::new(204, "")]).await;
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .retry(RetryPolicy { max_retry_after: Duration::from_secs(10), ..fast_retries() })
        .build()
        .expect("client");
    let started = Instant::now();
    client.crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect("retried after the date");
    // The date has whole seconds, so the wait is between 1 and 2 s; the backoff alone is 5 ms.
    assert!(started.elapsed() >= Duration::from_millis(900), "{:?}", started.elapsed());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_date_in_the_past_is_retried_at_once() {
    let server = Server::start(vec![
        too_many_requests().header("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT"),
        Reply::new(204, ""),
    ])
    .await;
    client(&server).crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect("retried");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn retry_after_reads_both_forms_relative_to_now() {
    use truto_unified::request::retry_after_at;
    let headers = |value: &str| {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::RETRY_AFTER, value.parse().unwrap());
        headers
    };
    let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
    assert_eq!(retry_after_at(&headers("120"), now), Some(Duration::from_secs(120)));
    assert_eq!(retry_after_at(&headers("1.5"), now), Some(Duration::from_millis(1500)));
    assert_eq!(retry_after_at(&headers("Sun, 06 Nov 1994 08:51:37 GMT"), now), Some(Duration::from_secs(120)));
    // RFC 850 and asctime, which RFC 9110 says a recipient must accept.
    assert_eq!(retry_after_at(&headers("Sunday, 06-Nov-94 08:50:37 GMT"), now), Some(Duration::from_secs(60)));
    assert_eq!(retry_after_at(&headers("Sun Nov  6 08:49:47 1994"), now), Some(Duration::from_secs(10)));
    assert_eq!(retry_after_at(&headers("Sun, 06 Nov 1994 08:00:00 GMT"), now), Some(Duration::ZERO));
    assert_eq!(retry_after_at(&headers("18446744073709551616"), now), Some(Duration::MAX));
    assert_eq!(retry_after_at(&http::HeaderMap::new(), now), None);
}

// ---------------------------------------------------------------------------------------------
// 3. Ids `.` and `..` would change the path: refused before anything is sent
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn dot_ids_are_refused_with_a_build_error_that_names_them() {
    let server = Server::start(vec![Reply::new(204, ""); 4]).await;
    let client = client(&server);
    for id in [".", ".."] {
        let deleted = client.crm().opportunities().delete(id).integrated_account_id(ACCOUNT).send().await;
        let updated =
            client.crm().opportunities().update(id, renewal_body()).integrated_account_id(ACCOUNT).send().await;
        for error in [deleted.expect_err("delete refused"), updated.expect_err("update refused")] {
            let Error::Build(message) = &error else { panic!("expected Error::Build, got {error:?}") };
            assert!(message.starts_with(&format!("the id `{id}` cannot be sent")), "{message}");
        }
    }
    assert!(server.requests().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn ids_that_only_look_like_dots_stay_one_segment() {
    let server = Server::start(vec![Reply::new(204, ""); 3]).await;
    let client = client(&server);
    for id in ["%2E%2E", "...", ".hidden"] {
        client.crm().opportunities().delete(id).integrated_account_id(ACCOUNT).send().await.expect("sent");
    }
    let paths: Vec<String> = server.requests().iter().map(|r| r.path().to_owned()).collect();
    assert_eq!(
        paths,
        [
            "/unified/crm/opportunities/%252E%252E",
            "/unified/crm/opportunities/...",
            "/unified/crm/opportunities/.hidden"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 2. A record is a JSON object: an array is not read field by field
// ---------------------------------------------------------------------------------------------

fn decode_error(error: Error) -> (StatusCode, String, String, usize) {
    match error {
        Error::Decode { status, message, body, body_len } => (status, message, body, body_len),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_array_where_a_record_is_expected_is_a_decode_error() {
    let positional = [
        r#"[{"id":"1"}]"#,
        r#"["acc",1200.5,"2024-01-01"]"#,
        "[]",
        r#""a string""#,
        "42",
        r#"{"id":"1","account":["acc-1"]}"#,
        r#"{"id":"1","contact":[["c-1"]]}"#,
    ];
    let server = Server::start(positional.iter().map(|body| Reply::new(200, *body)).collect()).await;
    let client = client(&server);
    for body in positional {
        let error =
            client.crm().opportunities().update("1", renewal_body()).integrated_account_id(ACCOUNT).send().await;
        let (status, message, kept, _) = decode_error(error.expect_err(body));
        assert_eq!(status, StatusCode::OK);
        assert!(
            message.contains("expected a JSON object") || message.contains("invalid type: sequence"),
            "{body}: {message}"
        );
        assert_eq!(kept, body);
    }
    assert_eq!(server.requests().len(), positional.len(), "a decode error is not retried");
}

#[tokio::test]
async fn a_debug_envelope_with_an_array_result_is_a_decode_error() {
    let server = Server::start(vec![Reply::new(200, r#"{"result":[{"id":"1"}],"debug":null}"#)]).await;
    let error = client(&server).crm().opportunities().delete("1").integrated_account_id(ACCOUNT).debug().send().await;
    let (_, message, _, _) = decode_error(error.expect_err("an array is no record"));
    assert!(message.contains("expected a JSON object"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// 7. A decode error keeps a bounded prefix of the body and its length
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_huge_invalid_body_is_kept_as_a_64_kib_prefix_and_its_length() {
    let mut body = br#"{"id": "1", "name": ""#.to_vec();
    body.resize(50 * 1024 * 1024, b'x'); // the string never ends: invalid JSON
    let server = Server::start(vec![Reply::new(200, body.clone())]).await;
    let error = client(&server).crm().accounts().delete("1").integrated_account_id(ACCOUNT).send().await;
    let error = error.expect_err("invalid JSON");
    let debug = format!("{error:?}");
    assert!(debug.len() < 2 * truto_unified::BODY_PREFIX_LIMIT, "Debug is {} bytes", debug.len());
    let (_, message, kept, body_len) = decode_error(error);
    assert!(message.contains("EOF while parsing a string"), "{message}");
    assert_eq!(body_len, body.len());
    assert_eq!(kept.len(), truto_unified::BODY_PREFIX_LIMIT);
    assert_eq!(kept.as_bytes(), &body[..truto_unified::BODY_PREFIX_LIMIT]);
}

// ---------------------------------------------------------------------------------------------
// 8. RawJson keeps what serde_json cannot nest, and says so when asked for a Value
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn remote_data_nested_beyond_the_parser_limit_is_kept_and_to_value_fails() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let body = format!(r#"{{"id":"1","remote_data":{deep}}}"#);
    let server = Server::start(vec![Reply::new(200, body)]).await;
    let opportunity = client(&server)
        .crm()
        .opportunities()
        .update("1", renewal_body())
        .integrated_account_id(ACCOUNT)
        .send()
        .await
        .expect("the record decodes");
    let remote = opportunity.remote_data.expect("kept");
    assert_eq!(remote.get(), deep, "the text is kept whole");
    let error = remote.to_value().expect_err("not a silent null");
    assert!(error.to_string().contains("recursion limit"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// 9 and the empty write: a 204 (or an empty 200) to a write is a success without a record
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_debug_delete_answered_204_or_an_empty_200_decodes() {
    let server = Server::start(vec![Reply::new(204, ""), Reply::new(200, "  \r\n")]).await;
    let client = client(&server);
    for _ in 0..2 {
        let envelope =
            client.crm().opportunities().delete("1").integrated_account_id(ACCOUNT).debug().send().await.expect("ok");
        assert_eq!(envelope, truto_unified::DebugEnvelope::default());
    }
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_empty_answer_to_an_update_is_a_success_with_its_status_and_no_record() {
    let server = Server::start(vec![Reply::new(204, ""), Reply::new(200, "")]).await;
    let client = client(&server);
    let update = || client.crm().opportunities().update("1", renewal_body()).integrated_account_id(ACCOUNT);
    let response = update().send_with_headers().await.expect("the PATCH was applied");
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert_eq!(response.value, Default::default(), "no record: every field is None");
    let record = update().send().await.expect("an empty 200 too");
    assert_eq!(record.id, None);
    assert_eq!(server.requests().len(), 2, "nothing was retried");
}

#[tokio::test]
async fn an_empty_answer_to_a_read_format_is_null_and_to_unified_is_no_record() {
    let server = Server::start(vec![Reply::new(200, ""), Reply::new(200, "")]).await;
    let client = client(&server);
    let raw = client.crm().opportunities().update("1", renewal_body()).integrated_account_id(ACCOUNT).raw().send();
    assert_eq!(raw.await.expect("raw"), serde_json::Value::Null);
    let normalized = client.crm().leads().delete("1").integrated_account_id(ACCOUNT).normalized().send();
    assert_eq!(normalized.await.expect("normalized"), serde_json::Value::Null);
}

// ---------------------------------------------------------------------------------------------
// 10 and big ids: amounts read back exactly; numeric ids keep every digit
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn amounts_read_back_exactly_and_numeric_ids_keep_every_digit() {
    let body = r#"{"id": 123456789012345678901234, "amount": 1478635512.6780999,
        "owner": {"id": 18446744073709551616}, "account": {"id": -9223372036854775809},
        "contact": [{"id": 1e400}, {"id": 0.1000000000000000055511151231257827}]}"#;
    let server = Server::start(vec![Reply::new(200, body)]).await;
    let opportunity = client(&server)
        .crm()
        .opportunities()
        .update("1", renewal_body())
        .integrated_account_id(ACCOUNT)
        .send()
        .await
        .expect("decodes");
    assert_eq!(opportunity.id.as_deref(), Some("123456789012345678901234"));
    let amount = opportunity.amount.expect("an amount");
    assert_eq!(amount.to_string(), "1478635512.6780999", "the amount prints back as sent");
    assert_eq!(opportunity.owner.and_then(|o| o.id).as_deref(), Some("18446744073709551616"));
    assert_eq!(opportunity.account.and_then(|a| a.id).as_deref(), Some("-9223372036854775809"));
    let contacts: Vec<String> = opportunity.contact.unwrap().into_iter().filter_map(|c| c.id).collect();
    assert_eq!(contacts, ["1e400", "0.1000000000000000055511151231257827"]);
}

// ---------------------------------------------------------------------------------------------
// A bad element fails its record, with a clear error
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_bad_element_in_a_single_record_is_a_decode_error_naming_it() {
    let bodies = [
        (r#"{"id":"1","contact":[null]}"#, "invalid type: null, expected a JSON object for `ContactRef`"),
        (r#"{"id":"1","id":"2"}"#, "duplicate field `id`"),
        (r#"{"id":"1","owner":"u-1"}"#, r#"invalid type: string "u-1", expected a JSON object for `OpportunityOwner`"#),
    ];
    let server = Server::start(bodies.iter().map(|(body, _)| Reply::new(200, *body)).collect()).await;
    let client = client(&server);
    for (body, reason) in bodies {
        let error =
            client.crm().opportunities().update("1", renewal_body()).integrated_account_id(ACCOUNT).send().await;
        let (_, message, kept, _) = decode_error(error.expect_err(body));
        assert!(message.contains(reason), "{body}: {message}");
        assert_eq!(kept, body);
    }
}

// ---------------------------------------------------------------------------------------------
// 6. Redirects: not followed by the client's own reqwest client; a loop is not retried
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_307_to_another_origin_is_not_followed_and_comes_back_as_an_error() {
    let elsewhere = Server::start(vec![Reply::json(200, &json!({"id": "stolen"}))]).await;
    let location = format!("{}/unified/crm/opportunities/1", elsewhere.url());
    let server = Server::start(vec![Reply::redirect(307, &location)]).await;
    let client = client(&server);
    let error = client.crm().opportunities().update("1", renewal_body()).integrated_account_id(ACCOUNT).send().await;
    let api = api_error(error.expect_err("a redirect is not a success"));
    assert_eq!(api.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(api.headers.get("location").unwrap(), location.as_str());
    assert_eq!(server.requests().len(), 1, "a 3xx is not retried");
    assert!(elsewhere.requests().is_empty(), "neither the PATCH nor its body went to the other origin");
}

#[tokio::test]
async fn a_redirect_loop_in_a_users_reqwest_client_is_not_retried() {
    // A relative `Location`: the server redirects to itself.
    let to_itself = format!("/unified/crm/leads/1?integrated_account_id={ACCOUNT}");
    let server = Server::start(vec![Reply::redirect(302, &to_itself); 20]).await;
    let http = truto_unified::reqwest::Client::builder()
        .redirect(truto_unified::reqwest::redirect::Policy::limited(3))
        .build()
        .unwrap();
    let client = Client::builder(TOKEN).base_url(server.url()).http_client(http).retry(fast_retries()).build().unwrap();
    let error = client.crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("a loop");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.to_string().contains("too many redirects"), "{error}");
    assert_eq!(server.requests().len(), 4, "the first request and three redirects, once: not retried");
}

// ---------------------------------------------------------------------------------------------
// Transport errors name their cause; bodies cut short or stalled are retried like failed
// connections (a DELETE carries an idempotency key, so it is as safe to retry as a GET)
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_transport_error_says_what_happened() {
    let server = Server::start(vec![Reply::raw("")]).await;
    let client = Client::builder(TOKEN).base_url(server.url()).retry(RetryPolicy::none()).build().unwrap();
    let error = client.crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("closed");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let display = error.to_string();
    assert!(display.starts_with("transport error: error sending request: "), "{display}");
    assert!(display.contains("connection closed before message completed"), "{display}");
    assert!(!display.contains(TOKEN));
}

/// The head promises more than arrives, then the connection closes.
fn cut_short() -> Reply {
    Reply::raw(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{\"id\":",
    )
}

/// The head and part of the body, then nothing.
fn stalled() -> Reply {
    Reply::raw("HTTP/1.1 200 OK\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{\"id\":").then_hang()
}

#[tokio::test]
async fn a_body_cut_short_or_stalled_is_retried() {
    let server = Server::start(vec![cut_short(), stalled(), Reply::json(200, &json!({"id": "1"}))]).await;
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .retry(fast_retries())
        .attempt_timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let started = Instant::now();
    let lead = client.crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect("third try");
    assert_eq!(lead.id.as_deref(), Some("1"));
    assert!(started.elapsed() < Duration::from_secs(10));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let key = requests[0].header("idempotency-key").expect("a key");
    assert!(requests.iter().all(|r| r.header("idempotency-key") == Some(key)), "the same key each time");
}

#[tokio::test]
async fn a_stalled_body_is_bounded_by_the_total_timeout() {
    let server = Server::start(vec![stalled(); 10]).await;
    let total = Duration::from_millis(500);
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .retry(fast_retries())
        .attempt_timeout(None)
        .total_timeout(Some(total))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect_err("stalls");
    assert!(matches!(error, Error::Timeout(d) if d == total), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn without_idempotency_keys_a_cut_body_of_a_delete_is_not_retried() {
    let server = Server::start(vec![cut_short(), Reply::new(204, "")]).await;
    let client = Client::builder(TOKEN).base_url(server.url()).retry(fast_retries()).idempotency_keys(false).build();
    let error = client.unwrap().crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await;
    assert!(matches!(error, Err(Error::Transport(_))), "{error:?}");
    assert_eq!(server.requests().len(), 1, "it may have been applied: sent once");
}

#[tokio::test]
async fn malformed_framing_is_a_transport_error_and_retried() {
    let bad_chunk = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
    let two_lengths = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\nconnection: close\r\n\r\n{}";
    let server = Server::start(vec![Reply::raw(bad_chunk), Reply::raw(two_lengths), Reply::new(204, "")]).await;
    client(&server).crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect("third try");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_chunked_body_split_across_pauses_decodes() {
    let head =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
    let reply = Reply::raw(format!("{head}6\r\n{{\"id\":\r\n"))
        .then_pause(Duration::from_millis(50))
        .then_send("5\r\n\"42\"}\r\n0\r\n\r\n");
    let server = Server::start(vec![reply]).await;
    let lead = client(&server).crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect("ok");
    assert_eq!(lead.id.as_deref(), Some("42"));
}

#[tokio::test]
async fn odd_headers_do_not_break_anything() {
    let reply = Reply::raw(
        b"HTTP/1.1 429 Too Many Requests\r\nretry-after: \xff\xfe\r\nratelimit-remaining: -1\r\nx-empty:\r\nconnection: close\r\ncontent-length: 0\r\n\r\n".to_vec(),
    );
    let server = Server::start(vec![reply, Reply::new(204, "")]).await;
    client(&server).crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await.expect("retried");
    assert_eq!(server.requests().len(), 2, "an unreadable Retry-After falls back to the backoff");
}

// ---------------------------------------------------------------------------------------------
// 500 is Truto's own failure: not retried (see the README)
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_500_is_not_retried_even_with_an_idempotency_key() {
    let server = Server::start(vec![Reply::new(500, "boom"), Reply::new(204, "")]).await;
    let error = client(&server).crm().leads().delete("1").integrated_account_id(ACCOUNT).send().await;
    assert_eq!(error.expect_err("500").status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(server.requests().len(), 1);
}
