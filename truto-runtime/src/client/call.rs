//! A typed call: one endpoint request with its client, checks and per-call options, sent in
//! one response format. The calls of lists (pages, keys) are in `lists`.

use std::marker::PhantomData;

use super::options::{CallOptions, Settings, call_option_setters};
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
        if let Some(integration) = self.check_for {
            crate::check::check_against(&self.request, integration).into_result()?;
        }
        let runtime_query = self.options.runtime_query();
        let mut http = request::build_request_with::<E, F>(&self.request, self.client.base_url(), &runtime_query)?;
        self.client.sign(&mut http, self.idempotency_key.as_deref(), &self.options)?;
        Ok(http)
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
    fn prepare(mut self) -> Result<(Client, http::Request<Vec<u8>>, Settings), Error> {
        self.idempotency_key = self.client.idempotency_key(&E::METHOD, self.idempotency_key.take());
        let http = self.build()?;
        let settings = self.client.settings(&self.options);
        Ok((self.client, http, settings))
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
    /// [`ByteStream`](super::ByteStream) for `stream`.
    pub async fn send(self) -> Result<F::Output, Error> {
        let (client, http, settings) = self.prepare()?;
        F::receive(&client, http, settings).await
    }
}

impl<E: Endpoint, F: Decode<E>> Call<E, F> {
    /// Like [`Call::send`], keeping the status and headers (rate limits, the provider's
    /// headers) beside the decoded body.
    pub async fn send_with_headers(self) -> Result<request::Response<F::Output>, Error> {
        let (client, http, settings) = self.prepare()?;
        let call = CallInfo::of::<E>();
        let (status, headers, body) = client.execute_buffered(http, &settings, &call).await?;
        let value = request::decode_response::<E, F>(status, &headers, &body)?;
        Ok(request::Response { status, headers, value })
    }
}
