//! What sends the client's requests: a `reqwest::Client` by default, or any [`Transport`].

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures_util::FutureExt;
use futures_util::future::Either;

use crate::Error;

/// An error of any kind, as a [`Transport`] returns it.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// What [`Transport::execute`] returns: the response, or why there is none.
pub type TransportFuture<'a> = Pin<Box<dyn Future<Output = Result<reqwest::Response, BoxError>> + Send + 'a>>;

/// Sends one HTTP request and returns its response: the layer under the client's retries,
/// timeouts and decoding, for plugging in middleware (auth refresh, caching, metrics) or
/// another HTTP stack. Set it with
/// [`ClientBuilder::transport`](super::ClientBuilder::transport); the default is a
/// `reqwest::Client` that follows no redirects.
///
/// The client calls it once per attempt with a request that is ready to go: its URL, the
/// `Authorization` header with the token, the body, and its attempt timeout in
/// [`reqwest::Request::timeout`]. A `reqwest::Client` honours that timeout for the whole
/// exchange, body included; the client also enforces it itself around `execute` and the reading
/// of a decoded body, so a transport that ignores it is still bounded (a streamed body, read
/// later, is bounded only by the transport).
///
/// # How errors are retried
///
/// An error is a transport failure ([`Error::Transport`](crate::Error::Transport), or
/// [`Error::Timeout`](crate::Error::Timeout) for a reqwest timeout while an attempt timeout is
/// set). Whether it is retried is decided by the first of these found in the error and its
/// [`source`](StdError::source) chain:
///
/// - a [`NotRetryable`]: not retried (for a transport's own failures that sending again cannot
///   mend, such as an auth refresh that was refused);
/// - a [`reqwest::Error`]: retried, unless it is a redirect error (too many redirects) or a
///   builder error (a request reqwest cannot send), as with the default transport;
/// - neither: retried, like a connection failure. A transport that retries on its own should
///   return its final failures as [`NotRetryable`], or the two retry loops multiply.
///
/// [`Error::is_retryable`](crate::Error::is_retryable) gives the same answer for the error the
/// call returns. A `reqwest::Error` at the top of the error has its URL (and with it any query
/// value) removed; a transport's own errors are shown as they are, so they should not carry the
/// URL or the token either.
///
/// # Adapting reqwest-middleware
///
/// A `reqwest_middleware::ClientWithMiddleware` plugs in through a small newtype (this crate
/// does not depend on reqwest-middleware, so it cannot implement the trait for it). Return a
/// `reqwest::Error` as it is, so that it is classified as above, and a middleware's own error
/// as a boxed error:
///
/// ```text
/// use truto_unified_runtime::{BoxError, Client, Transport, TransportFuture};
///
/// #[derive(Debug)]
/// struct Middleware(reqwest_middleware::ClientWithMiddleware);
///
/// impl Transport for Middleware {
///     fn execute(&self, request: reqwest::Request) -> TransportFuture<'_> {
///         Box::pin(async move {
///             self.0.execute(request).await.map_err(|error| match error {
///                 reqwest_middleware::Error::Reqwest(error) => Box::new(error) as BoxError,
///                 // An anyhow::Error; keep its chain of causes.
///                 reqwest_middleware::Error::Middleware(error) => error.into(),
///             })
///         })
///     }
/// }
///
/// let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
/// let stack = reqwest_middleware::ClientBuilder::new(http).with(MyAuthRefresh::new()).build();
/// let client = Client::builder(token).transport(Middleware(stack)).build()?;
/// ```
///
/// The reqwest versions must match: this crate uses reqwest 0.13 (re-exported as
/// [`reqwest`](crate::reqwest)), so the reqwest-middleware release must be one built on it.
///
/// # A transport of your own
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use truto_unified_runtime::{BoxError, Client, Transport, TransportFuture, reqwest};
///
/// /// Counts the attempts and tags each with a header.
/// #[derive(Debug)]
/// struct Tagged {
///     inner: reqwest::Client,
///     sent: AtomicUsize,
/// }
///
/// impl Transport for Tagged {
///     fn execute(&self, mut request: reqwest::Request) -> TransportFuture<'_> {
///         self.sent.fetch_add(1, Ordering::Relaxed);
///         request.headers_mut().insert("x-team", reqwest::header::HeaderValue::from_static("crm"));
///         Transport::execute(&self.inner, request)
///     }
/// }
///
/// // Set up as the client's own: no redirects (and, under `rustls-ring`, its provider).
/// let inner = truto_unified_runtime::http_client_builder().build()?;
/// let transport = Tagged { inner, sent: AtomicUsize::new(0) };
/// let client = Client::builder("my-api-token").transport(transport).build()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Transport: fmt::Debug + Send + Sync + 'static {
    /// Sends `request` and returns the response's head, its body left to be read (a response
    /// of any status is `Ok`; an `Err` means there is no response).
    fn execute(&self, request: reqwest::Request) -> TransportFuture<'_>;
}

impl Transport for reqwest::Client {
    fn execute(&self, request: reqwest::Request) -> TransportFuture<'_> {
        Box::pin(send_by(self, request))
    }
}

