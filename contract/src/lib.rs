//! The contract test's harness: a generated crate's typed calls sent to a Prism mock server of
//! the crate's `openapi.json`, each checked against what Prism says of the request and against
//! what the client makes of Prism's answer.
//!
//! `.ci/prism-mock.cjs` (started by `.ci/run`) serves each crate's export twice:
//!
//! - as it is, under `/{crate}`: each request, built exactly as the client builds it
//!   ([`Call::build`]), is sent there; Prism must answer 2xx with no `sl-violations` (its
//!   findings about the request, and about its own answer);
//! - once per response format, under `/{crate}/{format}`, with the 200 narrowed to the shape
//!   the export says that format gives (OpenAPI cannot key a response on a query parameter, so
//!   Prism alone would pick any of the shapes). Each call is sent there ([`Call::send`]): it
//!   must come back decoded, and written back as JSON be what Prism sent. It is sent again with
//!   `Prefer: code=400`, which Prism answers from the export's 4XX: the client must read every
//!   field of Truto's error body. A delete is sent with `Prefer: code=204` too: the client must
//!   take the export's 204 as a success.
//!
//! Every query key the client sends must be a parameter the export declares (Prism validates
//! the parameters it knows and ignores the others). [`Contract::finish`] then checks that the
//! cases covered every endpoint of the crate and every operation of the export, in every format
//! each allows. The cases are generated (each generated crate's `tests/contract/cases.rs`), so
//! that none is forgotten when endpoints are added.

mod compare;
mod export;
mod recorder;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::TryStreamExt;
use serde::Serialize;
use truto_unified_runtime::request::{Endpoint, Format, OperationKind, Stream};
use truto_unified_runtime::{
    ApiErrorBody, ByteStream, Call, Client, Error, Receive, RetryPolicy, TrutoError, http_client_builder, reqwest,
    support,
};

use export::{Case, Export};
use recorder::{Exchange, Recorder};

/// The environment variable that holds the mock server's URL (`http://127.0.0.1:PORT`).
pub const PRISM_URL: &str = "TRUTO_PRISM_URL";

/// The token the client signs with; the mock wants one, any one.
const TOKEN: &str = "contract-test-token";

/// One case's run, boxed (see [`Contract::decoded`]).
pub type CaseRun<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>;

/// The contract test of one generated crate: run its cases, then [`Contract::finish`].
pub struct Contract {
    /// Where the mock serves the export as it is: `{prism}/{crate}`.
    base: String,
    export: Export,
    http: reqwest::Client,
    recorder: Recorder,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
    clients: BTreeMap<&'static str, Client>,
    covered: BTreeSet<Case<'static>>,
    requests: usize,
    failures: Vec<String>,
}

impl Contract {
    /// The contract of the crate whose export, read from `export`, the mock serves under
    /// `/{mount}`. Panics without [`PRISM_URL`]: the test must not pass by checking nothing.
    pub fn new(mount: &str, export: &Path) -> Contract {
        let prism = std::env::var(PRISM_URL).unwrap_or_else(|_| {
            panic!("{PRISM_URL} is not set: start the mock server with .ci/prism-mock.cjs (see .ci/run)")
        });
        let http = http_client_builder().build().expect("a reqwest client for 127.0.0.1 builds");
        let (recorder, exchanges) = Recorder::new(http.clone());
        Contract {
            base: format!("{}/{mount}", prism.trim_end_matches('/')),
            export: Export::read(export),
            http,
            recorder,
            exchanges,
            clients: BTreeMap::new(),
            covered: BTreeSet::new(),
            requests: 0,
            failures: Vec::new(),
        }
    }

    /// A call in a format the client decodes: its request must pass, and its answer decode
    /// to what Prism sent.
    ///
    /// Boxed, as [`Contract::streamed`] is: a crate's cases await one after another in one
    /// function, which would otherwise hold every case's future in its own (and overflow a
    /// test thread's stack with a few hundred of them).
    pub fn decoded<'a, E, F>(&'a mut self, call: impl Fn(&Client) -> Call<E, F> + 'a) -> CaseRun<'a>
    where
        E: Endpoint + 'a,
        F: Receive<E> + 'a,
        F::Output: Serialize,
    {
        Box::pin(self.decoded_unboxed(call))
    }

    async fn decoded_unboxed<E, F>(&mut self, call: impl Fn(&Client) -> Call<E, F>)
    where
        E: Endpoint,
        F: Receive<E>,
        F::Output: Serialize,
    {
        let case = self.exact(&call).await;
        self.refused(case, &call).await;
        self.emptied(case, &call).await;
        let sent = call(&self.client(case.format)).send().await;
        let Some(exchange) = self.narrowed(case, Answer::Success) else { return };
        let decoded = match sent {
            Ok(decoded) => decoded,
            Err(error) => return self.fail(case, &format!("the client did not take Prism's answer: {error}")),
        };
        let mut decoded = serde_json::to_value(&decoded).expect("decoded values serialize");
        // A custom method answers `{"result": <record>}` (in `debug`, as its `result`): the
        // client hands back the record.
        if E::OPERATION == OperationKind::Custom {
            let wrap = |record: &mut serde_json::Value| *record = serde_json::json!({ "result": record.take() });
            match case.format {
                "unified" => wrap(&mut decoded),
                "debug" => wrap(&mut decoded["result"]),
                _ => {}
            }
        }
        match serde_json::from_slice(&exchange.body) {
            Ok(received) => {
                if let Some(difference) = compare::difference(&decoded, &received) {
                    self.fail(case, &format!("the client's reading differs from Prism's answer at {difference}"));
                }
            }
            Err(error) => self.fail(case, &format!("Prism's answer is not JSON: {error}")),
        }
    }

