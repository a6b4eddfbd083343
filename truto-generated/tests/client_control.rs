//! What a user controls on the client, against a real HTTP/1.1 server on 127.0.0.1: per-call
//! options (headers, timeouts, retries), spawned calls, the retry and rate-limit hooks, custom
//! transports, and the `tracing` output (the tests always build the runtime with its `tracing`
//! feature: see the dev-dependency in Cargo.toml).

use std::error::Error as StdError;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use http::StatusCode;
use serde_json::json;

use truto_test_server::{Reply, Server};
use truto_unified::crm::opportunities::DeleteOpportunity;
use truto_unified::prelude::*;
use truto_unified::{
    BoxError, Call, Client, ClientBuilder, Error, NotRetryable, RetryPolicy, RetryReason, Transport, TransportFuture,
    reqwest,
};

const TOKEN: &str = "test-token-7f3a9c";
const ACCOUNT: &str = "account-secret-62f44730";
const ID: &str = "opportunity-id-5521";

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..Default::default()
    }
}

fn builder(server: &Server) -> ClientBuilder {
    Client::builder(TOKEN).base_url(server.url()).retry(fast_retries()).attempt_timeout(Some(Duration::from_secs(5)))
}

fn client(server: &Server) -> Client {
    builder(server).build().expect("client")
}

fn unavailable() -> Reply {
    Reply::json(503, &json!({"statusCode": 503, "error": "Service Unavailable", "message": "busy"}))
}

fn deleted() -> Reply {
    Reply::json(200, &json!({"id": ID}))
}

/// Every value of a header, in order.
fn header_values<'a>(request: &'a truto_test_server::Recorded, name: &str) -> Vec<&'a str> {
    request.headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
}

/// The call most tests make: delete the opportunity `ID` of `ACCOUNT`.
fn delete(client: &Client) -> Call<DeleteOpportunity> {
    client.crm().opportunities().delete(ID).integrated_account_id(ACCOUNT)
}

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

// ---------------------------------------------------------------------------------------------
// 1. Per-call options
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_per_call_header_reaches_the_server_and_replaces_a_default_one() {
    let server = Server::start(vec![deleted()]).await;
    let client = client(&server);
    delete(&client)
        .header("x-team", "crm-sync")
        .header("accept", "application/vnd.test+json")
        .send()
        .await
        .expect("the delete succeeds");
    let request = server.only_request();
    assert_eq!(header_values(&request, "x-team"), ["crm-sync"]);
    assert_eq!(header_values(&request, "accept"), ["application/vnd.test+json"], "replaced, not added");
    assert_eq!(header_values(&request, "authorization"), [format!("Bearer {TOKEN}").as_str()]);
}

#[tokio::test]
async fn a_per_call_authorization_replaces_the_clients_token() {
    let server = Server::start(vec![deleted()]).await;
    let client = client(&server);
    let call = delete(&client).header("authorization", "Bearer other");
    let debug = format!("{:?}", call.build().expect("builds"));
    assert!(!debug.contains("Bearer other"), "the per-call token is kept secret: {debug}");
    call.send().await.expect("the delete succeeds");
    assert_eq!(header_values(&server.only_request(), "authorization"), ["Bearer other"]);
}