/// `request` sent by a reqwest client, its error boxed as a [`Transport`]'s.
fn send_by(
    http: &reqwest::Client,
    request: reqwest::Request,
) -> impl Future<Output = Result<reqwest::Response, BoxError>> + use<> {
    http.execute(request).map(|sent| sent.map_err(|error| Box::new(error) as BoxError))
}

/// What sends a client's requests.
#[derive(Debug)]
pub(super) enum Sender {
    /// The reqwest client the builder made, which holds each attempt to its timeout, body
    /// included. Called directly: an attempt's future is then part of the call's, not a box of
    /// its own as a [`Transport`]'s is.
    Own(reqwest::Client),
    /// The transport the user gave.
    Given(Arc<dyn Transport>),
}

impl Sender {
    /// Whether this is the client's own reqwest client: the client then sets no timer of its own
    /// around an attempt.
    pub(super) fn is_own(&self) -> bool {
        matches!(self, Sender::Own(_))
    }

    /// Sends one attempt.
    pub(super) fn send(
        &self,
        request: reqwest::Request,
    ) -> impl Future<Output = Result<reqwest::Response, BoxError>> + '_ {
        match self {
            Sender::Own(http) => Either::Left(send_by(http, request)),
            Sender::Given(transport) => Either::Right(transport.execute(request)),
        }
    }
}

/// A built request as the retry loop holds it: its URL parsed once, and only its path and query
/// when it goes to `origin` (a host's parse, IDNA included, is most of a URL's). Each attempt is
/// a `reqwest::Request` made from it.
#[derive(Clone)]
pub(super) struct Outbound {
    method: http::Method,
    url: reqwest::Url,
    headers: http::HeaderMap,
    body: bytes::Bytes,
}

impl Outbound {
    pub(super) fn new(request: crate::request::Built, origin: Option<&Origin>) -> Result<Outbound, Error> {
        let path_and_query = origin.and_then(|origin| request.uri.strip_prefix(origin.text.as_str()));
        let parsed = match (origin, path_and_query) {
            (Some(origin), Some(path)) if is_path_absolute(path) => {
                reqwest::Url::options().base_url(Some(&origin.url)).parse(path)
            }
            _ => reqwest::Url::parse(&request.uri),
        };
        // The error does not show the URL: its query may hold any value, its host a password.
        let url = parsed.map_err(|e| Error::Build(format!("the request's URL cannot be parsed: {e}")))?;
        Ok(Outbound { method: request.method, url, headers: request.headers, body: request.body.into() })
    }

    pub(super) fn method(&self) -> &http::Method {
        &self.method
    }

    pub(super) fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The request to send. (A copy for an attempt that may be followed by another is this
    /// cloned: `reqwest::Request::try_clone` would also allocate the request's extensions,
    /// every time.)
    pub(super) fn into_request(self) -> reqwest::Request {
        let mut sent = reqwest::Request::new(self.method, self.url);
        *sent.headers_mut() = self.headers;
        *sent.body_mut() = Some(self.body.into());
        sent
    }
}

/// Whether `path` is read as a path against a base URL, and never as a host: it starts with
/// one `/`, not `//` (nor `/\`, which URL parsers read as `//` for http and https).
fn is_path_absolute(path: &str) -> bool {
    match path.as_bytes() {
        [b'/'] => true,
        [b'/', second, ..] => !matches!(second, b'/' | b'\\'),
        _ => false,
    }
}

/// The scheme and host of the client's base URL, parsed once, so that a request to them has
/// only its path and query parsed (a host's parse, IDNA included, is most of a URL's).
#[derive(Clone)]
pub(super) struct Origin {
    /// `scheme://authority` as the base URL writes it, userinfo included.
    text: String,
    url: reqwest::Url,
}

impl Origin {
    /// The origin of `base_url`; `None` if it cannot be parsed (the client checks it anyway).
    pub(super) fn of(base_url: &str) -> Option<Origin> {
        let uri: http::Uri = base_url.parse().ok()?;
        // The text as written (case, userinfo and port too), since a request's URI starts
        // with the base URL as written.
        let length = uri.scheme_str()?.len() + "://".len() + uri.authority()?.as_str().len();
        let text = base_url.get(..length)?.to_owned();
        let url = reqwest::Url::parse(&text).ok()?;
        Some(Origin { text, url })
    }
}

impl fmt::Debug for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Origin").field(&crate::base_url::redacted(&self.text)).finish()
    }
}

/// A transport's failure that sending the request again will not mend: the client returns it
/// at once instead of retrying (see [`Transport`]).
///
/// It shows as the error it wraps: its message and its causes.
pub struct NotRetryable(pub BoxError);

impl NotRetryable {
    /// Wraps an error.
    pub fn new(error: impl Into<BoxError>) -> Self {
        NotRetryable(error.into())
    }

    /// The error wrapped.
    pub fn get_ref(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self.0.as_ref()
    }

    /// The error wrapped, unwrapped.
    pub fn into_inner(self) -> BoxError {
        self.0
    }
}

impl fmt::Debug for NotRetryable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("NotRetryable").field(&self.0).finish()
    }
}

