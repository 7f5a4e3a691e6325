//! Where each credential goes (`generator/tests/fixtures/compile/security.yaml`): HTTP basic and
//! bearer, API keys in a header, the query or a cookie, OAuth 2 and OpenID Connect tokens; the
//! global requirement, per-operation overrides, alternatives, combined schemes, optional
//! authentication and `security: []`.

use crate::support::{header, no_content, only_request};
use fixtures_client::security::operations::UsesQueryAndCookieKeysParams;
use fixtures_client::security::Client;
use wiremock::MockServer;

fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri()).unwrap()
}

/// A client with every credential configured.
fn configured(server: &MockServer) -> Client {
    client(server)
        .with_bearer_token("bearer-token")
        .with_basic_basic_auth("user", Some("pa:ss".into()))
        .with_header_key_api_key("header-key")
        .with_query_key_api_key("query key")
        .with_cookie_key_api_key("cookie-key")
        .with_oauth_token("oauth-token")
        .with_open_id_token("openid-token")
}

#[tokio::test]
async fn the_global_requirement_applies_where_an_operation_has_none() {
    let server = no_content().await;
    configured(&server)
        .uses_global()
        .await
        .unwrap()
        .into_inner();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Bearer bearer-token")
    );
    assert_eq!(header(&request, "x-api-key"), None);
}

#[tokio::test]
async fn an_unconfigured_credential_is_not_sent() {
    let server = no_content().await;
    client(&server).uses_global().await.unwrap().into_inner();
    assert_eq!(header(&only_request(&server).await, "authorization"), None);
}

#[tokio::test]
async fn http_basic() {
    let server = no_content().await;
    configured(&server).uses_basic().await.unwrap().into_inner();
    // base64("user:pa:ss")
    assert_eq!(
        header(&only_request(&server).await, "authorization").as_deref(),
        Some("Basic dXNlcjpwYTpzcw==")
    );
}

#[tokio::test]
async fn an_operation_requirement_overrides_the_global_one() {
    let server = no_content().await;
    configured(&server)
        .uses_header_key()
        .await
        .unwrap()
        .into_inner();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-api-key").as_deref(), Some("header-key"));
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn query_and_cookie_keys_together_beside_the_operations_own_parameters() {
    let server = no_content().await;
    let params = UsesQueryAndCookieKeysParams::new().page(2).theme("dark");
    configured(&server)
        .uses_query_and_cookie_keys(&params)
        .await
        .unwrap()
        .into_inner();
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("page=2&api_key=query%20key"));
    assert_eq!(
        header(&request, "cookie").as_deref(),
        Some("theme=dark; SESSION=cookie-key")
    );
    assert_eq!(header(&request, "authorization"), None);

    // One requirement naming two schemes needs both: with one, neither is sent.
    let server = no_content().await;
    client(&server)
        .with_query_key_api_key("q")
        .uses_query_and_cookie_keys(&UsesQueryAndCookieKeysParams::new())
        .await
        .unwrap()
        .into_inner();
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "cookie"), None);
}

#[tokio::test]
async fn alternatives_use_the_first_one_configured() {
    let server = no_content().await;
    configured(&server)
        .uses_o_auth_or_open_id()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        header(&only_request(&server).await, "authorization").as_deref(),
        Some("Bearer oauth-token")
    );
    let server = no_content().await;
    client(&server)
        .with_open_id_token("openid-token")
        .uses_o_auth_or_open_id()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        header(&only_request(&server).await, "authorization").as_deref(),
        Some("Bearer openid-token")
    );
}

#[tokio::test]
async fn optional_authentication_sends_a_configured_key_and_nothing_otherwise() {
    let server = no_content().await;
    configured(&server)
        .optional_auth()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        header(&only_request(&server).await, "x-api-key").as_deref(),
        Some("header-key")
    );
    let server = no_content().await;
    client(&server).optional_auth().await.unwrap().into_inner();
    assert_eq!(header(&only_request(&server).await, "x-api-key"), None);
}

#[tokio::test]
async fn an_empty_security_list_sends_no_credential() {
    let server = no_content().await;
    configured(&server)
        .public_endpoint()
        .await
        .unwrap()
        .into_inner();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "x-api-key"), None);
    assert_eq!(header(&request, "cookie"), None);
    assert_eq!(request.url.query(), None);
}

#[test]
fn credentials_stay_out_of_debug_output() {
    let client = Client::with_base_url("http://127.0.0.1:1")
        .unwrap()
        .with_bearer_token("bearer-token")
        .with_basic_basic_auth("user", Some("pa:ss".into()));
    let text = format!("{client:?}");
    assert!(
        !text.contains("bearer-token") && !text.contains("pa:ss"),
        "{text}"
    );
}
