//! Fetching capabilities, and checking a typed call against them before it is sent.

use std::borrow::Cow;

use serde::Serialize;

use super::execute::Sending;
use super::options::{CallOptions, call_option_setters};
use super::{Call, CallInfo, Client};
use crate::Error;
use crate::capabilities::{self, Capabilities, CapabilitiesRequest, Subject};
use crate::request::{self, Endpoint};

impl Client {
    /// What one connected account offers: `GET /integrated-account/{id}/capabilities`.
    /// Check a call against the answer with `check_offered` before sending it.
    pub fn capabilities(&self, integrated_account_id: impl Into<String>) -> CapabilitiesCall {
        CapabilitiesCall::new(self, CapabilitiesRequest::account(integrated_account_id))
    }

    /// What one integration offers in general: `GET /integration/{slug}/capabilities`.
    pub fn integration_capabilities(&self, slug: impl Into<String>) -> CapabilitiesCall {
        CapabilitiesCall::new(self, CapabilitiesRequest::integration(slug))
    }
}

/// A call of the capabilities endpoint, ready to send; it answers [`Capabilities`].
///
/// ```no_run
/// # async fn run(account: &str) -> Result<(), truto_unified_runtime::Error> {
/// let client = truto_unified_runtime::Client::new("my-api-token");
/// let offered = client.capabilities(account).send().await?;
/// if offered.offers("crm", "contacts", "merge") {
///     // ...
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct CapabilitiesCall {
    client: Client,
    request: CapabilitiesRequest,
    options: CallOptions,
}

impl CapabilitiesCall {
    fn new(client: &Client, request: CapabilitiesRequest) -> Self {
        CapabilitiesCall { client: client.clone(), request, options: CallOptions::default() }
    }

    /// The sans-IO request.
    pub fn request(&self) -> &CapabilitiesRequest {
        &self.request
    }

    /// Sets a query parameter: Truto's filters `type` (`unified`, `proxy`, `all`), `resource`
    /// and `methods`.
    pub fn query(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        self.request.set_query(name, value);
        self
    }

    call_option_setters!();

    /// The HTTP request this call sends.
    pub fn build(&self) -> Result<http::Request<Vec<u8>>, Error> {
        self.client.http_request(self.built()?)
    }

    /// [`CapabilitiesCall::build`], before it is an `http::Request`.
    fn built(&self) -> Result<crate::request::Built, Error> {
        let mut built = self.request.built(self.client.base_url())?;
        self.client.sign(&mut built.headers, None, &self.options)?;
        Ok(built)
    }

    /// Sends the request and decodes the answer (leniently; a body that is not a JSON object
    /// is [`Error::Decode`]).
    pub async fn send(self) -> Result<Capabilities, Error> {
        Ok(self.send_with_headers().await?.value)
    }

    /// Like [`CapabilitiesCall::send`], keeping the status and headers.
    pub async fn send_with_headers(self) -> Result<request::Response<Capabilities>, Error> {
        let http = self.built()?;
        let settings = self.client.settings(&self.options);
        let path_template = match self.request.subject() {
            Subject::Account(_) => "/integrated-account/{id}/capabilities",
            Subject::Integration(_) => "/integration/{slug}/capabilities",
        };
        let call = CallInfo {
            method: http::Method::GET,
            api: None,
            resource: None,
            operation: Some(Cow::Borrowed("capabilities")),
            path_template: Some(Cow::Borrowed(path_template)),
        };
        let sending = Sending { client: self.client, request: http, settings, call };
        let (status, headers, body) = sending.execute_buffered().await?;
        let value = capabilities::decode_response(status, &headers, &body)?;
        Ok(request::Response { status, headers, value })
    }
}

impl<E: Endpoint, F> Call<E, F> {
    /// Checks, before anything is sent, that `capabilities` (fetched with
    /// [`Client::capabilities`] for the account this call is for) offer the endpoint's method
    /// on its resource; fails with [`Error::NotOffered`] when they do not. The endpoint is
    /// named by its support data (`E::SUPPORT`: `api`, `resource`, and `operation` or a custom
    /// endpoint's name); see [`crate::capabilities`] for the matching.
    ///
    /// Where [`Call::check_for`] checks the request against what the docs say an
    /// integration supports, this checks it against what one connected account offers.
    pub fn check_offered(self, capabilities: &Capabilities) -> Result<Self, Error> {
        let support = E::SUPPORT;
        if capabilities.offers_endpoint(support) {
            Ok(self)
        } else {
            Err(Error::NotOffered {
                resource: format!("{}/{}", support.api, support.resource),
                method: capabilities::endpoint_method(support).to_owned(),
            })
        }
    }
}