#[tokio::test]
async fn an_invalid_header_value_fails_the_call_and_sends_nothing() {
    let server = Server::start(vec![deleted()]).await;
    let client = client(&server);
    let error = delete(&client).header("x-team", "line\r\nbreak").send().await.expect_err("an invalid header value");
    assert!(matches!(error, Error::Build(_)), "{error:?}");
    assert!(error.to_string().contains("x-team"), "{error}");
    assert!(!error.to_string().contains("break"), "the value is not shown: {error}");
    assert!(!error.is_retryable());

    let error = delete(&client).header("bad header", "value").send().await.expect_err("an invalid header name");
    assert!(matches!(error, Error::Build(_)), "{error:?}");
    assert!(error.to_string().contains("header name"), "{error}");
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_per_call_timeout_is_shorter_than_the_clients() {
    let slow = deleted().delay(Duration::from_millis(2_000));
    let server = Server::start(vec![slow.clone(), slow]).await;
    let client = client(&server);
    let limit = Duration::from_millis(40);
    let error = delete(&client).timeout(limit).no_retry().send().await.expect_err("the call's own attempt timeout");
    assert!(matches!(error, Error::Timeout(d) if d == limit), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_per_call_timeout_is_longer_than_the_clients() {
    let slow = deleted().delay(Duration::from_millis(300));
    let server = Server::start(vec![slow.clone(), slow]).await;
    let client = builder(&server).attempt_timeout(Some(Duration::from_millis(30))).retry(RetryPolicy::none()).build();
    let client = client.expect("client");
    let error = delete(&client).send().await.expect_err("the client's 30 ms");
    assert!(matches!(error, Error::Timeout(d) if d == Duration::from_millis(30)), "{error:?}");
    delete(&client).timeout(Duration::from_secs(10)).send().await.expect("the call's own 10 s is enough");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_per_call_total_timeout_caps_the_retries() {
    // Each 503 asks for a second's wait: the call's 80 ms total ends the call during the first.
    let limited = unavailable().header("retry-after", "1");
    let server = Server::start(vec![limited.clone(), limited.clone(), limited]).await;
    let client = client(&server);
    let total = Duration::from_millis(80);
    let error = delete(&client).total_timeout(total).send().await.expect_err("the call's total timeout");
    assert!(matches!(error, Error::Timeout(d) if d == total), "{error:?}");
    assert_eq!(server.requests().len(), 1, "the wait for the second attempt was cut short");
}

#[tokio::test]
async fn per_call_retry_policies_change_the_attempt_count() {
    let server = Server::start(vec![unavailable(); 12]).await;
    let client = client(&server);
    let error = delete(&client).send().await.expect_err("503 every time");
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(error.is_retryable());
    assert_eq!(server.requests().len(), 4, "the client's policy: 3 retries");

    delete(&client).retry(RetryPolicy { max_retries: 1, ..fast_retries() }).send().await.expect_err("503");
    assert_eq!(server.requests().len(), 4 + 2, "the call's policy: 1 retry");

    delete(&client).no_retry().send().await.expect_err("503");
    assert_eq!(server.requests().len(), 6 + 1, "no retry");

    let keys: Vec<_> = server.requests().iter().map(|r| r.header("idempotency-key").map(str::to_owned)).collect();
    assert!(keys.iter().all(Option::is_some), "every delete carries a key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_can_be_spawned() {
    let server = Server::start(vec![unavailable(), deleted(), deleted()]).await;
    let client = client(&server);
    let first = delete(&client).timeout(Duration::from_secs(5));
    let second = client.crm().opportunities().delete("2").integrated_account_id(ACCOUNT);
    // The calls own clones of the client: dropping it changes nothing.
    drop(client);
    let first = tokio::spawn(first.send());
    let second = tokio::spawn(second.send());
    let first = first.await.expect("the task ends").expect("the spawned call succeeds");
    let second = second.await.expect("the task ends").expect("the spawned call succeeds");
    assert_eq!(first.id.as_deref(), Some(ID));
    assert_eq!(second.id.as_deref(), Some(ID));
    assert_eq!(server.requests().len(), 3, "one 503 retried, two successes");
}

// ---------------------------------------------------------------------------------------------
// 2. Hooks
// ---------------------------------------------------------------------------------------------

/// A retry event as the hook saw it, owned.
#[derive(Debug, Clone, PartialEq)]
struct SeenRetry {
    method: String,
    path_template: Option<String>,
    resource: Option<String>,
    operation: Option<String>,
    attempt: u32,
    wait: Duration,
    reason: RetryReason,
    debug: String,
}

#[tokio::test]
async fn on_retry_sees_each_retry_with_its_reason() {
    let slow = deleted().delay(Duration::from_millis(2_000));
    let garbage = Reply::raw(b"this is not HTTP\r\n\r\n".to_vec());
    let server = Server::start(vec![unavailable().header("retry-after", "0"), garbage, slow, deleted()]).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let client = builder(&server)
        .on_retry(move |event| {
            locked(&log).push(SeenRetry {
                method: event.call.method.to_string(),
                path_template: event.call.path_template.as_deref().map(str::to_owned),
                resource: event.call.resource.as_deref().map(str::to_owned),
                operation: event.call.operation.as_deref().map(str::to_owned),
                attempt: event.attempt,
                wait: event.wait,
                reason: event.reason,
                debug: format!("{event:?}"),
            })
        })
        .build()
        .expect("client");
    delete(&client).timeout(Duration::from_millis(50)).send().await.expect("the fourth attempt succeeds");
    assert_eq!(server.requests().len(), 4);

    let seen = locked(&seen).clone();
    let reasons: Vec<_> = seen.iter().map(|s| s.reason).collect();
    assert_eq!(
        reasons,
        [RetryReason::Status(StatusCode::SERVICE_UNAVAILABLE), RetryReason::Transport, RetryReason::Timeout]
    );
    assert_eq!(seen.iter().map(|s| s.attempt).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(seen[0].wait, Duration::ZERO, "the 503's Retry-After: 0");
    assert!(seen[1..].iter().all(|s| s.wait <= Duration::from_millis(5)), "the policy's backoff: {seen:?}");
    for event in &seen {
        assert_eq!(event.method, "DELETE");
        assert_eq!(event.path_template.as_deref(), Some("/unified/crm/opportunities/{id}"));
        assert_eq!(event.resource.as_deref(), Some("opportunities"));
        assert_eq!(event.operation.as_deref(), Some("delete"));
        for secret in [TOKEN, ACCOUNT, ID] {
            assert!(!event.debug.contains(secret), "`{secret}` in {}", event.debug);
        }
    }
    assert_eq!(RetryReason::Status(StatusCode::SERVICE_UNAVAILABLE).to_string(), "status 503");
}

/// A rate-limit event as the hook saw it, owned.
#[derive(Debug, Clone)]
struct SeenLimit {
    attempt: u32,
    status: StatusCode,
    retry_after: Option<Duration>,
    remaining: Option<u64>,
    limit: Option<u64>,
    will_retry: bool,
    debug: String,
}

fn limit_recorder(builder: ClientBuilder) -> (ClientBuilder, Arc<Mutex<Vec<SeenLimit>>>, Arc<AtomicUsize>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let retries = Arc::new(AtomicUsize::new(0));
    let (log, count) = (Arc::clone(&seen), Arc::clone(&retries));
    let builder = builder
        .on_rate_limited(move |event| {
            locked(&log).push(SeenLimit {
                attempt: event.attempt,
                status: event.status,
                retry_after: event.retry_after,
                remaining: event.rate_limit.as_ref().and_then(|r| r.remaining),
                limit: event.rate_limit.as_ref().and_then(|r| r.limit),
                will_retry: event.will_retry,
                debug: format!("{event:?}"),
            })
        })
        .on_retry(move |_| {
            count.fetch_add(1, Ordering::Relaxed);
        });
    (builder, seen, retries)
}

fn too_many(retry_after: &str) -> Reply {
    Reply::json(429, &json!({"statusCode": 429, "error": "Too Many Requests", "message": "slow down"}))
        .header("retry-after", retry_after)
        .header("ratelimit-limit", "500")
        .header("ratelimit-remaining", "0")
        .header("ratelimit-reset", "7")
}

#[tokio::test]
async fn on_rate_limited_sees_each_429_and_whether_it_is_retried() {
    let server = Server::start(vec![too_many("0"), deleted(), too_many("0"), too_many("3600")]).await;
    let (builder, seen, retries) = limit_recorder(builder(&server));
    let client = builder.build().expect("client");
    delete(&client).send().await.expect("the retry succeeds");
    let error = delete(&client).no_retry().send().await.expect_err("429, not retried");
    assert!(error.is_rate_limited() && error.is_retryable() && !error.is_not_found(), "{error:?}");
    let error = delete(&client).send().await.expect_err("a Retry-After beyond the policy's 60 s");
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(server.requests().len(), 4);

    let seen = locked(&seen).clone();
    assert_eq!(seen.iter().map(|s| s.will_retry).collect::<Vec<_>>(), [true, false, false]);
    assert_eq!(seen.iter().map(|s| s.attempt).collect::<Vec<_>>(), [1, 1, 1]);
    assert_eq!(seen[0].retry_after, Some(Duration::ZERO));
    assert_eq!(seen[2].retry_after, Some(Duration::from_secs(3600)));
    for event in &seen {
        assert_eq!(event.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!((event.limit, event.remaining), (Some(500), Some(0)));
        for secret in [TOKEN, ACCOUNT, ID] {
            assert!(!event.debug.contains(secret), "`{secret}` in {}", event.debug);
        }
    }
    assert_eq!(retries.load(Ordering::Relaxed), 1, "only the first 429 was retried");
}

#[tokio::test]
async fn a_429_of_a_mutation_without_an_idempotency_key_is_not_retried() {
    let server = Server::start(vec![too_many("0"), deleted()]).await;
    let (builder, seen, retries) = limit_recorder(builder(&server).idempotency_keys(false));
    let client = builder.build().expect("client");
    let error = delete(&client).send().await.expect_err("429 once");
    assert!(error.is_rate_limited());
    assert_eq!(server.requests().len(), 1);
    let seen = locked(&seen).clone();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].will_retry);
    assert_eq!(retries.load(Ordering::Relaxed), 0);
}

#[tokio::test]
async fn hooks_of_one_kind_all_run_in_the_order_added() {
    let server = Server::start(vec![unavailable(), deleted()]).await;
    let order = Arc::new(Mutex::new(Vec::new()));
    let (first, second) = (Arc::clone(&order), Arc::clone(&order));
    let client = builder(&server)
        .on_retry(move |_| locked(&first).push("metrics"))
        .on_retry(move |_| locked(&second).push("log"))
        .build()
        .expect("client");
    delete(&client).send().await.expect("the retry succeeds");
    assert_eq!(*locked(&order), ["metrics", "log"]);
}

// ---------------------------------------------------------------------------------------------
// 3. Transports
// ---------------------------------------------------------------------------------------------

/// Wraps reqwest: counts the attempts and adds a header to each.
#[derive(Debug)]
struct Tagging {
    inner: reqwest::Client,
    sent: Arc<AtomicUsize>,
}

impl Transport for Tagging {
    fn execute(&self, mut request: reqwest::Request) -> TransportFuture<'_> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        request.headers_mut().insert("x-via", reqwest::header::HeaderValue::from_static("tagging-transport"));
        Transport::execute(&self.inner, request)
    }
}

#[tokio::test]
async fn a_custom_transport_sends_every_attempt() {
    let server = Server::start(vec![unavailable(), deleted()]).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let transport = Tagging { inner: reqwest::Client::new(), sent: Arc::clone(&sent) };
    let client = builder(&server).transport(transport).build().expect("client");
    let deleted = delete(&client).send().await;
    assert_eq!(deleted.expect("the retry succeeds").id.as_deref(), Some(ID));
    assert_eq!(sent.load(Ordering::Relaxed), 2);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.header("x-via"), Some("tagging-transport"));
        assert_eq!(request.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
        // The client's standard headers, not the inner reqwest client's `*/*`.
        assert_eq!(header_values(request, "accept"), ["application/json"]);
        assert!(request.header("user-agent").is_some_and(|agent| agent.starts_with("truto-unified-runtime/")));
        assert_eq!(request.path(), format!("/unified/crm/opportunities/{ID}"));
    }
    assert_eq!(requests[0].header("idempotency-key"), requests[1].header("idempotency-key"));
}

#[tokio::test]
async fn through_a_custom_transport_a_per_call_header_replaces_a_standard_one() {
    let server = Server::start(vec![deleted()]).await;
    let transport = Tagging { inner: reqwest::Client::new(), sent: Arc::new(AtomicUsize::new(0)) };
    let client = builder(&server).transport(transport).build().expect("client");
    delete(&client)
        .header("accept", "application/vnd.test+json")
        .header("authorization", "Bearer other")
        .send()
        .await
        .expect("the delete succeeds");
    let request = server.only_request();
    assert_eq!(header_values(&request, "accept"), ["application/vnd.test+json"], "replaced, not added");
    assert_eq!(header_values(&request, "authorization"), ["Bearer other"]);
    assert!(request.header("user-agent").is_some_and(|agent| agent.starts_with("truto-unified-runtime/")));
}

/// A middleware's own failure, with a cause.
#[derive(Debug)]
struct Refused {
    cause: std::io::Error,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the auth refresh was refused")
    }
}

impl StdError for Refused {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.cause)
    }
}