    /// A call in the `stream` format: its request must pass, and the stream must yield the
    /// body Prism sent.
    pub fn streamed<'a, E>(&'a mut self, call: impl Fn(&Client) -> Call<E, Stream> + 'a) -> CaseRun<'a>
    where
        E: Endpoint + 'a,
        Stream: Receive<E, Output = ByteStream>,
    {
        Box::pin(self.streamed_unboxed(call))
    }

    async fn streamed_unboxed<E>(&mut self, call: impl Fn(&Client) -> Call<E, Stream>)
    where
        E: Endpoint,
        Stream: Receive<E, Output = ByteStream>,
    {
        let case = self.exact(&call).await;
        self.refused(case, &call).await;
        self.emptied(case, &call).await;
        let read = match call(&self.client(case.format)).send().await {
            Ok(stream) => stream
                .try_fold(Vec::new(), |mut all, chunk| async move {
                    all.extend_from_slice(&chunk);
                    Ok(all)
                })
                .await
                .map_err(|error| format!("the stream failed: {error}")),
            Err(error) => Err(format!("the stream did not start: {error}")),
        };
        let Some(exchange) = self.narrowed(case, Answer::Success) else { return };
        match read {
            Ok(bytes) if bytes == exchange.body => {}
            Ok(bytes) => self.fail(case, &format!("read {} bytes of {}", bytes.len(), exchange.body.len())),
            Err(problem) => self.fail(case, &problem),
        }
    }

