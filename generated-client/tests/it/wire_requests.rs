//! What the generated client puts on the wire, for each of the four Auth0 operations, as a real
//! HTTP server on 127.0.0.1 receives it: request line, query string, headers and body.
//!
//! Most tests use `wiremock`; the ones that pin the exact bytes of the request line use the raw
//! server in `support/`.

use crate::support::{
    authorize_params, http_response, pairs, refresh_body, single, token_body, RawServer, Reply,
    AUDIENCE, CHALLENGE, CLIENT_ID, VERIFIER,
};
use generated_client::models::{
    AuthorizeAuth0ResponseMode, AuthorizeAuth0ScopeItem, EmbeddedModelSchema,
    EmbeddedModelSchemaSemanticVersionEnum,
};
use generated_client::operations::Auth0LogoutParams;
use generated_client::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A mock server answering each of the four operations with a valid success body.
async fn auth0_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/authorize"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("code=abc&state=xyz", "application/x-www-form-urlencoded"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"at","token_type":"Bearer","expires_in":86400,"scope":"openid"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"name":"Ada"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/logout"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<p>bye</p>", "text/html"))
        .mount(&server)
        .await;
    server
}

fn client_for(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri()).expect("the mock server's URI is a valid base URL")
}

/// The one request the server received; fails the test when there were none or several.
async fn only_request(server: &MockServer) -> Request {
    let requests = server
        .received_requests()
        .await
        .expect("request recording is on by default");
    assert_eq!(
        requests.len(),
        1,
        "expected the client to send exactly one request, the server saw: {:#?}",
        requests
            .iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect::<Vec<_>>()
    );
    requests.into_iter().next().unwrap()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| {
        v.to_str()
            .unwrap_or_else(|_| panic!("header `{name}` is not visible ASCII: {v:?}"))
    })
}

fn header_count(request: &Request, name: &str) -> usize {
    request.headers.get_all(name).iter().count()
}

// ---------------------------------------------------------------------------------------------
// GET /authorize
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn authorize_request_line_has_every_required_parameter_by_its_spec_name_in_spec_order() {
    let server = RawServer::start(Reply::Bytes(http_response(
        "200 OK",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"code=abc&state=xyz",
    )))
    .await;
    let client = Client::with_base_url(&server.base_url).unwrap();

    let result = client.authorize_auth0(&authorize_params()).await;
    assert!(result.is_ok(), "the call should succeed: {result:?}");

    let request = server.only_request();
    let expected = format!(
        "GET /authorize?audience=https%3A%2F%2Fpieces.us.auth0.com%2Fapi%2Fv2%2F\
         &scope=openid%20email%20offline_access\
         &response_type=code\
         &client_id={CLIENT_ID}\
         &code_challenge_method=S256\
         &code_challenge={CHALLENGE}\
         &response_mode=form_post HTTP/1.1"
    );
    assert_eq!(
        request.request_line, expected,
        "the request line of GET /authorize differs from the spec's parameters (names, order, encoding)"
    );
}

#[tokio::test]
async fn authorize_sends_scope_as_one_space_delimited_percent_encoded_parameter() {
    let server = auth0_server().await;
    let params = authorize_params();
    client_for(&server)
        .authorize_auth0(&params)
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    let raw = request
        .url
        .query()
        .expect("GET /authorize has a query string");
    assert!(
        raw.contains("&scope=openid%20email%20offline_access&"),
        "`scope` must be ONE parameter with its items joined by `%20` (spaceDelimited, explode: false); raw query was `{raw}`"
    );
    assert!(
        !raw.contains("%2C") && !raw.contains(','),
        "`scope` items must not be joined by commas (that is style form); raw query was `{raw}`"
    );
    let pairs = pairs(raw);
    assert_eq!(
        single(&pairs, "scope", raw),
        "openid email offline_access",
        "the server should decode `scope` to the items separated by single spaces"
    );
}

