//! The retry loop: each attempt sent through the transport and read within its timeout, and
//! retried by the policy, with the hooks and traces told.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use futures_util::FutureExt;
use futures_util::future::Either;
use http::{HeaderMap, StatusCode};

use super::options::Settings;
use super::{BoxError, CallInfo, Client, IDEMPOTENCY_KEY, RateLimited, RetryEvent, RetryReason, is_retryable};
use super::{body, trace, transport};
use crate::Error;
use crate::request;

/// What a call's attempts own, moved into its future once. The future reads them in place:
/// a value an async block moves out of a captured variable takes a second place in its state
/// (rust-lang/rust#62958), and the future of every call is moved into a box, so its size is
/// paid for on every call (an allocation past the allocator's small sizes costs most).
pub(super) struct Sending {
    pub(super) client: Client,
    pub(super) request: request::Built,
    pub(super) settings: Settings,
    pub(super) call: CallInfo,
}

impl Sending {
    /// Sends the request, retrying on retryable statuses and transport failures, and receives
    /// the final response with `read`, all within the call's total timeout and in its span.
    /// Reading (the whole body, for decoded formats) is part of each attempt, so a body that
    /// stalls or is cut short is retried too.
    ///
    /// This and the wrappers of the attempts are plain functions returning combinators, not
    /// `async fn`s: an `async fn` awaiting a future it was given keeps that future twice in its
    /// state, so each layer would double the size of the future every call moves.
    pub(super) fn execute<T, Read>(
        self,
        read: impl Fn(reqwest::Response) -> Read,
    ) -> impl Future<Output = Result<T, Error>>
    where
        Read: Future<Output = Result<T, Error>>,
    {
        let Sending { client, request, settings, call } = self;
        let outbound = match transport::Outbound::new(request, client.config.origin.as_ref()) {
            Ok(outbound) => outbound,
            Err(error) => return Either::Right(std::future::ready(Err(error))),
        };
        let total_timeout = settings.total_timeout;
        let span = trace::CallSpan::of(&call);
        Either::Left(within_total_timeout(
            total_timeout,
            span.instrument(attempts(client, outbound, settings, call, read)),
        ))
    }

    /// [`Sending::execute`] reading the whole body.
    pub(super) fn execute_buffered(self) -> impl Future<Output = Fetched> {
        let (limit, timeout) = (self.client.config.max_body_size, self.settings.attempt_timeout);
        self.execute(move |response| read_whole(response, limit, timeout))
    }
}

/// A whole answer: status, headers and body.
pub(super) type Fetched = Result<(StatusCode, HeaderMap, Bytes), Error>;

/// The attempts of [`Sending::execute`]. Everything the future holds is read in place (see
/// [`Sending`]); the request is copied for each attempt but the last, which sends it.
fn attempts<T, Read>(
    client: Client,
    request: transport::Outbound,
    settings: Settings,
    call: CallInfo,
    read: impl Fn(reqwest::Response) -> Read,
) -> impl Future<Output = Result<T, Error>>
where
    Read: Future<Output = Result<T, Error>>,
{
    // Without an idempotency key a retried mutation could be applied twice: send it once.
    let max_retries = if request::is_mutating(request.method()) && !request.headers().contains_key(IDEMPOTENCY_KEY) {
        0
    } else {
        settings.retry.max_retries
    };
    let mut request = Some(request);
    async move {
        let policy = &settings.retry;
        let mut retry: u32 = 0;
        'attempts: loop {
            let attempt = retry.saturating_add(1);
            let clock = trace::Clock::start();
            let outbound = if retry < max_retries { request.clone() } else { request.take() };
            let outbound = outbound.ok_or_else(|| Error::Build("the request cannot be sent again".to_owned()))?;
            // The transport is told the attempt timeout and, unless it is the client's own
            // reqwest client (which keeps it, body included), held to it in case it ignores it.
            let deadline = settings
                .attempt_timeout
                .filter(|_| !client.config.sender.is_own())
                .map(|limit| (tokio::time::Instant::now() + limit, limit));
            // Each value below is moved on, never borrowed here: a borrowed local keeps its
            // place in the future across later awaits (see `Sending`).
            let failure = 'attempt: {
                let response =
                    match within(deadline, client.config.sender.send(client.attempt(outbound, &settings))).await {
                        Ok(Ok(response)) => response,
                        Ok(Err(error)) => break 'attempt transport_error(error, settings.attempt_timeout),
                        Err(timeout) => break 'attempt timeout,
                    };
                let (response, status) = match client.on_head(response, &call, retry, policy, retry < max_retries) {
                    Head::Read { response, status } => (response, status),
                    Head::Retry { status, wait } => {
                        // Retried: the body of this answer is not needed.
                        trace::answered(attempt, status, &clock);
                        client.before_retry(&call, attempt, wait, RetryReason::Status(status));
                        tokio::time::sleep(wait).await;
                        retry += 1;
                        continue 'attempts;
                    }
                };
                match within(deadline, read(response)).await {
                    Ok(Ok(received)) => {
                        trace::answered(attempt, status, &clock);
                        return Ok(received);
                    }
                    Ok(Err(error)) | Err(error) => error,
                }
            };
            trace::failed(attempt, &failure, &clock);
            if !(failure.is_retryable() && retry < max_retries) {
                return Err(failure);
            }
            let wait = policy.backoff(retry);
            let reason = match failure {
                Error::Timeout(_) => RetryReason::Timeout,
                _ => RetryReason::Transport,
            };
            client.before_retry(&call, attempt, wait, reason);
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }
}

