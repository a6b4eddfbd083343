//! A typed call: one endpoint request with its client, checks and per-call options, sent in
//! one response format. The calls of lists (pages, keys) are in `lists`.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use super::execute::{Fetched, Sending};
use super::options::{CallOptions, call_option_setters};
use super::{CallInfo, Client, Receive};
use crate::Error;
use crate::request::{self, Decode, Endpoint, Format, Unified, WithQuery};
use crate::support::IntegrationRef;

/// One call of an endpoint in response format `F`, ready to send.
///
/// Set parameters with the generated setters (e.g. `.integrated_account_id(..)`, from the
/// generated crate's prelude), pick another format with `.raw()`, `.normalized()`, `.debug()`
/// or `.stream()` where the endpoint allows it, then `.send()`. `.build()` gives the exact
/// `http::Request` without sending it. A call owns a clone of its client, so it is `'static`:
/// `tokio::spawn(call.send())` works.
#[derive(Debug)]
pub struct Call<E, F = Unified> {
    pub(super) client: Client,
    pub(super) request: E,
    pub(super) idempotency_key: Option<String>,
    pub(super) check_for: Option<IntegrationRef>,
    pub(super) options: CallOptions,
    pub(super) format: PhantomData<F>,
}

impl<E: Endpoint, F: Format> Call<E, F> {
    /// The typed request.
    pub fn request(&self) -> &E {
        &self.request
    }

    /// The typed request, to change it.
    pub fn request_mut(&mut self) -> &mut E {
        &mut self.request
    }

    /// Changes the typed request.
    pub fn map(mut self, change: impl FnOnce(E) -> E) -> Self {
        self.request = change(self.request);
        self
    }

    /// Uses this `Idempotency-Key` instead of a generated one. An empty key is no key: the
    /// call fails when it is built.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Checks the request against what `integration` supports before sending it; a failing
    /// check returns [`Error::Check`] and nothing is sent.
    pub fn check_for(mut self, integration: E::Integration) -> Self {
        self.check_for = Some(IntegrationRef::of(integration));
        self
    }

    call_option_setters!();

    pub(super) fn with_format<G: Format>(self) -> Call<E, G> {
        Call {
            client: self.client,
            request: self.request,
            idempotency_key: self.idempotency_key,
            check_for: self.check_for,
            options: self.options,
            format: PhantomData,
        }
    }

    /// The HTTP request this call sends (its `Idempotency-Key` only if one was set).
    pub fn build(&self) -> Result<http::Request<Vec<u8>>, Error> {
        let typed = Typed::of(&self.request, self.check_for);
        typed.checked?;
        let built = self.client.assemble(typed.parts, F::VALUE, self.idempotency_key.as_deref(), &self.options)?;
        self.client.http_request(built)
    }

    /// The same call again (its request, checks and options) with no idempotency key: the
    /// call of a list's next page.
    pub(super) fn again(&self) -> Self {
        Call {
            client: self.client.clone(),
            request: self.request.clone(),
            idempotency_key: None,
            check_for: self.check_for,
            options: self.options.clone(),
            format: PhantomData,
        }
    }

    /// The request as it goes out: checked, built, with an idempotency key on mutations.
    fn prepare(self) -> Result<Outgoing, Error> {
        let typed = Typed::of(&self.request, self.check_for);
        let Call { client, idempotency_key, options, .. } = self;
        Outgoing::new(client, typed, F::VALUE, idempotency_key, options)
    }
}

/// What sending takes from a typed call's endpoint, the only step generic over it (and not
/// over the format): its parts, its pre-flight check's outcome and what hooks see of it.
struct Typed {
    parts: request::Parts,
    checked: Result<(), Error>,
    call: CallInfo,
}

impl Typed {
    fn of<E: Endpoint>(request: &E, check_for: Option<IntegrationRef>) -> Typed {
        let parts = request.request_parts();
        let checked = match check_for {
            Some(integration) => {
                // The checks read the query as JSON (`null` if it cannot be serialized: building
                // reports that).
                let query = request::query_value(request).unwrap_or(serde_json::Value::Null);
                let body = parts.body_value();
                crate::check::check_values(E::SUPPORT, &query, &body, integration).into_result().map(drop)
            }
            None => Ok(()),
        };
        Typed { parts, checked, call: CallInfo::of::<E>() }
    }
}

