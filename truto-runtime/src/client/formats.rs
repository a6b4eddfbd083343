//! The response-format typestate: how each format's answer is received, and the switches from
//! `unified` to the formats an endpoint allows.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::call::Outgoing;
use super::execute::Fetched;
use super::{ByteStream, Call};
use crate::Error;
use crate::request::{
    self, Allows, DebugFormat, Decode, Endpoint, Format, Keyed, KeyedPage, ListEndpoint, Normalized, Raw, Unified,
};

/// How a format's response is received: whole and decoded, or as a stream.
pub trait Receive<E: Endpoint>: Format + Sized {
    /// What `send` returns.
    type Output;
    /// Sends the call (or reports why it could not be built) and receives the response.
    #[doc(hidden)]
    fn receive(outgoing: Result<Outgoing, Error>) -> impl Future<Output = Result<Self::Output, Error>> + Send;
}

/// A decoded format's answer: the fetch, one future type for every endpoint, then `F`'s
/// decoding, the one part of sending generic over the endpoint.
pub struct Decoding<E, F> {
    fetch: Pin<Box<dyn Future<Output = Fetched> + Send>>,
    format: PhantomData<fn() -> (E, F)>,
}

impl<E, F> Decoding<E, F> {
    fn new(outgoing: Result<Outgoing, Error>) -> Self {
        Decoding { fetch: Outgoing::fetch_boxed(outgoing), format: PhantomData }
    }
}

impl<E: Endpoint, F: Decode<E>> Future for Decoding<E, F> {
    type Output = Result<F::Output, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.fetch.as_mut().poll(cx).map(|fetched| {
            let (status, headers, body) = fetched?;
            request::decode_response::<E, F>(status, &headers, &body)
        })
    }
}

/// The formats whose answer is read whole and decoded: `Output` is what [`Decode`] gives.
macro_rules! receive_decoded {
    ($($format:ty),*) => {$(
        impl<E: Endpoint> Receive<E> for $format {
            type Output = <$format as Decode<E>>::Output;
            fn receive(
                outgoing: Result<Outgoing, Error>,
            ) -> impl Future<Output = Result<Self::Output, Error>> + Send {
                Decoding::<E, Self>::new(outgoing)
            }
        }
    )*};
}

receive_decoded!(Unified, Raw, Normalized, DebugFormat);

impl<E: Endpoint> Receive<E> for request::Stream {
    type Output = ByteStream;
    /// The body is read as it arrives. Retries apply until the response head arrives; the
    /// total timeout covers that part.
    fn receive(outgoing: Result<Outgoing, Error>) -> impl Future<Output = Result<ByteStream, Error>> + Send {
        stream(outgoing)
    }
}

async fn stream(outgoing: Result<Outgoing, Error>) -> Result<ByteStream, Error> {
    outgoing?.stream().await
}

impl<E: ListEndpoint> Receive<E> for Keyed {
    type Output = KeyedPage<E::Item>;
    fn receive(outgoing: Result<Outgoing, Error>) -> impl Future<Output = Result<Self::Output, Error>> + Send {
        Decoding::<E, Self>::new(outgoing)
    }
}

impl<E: Endpoint + Allows<Raw>> Call<E, Unified> {
    /// Asks for the provider's raw response (`truto_response_format=raw`), as JSON.
    pub fn raw(self) -> Call<E, Raw> {
        self.with_format()
    }
}

impl<E: Endpoint + Allows<Normalized>> Call<E, Unified> {
    /// Asks for the normalized format, as JSON.
    pub fn normalized(self) -> Call<E, Normalized> {
        self.with_format()
    }
}

impl<E: Endpoint + Allows<DebugFormat>> Call<E, Unified> {
    /// Asks for the debug format: the unified result with Truto's debug information.
    pub fn debug(self) -> Call<E, DebugFormat> {
        self.with_format()
    }
}

impl<E: Endpoint + Allows<request::Stream>> Call<E, Unified> {
    /// Asks for the stream format: the body as bytes.
    pub fn stream(self) -> Call<E, request::Stream> {
        self.with_format()
    }
}