/// Fails every attempt with the error `make` returns.
struct Failing<M> {
    make: M,
    sent: Arc<AtomicUsize>,
}

impl<M> fmt::Debug for Failing<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Failing")
    }
}

impl<M: Fn() -> BoxError + Send + Sync + 'static> Transport for Failing<M> {
    fn execute(&self, _request: reqwest::Request) -> TransportFuture<'_> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        let error = (self.make)();
        Box::pin(async move { Err(error) })
    }
}

fn refused() -> BoxError {
    Box::new(Refused { cause: std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "token endpoint down") })
}

#[tokio::test]
async fn a_foreign_transport_error_is_a_retried_transport_failure_with_its_causes() {
    let server = Server::start(vec![]).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let client =
        builder(&server).transport(Failing { make: refused, sent: Arc::clone(&sent) }).build().expect("client");
    let error = delete(&client).send().await.expect_err("every attempt fails");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.to_string(), "transport error: the auth refresh was refused: token endpoint down");
    assert!(error.is_retryable());
    assert_eq!(sent.load(Ordering::Relaxed), 4, "retried like a connection failure");
    assert!(server.requests().is_empty(), "the transport sent nothing");
}

#[tokio::test]
async fn a_not_retryable_transport_error_returns_at_once() {
    let server = Server::start(vec![]).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let make = || Box::new(NotRetryable(refused())) as BoxError;
    let client = builder(&server).transport(Failing { make, sent: Arc::clone(&sent) }).build().expect("client");
    let error = delete(&client).send().await.expect_err("fails");
    assert_eq!(error.to_string(), "transport error: the auth refresh was refused: token endpoint down");
    assert!(!error.is_retryable());
    assert_eq!(sent.load(Ordering::Relaxed), 1, "not retried");
    let Error::Transport(inner) = &error else { panic!("a transport error: {error:?}") };
    let wrapped = inner.downcast_ref::<NotRetryable>().expect("the transport's error");
    assert!(wrapped.get_ref().is::<Refused>());
}

