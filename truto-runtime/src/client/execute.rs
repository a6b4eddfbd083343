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

impl Client {
    /// Sends a built request, retrying on retryable statuses and transport failures, and
    /// receives the final response with `read`. Reading (the whole body, for decoded formats)
    /// is part of each attempt, so a body that stalls or is cut short is retried too. `call`
    /// names the call to the hooks and in traces.
    ///
    /// This and the other wrappers of the attempts are plain functions returning combinators,
    /// not `async fn`s: an `async fn` awaiting a future it was given keeps that future twice
    /// in its state, so each layer would double the size of the future every call moves.
    pub(super) fn execute<'a, T, Read>(
        &'a self,
        request: request::Built,
        settings: &'a Settings,
        call: &'a CallInfo,
        read: impl Fn(reqwest::Response) -> Read + 'a,
    ) -> impl Future<Output = Result<T, Error>> + 'a
    where
        Read: Future<Output = Result<T, Error>> + 'a,
        T: 'a,
    {
        trace::in_call_span(call, self.attempts(request, settings, call, read))
    }

    /// The attempts of [`Client::execute`].
    async fn attempts<T, Read>(
        &self,
        request: request::Built,
        settings: &Settings,
        call: &CallInfo,
        read: impl Fn(reqwest::Response) -> Read,
    ) -> Result<T, Error>
    where
        Read: Future<Output = Result<T, Error>>,
    {
        let request = transport::Outbound::new(request, self.config.origin.as_ref())?;
        let policy = &settings.retry;
        // Without an idempotency key a retried mutation could be applied twice: send it once.
        let max_retries = if request::is_mutating(request.method()) && !request.headers().contains_key(IDEMPOTENCY_KEY)
        {
            0
        } else {
            policy.max_retries
        };
        // Each attempt but the last sends a copy; the last sends the request itself.
        let mut request = Some(request);
        let mut retry: u32 = 0;
        loop {
            let attempt = retry.saturating_add(1);
            let clock = trace::Clock::start();
            let outbound = if retry < max_retries { request.clone() } else { request.take() };
            let mut sent = outbound
                .map(transport::Outbound::into_request)
                .ok_or_else(|| Error::Build("the request cannot be sent again".to_owned()))?;
            // The client's own reqwest client has the client's attempt timeout already.
            if !(self.config.sender.is_own() && settings.attempt_timeout == self.config.settings.attempt_timeout) {
                *sent.timeout_mut() = settings.attempt_timeout;
            }
            // The transport is told the attempt timeout and, unless it is the client's own
            // reqwest client (which keeps it, body included), held to it in case it ignores it.
            let deadline = settings
                .attempt_timeout
                .filter(|_| !self.config.sender.is_own())
                .map(|limit| (tokio::time::Instant::now() + limit, limit));
            let failure = match within(deadline, self.config.sender.send(sent)).await {
                Err(timeout) => timeout,
                Ok(Err(error)) => transport_error(error, settings.attempt_timeout),
                Ok(Ok(response)) => {
                    let status = response.status();
                    let status_wait = if is_retryable(status) && retry < max_retries {
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
                            will_retry: status_wait.is_some(),
                        });
                    }
                    if let Some(wait) = status_wait {
                        // Retried: the body of this answer is not needed.
                        trace::answered(attempt, status, &clock);
                        self.before_retry(call, attempt, wait, RetryReason::Status(status));
                        tokio::time::sleep(wait).await;
                        retry += 1;
                        continue;
                    }
                    match within(deadline, read(response)).await {
                        Ok(Ok(received)) => {
                            trace::answered(attempt, status, &clock);
                            return Ok(received);
                        }
                        Ok(Err(error)) | Err(error) => error,
                    }
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
            self.before_retry(call, attempt, wait, reason);
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// Tells the hooks and the trace that `attempt` is retried after `wait`.
    fn before_retry(&self, call: &CallInfo, attempt: u32, wait: Duration, reason: RetryReason) {
        trace::retry(attempt, wait, reason);
        self.config.hooks.retry(&RetryEvent { call, attempt, wait, reason });
    }

    /// [`Client::execute`] and the whole body, within the total timeout.
    pub(super) fn execute_buffered<'a>(
        &'a self,
        request: request::Built,
        settings: &'a Settings,
        call: &'a CallInfo,
    ) -> impl Future<Output = Result<(StatusCode, HeaderMap, Bytes), Error>> + 'a {
        let (limit, timeout) = (self.config.max_body_size, settings.attempt_timeout);
        let read = move |response| read_whole(response, limit, timeout);
        within_total_timeout(settings, self.execute(request, settings, call, read))
    }
}

/// `work`, unless `deadline` passes first: then [`Error::Timeout`] with its limit.
fn within<W: Future>(
    deadline: Option<(tokio::time::Instant, Duration)>,
    work: W,
) -> impl Future<Output = Result<W::Output, Error>> {
    match deadline {
        Some((at, limit)) => {
            Either::Left(tokio::time::timeout_at(at, work).map(move |done| done.map_err(|_| Error::Timeout(limit))))
        }
        None => Either::Right(work.map(Ok)),
    }
}

/// `work`, unless the call's total timeout passes first: then [`Error::Timeout`].
pub(super) fn within_total_timeout<T, W>(settings: &Settings, work: W) -> impl Future<Output = Result<T, Error>>
where
    W: Future<Output = Result<T, Error>>,
{
    match settings.total_timeout {
        Some(total) => {
            Either::Left(tokio::time::timeout(total, work).map(move |done| done.unwrap_or(Err(Error::Timeout(total)))))
        }
        None => Either::Right(work),
    }
}

/// The status, headers and whole body of a response, at most `limit` bytes of it; a success
/// whose body is still encoded is an error (see [`body::undecoded_encoding`]).
async fn read_whole(
    mut response: reqwest::Response,
    limit: Option<usize>,
    attempt_timeout: Option<Duration>,
) -> Result<(StatusCode, HeaderMap, Bytes), Error> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = body::read(&mut response, limit, attempt_timeout).await?;
    match body::undecoded_encoding(&headers) {
        Some(encoding) if status.is_success() => Err(body::encoded_body_error(status, encoding, &body)),
        _ => Ok((status, headers, body)),
    }
}

/// A response whose body is left to be streamed.
pub(super) async fn read_head(response: reqwest::Response) -> Result<reqwest::Response, Error> {
    Ok(response)
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

    /// Every call moves its fetch future into a box: with each wrapper an `async fn` that
    /// future was 6.7 KB (each layer kept the future it awaited twice); as combinators it is
    /// the attempts' size and a little more.
    #[test]
    fn the_fetch_future_is_not_inflated_by_its_wrappers() {
        let client = Client::builder("token").build().expect("a client");
        let settings = client.settings(&Default::default());
        let call = CallInfo::of_untyped(&UntypedRequest::unified("crm", "contacts", Operation::Get("1".into())));
        let request = || request::Built::new(http::Method::GET, "http://127.0.0.1:9/".to_owned(), None);
        let read = |response| read_whole(response, None, None);
        let attempts = std::mem::size_of_val(&client.attempts(request(), &settings, &call, read));
        let whole = std::mem::size_of_val(&client.execute_buffered(request(), &settings, &call));
        assert!(whole < attempts + 512, "the fetch future is {whole} bytes, its attempts {attempts}");
    }
}
