//! Untyped calls: any unified API, resource and method, and Truto's proxy API, sent like the
//! typed calls (the same retries, idempotency keys, timeouts, errors and per-call options).

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;

use http::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::execute::Sending;
use super::options::{CallOptions, Settings, call_option_setters};
use super::{ByteStream, CallInfo, Client, pages};
use crate::Error;
use crate::capabilities::Capabilities;
use crate::request::{self, Page};
use crate::untyped::{
    self, Custom, Decoder, Json, List, Operation, ProxyApi, Record, Returning, Streamed, Target, UnifiedApi,
    UnifiedFormat, UntypedRequest, WithDebug,
};

impl Client {
    /// A unified resource reached without a typed model: `client.unified("crm", "contacts")`.
    /// Its calls return `serde_json::Value`, or any type named with `.returning::<T>()`.
    ///
    /// Use the generated crate's typed calls where its schema describes the endpoint; this
    /// reaches every other unified API, resource and method.
    pub fn unified(&self, api: impl Into<String>, resource: impl Into<String>) -> UntypedResource<UnifiedApi> {
        UntypedResource::new(self, Target::Unified { api: api.into(), resource: resource.into() })
    }

    /// A resource of Truto's proxy API (`/proxy/{resource}`): the provider's own data,
    /// untransformed, through the connected account.
    pub fn proxy(&self, resource: impl Into<String>) -> UntypedResource<ProxyApi> {
        UntypedResource::new(self, Target::Proxy { resource: resource.into() })
    }
}

/// An untyped resource: unified ([`Client::unified`]) or proxy ([`Client::proxy`]). Each method
/// gives a call to set up and send.
///
/// ```no_run
/// # async fn run() -> Result<(), truto_unified_runtime::Error> {
/// use futures_util::TryStreamExt;
/// use serde_json::json;
///
/// let client = truto_unified_runtime::Client::new("my-api-token");
/// let contacts = client.unified("crm", "contacts").integrated_account_id("62f4");
/// let all: Vec<serde_json::Value> = contacts.list().query("limit", 100).items().try_collect().await?;
/// let created = contacts.create(json!({"first_name": "Ada"})).send().await?;
/// let merged = contacts.custom("merge", json!({"ids": ["1", "2"]})).send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct UntypedResource<A = UnifiedApi> {
    client: Client,
    target: Target,
    integrated_account_id: Option<String>,
    api: PhantomData<fn() -> A>,
}

impl<A> UntypedResource<A> {
    fn new(client: &Client, target: Target) -> Self {
        UntypedResource { client: client.clone(), target, integrated_account_id: None, api: PhantomData }
    }

    /// Sets `integrated_account_id` on every call made from here on (a call can still set
    /// its own).
    pub fn integrated_account_id(mut self, id: impl Into<String>) -> Self {
        self.integrated_account_id = Some(id.into());
        self
    }

    /// What the calls are addressed to.
    pub fn target(&self) -> &Target {
        &self.target
    }

    fn call<D>(&self, operation: Operation) -> UntypedCall<D, A> {
        let mut request = UntypedRequest::new(self.target.clone(), operation);
        if let Some(id) = &self.integrated_account_id {
            request.set_integrated_account_id(id.clone());
        }
        UntypedCall::new(self.client.clone(), request)
    }

    fn call_with<D>(&self, operation: Operation, body: impl Serialize) -> UntypedCall<D, A> {
        let mut call = self.call(operation);
        call.request.set_body(body);
        call
    }

    /// `GET` one page of records; `.pages()` and `.items()` fetch them all by cursor.
    pub fn list(&self) -> UntypedCall<List, A> {
        self.call(Operation::List)
    }

    /// `GET` the record `id` (percent-encoded as one path segment).
    pub fn get(&self, id: impl Into<String>) -> UntypedCall<Record, A> {
        self.call(Operation::Get(id.into()))
    }

    /// `POST` a new record: `body` is any `Serialize` (a `serde_json::Value`, your struct).
    pub fn create(&self, body: impl Serialize) -> UntypedCall<Record, A> {
        self.call_with(Operation::Create, body)
    }

    /// `PATCH` the record `id` with `body`.
    pub fn update(&self, id: impl Into<String>, body: impl Serialize) -> UntypedCall<Record, A> {
        self.call_with(Operation::Update(id.into()), body)
    }

    /// `DELETE` the record `id`. Truto answers the record, `{ "id": ... }` or nothing (`null`).
    pub fn delete(&self, id: impl Into<String>) -> UntypedCall<Record, A> {
        self.call(Operation::Delete(id.into()))
    }

    /// The custom method `name` (`merge`, `batch-delete`, `search`, ...): `POST
    /// .../{resource}/{name}` with `body` (`()` sends none). `.method(..)` on the call sends it
    /// with another HTTP method. The answer is any JSON (Truto wraps it: `{ "result": ... }`).
    pub fn custom(&self, name: impl Into<String>, body: impl Serialize) -> UntypedCall<Custom, A> {
        self.call_with(Operation::custom(name), body)
    }
}

