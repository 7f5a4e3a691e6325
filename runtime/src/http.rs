//! The HTTP client a generated client sends through: a plain `reqwest::Client`, or anything
//! that implements [`Transport`] (with the `middleware` feature,
//! `reqwest_middleware::ClientWithMiddleware`: retries, tracing, a token that renews itself).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<reqwest::Response, super::Error>> + Send + 'a>>;

/// Something that sends a `reqwest::Request`: the seam for middleware. A failure is an
/// [`super::Error::Transport`] (no response) or an [`super::Error::Middleware`].
pub trait Transport: Send + Sync + 'static {
    /// Sends the request and returns the response as it arrives (the body not yet read).
    fn execute(&self, request: reqwest::Request) -> TransportFuture<'_>;
}

/// Where requests go. Built from a `reqwest::Client`, an `Arc<dyn Transport>`, or (with the
/// `middleware` feature) a `reqwest_middleware::ClientWithMiddleware`: `Client::with_http`
/// takes any of them.
#[derive(Clone)]
pub struct Http {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Plain(reqwest::Client),
    Custom(Arc<dyn Transport>),
}

impl fmt::Debug for Http {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Plain(_) => f.write_str("Http(reqwest::Client)"),
            Inner::Custom(_) => f.write_str("Http(Transport)"),
        }
    }
}

impl From<reqwest::Client> for Http {
    fn from(client: reqwest::Client) -> Self {
        Http {
            inner: Inner::Plain(client),
        }
    }
}

impl From<Arc<dyn Transport>> for Http {
    fn from(transport: Arc<dyn Transport>) -> Self {
        Http {
            inner: Inner::Custom(transport),
        }
    }
}

impl Http {
    /// The plain `reqwest::Client`, when requests go through one.
    pub fn reqwest(&self) -> Option<&reqwest::Client> {
        match &self.inner {
            Inner::Plain(client) => Some(client),
            Inner::Custom(_) => None,
        }
    }

    /// Sends one request.
    pub(crate) async fn execute<E>(
        &self,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, super::Error<E>> {
        match &self.inner {
            Inner::Plain(client) => client.execute(request).await.map_err(transport),
            Inner::Custom(custom) => custom.execute(request).await.map_err(super::Error::widen),
        }
    }
}

/// A transport error, its URL's query values hidden (an API key may travel there).
pub fn transport<E>(mut error: reqwest::Error) -> super::Error<E> {
    if let Some(url) = error.url_mut() {
        super::redact::redact_url_query(url);
    }
    super::Error::Transport(error)
}