#[tokio::test]
async fn authorize_scope_keeps_every_listed_item_and_unlisted_ones_as_given() {
    let server = auth0_server().await;
    let mut params = authorize_params();
    params.scope = vec![
        AuthorizeAuth0ScopeItem::Openid,
        AuthorizeAuth0ScopeItem::Email,
        AuthorizeAuth0ScopeItem::Profile,
        AuthorizeAuth0ScopeItem::OfflineAccess,
        AuthorizeAuth0ScopeItem::UnknownValue("read:messages".into()),
    ];
    client_for(&server)
        .authorize_auth0(&params)
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    let raw = request.url.query().unwrap();
    assert!(
        raw.contains("scope=openid%20email%20profile%20offline_access%20read%3Amessages&"),
        "every scope item, including one the spec does not list, should be sent in order, percent-encoded and space-separated; raw query was `{raw}`"
    );
    assert_eq!(
        single(&pairs(raw), "scope", raw),
        "openid email profile offline_access read:messages"
    );
}

#[tokio::test]
async fn authorize_sends_each_response_mode_value_exactly_as_the_spec_spells_it() {
    let cases = [
        (AuthorizeAuth0ResponseMode::FormPost, "form_post"),
        (AuthorizeAuth0ResponseMode::Fragment, "fragment"),
        (AuthorizeAuth0ResponseMode::Query, "query"),
        (AuthorizeAuth0ResponseMode::WebMessage, "web_message"),
    ];
    for (mode, wire) in cases {
        let server = auth0_server().await;
        let mut params = authorize_params();
        params.response_mode = mode.clone();
        client_for(&server)
            .authorize_auth0(&params)
            .await
            .unwrap()
            .into_inner();

        let request = only_request(&server).await;
        let raw = request.url.query().unwrap();
        let pairs = pairs(raw);
        assert_eq!(
            single(&pairs, "response_mode", raw),
            wire,
            "{mode:?} should go on the wire as `{wire}`"
        );
        assert_eq!(single(&pairs, "response_type", raw), "code");
        assert_eq!(single(&pairs, "code_challenge_method", raw), "S256");
    }
}

#[tokio::test]
async fn authorize_leaves_optional_parameters_out_when_they_are_not_set() {
    let server = auth0_server().await;
    client_for(&server)
        .authorize_auth0(&authorize_params())
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    let raw = request.url.query().unwrap();
    let names: Vec<String> = pairs(raw).into_iter().map(|(k, _)| k).collect();
    for optional in ["state", "redirect_uri", "connection", "prompt"] {
        assert!(
            !names.iter().any(|n| n == optional),
            "optional parameter `{optional}` was not set and must be absent (not `{optional}=`); raw query was `{raw}`"
        );
    }
    assert_eq!(
        names,
        [
            "audience",
            "scope",
            "response_type",
            "client_id",
            "code_challenge_method",
            "code_challenge",
            "response_mode"
        ],
        "exactly the required parameters should be sent, each once"
    );
}

#[tokio::test]
async fn authorize_sends_optional_parameters_when_they_are_set() {
    let server = auth0_server().await;
    let params = authorize_params()
        .state("4bd0b9a389b4b229602346c33913b4c3")
        .redirect_uri("http://localhost:3000/pkce/response/code")
        .connection("github")
        .prompt("none");
    client_for(&server)
        .authorize_auth0(&params)
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    let raw = request.url.query().unwrap();
    let pairs = pairs(raw);
    assert_eq!(
        single(&pairs, "state", raw),
        "4bd0b9a389b4b229602346c33913b4c3"
    );
    assert_eq!(
        single(&pairs, "redirect_uri", raw),
        "http://localhost:3000/pkce/response/code"
    );
    assert_eq!(single(&pairs, "connection", raw), "github");
    assert_eq!(single(&pairs, "prompt", raw), "none");
    assert_eq!(single(&pairs, "audience", raw), AUDIENCE);
    assert_eq!(single(&pairs, "client_id", raw), CLIENT_ID);
    assert_eq!(single(&pairs, "code_challenge", raw), CHALLENGE);
    assert!(
        raw.contains("redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fpkce%2Fresponse%2Fcode"),
        "`redirect_uri` should be percent-encoded as one query component; raw query was `{raw}`"
    );
}

