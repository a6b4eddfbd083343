//! The client's `tracing` output (feature `tracing`): a span per call, an event per attempt
//! and one per retry. Without the feature every function here is empty and inlined away.
//!
//! What is recorded comes from [`CallInfo`] (method, path template, API, resource,
//! operation), statuses, times and error messages: never the URI, so never the token, a query
//! value or a path parameter. Field names follow OpenTelemetry's where it has one.
//!
//! - span `truto.call` (INFO): `http.request.method`, `url.template`, `truto.api`,
//!   `truto.resource`, `truto.operation`;
//! - event `attempt` (DEBUG), per attempt: `attempt` (from 1), `http.response.status_code` or
//!   `error.type` (`timeout` or `transport`) and `error`, and `latency_ms` (to the response
//!   head, or to the end of the body when the body is read);
//! - event `retry` (INFO), before each retry's wait: `attempt` (the one that failed),
//!   `wait_ms`, `reason`.

use std::time::Duration;

use http::StatusCode;

use super::hooks::{CallInfo, RetryReason};
use crate::Error;

/// The start of an attempt, when its latency is traced.
pub(super) struct Clock {
    #[cfg(feature = "tracing")]
    started: std::time::Instant,
}

impl Clock {
    #[inline]
    pub(super) fn start() -> Self {
        Clock {
            #[cfg(feature = "tracing")]
            started: std::time::Instant::now(),
        }
    }
}

/// The span of one call (nothing without the feature).
pub(super) struct CallSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl CallSpan {
    /// The span of a call described by `call`.
    #[inline]
    pub(super) fn of(call: &CallInfo) -> Self {
        #[cfg(not(feature = "tracing"))]
        let _ = call;
        CallSpan {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                "truto.call",
                http.request.method = %call.method,
                url.template = call.path_template.as_deref(),
                truto.api = call.api.as_deref(),
                truto.resource = call.resource.as_deref(),
                truto.operation = call.operation.as_deref(),
            ),
        }
    }

    /// `work` inside the span.
    #[cfg(feature = "tracing")]
    #[inline]
    pub(super) fn instrument<F: std::future::Future>(self, work: F) -> impl std::future::Future<Output = F::Output> {
        tracing::Instrument::instrument(work, self.span)
    }

    /// `work` as it is.
    #[cfg(not(feature = "tracing"))]
    #[inline(always)]
    pub(super) fn instrument<F: std::future::Future>(self, work: F) -> F {
        work
    }
}

#[cfg(feature = "tracing")]
fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// An attempt got a response with `status`.
#[inline]
pub(super) fn answered(attempt: u32, status: StatusCode, clock: &Clock) {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        attempt,
        http.response.status_code = status.as_u16(),
        latency_ms = millis(clock.started.elapsed()),
        "attempt"
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (attempt, status, clock);
}

/// An attempt failed without a response (or while its body was read).
#[inline]
pub(super) fn failed(attempt: u32, error: &Error, clock: &Clock) {
    #[cfg(feature = "tracing")]
    {
        let kind = match error {
            Error::Timeout(_) => "timeout",
            _ => "transport",
        };
        tracing::debug!(
            attempt,
            error.type = kind,
            error = %error,
            latency_ms = millis(clock.started.elapsed()),
            "attempt"
        );
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (attempt, error, clock);
}

/// The call is sent again after `wait`.
#[inline]
pub(super) fn retry(attempt: u32, wait: Duration, reason: RetryReason) {
    #[cfg(feature = "tracing")]
    tracing::info!(attempt, wait_ms = millis(wait), reason = %reason, "retry");
    #[cfg(not(feature = "tracing"))]
    let _ = (attempt, wait, reason);
}
