//! Sending through `reqwest_middleware::ClientWithMiddleware` (the `middleware` feature): the
//! ecosystem's retries (`reqwest-retry`), tracing (`reqwest-tracing`) and custom middleware.

use std::sync::Arc;

use super::http::{transport, Http, Transport, TransportFuture};

impl Transport for reqwest_middleware::ClientWithMiddleware {
    fn execute(&self, request: reqwest::Request) -> TransportFuture<'_> {
        Box::pin(async move {
            reqwest_middleware::ClientWithMiddleware::execute(self, request)
                .await
                .map_err(|e| match e {
                    reqwest_middleware::Error::Reqwest(e) => transport(e),
                    reqwest_middleware::Error::Middleware(e) => super::Error::Middleware(e.into()),
                })
        })
    }
}

impl From<reqwest_middleware::ClientWithMiddleware> for Http {
    fn from(client: reqwest_middleware::ClientWithMiddleware) -> Self {
        Http::from(Arc::new(client) as Arc<dyn Transport>)
    }
}