/// Never answers.
#[derive(Debug)]
struct Hanging {
    sent: Arc<AtomicUsize>,
}

impl Transport for Hanging {
    fn execute(&self, _request: reqwest::Request) -> TransportFuture<'_> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn the_attempt_timeout_holds_for_a_transport_that_ignores_it() {
    let server = Server::start(vec![]).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let client = builder(&server).transport(Hanging { sent: Arc::clone(&sent) }).build().expect("client");
    let limit = Duration::from_millis(30);
    let error = delete(&client)
        .timeout(limit)
        .retry(RetryPolicy { max_retries: 1, ..fast_retries() })
        .send()
        .await
        .expect_err("times out");
    assert!(matches!(error, Error::Timeout(d) if d == limit), "{error:?}");
    assert_eq!(sent.load(Ordering::Relaxed), 2, "each attempt timed out, and was retried once");
}

/// Wraps reqwest's errors in its own, keeping them as the cause.
#[derive(Debug)]
struct Wrapping(reqwest::Client);

#[derive(Debug)]
struct Wrapped(reqwest::Error);

impl fmt::Display for Wrapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the wrapping transport failed")
    }
}

impl StdError for Wrapped {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.0)
    }
}

impl Transport for Wrapping {
    fn execute(&self, request: reqwest::Request) -> TransportFuture<'_> {
        let sent = self.0.execute(request);
        Box::pin(async move { sent.await.map_err(|error| Box::new(Wrapped(error.without_url())) as BoxError) })
    }
}

