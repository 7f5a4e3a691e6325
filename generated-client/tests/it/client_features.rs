//! What a user of the generated client relies on beyond the wire: success metadata, the
//! middleware seam (reqwest-retry, a request-counting middleware, tracing spans named by
//! operationId), readable and retry-aware errors, and `*_request` usable with `?`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated_client::operations::Auth0LogoutParams;
use generated_client::{reqwest, Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER: &str = r#"{"sub":"auth0|1","name":"Ada"}"#;

#[tokio::test]
async fn a_success_keeps_its_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(USER, "application/json")
                .insert_header("etag", "\"v7\"")
                .insert_header("link", "<https://api.test/u?page=2>; rel=\"next\""),
        )
        .mount(&server)
        .await;
    let user = Client::with_base_url(&server.uri())
        .unwrap()
        .with_auth0_token("t")
        .get_auth0_user_info()
        .await
        .unwrap();
    assert_eq!(user.status(), reqwest::StatusCode::OK);
    assert_eq!(user.headers()["etag"], "\"v7\"");
    assert_eq!(
        user.next_link().as_deref(),
        Some("https://api.test/u?page=2")
    );
    // The body through Deref, and by value.
    assert_eq!(user.name.as_deref(), Some("Ada"));
    assert_eq!(user.into_inner().sub.as_deref(), Some("auth0|1"));
}

/// Counts the requests that reach the network, under the retry middleware.
struct Counter(Arc<AtomicUsize>);

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Counter {
    async fn handle(
        &self,
        req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.0.fetch_add(1, Ordering::SeqCst);
        next.run(req, extensions).await
    }
}

/// Records the names of the spans opened while it is the default subscriber.
#[derive(Clone, Default)]
struct SpanNames(Arc<Mutex<Vec<String>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for SpanNames {
    fn on_new_span(
        &self,
        attrs: &tracing::span::Attributes<'_>,
        _id: &tracing::span::Id,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        self.0
            .lock()
            .unwrap()
            .push(attrs.metadata().name().to_owned());
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_retry_middleware_retries_a_503_and_each_call_opens_a_span_named_by_its_operation_id() {
    use tracing_subscriber::layer::SubscriberExt as _;

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(USER, "application/json"))
        .mount(&server)
        .await;
    let sent = Arc::new(AtomicUsize::new(0));
    let policy = reqwest_retry::policies::ExponentialBackoff::builder()
        .retry_bounds(Duration::from_millis(1), Duration::from_millis(5))
        .build_with_max_retries(3);
    let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(reqwest_retry::RetryTransientMiddleware::new_with_policy(
            policy,
        ))
        .with(Counter(sent.clone()))
        .build();
    let client = Client::with_base_url(&server.uri())
        .unwrap()
        .with_auth0_token("t")
        .with_http(http);

    let spans = SpanNames::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(spans.clone()));
    let user = client.get_auth0_user_info().await.unwrap();
    assert_eq!(user.name.as_deref(), Some("Ada"));
    assert_eq!(sent.load(Ordering::SeqCst), 3, "two 503s, then the 200");
    assert_eq!(*spans.0.lock().unwrap(), ["get-auth0-user-info"]);
}

#[tokio::test]
async fn errors_read_well_and_say_whether_a_retry_may_help() {
    let server = MockServer::start().await;
    for (status, route) in [(503, "/userinfo"), (404, "/v2/logout")] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(
                ResponseTemplate::new(status).set_body_raw("upstream is\nrestarting", "text/plain"),
            )
            .mount(&server)
            .await;
    }
    let client = Client::with_base_url(&server.uri()).unwrap();
    let unavailable = client.get_auth0_user_info().await.unwrap_err();
    assert!(unavailable.is_retryable());
    assert_eq!(
        unavailable.to_string(),
        "unexpected status 503 Service Unavailable: upstream is restarting"
    );
    let missing = client
        .auth0_logout(&Auth0LogoutParams::default())
        .await
        .unwrap_err();
    assert!(!missing.is_retryable());
    assert!(missing
        .to_string()
        .starts_with("unexpected status 404 Not Found: "));

    // Nobody listening: a connect error, worth retrying.
    let closed = Client::with_base_url("http://127.0.0.1:9")
        .unwrap()
        .get_auth0_user_info()
        .await
        .unwrap_err();
    assert!(matches!(closed, Error::Transport(_)) && closed.is_retryable());
}

/// `*_request` methods name their error type: `?` works in any function.
fn logout_url(client: &Client) -> Result<String, Box<dyn std::error::Error>> {
    let request = client.auth0_logout_request(Auth0LogoutParams::default())?;
    Ok(request.url().to_string())
}

#[test]
fn request_builders_work_with_the_question_mark_anywhere() {
    let client = Client::with_base_url("https://id.example/").unwrap();
    assert_eq!(logout_url(&client).unwrap(), "https://id.example/v2/logout");
}
