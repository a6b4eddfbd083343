//! The response-format typestate: how each format's answer is received, and the switches from
//! `unified` to the formats an endpoint allows.

use std::future::Future;

use super::options::Settings;
use super::stream::receive_stream;
use super::{ByteStream, Call, CallInfo, Client};
use crate::Error;
use crate::request::{
    self, Allows, DebugFormat, Decode, Endpoint, Format, Keyed, KeyedPage, ListEndpoint, Normalized, Raw, Unified,
};

/// How a format's response is received: whole and decoded, or as a stream.
pub trait Receive<E: Endpoint>: Format + Sized {
    /// What `send` returns.
    type Output;
    /// Sends `request` through `client` with `settings` and receives the response.
    #[doc(hidden)]
    fn receive(
        client: &Client,
        request: http::Request<Vec<u8>>,
        settings: Settings,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send;
}

async fn receive_decoded<E: Endpoint, F: Decode<E>>(
    client: &Client,
    request: http::Request<Vec<u8>>,
    settings: Settings,
) -> Result<F::Output, Error> {
    let call = CallInfo::of::<E>();
    let (status, headers, body) = client.execute_buffered(request, &settings, &call).await?;
    request::decode_response::<E, F>(status, &headers, &body)
}

/// The formats whose answer is read whole and decoded: `Output` is what [`Decode`] gives.
macro_rules! receive_decoded {
    ($($format:ty),*) => {$(
        impl<E: Endpoint> Receive<E> for $format {
            type Output = <$format as Decode<E>>::Output;
            fn receive(
                client: &Client,
                request: http::Request<Vec<u8>>,
                settings: Settings,
            ) -> impl Future<Output = Result<Self::Output, Error>> + Send {
                receive_decoded::<E, Self>(client, request, settings)
            }
        }
    )*};
}

receive_decoded!(Unified, Raw, Normalized, DebugFormat);

impl<E: Endpoint> Receive<E> for request::Stream {
    type Output = ByteStream;
    /// The body is read as it arrives. Retries apply until the response head arrives; the
    /// total timeout covers that part.
    fn receive(
        client: &Client,
        request: http::Request<Vec<u8>>,
        settings: Settings,
    ) -> impl Future<Output = Result<ByteStream, Error>> + Send {
        receive_stream(client, request, settings, CallInfo::of::<E>())
    }
}

impl<E: ListEndpoint> Receive<E> for Keyed {
    type Output = KeyedPage<E::Item>;
    fn receive(
        client: &Client,
        request: http::Request<Vec<u8>>,
        settings: Settings,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send {
        receive_decoded::<E, Self>(client, request, settings)
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