#[tokio::test]
async fn authorize_redirect_uri_with_reserved_and_non_ascii_characters_reaches_the_server_unchanged(
) {
    let server = RawServer::start(Reply::Bytes(http_response(
        "200 OK",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"code=abc&state=xyz",
    )))
    .await;
    let tricky = "http://localhost:3000/cb?next=/a b&x=1%2F+y#frag ü€";
    let params = authorize_params().redirect_uri(tricky).state("s&t=u v");
    let client = Client::with_base_url(&server.base_url).unwrap();
    client.authorize_auth0(&params).await.unwrap().into_inner();

    let request = server.only_request();
    let target = request.target();
    let raw = target
        .split_once('?')
        .map(|(_, q)| q)
        .expect("GET /authorize has a query string");
    assert!(
        raw.is_ascii() && !raw.contains(' ') && !raw.contains('#'),
        "the query string on the wire must be percent-encoded ASCII with no raw space or `#`; it was `{raw}`"
    );
    assert!(
        raw.contains(
            "&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb%3Fnext%3D%2Fa%20b%26x%3D1%252F%2By%23frag%20%C3%BC%E2%82%AC&"
        ),
        "`redirect_uri` should have every reserved character, `%`, `+`, space and non-ASCII byte percent-encoded; raw query was `{raw}`"
    );
    assert!(
        raw.contains("&state=s%26t%3Du%20v&"),
        "`state` should be percent-encoded; raw query was `{raw}`"
    );
    let pairs = pairs(raw);
    assert_eq!(
        single(&pairs, "redirect_uri", raw),
        tricky,
        "the server should decode `redirect_uri` back to exactly what the caller set"
    );
    assert_eq!(single(&pairs, "state", raw), "s&t=u v");
}

// ---------------------------------------------------------------------------------------------
// POST /oauth/token
// ---------------------------------------------------------------------------------------------

fn form_fields(request: &Request) -> Vec<(String, String)> {
    let body = std::str::from_utf8(&request.body).expect("a form body is ASCII");
    let mut fields = pairs(body);
    fields.sort();
    fields
}

fn owned(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn token_exchange_posts_a_form_with_exactly_the_required_fields() {
    let server = auth0_server().await;
    client_for(&server)
        .exchange_for_auth0_token(&token_body())
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth/token");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded"),
        "the token request must be sent as a form (RFC 6749 section 4.1.3)"
    );
    assert_eq!(
        request.url.query(),
        None,
        "the token request has no query string"
    );
    assert_eq!(
        form_fields(&request),
        owned(&[
            ("client_id", CLIENT_ID),
            ("code", "SplxlOBeZQQYbYS6WxSbIA"),
            ("code_verifier", VERIFIER),
            ("grant_type", "authorization_code"),
            ("redirect_uri", "http://localhost:3000/pkce/response/code"),
        ]),
        "the form fields differ (unset optional `audience`, `refresh_token` and `schema` must be absent); body was {:?}",
        String::from_utf8_lossy(&request.body)
    );
    let body = String::from_utf8(request.body.clone()).unwrap();
    assert!(
        body.contains("redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fpkce%2Fresponse%2Fcode"),
        "form values must be percent-encoded; body was `{body}`"
    );
}

#[tokio::test]
async fn token_exchange_sends_optional_audience_when_set() {
    let server = auth0_server().await;
    let mut body = token_body();
    body.audience = Some("https://pieces.us.auth0.com".into());
    client_for(&server)
        .exchange_for_auth0_token(&body)
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    assert_eq!(
        form_fields(&request),
        owned(&[
            ("audience", "https://pieces.us.auth0.com"),
            ("client_id", CLIENT_ID),
            ("code", "SplxlOBeZQQYbYS6WxSbIA"),
            ("code_verifier", VERIFIER),
            ("grant_type", "authorization_code"),
            ("redirect_uri", "http://localhost:3000/pkce/response/code"),
        ]),
        "body was {:?}",
        String::from_utf8_lossy(&request.body)
    );
}