/// One untyped call, ready to send: `D` decodes the answer (see [`crate::untyped`]: a
/// [`Record`], a [`List`] page, a [`Custom`] answer, [`Json`] for `raw` and `normalized`,
/// [`WithDebug`], or [`Streamed`] bytes) into `serde_json::Value` unless `.returning::<T>()`
/// names another type; `A` is [`UnifiedApi`] or [`ProxyApi`].
///
/// Set the query with `.integrated_account_id(..)`, `.query(name, value)` or
/// `.query_object(..)` (encoded like every typed query), the format with `.raw()`,
/// `.normalized()`, `.debug()` or `.stream()` (unified calls), the per-call options with
/// `.header(..)`, `.timeout(..)`, `.total_timeout(..)`, `.retry(..)`, `.no_retry()`; then
/// `.send()`. `.build()` gives the exact `http::Request` without sending it.
pub struct UntypedCall<D = Record, A = UnifiedApi> {
    client: Client,
    request: UntypedRequest,
    idempotency_key: Option<String>,
    options: CallOptions,
    decoder: PhantomData<fn() -> (D, A)>,
}

impl<D, A> fmt::Debug for UntypedCall<D, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UntypedCall")
            .field("client", &self.client)
            .field("request", &self.request)
            .field("idempotency_key", &self.idempotency_key)
            .field("options", &self.options)
            .field("decoder", &std::any::type_name::<D>())
            .finish()
    }
}

impl<D, A> Clone for UntypedCall<D, A> {
    fn clone(&self) -> Self {
        UntypedCall {
            client: self.client.clone(),
            request: self.request.clone(),
            idempotency_key: self.idempotency_key.clone(),
            options: self.options.clone(),
            decoder: PhantomData,
        }
    }
}

impl<D, A> UntypedCall<D, A> {
    fn new(client: Client, request: UntypedRequest) -> Self {
        UntypedCall { client, request, idempotency_key: None, options: CallOptions::default(), decoder: PhantomData }
    }

    fn retype<G>(self) -> UntypedCall<G, A> {
        UntypedCall {
            client: self.client,
            request: self.request,
            idempotency_key: self.idempotency_key,
            options: self.options,
            decoder: PhantomData,
        }
    }

    /// The sans-IO request.
    pub fn request(&self) -> &UntypedRequest {
        &self.request
    }

    /// The sans-IO request, to change it. How the answer is decoded stays this call's: ask
    /// for another format with `.raw()`, `.normalized()`, `.debug()` or `.stream()`, not with
    /// [`UntypedRequest::set_format`].
    pub fn request_mut(&mut self) -> &mut UntypedRequest {
        &mut self.request
    }

    /// Sets `integrated_account_id`, which every unified and proxy call needs.
    pub fn integrated_account_id(mut self, id: impl Into<String>) -> Self {
        self.request.set_integrated_account_id(id);
        self
    }

    /// Sets the query parameter `name` (replacing any value it had): scalars as they are,
    /// objects and arrays in Truto's brackets (`remote_query[foo]=bar`, `fields[]=a`); `null`
    /// leaves it out. A value that cannot be serialized fails the call when it is built.
    pub fn query(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        self.request.set_query(name, value);
        self
    }

    /// Sets every field of `query` (a struct or map that serializes to a JSON object) as a
    /// query parameter; anything but an object fails the call when it is built.
    pub fn query_object(mut self, query: impl Serialize) -> Self {
        self.request.merge_query(query);
        self
    }

    /// Uses this `Idempotency-Key` instead of a generated one. An empty key is no key: the
    /// call fails when it is built.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    call_option_setters!();

    /// Decodes the answer into `T` instead of `serde_json::Value`: records into `T`, a list's
    /// records into `T` (`Page<T>`), the debug envelope's result into `T`.
    pub fn returning<T>(self) -> UntypedCall<D::Decoder, A>
    where
        D: Returning<T>,
    {
        self.retype()
    }

    /// The HTTP request this call sends (its `Idempotency-Key` only if one was set).
    pub fn build(&self) -> Result<http::Request<Vec<u8>>, Error> {
        self.client.http_request(self.built()?)
    }

    /// [`UntypedCall::build`], before it is an `http::Request`.
    fn built(&self) -> Result<request::Built, Error> {
        let mut built = self.request.built(self.client.base_url())?;
        self.client.sign(&mut built.headers, self.idempotency_key.as_deref(), &self.options)?;
        Ok(built)
    }

    /// The request as it goes out, with an idempotency key on mutations (one for every
    /// attempt: a retried mutation is replayed, not repeated).
    fn prepare(mut self) -> Result<(Client, request::Built, Settings), Error> {
        self.idempotency_key = self.client.idempotency_key(&self.request.method(), self.idempotency_key.take());
        let built = self.built()?;
        let settings = self.client.settings(&self.options);
        Ok((self.client, built, settings))
    }
}

