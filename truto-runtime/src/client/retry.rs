//! The retry policy: when and how often a call is retried, and how long it waits.

use std::time::Duration;

use http::StatusCode;

/// When and how often to retry.
///
/// Retried: 408, 425, 429, 502, 503 and 504 responses, connection failures, attempt timeouts
/// and bodies that stall or are cut short. Never: 400, 401, 403, 404, 405, 409, 422, 500 and
/// other errors, nor a redirect loop. Mutating requests carry an `Idempotency-Key`, so retrying
/// them is safe.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 switches retrying off).
    pub max_retries: u32,
    /// The first backoff; each retry doubles it.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
    /// Whether to randomise each backoff ("full jitter") so clients do not retry in step.
    pub jitter: bool,
    /// The longest `Retry-After` honoured, in seconds or as an HTTP date alike; a longer one is
    /// not waited for (the error returns at once).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            jitter: true,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..Self::default() }
    }

    pub(super) fn backoff(&self, retry: u32) -> Duration {
        let exponential = self.initial_backoff.saturating_mul(2u32.saturating_pow(retry)).min(self.max_backoff);
        if self.jitter { exponential.mul_f64(fastrand::f64()) } else { exponential }
    }
}

/// Whether a status is worth retrying: 408, 425, 429, 502, 503 and 504.
pub fn is_retryable(status: StatusCode) -> bool {
    crate::error::is_retryable_status(status)
}