#[tokio::test]
async fn token_refresh_sends_the_refresh_token_grant_with_its_token() {
    let server = auth0_server().await;
    client_for(&server)
        .exchange_for_auth0_token(&refresh_body())
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        form_fields(&request),
        owned(&[
            ("client_id", CLIENT_ID),
            ("code", ""),
            ("code_verifier", ""),
            ("grant_type", "refresh_token"),
            ("redirect_uri", ""),
            ("refresh_token", "v1.MRrTkz-refresh"),
        ]),
        "the refresh grant sends `grant_type=refresh_token` and the token; the required fields it does not use go empty (as the spec says); body was {:?}",
        String::from_utf8_lossy(&request.body)
    );
}

#[tokio::test]
async fn token_exchange_sends_the_nested_schema_object_as_json_text() {
    let server = auth0_server().await;
    let mut body = token_body();
    body.schema = Some(
        EmbeddedModelSchema::builder()
            .migration(3)
            .semantic(EmbeddedModelSchemaSemanticVersionEnum::Major0Minor0Patch1)
            .build(),
    );
    client_for(&server)
        .exchange_for_auth0_token(&body)
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    let raw = String::from_utf8(request.body.clone()).unwrap();
    assert!(
        raw.contains("schema=%7B%22migration%22%3A3%2C%22semantic%22%3A%22MAJOR_0_MINOR_0_PATCH_1%22%7D"),
        "the nested `schema` object should be one form field holding its JSON text, percent-encoded; body was `{raw}`"
    );
    let fields = pairs(&raw);
    assert_eq!(
        single(&fields, "schema", &raw),
        r#"{"migration":3,"semantic":"MAJOR_0_MINOR_0_PATCH_1"}"#
    );
    assert!(
        !fields
            .iter()
            .any(|(k, _)| k == "migration" || k == "semantic" || k.starts_with("schema[")),
        "the nested object must not be flattened into other fields; body was `{raw}`"
    );
}

#[test]
fn token_exchange_docs_say_how_nested_objects_are_encoded() {
    let client_rs = include_str!("../../src/generated/client.rs");
    let method = client_rs
        .find("pub async fn exchange_for_auth0_token<")
        .expect("the generated client has exchange_for_auth0_token");
    let docs_start = client_rs[..method]
        .rfind("    /// Exchange an authorization code for tokens")
        .expect("the method's docs start with the operation summary");
    let docs = &client_rs[docs_start..method];
    for promise in [
        "The body is sent as `application/x-www-form-urlencoded`.",
        "Nested objects in it are sent as JSON text.",
        "It is optional: pass `&body`, or `None` to send no body (and no `Content-Type`).",
    ] {
        assert!(
            docs.contains(promise),
            "the docs of `exchange_for_auth0_token` should tell users `{promise}`; they are:\n{docs}"
        );
    }
}

#[tokio::test]
async fn token_exchange_without_a_body_sends_no_content_type_and_no_body() {
    let server = auth0_server().await;
    // The spec's requestBody is optional, so `None` is allowed; the server decides.
    let _ = client_for(&server).exchange_for_auth0_token(None).await;

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(header(&request, "content-type"), None);
    assert!(
        request.body.is_empty(),
        "no body was given, none should be sent"
    );
}

// ---------------------------------------------------------------------------------------------
// GET /v2/logout
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn logout_sends_client_id_and_camel_case_return_to() {
    let server = auth0_server().await;
    let params = Auth0LogoutParams::new()
        .client_id(CLIENT_ID)
        .return_to("http://localhost:3000/after logout?x=1");
    client_for(&server)
        .auth0_logout(&params)
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    let raw = request.url.query().unwrap();
    assert_eq!(
        raw,
        format!(
            "client_id={CLIENT_ID}&returnTo=http%3A%2F%2Flocalhost%3A3000%2Fafter%20logout%3Fx%3D1"
        ),
        "GET /v2/logout should send `client_id` and `returnTo` (camelCase, as Auth0 expects)"
    );
}