impl fmt::Display for NotRetryable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl StdError for NotRetryable {
    /// The wrapped error's cause: the wrapper is transparent, it shows as the error it wraps.
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0.source()
    }
}

/// What decides a transport failure's fate: the first [`NotRetryable`] or `reqwest::Error` in
/// its chain of sources.
enum Decider<'a> {
    NotRetryable,
    Reqwest(&'a reqwest::Error),
}

fn decider<'a>(error: &'a (dyn StdError + 'static)) -> Option<Decider<'a>> {
    let mut next = Some(error);
    while let Some(error) = next {
        if error.is::<NotRetryable>() {
            return Some(Decider::NotRetryable);
        }
        if let Some(error) = error.downcast_ref::<reqwest::Error>() {
            return Some(Decider::Reqwest(error));
        }
        next = error.source();
    }
    None
}

/// Whether a transport failure may pass if the request is sent again (see [`Transport`]).
pub(crate) fn is_transient(error: &(dyn StdError + 'static)) -> bool {
    match decider(error) {
        Some(Decider::NotRetryable) => false,
        Some(Decider::Reqwest(error)) => !error.is_redirect() && !error.is_builder(),
        None => true,
    }
}

/// Whether the first reqwest error in the chain is a timeout (and no [`NotRetryable`] comes
/// before it).
pub(crate) fn is_reqwest_timeout(error: &(dyn StdError + 'static)) -> bool {
    matches!(decider(error), Some(Decider::Reqwest(error)) if error.is_timeout())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Built;

    /// `base` + `path` as the client sends it, and as a whole parse reads it.
    fn both_ways(base: &str, path: &str) -> (reqwest::Request, reqwest::Url) {
        let text = format!("{base}{path}");
        let request = Built::new(http::Method::GET, text.clone(), None);
        let sent = Outbound::new(request, Origin::of(base).as_ref()).expect("converted").into_request();
        (sent, reqwest::Url::parse(&text).expect("parses"))
    }

    #[test]
    fn a_request_to_the_base_url_has_the_url_a_whole_parse_gives() {
        let bases = [
            "https://api.truto.one",
            "http://127.0.0.1:8080",
            "http://[::1]:9",
            "https://user:pass@proxy.example:443/truto",
            "https://API.Truto.One",
        ];
        let paths = [
            "/",
            "/unified/crm/contacts",
            "/unified/crm/contacts/a%2Fb?integrated_account_id=x&truto_exclude_fields%5B%5D=a",
            "/unified/crm/contacts/%C3%A9?q=%20%2B",
            "/unified/crm/x/./y?a[b]=c",
            // Queries of simple pairs, and their edge cases: empty names and values, `=` in a
            // value, an empty query, fragments, an encoded dot segment.
            "/unified/crm/contacts/7?integrated_account_id=62f44730-dd91-461e-bd6a-aedd9e0ad79d",
            "/unified/crm/contacts?a=1&b=&c.d_e-f=G9",
            "/a?b=~",
            "/a?b=*",
            "/a?b=c+d",
            "/a?b",
            "/a?=b",
            "/a?b=1&&c=2",
            "/a?b=1&",
            "/a?b=c=d",
            "/a?",
            "/a?b=1#frag",
            "/a#frag?b=1",
            "/a/%2E%2E/b?c=1",
        ];
        for base in bases {
            for path in paths {
                let (sent, whole) = both_ways(base, path);
                assert_eq!(sent.url(), &whole, "{base}{path}");
            }
        }
    }

    #[test]
    fn a_path_a_parser_could_read_as_a_host_is_parsed_whole() {
        assert!(is_path_absolute("/a") && is_path_absolute("/"));
        assert!(!is_path_absolute("//evil.example/a") && !is_path_absolute("/\\evil.example") && !is_path_absolute(""));
        let (sent, whole) = both_ways("http://host.example", "//evil.example/a");
        assert_eq!(sent.url(), &whole);
    }

    #[test]
    fn the_request_keeps_its_method_headers_and_body() {
        let uri = "http://127.0.0.1:9/unified/crm/contacts/1".to_owned();
        let mut request = Built::new(http::Method::PATCH, uri, Some(b"{\"a\":1}".to_vec()));
        request.headers.insert("x-one", http::HeaderValue::from_static("1"));
        let sent = Outbound::new(request, Origin::of("http://127.0.0.1:9").as_ref()).expect("converted").into_request();
        assert_eq!(sent.method(), http::Method::PATCH);
        assert_eq!(sent.headers()["x-one"], "1");
        assert_eq!(sent.body().and_then(reqwest::Body::as_bytes), Some(&b"{\"a\":1}"[..]));
        assert_eq!(sent.url().as_str(), "http://127.0.0.1:9/unified/crm/contacts/1");
    }

    #[test]
    fn the_origin_prints_without_its_password() {
        let origin = Origin::of("https://user:secret@proxy.example/truto").expect("an origin");
        let printed = format!("{origin:?}");
        assert!(!printed.contains("secret") && printed.contains("proxy.example"), "{printed}");
    }
}