    /// Checks that the cases covered every endpoint of the crate (`endpoints`, its support
    /// data) and every operation of the export, in each format it allows, and that no check
    /// failed; panics with every problem otherwise.
    pub fn finish<I: 'static>(self, endpoints: impl IntoIterator<Item = &'static support::Endpoint<I>>) {
        let mut problems = self.failures;
        let covered: BTreeSet<Case<'_>> = self.covered.iter().copied().collect();
        let of_crate: BTreeSet<Case<'_>> = endpoints
            .into_iter()
            .flat_map(|e| e.response_formats.iter().map(|&format| Case { method: e.http_method, path: e.path, format }))
            .collect();
        for (what, expected) in [("the crate's endpoints", of_crate), ("the export's operations", self.export.cases())]
        {
            for missed in expected.difference(&covered) {
                problems.push(format!("{} {} ({}): one of {what}, no case", missed.method, missed.path, missed.format));
            }
            for extra in covered.difference(&expected) {
                problems.push(format!("{} {} ({}): a case, not one of {what}", extra.method, extra.path, extra.format));
            }
        }
        assert!(
            problems.is_empty(),
            "{} problem(s) in {} case(s) against {}:\n{}",
            problems.len(),
            covered.len(),
            self.base,
            problems.join("\n")
        );
        println!(
            "{}: {} case(s), {} request(s), every one as the export says",
            self.base,
            covered.len(),
            self.requests
        );
    }

    /// Records the case and sends its request, as the client builds it, to the export as it
    /// is.
    async fn exact<E: Endpoint, F: Format>(&mut self, call: &impl Fn(&Client) -> Call<E, F>) -> Case<'static> {
        let case =
            Case { method: E::SUPPORT.http_method, path: E::SUPPORT.path, format: F::VALUE.unwrap_or("unified") };
        self.covered.insert(case);
        let exact = self.client("");
        let request = call(&exact)
            .build()
            .map_err(|error| format!("the client did not build the request: {error}"))
            .and_then(|request| {
                reqwest::Request::try_from(request).map_err(|error| format!("reqwest refused the request: {error}"))
            });
        let exchange = match request {
            Ok(request) => Exchange::of(&self.http, request)
                .await
                .map_err(|error| format!("no answer from the mock server: {error}")),
            Err(problem) => Err(problem),
        };
        match exchange {
            Ok((exchange, _)) => self.check(case, "as exported", &exchange, Answer::Success),
            Err(problem) => self.fail(case, &problem),
        }
        case
    }

    /// The call again, Prism asked for an error (`Prefer: code=400`, which it answers from the
    /// export's 4XX): the client must read Truto's error body, every field of it.
    async fn refused<E: Endpoint, F: Receive<E>>(
        &mut self,
        case: Case<'static>,
        call: &impl Fn(&Client) -> Call<E, F>,
    ) {
        let sent = call(&self.client(case.format)).header("prefer", "code=400").send().await;
        let Some(exchange) = self.narrowed(case, Answer::Refused) else { return };
        let problem = match sent {
            Err(Error::Api(error)) => match (&error.body, serde_json::from_slice(&exchange.body)) {
                (ApiErrorBody::Json(body), Ok(received)) => compare::difference(&error_json(body), &received)
                    .map(|difference| format!("the client's reading of the error differs at {difference}")),
                (ApiErrorBody::Text(text), _) => Some(format!("the client did not read Truto's error body: {text}")),
                (_, Err(error)) => Some(format!("Prism's error is not JSON: {error}")),
            },
            Err(other) => Some(format!("a 400 came back as another error: {other}")),
            Ok(_) => Some("a 400 came back as a success".to_owned()),
        };
        if let Some(problem) = problem {
            self.fail(case, &problem);
        }
    }

    /// A delete again, Prism asked for the export's 204 (`Prefer: code=204`): the client must
    /// take an answer with no body as a success.
    async fn emptied<E: Endpoint, F: Receive<E>>(
        &mut self,
        case: Case<'static>,
        call: &impl Fn(&Client) -> Call<E, F>,
    ) {
        if E::OPERATION != OperationKind::Delete {
            return;
        }
        let sent = call(&self.client(case.format)).header("prefer", "code=204").send().await;
        if self.narrowed(case, Answer::NoContent).is_some() {
            if let Err(error) = sent {
                self.fail(case, &format!("the client did not take a 204: {error}"));
            }
        }
    }

    /// Checks the exchange of the call just sent to the export narrowed to its format.
    fn narrowed(&mut self, case: Case<'static>, answer: Answer) -> Option<Exchange> {
        let exchange = self.exchanges.lock().unwrap_or_else(PoisonError::into_inner).pop();
        match exchange {
            Some(exchange) => {
                self.check(case, "narrowed to its format", &exchange, answer);
                Some(exchange)
            }
            None => {
                self.fail(case, "nothing was sent");
                None
            }
        }
    }

    /// What Prism and the export say of one exchange: the status asked for, no violation, no
    /// query key the export does not declare.
    fn check(&mut self, case: Case<'static>, served: &str, exchange: &Exchange, answer: Answer) {
        self.requests += 1;
        if let Some(violations) = &exchange.violations {
            self.fail(case, &format!("Prism ({served}) found violations: {violations}"));
        }
        let expected = match answer {
            Answer::Success => (200..300).contains(&exchange.status),
            Answer::Refused => exchange.status == 400,
            Answer::NoContent => exchange.status == 204,
        };
        if !expected {
            let body = String::from_utf8_lossy(&exchange.body);
            self.fail(case, &format!("Prism ({served}) answered {}: {body}", exchange.status));
        }
        let keys: Vec<String> = match reqwest::Url::parse(&exchange.url) {
            Ok(url) => url.query_pairs().map(|(key, _)| key.into_owned()).collect(),
            Err(error) => return self.fail(case, &format!("the URL `{}` does not parse: {error}", exchange.url)),
        };
        for key in keys {
            match self.export.declares(case.method, case.path, &key) {
                Some(true) => {}
                Some(false) => self.fail(case, &format!("the query key `{key}` is not a parameter of the export")),
                None => return self.fail(case, "the export has no such operation"),
            }
        }
    }

    /// The client whose base URL serves the export narrowed to `format`, or as it is for `""`.
    fn client(&mut self, format: &'static str) -> Client {
        let base = if format.is_empty() { self.base.clone() } else { format!("{}/{format}", self.base) };
        let recorder = self.recorder.clone();
        self.clients
            .entry(format)
            .or_insert_with(|| {
                Client::builder(TOKEN)
                    .base_url(base)
                    .transport(recorder)
                    .retry(RetryPolicy { max_retries: 0, ..RetryPolicy::default() })
                    .build()
                    .expect("a client of 127.0.0.1 builds")
            })
            .clone()
    }

    fn fail(&mut self, case: Case<'_>, problem: &str) {
        self.failures.push(format!("{} {} ({}): {problem}", case.method, case.path, case.format));
    }
}

/// The status an exchange must have.
#[derive(Clone, Copy)]
enum Answer {
    /// A 2xx.
    Success,
    /// The 400 asked for with `Prefer: code=400`.
    Refused,
    /// The 204 asked for with `Prefer: code=204`.
    NoContent,
}

/// Truto's error body as the client read it, written back as JSON under its wire names.
fn error_json(error: &TrutoError) -> serde_json::Value {
    let insight = error.error_insight.as_ref().map(|insight| {
        let entries = insight.iter().map(|(kind, entry)| {
            (kind.clone(), serde_json::json!({"description": entry.description, "value": entry.value}))
        });
        serde_json::Value::Object(entries.collect())
    });
    serde_json::json!({
        "statusCode": error.status_code,
        "error": error.error,
        "message": error.message,
        "details": error.details,
        "truto_is_remote_error": error.is_remote_error,
        "raw_response": error.raw_response,
        "truto_error_insight": insight,
    })
}