#[tokio::test]
async fn logout_without_parameters_sends_no_query_string() {
    let server = auth0_server().await;
    client_for(&server)
        .auth0_logout(&Auth0LogoutParams::new())
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v2/logout");
    assert_eq!(
        request.url.query(),
        None,
        "no parameter was set, so there should be no `?` at all"
    );
}

// ---------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn userinfo_sends_the_bearer_token_and_no_application_id() {
    let server = auth0_server().await;
    let client = client_for(&server)
        .with_application_api_key("app-key-1")
        .with_auth0_token("access-token-1");
    client.get_auth0_user_info().await.unwrap().into_inner();

    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        Some("Bearer access-token-1"),
        "GET /userinfo is secured by `auth0` and must send the configured access token"
    );
    assert_eq!(header_count(&request, "authorization"), 1);
    assert_eq!(
        header(&request, "x-application-id"),
        None,
        "GET /userinfo overrides the global `application` security and must not send X-Application-ID"
    );
}

#[tokio::test]
async fn the_other_three_operations_send_the_application_id_and_no_bearer_token() {
    let server = auth0_server().await;
    let client = client_for(&server)
        .with_application_api_key("app-key-1")
        .with_auth0_token("access-token-1");
    client
        .authorize_auth0(&authorize_params())
        .await
        .unwrap()
        .into_inner();
    client
        .exchange_for_auth0_token(&token_body())
        .await
        .unwrap()
        .into_inner();
    client
        .auth0_logout(&Auth0LogoutParams::new())
        .await
        .unwrap()
        .into_inner();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        let line = format!("{} {}", request.method, request.url.path());
        assert_eq!(
            header(request, "x-application-id"),
            Some("app-key-1"),
            "{line} is secured by `application` and must send X-Application-ID"
        );
        assert_eq!(header_count(request, "x-application-id"), 1, "{line}");
        assert_eq!(
            header(request, "authorization"),
            None,
            "{line} is not secured by `auth0` and must not leak the bearer token"
        );
        assert!(
            !request.url.query().unwrap_or("").contains("app-key-1"),
            "{line}: the API key belongs in a header, not the query string"
        );
    }
}

#[tokio::test]
async fn without_configured_credentials_requests_go_without_them() {
    let server = auth0_server().await;
    let client = client_for(&server);
    client
        .authorize_auth0(&authorize_params())
        .await
        .unwrap()
        .into_inner();
    client
        .exchange_for_auth0_token(&token_body())
        .await
        .unwrap()
        .into_inner();
    client
        .auth0_logout(&Auth0LogoutParams::new())
        .await
        .unwrap()
        .into_inner();
    client.get_auth0_user_info().await.unwrap().into_inner();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    for request in &requests {
        let line = format!("{} {}", request.method, request.url.path());
        assert_eq!(
            header(request, "x-application-id"),
            None,
            "{line}: no API key was configured, so none should be sent (the documented choice)"
        );
        assert_eq!(
            header(request, "authorization"),
            None,
            "{line}: no token was configured, so no Authorization header should be sent"
        );
    }
}

