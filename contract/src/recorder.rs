//! A transport that keeps what went out and what came back, for the checks of each call.

use std::sync::{Arc, Mutex, PoisonError};

use truto_unified_runtime::{BoxError, Transport, TransportFuture, http, reqwest};

/// One request and its response.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The request's URL, query included.
    pub url: String,
    /// The response's status.
    pub status: u16,
    /// Prism's `sl-violations` header: what it found wrong with the request or its own answer.
    pub violations: Option<String>,
    /// The whole response body.
    pub body: Vec<u8>,
}

impl Exchange {
    /// Sends `request` with `http` and keeps it with its whole response.
    pub async fn of(
        http: &reqwest::Client,
        request: reqwest::Request,
    ) -> Result<(Exchange, http::HeaderMap), BoxError> {
        let url = request.url().to_string();
        let response = http.execute(request).await?;
        let (status, headers) = (response.status(), response.headers().clone());
        let body = response.bytes().await?.to_vec();
        let violations =
            headers.get("sl-violations").map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        Ok((Exchange { url, status: status.as_u16(), violations, body }, headers))
    }
}

/// Sends with a reqwest client, reads each response whole, keeps the exchange and hands the
/// client a response with the same status, headers and body.
#[derive(Debug, Clone)]
pub struct Recorder {
    http: reqwest::Client,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl Recorder {
    /// A recorder and the list it fills.
    pub fn new(http: reqwest::Client) -> (Recorder, Arc<Mutex<Vec<Exchange>>>) {
        let exchanges = Arc::new(Mutex::new(Vec::new()));
        (Recorder { http, exchanges: exchanges.clone() }, exchanges)
    }
}

impl Transport for Recorder {
    fn execute(&self, request: reqwest::Request) -> TransportFuture<'_> {
        Box::pin(async move {
            let (exchange, headers) = Exchange::of(&self.http, request).await?;
            let mut response = http::Response::new(exchange.body.clone());
            *response.status_mut() = http::StatusCode::from_u16(exchange.status)?;
            *response.headers_mut() = headers;
            self.exchanges.lock().unwrap_or_else(PoisonError::into_inner).push(exchange);
            Ok(reqwest::Response::from(response))
        })
    }
}