impl<D: Decoder, A> UntypedCall<D, A> {
    /// Sends the request and decodes the answer (retrying as the client's or the call's
    /// policy says; an error status is [`Error::Api`]).
    pub async fn send(self) -> Result<D::Output, Error> {
        Ok(self.send_with_headers().await?.value)
    }

    /// Like [`UntypedCall::send`], keeping the status and headers beside the decoded body.
    pub async fn send_with_headers(self) -> Result<request::Response<D::Output>, Error> {
        let method = self.request.method();
        let call = CallInfo::of_untyped(&self.request);
        let (client, request, settings) = self.prepare()?;
        let (status, headers, body) = Sending { client, request, settings, call }.execute_buffered().await?;
        let value = untyped::decode_response::<D>(&method, status, &headers, &body)?;
        Ok(request::Response { status, headers, value })
    }
}

impl<A> UntypedCall<Streamed, A> {
    /// Sends the request and returns the body as a stream of bytes. Retries apply until the
    /// response head arrives; the total timeout covers that part. An error status is
    /// [`Error::Api`].
    pub async fn send(self) -> Result<ByteStream, Error> {
        let call = CallInfo::of_untyped(&self.request);
        let (client, request, settings) = self.prepare()?;
        super::stream::receive_stream(Sending { client, request, settings, call }).await
    }
}

impl<D: UnifiedFormat> UntypedCall<D, UnifiedApi> {
    /// Asks for the provider's raw response (`truto_response_format=raw`), as JSON.
    pub fn raw(mut self) -> UntypedCall<Json, UnifiedApi> {
        self.request.set_format(<request::Raw as request::Format>::VALUE);
        self.retype()
    }

    /// Asks for the normalized format, as JSON.
    pub fn normalized(mut self) -> UntypedCall<Json, UnifiedApi> {
        self.request.set_format(<request::Normalized as request::Format>::VALUE);
        self.retype()
    }

    /// Asks for the debug format: the unified result with Truto's debug information.
    pub fn debug(mut self) -> UntypedCall<WithDebug<D>, UnifiedApi> {
        self.request.set_format(<request::DebugFormat as request::Format>::VALUE);
        self.retype()
    }

    /// Asks for the stream format: the body as bytes.
    pub fn stream(mut self) -> UntypedCall<Streamed, UnifiedApi> {
        self.request.set_format(<request::Stream as request::Format>::VALUE);
        self.retype()
    }
}

impl<D> UntypedCall<D, UnifiedApi> {
    /// Checks, before anything is sent, that `capabilities` (fetched with
    /// [`Client::capabilities`]) offer this call's method on its resource; fails with
    /// [`Error::NotOffered`] when they do not. See [`crate::capabilities`] for the matching.
    pub fn check_offered(self, capabilities: &Capabilities) -> Result<Self, Error> {
        let operation = self.request.operation().name();
        match self.request.target() {
            Target::Unified { api, resource } if !capabilities.offers(api, resource, operation) => {
                Err(Error::NotOffered { resource: format!("{api}/{resource}"), method: operation.to_owned() })
            }
            _ => Ok(self),
        }
    }
}

impl<T, A> UntypedCall<Custom<T>, A> {
    /// Sends the custom method with this HTTP method instead of `POST`.
    pub fn method(mut self, method: Method) -> Self {
        self.request.set_custom_method(method);
        self
    }
}

impl<T: DeserializeOwned + Send + 'static, A: 'static> UntypedCall<List<T>, A> {
    /// The most pages [`UntypedCall::pages`] and [`UntypedCall::items`] fetch, as for typed
    /// lists: after that many, a list that names a next page ends with [`Error::PageLimit`].
    /// No limit by default; `0` reads as `1`.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.options.set_max_pages(pages);
        self
    }

    /// Every page, fetched one after another by cursor (`next_cursor`), as typed lists do.
    /// Ends on a null or empty cursor; a cursor seen among the last 1024 ends it with
    /// [`Error::RepeatedCursor`] instead of looping, a page past
    /// [`UntypedCall::max_pages`] with [`Error::PageLimit`].
    pub fn pages(self) -> impl futures_util::Stream<Item = Result<Page<T>, Error>> + 'static {
        pages::pages(self)
    }

    /// Every record of every page. A record that did not decode (not an object, or not a
    /// `T`) comes as [`Error::InvalidRecord`] in its place and the stream goes on.
    pub fn items(self) -> impl futures_util::Stream<Item = Result<T, Error>> + 'static {
        pages::items(self)
    }
}

impl<T: DeserializeOwned, A> pages::Paged for UntypedCall<List<T>, A> {
    type Page = Page<T>;

    fn following(&self) -> Self {
        UntypedCall { idempotency_key: None, ..self.clone() }
    }

    fn set_cursor(&mut self, cursor: String) {
        self.request.set_next_cursor(Some(cursor));
    }

    fn max_pages(&self) -> Option<usize> {
        self.options.max_pages()
    }

    fn fetch(self) -> impl Future<Output = Result<Page<T>, Error>> {
        self.send()
    }
}
