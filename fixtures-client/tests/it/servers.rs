//! Server variables and documents without servers (`servers.yaml`, `no-servers.yaml`).

use crate::support::{only_request, serve};
use wiremock::ResponseTemplate;

#[test]
fn the_first_server_with_its_variables_at_their_defaults_is_the_default_base_url() {
    use fixtures_client::servers::Client;
    assert_eq!(Client::DEFAULT_BASE_URL, "https://eu.example.com:8443/v2");
    assert_eq!(
        Client::new().base_url().as_str(),
        "https://eu.example.com:8443/v2"
    );
    assert_eq!(
        Client::default().base_url().as_str(),
        "https://eu.example.com:8443/v2"
    );
}

#[tokio::test]
async fn another_base_url_keeps_its_path() {
    use fixtures_client::servers::Client;
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(b"up".to_vec(), "text/plain; charset=utf-8"))
            .await;
    let client = Client::with_base_url(&format!("{}/v2/", server.uri())).unwrap();
    assert_eq!(client.get_status().await.unwrap().into_inner(), "up");
    assert_eq!(only_request(&server).await.url.path(), "/v2/status");
}

#[tokio::test]
async fn without_servers_the_base_url_is_given() {
    // `no_servers::Client` has no `new` (nor `Default`): there is no URL to default to. That
    // it does not compile is checked in the generator's tests; here, the one way in works.
    use fixtures_client::no_servers::models::GetStatusResponseStatus200;
    use fixtures_client::no_servers::Client;
    let server = serve(
        ResponseTemplate::new(200).set_body_raw(br#"{"up":true}"#.to_vec(), "application/json"),
    )
    .await;
    let client = Client::with_base_url(&server.uri()).unwrap();
    assert_eq!(
        client.get_status().await.unwrap().into_inner(),
        GetStatusResponseStatus200::new().with_up(true)
    );
    assert!(Client::with_base_url("not a url").is_err());
}
