//! Issue 14: what a hostile or broken server sends, as exact bytes from a server on 127.0.0.1,
//! and what the client makes of it. Nothing may panic, nothing may change silently, and bad
//! input gets a clear error that loses nothing.

use std::time::{Duration, Instant, SystemTime};

use http::StatusCode;
use serde_json::json;

use truto_generated::crm::opportunities::{UpdateOpportunityBody, UpdateOpportunityStatus};
use truto_generated::{Client, Error, Patch, RetryPolicy};
use truto_test_server::{Reply, Server};

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

fn api_error(error: Error) -> Box<truto_generated::ApiError> {
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
    use truto_generated::request::retry_after_at;
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