/// What becomes of an answer once its head has arrived.
enum Head {
    /// Its body is read: it is the call's answer, or its failure is retried as one.
    Read { response: reqwest::Response, status: StatusCode },
    /// Sent again after `wait`, for its retryable `status`.
    Retry { status: StatusCode, wait: Duration },
}

impl Client {
    /// Whether the answer to attempt `retry + 1` is read, or retried for its status: when
    /// `may_retry` (a retry is left), the status is retryable and its `Retry-After`, if any,
    /// asks for no longer a wait than the policy allows; after that wait, or the policy's
    /// backoff without one. A `429` is told to the hooks either way.
    fn on_head(
        &self,
        response: reqwest::Response,
        call: &CallInfo,
        retry: u32,
        policy: &super::RetryPolicy,
        may_retry: bool,
    ) -> Head {
        let (status, attempt) = (response.status(), retry.saturating_add(1));
        let wait = if may_retry && is_retryable(status) {
            match request::retry_after(response.headers()) {
                Some(after) if after > policy.max_retry_after => None,
                Some(after) => Some(after),
                None => Some(policy.backoff(retry)),
            }
        } else {
            None
        };
        if status == StatusCode::TOO_MANY_REQUESTS {
            self.config.hooks.rate_limited(&RateLimited {
                call,
                attempt,
                status,
                retry_after: request::retry_after(response.headers()),
                rate_limit: request::RateLimit::from_headers(response.headers()),
                will_retry: wait.is_some(),
            });
        }
        match wait {
            Some(wait) => Head::Retry { status, wait },
            None => Head::Read { response, status },
        }
    }

    /// One attempt's request, with what its transport is not told otherwise: the attempt
    /// timeout and the headers every request carries (see [`super::Config::headers`]). The
    /// client's own reqwest client has both, unless the call sets its own timeout.
    fn attempt(&self, outbound: transport::Outbound, settings: &Settings) -> reqwest::Request {
        let mut sent = outbound.into_request();
        let own = self.config.sender.is_own();
        if !own {
            request::add_missing(sent.headers_mut(), &self.config.headers);
        }
        if !(own && settings.attempt_timeout == self.config.settings.attempt_timeout) {
            *sent.timeout_mut() = settings.attempt_timeout;
        }
        sent
    }

    /// Tells the hooks and the trace that `attempt` is retried after `wait`.
    fn before_retry(&self, call: &CallInfo, attempt: u32, wait: Duration, reason: RetryReason) {
        trace::retry(attempt, wait, reason);
        self.config.hooks.retry(&RetryEvent { call, attempt, wait, reason });
    }
}

