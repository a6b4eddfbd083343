//! A response body read as it arrives: the `stream` format.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};

use super::body;
use super::execute::{Sending, read_head, timeout_or_transport};
use crate::{ApiError, Error};

/// Sends the request (retrying until an answer's head arrives) and leaves the body of a
/// success to be streamed.
pub(super) async fn receive_stream(sending: Sending) -> Result<ByteStream, Error> {
    let (limit, timeout) = (sending.client.config.max_body_size, sending.settings.attempt_timeout);
    let mut response = sending.execute(read_head).await?;
    let status = response.status();
    if !status.is_success() {
        // An error's body is read whole, so within the client's limit; a success's is the
        // caller's to read, as much as it wants.
        let headers = std::mem::take(response.headers_mut());
        let body = body::read(&mut response, limit, timeout).await?;
        return Err(Error::Api(Box::new(ApiError::from_parts(status, headers, &body))));
    }
    let stream = response.bytes_stream().map_err(move |e| timeout_or_transport(e, timeout));
    Ok(ByteStream(Box::pin(stream)))
}

/// A response body as a stream of bytes.
pub struct ByteStream(Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>);

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}