#[tokio::test]
async fn a_redirect_loop_in_a_reqwest_error_under_a_foreign_one_is_not_retried() {
    let server = Server::start(vec![Reply::redirect(302, &format!("/unified/crm/opportunities/{ID}")); 20]).await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(2)).build().expect("reqwest");
    let client = builder(&server).transport(Wrapping(http)).build().expect("client");
    let error = delete(&client).send().await.expect_err("too many redirects");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!error.is_retryable());
    let shown = error.to_string();
    assert!(shown.starts_with("transport error: the wrapping transport failed: "), "{shown}");
    assert!(shown.contains("too many redirects"), "{shown}");
    assert_eq!(server.requests().len(), 3, "the request and two redirects, once");
}

#[tokio::test]
async fn a_connection_failure_is_retried_and_shows_its_causes() {
    // A port that was free a moment ago: nothing listens there any more.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let attempts = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&attempts);
    let client = Client::builder(TOKEN)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy { max_retries: 2, ..fast_retries() })
        .on_retry(move |event| {
            assert_eq!(event.reason, RetryReason::Transport);
            count.fetch_add(1, Ordering::Relaxed);
        })
        .build()
        .expect("client");
    let error = delete(&client).send().await;
    let error = error.expect_err("connection refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(attempts.load(Ordering::Relaxed), 2);
    let shown = error.to_string();
    assert!(shown.to_lowercase().contains("refused"), "the cause is shown: {shown}");
    for secret in [TOKEN, ACCOUNT, ID] {
        assert!(!shown.contains(secret) && !format!("{error:?}").contains(secret), "`{secret}` in {error:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Tracing
// ---------------------------------------------------------------------------------------------

/// A global `tracing` subscriber that keeps the spans and events of the threads that asked for
/// them ([`capture::start`]). The tests that use it run on tokio's current-thread runtime, so
/// the client's futures are polled on the test's thread.
///
/// A global subscriber rather than a scoped one (`set_default`): tracing caches whether a
/// callsite is enabled, and a callsite first hit on another test's thread, with no scoped
/// subscriber there, could be cached as disabled.
mod capture {
    use std::cell::RefCell;
    use std::fmt;
    use std::sync::Once;
    use std::sync::atomic::{AtomicU64, Ordering};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::subscriber::Interest;
    use tracing::{Level, Metadata, Subscriber};

    /// A span: its id, name and fields.
    #[derive(Debug, Clone)]
    pub struct Span {
        pub id: u64,
        pub name: String,
        pub fields: Vec<(String, String)>,
    }

    impl Span {
        pub fn field(&self, name: &str) -> Option<&str> {
            self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
        }
    }

    /// An event: its level, fields (`message` among them) and the span it happened in.
    #[derive(Debug, Clone)]
    pub struct Seen {
        pub level: Level,
        pub fields: Vec<(String, String)>,
        pub span: Option<u64>,
    }

    impl Seen {
        pub fn field(&self, name: &str) -> Option<&str> {
            self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
        }
    }

    /// What one thread captured.
    #[derive(Debug, Default)]
    pub struct Captured {
        pub spans: Vec<Span>,
        pub events: Vec<Seen>,
        entered: Vec<u64>,
    }

    impl Captured {
        /// Everything recorded, as one text, to look for what must not be there.
        pub fn text(&self) -> String {
            format!("{:?}{:?}", self.spans, self.events)
        }
    }

    thread_local! {
        static CAPTURED: RefCell<Option<Captured>> = const { RefCell::new(None) };
    }

    /// Captures this thread's spans and events until [`Guard::finish`].
    pub fn start() -> Guard {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            tracing::subscriber::set_global_default(Capture { next: AtomicU64::new(1) }).expect("the only subscriber");
        });
        CAPTURED.with(|c| *c.borrow_mut() = Some(Captured::default()));
        Guard
    }

    /// Capturing on this thread; stops when dropped.
    pub struct Guard;

    impl Guard {
        /// What was captured.
        pub fn finish(self) -> Captured {
            CAPTURED.with(|c| c.borrow_mut().take()).unwrap_or_default()
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            CAPTURED.with(|c| c.borrow_mut().take());
        }
    }

    fn with(f: impl FnOnce(&mut Captured)) {
        CAPTURED.with(|c| {
            if let Some(captured) = c.borrow_mut().as_mut() {
                f(captured);
            }
        });
    }

    struct Fields<'a>(&'a mut Vec<(String, String)>);

    impl Visit for Fields<'_> {
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.push((field.name().to_owned(), value.to_owned()));
        }

        fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
            self.0.push((field.name().to_owned(), format!("{value:?}")));
        }
    }

    struct Capture {
        next: AtomicU64,
    }

    impl Subscriber for Capture {
        fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
            Interest::always()
        }

        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }

        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let id = self.next.fetch_add(1, Ordering::Relaxed);
            with(|c| {
                let mut fields = Vec::new();
                span.record(&mut Fields(&mut fields));
                c.spans.push(Span { id, name: span.metadata().name().to_owned(), fields });
            });
            Id::from_u64(id)
        }

        fn record(&self, span: &Id, values: &Record<'_>) {
            with(|c| {
                if let Some(span) = c.spans.iter_mut().find(|s| s.id == span.into_u64()) {
                    values.record(&mut Fields(&mut span.fields));
                }
            });
        }

        fn record_follows_from(&self, _: &Id, _: &Id) {}

        fn event(&self, event: &tracing::Event<'_>) {
            with(|c| {
                let mut fields = Vec::new();
                event.record(&mut Fields(&mut fields));
                let span = match event.parent() {
                    Some(parent) => Some(parent.into_u64()),
                    None if event.is_contextual() => c.entered.last().copied(),
                    None => None,
                };
                c.events.push(Seen { level: *event.metadata().level(), fields, span });
            });
        }

        fn enter(&self, span: &Id) {
            with(|c| c.entered.push(span.into_u64()));
        }

        fn exit(&self, span: &Id) {
            with(|c| {
                if let Some(at) = c.entered.iter().rposition(|&id| id == span.into_u64()) {
                    c.entered.remove(at);
                }
            });
        }
    }
}