/// A call ready to go, nothing generic left in it: what the generic calls hand to the code
/// that sends, retries and reads, which is compiled once, in this crate, for every endpoint.
#[doc(hidden)]
pub struct Outgoing(Sending);

impl std::fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outgoing").field("request", &self.0.request).field("call", &self.0.call).finish_non_exhaustive()
    }
}

impl Outgoing {
    /// A typed call's request, checked, with an idempotency key on mutations (the one given,
    /// or a new one when the client makes them).
    fn new(
        client: Client,
        typed: Typed,
        format: Option<&'static str>,
        idempotency_key: Option<String>,
        options: CallOptions,
    ) -> Result<Outgoing, Error> {
        typed.checked?;
        let idempotency_key = client.idempotency_key(typed.parts.method(), idempotency_key);
        let request = client.assemble(typed.parts, format, idempotency_key.as_deref(), &options)?;
        let settings = client.settings(&options);
        Ok(Outgoing(Sending { client, request, settings, call: typed.call }))
    }

    /// [`Outgoing::fetch`] of a call that may have failed to build, boxed: one future type for
    /// every endpoint, so that what is generic over one (see [`super::formats`]) stays small.
    pub(super) fn fetch_boxed(outgoing: Result<Outgoing, Error>) -> Pin<Box<dyn Future<Output = Fetched> + Send>> {
        match outgoing {
            Ok(outgoing) => Box::pin(outgoing.fetch()),
            Err(error) => Box::pin(std::future::ready(Err(error))),
        }
    }

    /// Sends the request (retrying as its settings say) and reads the whole answer.
    pub(super) fn fetch(self) -> impl Future<Output = Fetched> + Send {
        self.0.execute_buffered()
    }

    /// Sends the request (retrying until an answer's head arrives) and leaves its body to be
    /// streamed.
    pub(super) async fn stream(self) -> Result<super::ByteStream, Error> {
        super::stream::receive_stream(self.0).await
    }
}

impl Client {
    /// A typed call's request from its parts: built against this client's base URL (checked
    /// when the client was built), with the call's own query parameters, the format and what
    /// every call carries (see [`Client::sign`]).
    fn assemble(
        &self,
        parts: request::Parts,
        format: Option<&'static str>,
        idempotency_key: Option<&str>,
        options: &CallOptions,
    ) -> Result<request::Built, Error> {
        let mut built = parts.into_built(self.base_url(), &options.runtime_query(), format)?;
        self.sign(&mut built.headers, idempotency_key, options)?;
        Ok(built)
    }
}

impl<E: Endpoint, F> WithQuery for Call<E, F> {
    type Query = E::Query;
    fn query_mut(&mut self) -> &mut E::Query {
        self.request.query_mut()
    }
}

impl<E: Endpoint, F: Receive<E>> Call<E, F> {
    /// Sends the request and returns the response in format `F`: the typed model for
    /// `unified`, JSON for `raw` and `normalized`, the envelope for `debug`, a
    /// [`ByteStream`](super::ByteStream) for `stream`. The request is built when `send` is
    /// called; a problem building it is the future's error.
    pub fn send(self) -> impl Future<Output = Result<F::Output, Error>> + Send {
        F::receive(self.prepare())
    }
}

impl<E: Endpoint, F: Decode<E>> Call<E, F> {
    /// Like [`Call::send`], keeping the status and headers (rate limits, the provider's
    /// headers) beside the decoded body.
    pub fn send_with_headers(self) -> impl Future<Output = Result<request::Response<F::Output>, Error>> + Send {
        let outgoing = self.prepare();
        async move {
            let (status, headers, body) = outgoing?.fetch().await?;
            let value = request::decode_response::<E, F>(status, &headers, &body)?;
            Ok(request::Response { status, headers, value })
        }
    }
}
