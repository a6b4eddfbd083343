//! Reading a response body whole: within the client's size limit, counted on the bytes as
//! they come out of decompression, so that a small compressed body that expands past the limit
//! (a decompression bomb) is an error before it is held, and never an allocation of its size.

use std::future::Future;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, StatusCode};

use super::execute::timeout_or_transport;
use crate::Error;

/// The default of [`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size).
pub const DEFAULT_MAX_BODY_SIZE: usize = 128 * 1024 * 1024;

/// The whole body of `response`, at most `limit` bytes (after decompression); past that,
/// [`Error::BodyTooLarge`] and nothing kept. A failure to read is a transport error (a timeout
/// while `attempt_timeout` is set), retried as any other.
pub(super) fn read(
    response: &mut reqwest::Response,
    limit: Option<usize>,
    attempt_timeout: Option<Duration>,
) -> impl Future<Output = Result<Bytes, Error>> + '_ {
    let status = response.status();
    let limit = limit.unwrap_or(usize::MAX);
    let announced = response.content_length().map(|length| usize::try_from(length).unwrap_or(usize::MAX));
    // A plain function returning a block that uses what it captures in place: an `async fn`
    // would keep its arguments twice in the future (see `execute::Sending`).
    async move {
        // A length announced past the limit is refused before a byte is read.
        if announced.is_some_and(|length| length > limit) {
            return Err(Error::BodyTooLarge { status, limit });
        }
        let mut body = Received::Nothing;
        while let Some(chunk) = response.chunk().await.map_err(|e| timeout_or_transport(e, attempt_timeout))? {
            if chunk.len() > limit - body.len() {
                return Err(Error::BodyTooLarge { status, limit });
            }
            body.push(chunk, announced);
        }
        Ok(body.into_bytes())
    }
}

/// The chunks so far: one is kept as it came (no copy), more are joined into one buffer.
enum Received {
    Nothing,
    One(Bytes),
    Joined(BytesMut),
}

impl Received {
    fn len(&self) -> usize {
        match self {
            Received::Nothing => 0,
            Received::One(bytes) => bytes.len(),
            Received::Joined(bytes) => bytes.len(),
        }
    }

    fn push(&mut self, chunk: Bytes, announced: Option<usize>) {
        match self {
            Received::Nothing => *self = Received::One(chunk),
            Received::One(first) => {
                let mut joined = BytesMut::with_capacity(announced.unwrap_or(0).max(first.len() + chunk.len()));
                joined.extend_from_slice(first);
                joined.extend_from_slice(&chunk);
                *self = Received::Joined(joined);
            }
            Received::Joined(joined) => joined.extend_from_slice(&chunk),
        }
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Received::Nothing => Bytes::new(),
            Received::One(bytes) => bytes,
            Received::Joined(bytes) => bytes.freeze(),
        }
    }
}

/// The `Content-Encoding` of a response whose body is still encoded: the transport did not
/// decode it (compression is off, or the coding is not gzip). `identity` is no encoding.
pub(super) fn undecoded_encoding(headers: &HeaderMap) -> Option<&str> {
    let encoding = headers.get(http::header::CONTENT_ENCODING)?;
    let encoding = encoding.to_str().unwrap_or("(not text)").trim();
    (!encoding.eq_ignore_ascii_case("identity")).then_some(encoding)
}

/// [`Error::Decode`] for a success whose body the client cannot read: still encoded.
pub(super) fn encoded_body_error(status: StatusCode, encoding: &str, body: &[u8]) -> Error {
    crate::decode::decode_error(
        status,
        format_args!(
            "the body is encoded (`Content-Encoding: {encoding}`) and was not decoded: the client decodes gzip \
             when it asks for it (`ClientBuilder::gzip`, on by default), and no other encoding"
        ),
        body,
    )
}