#[tokio::test]
async fn a_call_is_traced_as_a_span_with_an_event_per_attempt_and_retry() {
    let capture = capture::start();
    let slow = deleted().delay(Duration::from_millis(2_000));
    let server = Server::start(vec![slow, unavailable().header("retry-after", "0"), deleted()]).await;
    let client = client(&server);
    delete(&client).timeout(Duration::from_millis(50)).send().await.expect("the third attempt succeeds");
    let captured = capture.finish();
    assert_eq!(server.requests().len(), 3);

    let calls: Vec<_> = captured.spans.iter().filter(|s| s.name == "truto.call").collect();
    assert_eq!(calls.len(), 1, "one span per call: {:#?}", captured.spans);
    let span = calls[0];
    assert_eq!(span.field("http.request.method"), Some("DELETE"));
    assert_eq!(span.field("url.template"), Some("/unified/crm/opportunities/{id}"));
    assert_eq!(span.field("truto.api"), Some("crm"));
    assert_eq!(span.field("truto.resource"), Some("opportunities"));
    assert_eq!(span.field("truto.operation"), Some("delete"));

    let ours: Vec<_> = captured.events.iter().filter(|e| e.span == Some(span.id)).collect();
    let attempts: Vec<_> = ours.iter().filter(|e| e.field("message") == Some("attempt")).collect();
    let retries: Vec<_> = ours.iter().filter(|e| e.field("message") == Some("retry")).collect();
    assert_eq!(attempts.len(), 3, "{ours:#?}");
    assert_eq!(retries.len(), 2, "{ours:#?}");

    assert_eq!(attempts[0].field("attempt"), Some("1"));
    assert_eq!(attempts[0].field("error.type"), Some("timeout"));
    assert_eq!(attempts[0].field("error"), Some("timed out after 50ms"));
    assert_eq!(attempts[1].field("http.response.status_code"), Some("503"));
    assert_eq!(attempts[2].field("http.response.status_code"), Some("200"));
    assert_eq!(attempts[2].field("attempt"), Some("3"));
    for attempt in &attempts {
        assert_eq!(attempt.level, tracing::Level::DEBUG);
        let latency: f64 = attempt.field("latency_ms").expect("a latency").parse().expect("a number");
        assert!(latency >= 0.0);
    }
    let first_latency = attempts[0].field("latency_ms").and_then(|l| l.parse::<f64>().ok());
    assert!(first_latency.is_some_and(|l| l >= 50.0), "the timed-out attempt took its 50 ms: {first_latency:?}");

    assert_eq!(retries[0].field("reason"), Some("timeout"));
    assert_eq!(retries[0].field("attempt"), Some("1"));
    assert!(retries[0].field("wait_ms").is_some());
    assert_eq!(retries[1].field("reason"), Some("status 503"));
    assert_eq!(retries[1].field("attempt"), Some("2"));
    assert_eq!(retries[1].field("wait_ms"), Some("0.0"), "the Retry-After: 0");
    assert!(retries.iter().all(|r| r.level == tracing::Level::INFO));

    // Nothing captured (hyper's own events included) shows the token or the URI.
    let text = captured.text();
    for secret in [TOKEN, ACCOUNT, ID, "integrated_account_id"] {
        assert!(!text.contains(secret), "`{secret}` in the trace: {text}");
    }
    let ours = format!("{span:?}{attempts:?}{retries:?}");
    assert!(!ours.contains("127.0.0.1"), "the address in our trace: {ours}");
}

#[tokio::test]
async fn a_failed_attempt_is_traced_with_its_error_and_no_uri() {
    let capture = capture::start();
    let garbage = Reply::raw(b"this is not HTTP\r\n\r\n".to_vec());
    let server = Server::start(vec![garbage]).await;
    let client = client(&server);
    let error = delete(&client).no_retry().send().await;
    let captured = capture.finish();
    assert!(matches!(error, Err(Error::Transport(_))), "{error:?}");

    let attempts: Vec<_> = captured.events.iter().filter(|e| e.field("message") == Some("attempt")).collect();
    assert_eq!(attempts.len(), 1, "{:#?}", captured.events);
    assert_eq!(attempts[0].field("error.type"), Some("transport"));
    assert!(attempts[0].field("error").is_some_and(|e| e.starts_with("transport error: ")), "{attempts:?}");
    assert!(captured.events.iter().all(|e| e.field("message") != Some("retry")));
    let text = captured.text();
    for secret in [TOKEN, ACCOUNT, ID, "integrated_account_id"] {
        assert!(!text.contains(secret), "`{secret}` in the trace: {text}");
    }
    assert!(!format!("{attempts:?}").contains("127.0.0.1"), "the address in our trace: {attempts:?}");
}
