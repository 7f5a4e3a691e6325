//! The README's usage snippet, compiled: success metadata, a retry middleware, error handling.
//! Run it against a server: `cargo run -p generated-client --example usage --features middleware`.

use std::time::Duration;

use generated_client::{models::OAuthError, reqwest, Client, Error};

async fn profile(client: &Client) -> Result<(), Error<OAuthError>> {
    // Every method returns a `ResponseValue`: the decoded body (it derefs to it), the status
    // and the headers; `into_inner()` gives the body by value.
    let user = client.get_auth0_user_info().await?;
    println!(
        "{} {:?} (etag {:?})",
        user.status(),
        user.name,
        user.headers().get("etag")
    );
    if let Some(next) = user.next_link() {
        println!("next page: {next}");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Retries (503, connection errors) through reqwest-middleware; any
    // `reqwest_middleware::Middleware` goes here (tracing, a token that renews itself).
    let policy = reqwest_retry::policies::ExponentialBackoff::builder()
        .retry_bounds(Duration::from_millis(100), Duration::from_secs(2))
        .build_with_max_retries(3);
    let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(reqwest_retry::RetryTransientMiddleware::new_with_policy(
            policy,
        ))
        .build();
    let client = Client::with_base_url("http://localhost:1000")?
        .with_auth0_token("<access token>")
        .with_http(http);

    match profile(&client).await {
        Ok(()) => {}
        // A status the document declares, its body decoded.
        Err(Error::Api(e)) => eprintln!("{}: {}", e.status, e.body.error),
        // Display is readable (status, reason, the start of the body, secrets redacted);
        // is_retryable says whether trying again later may help.
        Err(e) if e.is_retryable() => eprintln!("try again later: {e}"),
        Err(e) => eprintln!("failed: {e}"),
    }
    // `*_request` builds the request without sending it; its error works with `?` anywhere.
    let request = client.get_auth0_user_info_request()?;
    println!("{} {}", request.method(), request.url());
    Ok(())
}
