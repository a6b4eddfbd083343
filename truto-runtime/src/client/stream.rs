//! A response body read as it arrives: the `stream` format.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};

use super::execute::{read_head, timeout_or_transport, within_total_timeout};
use super::options::Settings;
use super::{CallInfo, Client, body};
use crate::{ApiError, Error};

pub(super) async fn receive_stream(
    client: &Client,
    request: crate::request::Built,
    settings: Settings,
    call: CallInfo,
) -> Result<ByteStream, Error> {
    let mut response = within_total_timeout(&settings, client.execute(request, &settings, &call, read_head)).await?;
    let status = response.status();
    if !status.is_success() {
        // An error's body is read whole, so within the client's limit; a success's is the
        // caller's to read, as much as it wants.
        let headers = std::mem::take(response.headers_mut());
        let body = body::read(&mut response, client.config.max_body_size, settings.attempt_timeout).await?;
        return Err(Error::Api(Box::new(ApiError::from_parts(status, headers, &body))));
    }
    let timeout = settings.attempt_timeout;
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