#[tokio::test]
async fn userinfo_without_a_token_reaches_the_server_and_its_401_comes_back_as_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .respond_with(
            ResponseTemplate::new(401).insert_header("www-authenticate", r#"Bearer realm="auth0""#),
        )
        .mount(&server)
        .await;
    // Only the application key is set: it must not be used in place of the missing token.
    let client = client_for(&server).with_application_api_key("app-key-1");

    let error = client
        .get_auth0_user_info()
        .await
        .expect_err("the server refused the call");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "x-application-id"), None);
    match error {
        generated_client::Error::UnexpectedStatus(raw) => {
            assert_eq!(raw.status.as_u16(), 401);
            assert_eq!(
                raw.headers
                    .get("www-authenticate")
                    .and_then(|v| v.to_str().ok()),
                Some(r#"Bearer realm="auth0""#),
                "the WWW-Authenticate challenge should be kept for the caller"
            );
        }
        other => panic!("a 401 with an empty body should be UnexpectedStatus, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Accept, User-Agent, base URL
// ---------------------------------------------------------------------------------------------

fn media_list(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or("")
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[tokio::test]
async fn accept_lists_the_media_types_each_operation_declares() {
    let server = auth0_server().await;
    let client = client_for(&server);
    client
        .authorize_auth0(&authorize_params())
        .await
        .unwrap()
        .into_inner();
    client
        .exchange_for_auth0_token(&token_body())
        .await
        .unwrap()
        .into_inner();
    client.get_auth0_user_info().await.unwrap().into_inner();
    client
        .auth0_logout(&Auth0LogoutParams::new())
        .await
        .unwrap()
        .into_inner();

    let expected = [
        // success media type first, then the error body's
        (
            "/authorize",
            vec!["application/x-www-form-urlencoded", "application/json"],
        ),
        ("/oauth/token", vec!["application/json"]),
        ("/userinfo", vec!["application/json"]),
        ("/v2/logout", vec!["text/html", "application/json"]),
    ];
    let requests = server.received_requests().await.unwrap();
    for (path, media) in expected {
        let request = requests
            .iter()
            .find(|r| r.url.path() == path)
            .unwrap_or_else(|| panic!("no request to {path} arrived"));
        assert_eq!(
            header_count(request, "accept"),
            1,
            "{path}: one Accept header"
        );
        assert_eq!(
            media_list(header(request, "accept")),
            media,
            "{path}: Accept should list the media types the spec declares for its responses"
        );
    }
}

#[tokio::test]
async fn user_agent_names_the_crate_and_its_version() {
    let server = auth0_server().await;
    client_for(&server)
        .get_auth0_user_info()
        .await
        .unwrap()
        .into_inner();

    let request = only_request(&server).await;
    let expected = format!("generated-client/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        header(&request, "user-agent"),
        Some(expected.as_str()),
        "the default HTTP client should name the crate and version in User-Agent"
    );
}

#[tokio::test]
async fn base_url_path_prefix_joins_every_operation_path_with_exactly_one_slash() {
    let server = RawServer::start(Reply::Bytes(http_response("204 No Content", &[], b""))).await;
    let cases = [
        (format!("{}/pieces/", server.base_url), "/pieces"),
        (format!("{}/pieces", server.base_url), "/pieces"),
        (format!("{}/a/b/", server.base_url), "/a/b"),
        (format!("{}/", server.base_url), ""),
        (server.base_url.clone(), ""),
    ];
    for (base, _) in &cases {
        let client = Client::with_base_url(base).unwrap();
        // The server answers 204, which no operation declares: the calls come back as errors,
        // which is fine here; only what arrived matters.
        let _ = client.authorize_auth0(&authorize_params()).await;
        let _ = client.exchange_for_auth0_token(&token_body()).await;
        let _ = client.get_auth0_user_info().await;
        let _ = client.auth0_logout(&Auth0LogoutParams::new()).await;
    }

    let requests = server.requests();
    assert_eq!(requests.len(), cases.len() * 4);
    for (i, (base, prefix)) in cases.iter().enumerate() {
        let paths: Vec<String> = requests[i * 4..i * 4 + 4]
            .iter()
            .map(|r| r.target().split('?').next().unwrap().to_owned())
            .collect();
        assert_eq!(
            paths,
            [
                format!("{prefix}/authorize"),
                format!("{prefix}/oauth/token"),
                format!("{prefix}/userinfo"),
                format!("{prefix}/v2/logout"),
            ],
            "with base URL `{base}` the request paths have a doubled or lost slash"
        );
    }
}