/// `work`, unless `deadline` passes first: then [`Error::Timeout`] with its limit. The timer
/// is boxed: only a transport's attempts have one, and inline it would make every call's
/// future larger.
fn within<W: Future>(
    deadline: Option<(tokio::time::Instant, Duration)>,
    work: W,
) -> impl Future<Output = Result<W::Output, Error>> {
    match deadline {
        Some((at, limit)) => Either::Left(
            Box::pin(tokio::time::timeout_at(at, work)).map(move |done| done.map_err(|_| Error::Timeout(limit))),
        ),
        None => Either::Right(work.map(Ok)),
    }
}

/// `work`, unless the call's total timeout passes first: then [`Error::Timeout`]. The timer is
/// boxed, as in [`within`]: few calls have one.
fn within_total_timeout<T, W>(total: Option<Duration>, work: W) -> impl Future<Output = Result<T, Error>>
where
    W: Future<Output = Result<T, Error>>,
{
    match total {
        Some(total) => Either::Left(
            Box::pin(tokio::time::timeout(total, work)).map(move |done| done.unwrap_or(Err(Error::Timeout(total)))),
        ),
        None => Either::Right(work),
    }
}

/// The status, headers and whole body of a response, at most `limit` bytes of it; a success
/// whose body is still encoded is an error (see [`body::undecoded_encoding`]). The response
/// keeps its headers until the body is read, so that the future holds them once.
#[expect(clippy::manual_async_fn, reason = "an `async fn` would keep the response twice in its future")]
fn read_whole(
    mut response: reqwest::Response,
    limit: Option<usize>,
    attempt_timeout: Option<Duration>,
) -> impl Future<Output = Fetched> {
    async move {
        let body = body::read(&mut response, limit, attempt_timeout).await?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        match body::undecoded_encoding(&headers) {
            Some(encoding) if status.is_success() => Err(body::encoded_body_error(status, encoding, &body)),
            _ => Ok((status, headers, body)),
        }
    }
}

/// A response whose body is left to be streamed.
pub(super) fn read_head(response: reqwest::Response) -> std::future::Ready<Result<reqwest::Response, Error>> {
    std::future::ready(Ok(response))
}

/// A transport failure as the call's error. A reqwest timeout while an attempt timeout is set
/// is [`Error::Timeout`] with that limit; any other failure, including a timeout without one
/// (set on a user's reqwest client, whose length we cannot know), is [`Error::Transport`]. A
/// reqwest error loses its URL, which holds the query.
fn transport_error(error: BoxError, attempt_timeout: Option<Duration>) -> Error {
    let error = match error.downcast::<reqwest::Error>() {
        Ok(error) => Box::new(error.without_url()) as BoxError,
        Err(error) => error,
    };
    match attempt_timeout {
        Some(limit) if transport::is_reqwest_timeout(error.as_ref()) => Error::Timeout(limit),
        _ => Error::Transport(error),
    }
}

/// [`transport_error`] of a failure reading a body.
pub(super) fn timeout_or_transport(error: reqwest::Error, attempt_timeout: Option<Duration>) -> Error {
    transport_error(Box::new(error), attempt_timeout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::untyped::{Operation, UntypedRequest};

    /// Every call moves its future into a box (`Outgoing::fetch_boxed`). Up to 1,032 bytes
    /// glibc's `malloc` serves that from its per-thread cache; past it, from its bins, which
    /// took 900 instructions more per call (callgrind, a typed GET). The wrappers (total
    /// timeout, span) and the attempts' own timer add nothing inline but a tag.
    #[test]
    fn a_calls_future_is_a_small_allocation() {
        let client = Client::builder("token").build().expect("a client");
        let sending = || Sending {
            client: client.clone(),
            request: request::Built::new(http::Method::GET, "http://127.0.0.1:9/".to_owned(), None),
            settings: client.settings(&Default::default()),
            call: CallInfo::of_untyped(&UntypedRequest::unified("crm", "contacts", Operation::Get("1".into()))),
        };
        let whole = std::mem::size_of_val(&sending().execute_buffered());
        assert!(whole <= 1024, "a call's future is {whole} bytes");
    }
}
