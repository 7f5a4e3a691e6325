//! What the generated client makes of what comes back, for each of the four Auth0 operations,
//! from a real HTTP server on 127.0.0.1: good bodies, declared and undeclared errors, bodies that
//! are not what they claim, oversized bodies, silent servers, closed ports and redirects.
//! None of these may panic; each must give the caller a value or a typed error that says what
//! went wrong.

use std::time::Duration;

use crate::support::{authorize_params, token_body, RawServer, Reply};
use generated_client::models::{
    EmbeddedModelSchemaSemanticVersionEnum, OAuthError, OAuthTokenTokenType,
};
use generated_client::operations::Auth0LogoutParams;
use generated_client::{reqwest, Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A mock server answering `verb path` with `response`.
async fn serve(verb: &str, route: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn client_for(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri()).expect("the mock server's URI is a valid base URL")
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

const TOKEN: &str = r#"{
    "access_token": "eyJ.access",
    "refresh_token": "v1.refresh",
    "id_token": "eyJ.id",
    "scope": "openid email offline_access",
    "expires_in": 86400,
    "token_type": "Bearer"
}"#;

// ---------------------------------------------------------------------------------------------
// Success bodies
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn token_response_decodes_and_ignores_unknown_fields() {
    let body = r#"{"access_token":"eyJ.access","token_type":"Bearer","expires_in":86400,
        "scope":"openid","refresh_token":"v1.refresh","id_token":"eyJ.id",
        "issued_token_type":"urn:ietf:params:oauth:token-type:access_token",
        "extra":{"nested":[1,2,3]}}"#;
    let server = serve("POST", "/oauth/token", json(200, body)).await;

    let token = client_for(&server)
        .exchange_for_auth0_token(&token_body())
        .await
        .expect("a token response with extra fields should decode")
        .into_inner();
    assert_eq!(token.access_token, "eyJ.access");
    assert_eq!(token.token_type, OAuthTokenTokenType::Bearer);
    assert_eq!(token.expires_in, 86400);
    assert_eq!(token.scope, "openid");
    assert_eq!(token.refresh_token.as_deref(), Some("v1.refresh"));
    assert_eq!(token.id_token.as_deref(), Some("eyJ.id"));
}

#[tokio::test]
async fn token_response_without_optional_fields_decodes() {
    let body = r#"{"access_token":"a","token_type":"Bearer","expires_in":60,"scope":""}"#;
    let server = serve("POST", "/oauth/token", json(200, body)).await;

    let token = client_for(&server)
        .exchange_for_auth0_token(&token_body())
        .await
        .expect("refresh_token, id_token and schema are optional")
        .into_inner();
    assert_eq!(token.refresh_token, None);
    assert_eq!(token.id_token, None);
    assert_eq!(token.schema, None);
}

#[tokio::test]
async fn token_type_the_spec_does_not_list_decodes_as_unknown_value() {
    let body = r#"{"access_token":"a","token_type":"DPoP","expires_in":60,"scope":"openid"}"#;
    let server = serve("POST", "/oauth/token", json(200, body)).await;

    let token = client_for(&server)
        .exchange_for_auth0_token(&token_body())
        .await
        .expect("an unlisted enum value must not make the response undecodable")
        .into_inner();
    assert_eq!(
        token.token_type,
        OAuthTokenTokenType::UnknownValue("DPoP".into()),
        "`token_type` values the spec does not list are kept as sent"
    );
}

#[tokio::test]
async fn token_response_with_charset_parameter_in_content_type_decodes() {
    let server = serve(
        "POST",
        "/oauth/token",
        ResponseTemplate::new(200)
            .set_body_raw(TOKEN.as_bytes().to_vec(), "application/json; charset=utf-8"),
    )
    .await;
    let token = client_for(&server)
        .exchange_for_auth0_token(&token_body())
        .await
        .expect("`application/json; charset=utf-8` is application/json")
        .into_inner();
    assert_eq!(token.scope, "openid email offline_access");
}

#[tokio::test]
async fn userinfo_decodes_a_real_auth0_profile_with_fields_the_spec_does_not_describe() {
    let body = r#"{
        "sub": "github|12345",
        "name": "Ada Lovelace",
        "nickname": "ada",
        "picture": "https://avatars.example/ada.png",
        "email": "ada@example.com",
        "email_verified": true,
        "updated_at": "2024-05-01T12:34:56.789Z",
        "created_at": "2023-01-02T03:04:05+02:00",
        "logins_count": 42,
        "identities": [{"provider":"github","user_id":"12345","connection":"github",
                         "isSocial":true,"profileData":{"ignored":true}}],
        "user_metadata": {
            "global_id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
            "vanityname": "ada",
            "schema": {"migration": 7, "semantic": "MAJOR_9_MINOR_9_PATCH_9"},
            "allocation": {"project": "p", "region": "europe-west1", "zone": "b"}
        },
        "https://pieces.app/roles": ["admin"]
    }"#;
    let server = serve(
        "GET",
        "/userinfo",
        ResponseTemplate::new(200)
            .set_body_raw(body.as_bytes().to_vec(), "application/json; charset=utf-8"),
    )
    .await;

    let user = client_for(&server)
        .with_auth0_token("t")
        .get_auth0_user_info()
        .await
        .expect("a profile with undescribed fields should decode")
        .into_inner();
    assert_eq!(user.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(user.email_verified, Some(true));
    assert_eq!(user.logins_count, Some(42));
    assert_eq!(
        user.updated_at.map(|t| t.to_rfc3339()),
        Some("2024-05-01T12:34:56.789+00:00".to_owned())
    );
    let identity = &user.identities.as_ref().expect("identities were sent")[0];
    assert_eq!(
        identity.is_social,
        Some(true),
        "`isSocial` is the wire name"
    );
    let metadata = user.user_metadata.expect("user_metadata was sent");
    assert_eq!(
        metadata.global_id.to_string(),
        "67e55044-10b1-426f-9247-bb680e5fe0c8"
    );
    assert_eq!(
        metadata.schema.expect("schema was sent").semantic,
        EmbeddedModelSchemaSemanticVersionEnum::UnknownValue("MAJOR_9_MINOR_9_PATCH_9".into()),
        "a semantic version the spec does not list is kept as sent"
    );
    assert_eq!(
        metadata.allocation.expect("allocation was sent").region,
        "europe-west1"
    );
}

#[tokio::test]
async fn userinfo_with_an_empty_object_decodes_because_every_field_is_optional() {
    let server = serve("GET", "/userinfo", json(200, "{}")).await;
    let user = client_for(&server)
        .get_auth0_user_info()
        .await
        .expect("`{}` is a valid Auth0User")
        .into_inner();
    assert_eq!(user, Default::default());
}

#[tokio::test]
async fn authorize_200_form_body_decodes_as_resulted_pkce() {
    let server = serve(
        "GET",
        "/authorize",
        ResponseTemplate::new(200).set_body_raw(
            "code=Spl%2Bxl%2FOB&state=4bd0+b9a%26&extra=ignored",
            "application/x-www-form-urlencoded; charset=utf-8",
        ),
    )
    .await;

    let result = client_for(&server)
        .authorize_auth0(&authorize_params())
        .await
        .expect("a form-encoded ResultedPKCE should decode")
        .into_inner();
    assert_eq!(
        result.code, "Spl+xl/OB",
        "percent-escapes in the form are decoded"
    );
    assert_eq!(result.state, "4bd0 b9a&", "`+` in a form value is a space");
    assert_eq!(result.schema, None);
}

#[tokio::test]
async fn logout_returns_the_html_page_as_text() {
    let page = "<!doctype html><title>Signed out</title><p>Au revoir, Zoë 👋</p>";
    let server = serve(
        "GET",
        "/v2/logout",
        ResponseTemplate::new(200)
            .set_body_raw(page.as_bytes().to_vec(), "text/html; charset=utf-8"),
    )
    .await;
    let text = client_for(&server)
        .auth0_logout(&Auth0LogoutParams::new())
        .await
        .expect("an HTML page is the declared success body")
        .into_inner();
    assert_eq!(text, page);
}

#[tokio::test]
async fn logout_decodes_a_latin1_page_by_its_charset() {
    let server = serve(
        "GET",
        "/v2/logout",
        ResponseTemplate::new(200)
            .set_body_raw(b"<p>Zo\xeb</p>".to_vec(), "text/html; charset=ISO-8859-1"),
    )
    .await;
    let text = client_for(&server)
        .auth0_logout(&Auth0LogoutParams::new())
        .await
        .expect("ISO-8859-1 text should be decoded by its charset")
        .into_inner();
    assert_eq!(text, "<p>Zoë</p>");
}

// ---------------------------------------------------------------------------------------------
// Declared errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn token_400_invalid_grant_is_an_api_error_with_the_decoded_oauth_error() {
    let body = r#"{"error":"invalid_grant","error_description":"Invalid authorization code"}"#;
    let server = serve(
        "POST",
        "/oauth/token",
        json(400, body).insert_header("x-request-id", "req-1"),
    )
    .await;

    let error = client_for(&server)
        .exchange_for_auth0_token(&token_body())
        .await
        .expect_err("a 400 is an error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let Error::Api(api) = &error else {
        panic!("a declared 400 with an OAuthError body should be Error::Api, got {error:?}");
    };
    assert_eq!(
        api.body,
        OAuthError::new("invalid_grant").with_error_description("Invalid authorization code")
    );
    assert_eq!(api.raw_body, body.as_bytes(), "the raw body is kept too");
    assert_eq!(
        api.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("req-1"),
        "response headers are kept"
    );
    let shown = error.to_string();
    assert!(
        shown.contains("400") && shown.contains("invalid_grant"),
        "the error's message should show the status and the OAuth error code, it was: {shown}"
    );
}

#[tokio::test]
async fn every_declared_oauth_error_status_decodes_on_each_operation() {
    let body =
        r#"{"error":"access_denied","error_description":"no","error_uri":"https://e.example/x"}"#;
    // (operation, method, path, declared error statuses)
    let cases: [(&str, &str, &str, &[u16]); 4] = [
        ("authorize_auth0", "GET", "/authorize", &[400]),
        (
            "exchange_for_auth0_token",
            "POST",
            "/oauth/token",
            &[400, 401, 403],
        ),
        ("get_auth0_user_info", "GET", "/userinfo", &[401, 403]),
        ("auth0_logout", "GET", "/v2/logout", &[400]),
    ];
    for (operation, verb, route, statuses) in cases {
        for &status in statuses {
            let server = serve(verb, route, json(status, body)).await;
            let client = client_for(&server);
            let result = match operation {
                "authorize_auth0" => client
                    .authorize_auth0(&authorize_params())
                    .await
                    .map(|_| ()),
                "exchange_for_auth0_token" => client
                    .exchange_for_auth0_token(&token_body())
                    .await
                    .map(|_| ()),
                "get_auth0_user_info" => client.get_auth0_user_info().await.map(|_| ()),
                _ => client
                    .auth0_logout(&Auth0LogoutParams::new())
                    .await
                    .map(|_| ()),
            };
            match result {
                Err(Error::Api(api)) => {
                    assert_eq!(api.status.as_u16(), status, "{operation}");
                    assert_eq!(api.body.error, "access_denied", "{operation} {status}");
                    assert_eq!(api.body.error_uri.as_deref(), Some("https://e.example/x"));
                }
                other => panic!(
                    "{operation}: a declared {status} with an OAuthError body should be Error::Api, got {other:?}"
                ),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Undeclared statuses and error bodies that are not the declared JSON
// ---------------------------------------------------------------------------------------------

/// Asserts `error` is `UnexpectedStatus` keeping the status, a header and the exact body.
fn assert_unexpected<T: std::fmt::Debug>(
    what: &str,
    result: Result<T, Error<OAuthError>>,
    status: u16,
    body: &[u8],
) {
    match result {
        Err(Error::UnexpectedStatus(raw)) => {
            assert_eq!(raw.status.as_u16(), status, "{what}: status kept");
            assert_eq!(raw.body, body, "{what}: the raw body should be kept byte for byte");
            assert_eq!(
                raw.headers.get("x-trace").and_then(|v| v.to_str().ok()),
                Some("t-1"),
                "{what}: response headers should be kept"
            );
        }
        other => panic!(
            "{what}: status {status} with a body that is not the declared JSON should be Error::UnexpectedStatus, got {other:?}"
        ),
    }
}

#[tokio::test]
async fn error_statuses_with_html_or_empty_bodies_keep_status_headers_and_raw_body() {
    let html = b"<html><body><h1>Something went wrong</h1></body></html>".as_slice();
    let cases: [(u16, &[u8]); 4] = [(401, html), (403, b""), (404, html), (500, b"")];
    for (status, body) in cases {
        let response = || {
            let template = ResponseTemplate::new(status).insert_header("x-trace", "t-1");
            if body.is_empty() {
                template
            } else {
                template.set_body_raw(body.to_vec(), "text/html; charset=utf-8")
            }
        };
        let server = MockServer::start().await;
        for (verb, route) in [
            ("GET", "/authorize"),
            ("POST", "/oauth/token"),
            ("GET", "/userinfo"),
            ("GET", "/v2/logout"),
        ] {
            Mock::given(method(verb))
                .and(path(route))
                .respond_with(response())
                .mount(&server)
                .await;
        }
        let client = client_for(&server);
        assert_unexpected(
            &format!("GET /authorize -> {status}"),
            client.authorize_auth0(&authorize_params()).await,
            status,
            body,
        );
        assert_unexpected(
            &format!("POST /oauth/token -> {status}"),
            client.exchange_for_auth0_token(&token_body()).await,
            status,
            body,
        );
        assert_unexpected(
            &format!("GET /userinfo -> {status}"),
            client.get_auth0_user_info().await,
            status,
            body,
        );
        assert_unexpected(
            &format!("GET /v2/logout -> {status}"),
            client.auth0_logout(&Auth0LogoutParams::new()).await,
            status,
            body,
        );
    }
}

#[tokio::test]
async fn unexpected_status_message_shows_the_status_and_the_start_of_the_body() {
    let server = serve(
        "POST",
        "/oauth/token",
        ResponseTemplate::new(502).set_body_raw("<h1>Bad gateway</h1>", "text/html"),
    )
    .await;
    let error = client_for(&server)
        .exchange_for_auth0_token(&token_body())
        .await
        .expect_err("502 is an error");
    let shown = error.to_string();
    assert!(
        shown.contains("502") && shown.contains("Bad gateway"),
        "the message should name the status and show the body, it was: {shown}"
    );
}

// ---------------------------------------------------------------------------------------------
// Success statuses whose body is not what the media type promises
// ---------------------------------------------------------------------------------------------

/// Asserts `result` is a decode error whose message names `expected` and shows `body_start`.
fn assert_decode_error<T: std::fmt::Debug>(
    result: Result<T, Error<OAuthError>>,
    expected: &str,
    body_start: &str,
    reason: &str,
) {
    match result {
        Err(error @ Error::Decode(_)) => {
            let shown = error.to_string();
            assert!(
                shown.contains(expected),
                "the decode error should say it expected {expected}; it said: {shown}"
            );
            assert!(
                shown.contains(body_start),
                "the decode error should show the start of the body ({body_start:?}); it said: {shown}"
            );
            assert!(
                shown.contains(reason),
                "the decode error should give the reason ({reason:?}); it said: {shown}"
            );
            assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn token_200_with_truncated_json_is_a_decode_error_that_shows_the_body_but_not_the_tokens() {
    let server = serve(
        "POST",
        "/oauth/token",
        json(
            200,
            r#"{"access_token":"eyJ.access","refresh_token":"v1.refresh","token_ty"#,
        ),
    )
    .await;
    let result = client_for(&server)
        .exchange_for_auth0_token(&token_body())
        .await;
    let error = result
        .as_ref()
        .expect_err("a truncated body does not decode");
    // Neither the message nor the debug dump shows a token, whatever the error's depth.
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(
            !shown.contains("eyJ.access") && !shown.contains("v1.refresh"),
            "an error must not show the tokens of the body: {shown}"
        );
    }
    assert_decode_error(
        result,
        "OAuthToken (application/json)",
        r#"{"access_token":"<redacted>","refresh_token":"<redacted>","token_ty"#,
        "EOF while parsing",
    );
}

#[tokio::test]
async fn a_token_of_the_wrong_type_is_not_quoted_by_the_decoder_message() {
    // serde quotes the value it refused ("invalid type: integer `...`"): still a secret.
    let server = serve(
        "POST",
        "/oauth/token",
        json(
            200,
            r#"{"access_token":918273645,"token_type":"Bearer","expires_in":1}"#,
        ),
    )
    .await;
    let error = client_for(&server)
        .exchange_for_auth0_token(&token_body())
        .await
        .expect_err("a number is not a token");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("invalid type"), "{shown}");
    assert!(!shown.contains("918273645"), "{shown}");
}

#[tokio::test]
async fn token_200_with_the_wrong_shape_is_a_decode_error_naming_the_missing_field() {
    let server = serve(
        "POST",
        "/oauth/token",
        json(200, r#"{"token":"abc","ok":true}"#),
    )
    .await;
    assert_decode_error(
        client_for(&server)
            .exchange_for_auth0_token(&token_body())
            .await,
        "OAuthToken (application/json)",
        r#"{"token":"<redacted>","ok":true}"#,
        "missing field `access_token`",
    );

    let server = serve("GET", "/userinfo", json(200, r#""Ada""#)).await;
    assert_decode_error(
        client_for(&server).get_auth0_user_info().await,
        "Auth0User (application/json)",
        r#""Ada""#,
        "invalid type: string",
    );
}

#[tokio::test]
async fn an_array_where_the_spec_says_object_is_a_decode_error_not_an_empty_profile() {
    // Every Auth0User field is optional, so a decoder that accepts a struct written as a JSON
    // array (serde's positional form) would turn `[]` into an empty profile.
    for body in ["[]", "[null]", r#"[[], "2024-01-01T00:00:00Z"]"#] {
        let server = serve("GET", "/userinfo", json(200, body)).await;
        let result = client_for(&server).get_auth0_user_info().await;
        assert!(
            matches!(&result, Err(Error::Decode(e)) if e.to_string().contains("expected")),
            "a 200 whose JSON body is the array {body} is not an Auth0User object; expected Error::Decode, got {result:?}"
        );
    }
    // The same inside a body: an identity written as an array.
    let server = serve("GET", "/userinfo", json(200, r#"{"identities":[[]]}"#)).await;
    let result = client_for(&server).get_auth0_user_info().await;
    assert!(
        matches!(&result, Err(Error::Decode(_))),
        "`identities[0]` is `[]`, not an Auth0Identity object; expected Error::Decode, got {result:?}"
    );
}

#[tokio::test]
async fn token_200_with_the_wrong_content_type_is_a_decode_error() {
    let server = serve(
        "POST",
        "/oauth/token",
        ResponseTemplate::new(200).set_body_raw("<html>Please log in</html>", "text/html"),
    )
    .await;
    assert_decode_error(
        client_for(&server)
            .exchange_for_auth0_token(&token_body())
            .await,
        "OAuthToken (application/json)",
        "<html>Please log in</html>",
        "content type is `text/html`",
    );
}

#[tokio::test]
async fn authorize_200_with_json_instead_of_a_form_is_a_decode_error() {
    let server = serve(
        "GET",
        "/authorize",
        json(200, r#"{"code":"c","state":"s"}"#),
    )
    .await;
    assert_decode_error(
        client_for(&server)
            .authorize_auth0(&authorize_params())
            .await,
        "ResultedPkce (application/x-www-form-urlencoded)",
        r#"{"code":"<redacted>""#,
        "content type is `application/json`",
    );

    let server = serve(
        "GET",
        "/authorize",
        ResponseTemplate::new(200).set_body_raw("state=s", "application/x-www-form-urlencoded"),
    )
    .await;
    assert_decode_error(
        client_for(&server)
            .authorize_auth0(&authorize_params())
            .await,
        "ResultedPkce (application/x-www-form-urlencoded)",
        "state=s",
        "missing field `code`",
    );
}

#[tokio::test]
async fn logout_200_with_invalid_utf8_is_a_decode_error() {
    let server = serve(
        "GET",
        "/v2/logout",
        ResponseTemplate::new(200)
            .set_body_raw(b"<p>\xff\xfe</p>".to_vec(), "text/html; charset=utf-8"),
    )
    .await;
    assert_decode_error(
        client_for(&server)
            .auth0_logout(&Auth0LogoutParams::new())
            .await,
        "string (text/html)",
        "<p>",
        "not valid UTF-8",
    );
}

#[tokio::test]
async fn decode_error_shows_only_the_start_of_a_long_body() {
    let long = format!(r#"{{"unexpected":"{}"}}"#, "x".repeat(5000));
    let server = serve("POST", "/oauth/token", json(200, &long)).await;
    let error = client_for(&server)
        .exchange_for_auth0_token(&token_body())
        .await
        .expect_err("the body lacks the required fields");
    let shown = error.to_string();
    assert!(
        shown.len() < 1000,
        "a decode error should show the start of the body, not all {} bytes; it was {} bytes long",
        long.len(),
        shown.len()
    );
    assert!(shown.contains(r#"{"unexpected":"xxx"#) && shown.contains('…'));
    // The whole body is still there for whoever needs it.
    let Error::Decode(decode) = error else {
        unreachable!()
    };
    assert_eq!(decode.response.body, long.as_bytes());
}

#[tokio::test]
async fn a_body_cut_short_by_the_server_is_a_transport_error() {
    // Content-Length promises 200 bytes; the server sends 20 and closes.
    let server = RawServer::start(Reply::Bytes(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\nConnection: close\r\n\r\n{\"access_token\":\"ab"
            .to_vec(),
    ))
    .await;
    let client = Client::with_base_url(&server.base_url).unwrap();
    match client.exchange_for_auth0_token(&token_body()).await {
        Err(Error::Transport(e)) => assert!(
            e.is_body() || e.is_decode() || e.is_request(),
            "the error should be about reading the body: {e:?}"
        ),
        other => panic!(
            "a body shorter than its Content-Length should be Error::Transport, got {other:?}"
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Size limit, timeout, closed port
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_body_over_the_limit_with_content_length_is_refused() {
    let body = format!(r#"{{"name":"{}"}}"#, "a".repeat(4096));
    let server = serve("GET", "/userinfo", json(200, &body)).await;
    let client = client_for(&server).with_max_body_bytes(1024);

    match client.get_auth0_user_info().await {
        Err(Error::BodyTooLarge {
            status,
            limit,
            headers,
        }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(limit, 1024);
            assert_eq!(
                headers.get("content-length").and_then(|v| v.to_str().ok()),
                Some(body.len().to_string().as_str()),
                "the headers of the refused response are kept"
            );
        }
        other => panic!(
            "a {}-byte body over a 1024-byte limit should be BodyTooLarge, got {other:?}",
            body.len()
        ),
    }

    // The limit is inclusive: a body of exactly the limit is read.
    let exact = client_for(&server).with_max_body_bytes(body.len());
    let user = exact
        .get_auth0_user_info()
        .await
        .expect("a body of exactly the limit is within it")
        .into_inner();
    assert_eq!(user.name.map(|n| n.len()), Some(4096));
}

#[tokio::test]
async fn an_error_body_over_the_limit_is_refused_too() {
    let server = serve(
        "GET",
        "/v2/logout",
        ResponseTemplate::new(500).set_body_raw(vec![b'x'; 10_000], "text/plain"),
    )
    .await;
    let result = client_for(&server)
        .with_max_body_bytes(100)
        .auth0_logout(&Auth0LogoutParams::new())
        .await;
    assert!(
        matches!(&result, Err(Error::BodyTooLarge { status, limit: 100, .. }) if status.as_u16() == 500),
        "an oversized error body should be BodyTooLarge with the 500 status, got {result:?}"
    );
}

#[tokio::test]
async fn a_chunked_body_without_content_length_over_the_limit_is_refused() {
    // 64 chunks of 1 KiB, no Content-Length: the client must stop counting, not buffer it all.
    let mut chunks = vec![
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec(),
    ];
    for _ in 0..64 {
        let mut chunk = b"400\r\n".to_vec();
        chunk.extend(std::iter::repeat_n(b'x', 1024));
        chunk.extend_from_slice(b"\r\n");
        chunks.push(chunk);
    }
    chunks.push(b"0\r\n\r\n".to_vec());
    let server = RawServer::start(Reply::Chunks(chunks)).await;
    let client = Client::with_base_url(&server.base_url)
        .unwrap()
        .with_max_body_bytes(4096);

    match client.auth0_logout(&Auth0LogoutParams::new()).await {
        Err(Error::BodyTooLarge {
            status,
            limit,
            headers,
        }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(limit, 4096);
            assert!(
                headers.get("content-length").is_none(),
                "the body was chunked"
            );
        }
        other => {
            panic!("a 64 KiB chunked body over a 4 KiB limit should be BodyTooLarge, got {other:?}")
        }
    }
}

#[tokio::test]
async fn a_chunked_body_within_the_limit_is_read_whole() {
    let chunks = vec![
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec(),
        b"6\r\n<p>bye\r\n".to_vec(),
        b"4\r\n</p>\r\n".to_vec(),
        b"0\r\n\r\n".to_vec(),
    ];
    let server = RawServer::start(Reply::Chunks(chunks)).await;
    let text = Client::with_base_url(&server.base_url)
        .unwrap()
        .with_max_body_bytes(10)
        .auth0_logout(&Auth0LogoutParams::new())
        .await
        .expect("a 10-byte chunked body is within a 10-byte limit")
        .into_inner();
    assert_eq!(text, "<p>bye</p>");
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_clients_timeout() {
    let server = RawServer::start(Reply::Silence).await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let client = Client::with_base_url(&server.base_url)
        .unwrap()
        .with_http(http);

    match client.get_auth0_user_info().await {
        Err(error @ Error::Transport(_)) => {
            let Error::Transport(e) = &error else {
                unreachable!()
            };
            assert!(
                e.is_timeout(),
                "the transport error should be a timeout: {e:?}"
            );
            assert!(
                std::error::Error::source(&error).is_some(),
                "the reqwest error should be reachable as the source"
            );
            assert_eq!(error.status(), None, "no response arrived");
        }
        other => panic!("a silent server should give Error::Transport (timeout), got {other:?}"),
    }
    assert_eq!(
        server.requests().len(),
        1,
        "the request reached the server, which then said nothing"
    );
}

#[tokio::test]
async fn a_closed_port_is_a_connection_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::with_base_url(&format!("http://{address}/")).unwrap();

    match client.authorize_auth0(&authorize_params()).await {
        Err(Error::Transport(e)) => {
            assert!(
                e.is_connect(),
                "the transport error should be a connection error: {e:?}"
            )
        }
        other => panic!("nothing listens on {address}; expected Error::Transport, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Redirects: what a real Auth0 /authorize does
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn authorize_302_is_not_followed_and_comes_back_with_its_location() {
    let server = MockServer::start().await;
    let login = format!("{}/u/login?state=hKFo2SBuN", server.uri());
    Mock::given(method("GET"))
        .and(path("/authorize"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", login.as_str()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/u/login"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<form>login</form>", "text/html"))
        .mount(&server)
        .await;

    let result = client_for(&server)
        .authorize_auth0(&authorize_params())
        .await;
    match result {
        Err(Error::UnexpectedStatus(raw)) => {
            assert_eq!(raw.status.as_u16(), 302);
            assert_eq!(
                raw.location(),
                Some(login.as_str()),
                "the redirect target should be handed back"
            );
        }
        other => panic!(
            "the default client does not follow redirects; a 302 should be UnexpectedStatus, got {other:?}"
        ),
    }
    let requests = server.received_requests().await.unwrap();
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/authorize"], "the login page must not be fetched");
}

#[tokio::test]
async fn authorize_request_builder_gives_the_browser_url_the_live_call_sends() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pieces/authorize"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("location", "https://login.example/"),
        )
        .mount(&server)
        .await;
    let client = Client::with_base_url(&format!("{}/pieces/", server.uri()))
        .unwrap()
        .with_application_api_key("app-key-1");
    let params = authorize_params()
        .state("4bd0b9a389b4b229602346c33913b4c3")
        .redirect_uri("http://localhost:3000/pkce/response/code");

    let request = client
        .authorize_auth0_request(&params)
        .expect("the request builds");
    assert_eq!(request.method(), reqwest::Method::GET);
    let browser_url = request.url().as_str().to_owned();
    assert_eq!(
        browser_url,
        format!(
            "{}/pieces/authorize?audience=https%3A%2F%2Fpieces.us.auth0.com%2Fapi%2Fv2%2F\
             &scope=openid%20email%20offline_access&response_type=code&client_id={}\
             &state=4bd0b9a389b4b229602346c33913b4c3\
             &redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fpkce%2Fresponse%2Fcode\
             &code_challenge_method=S256&code_challenge={}&response_mode=form_post",
            server.uri(),
            crate::support::CLIENT_ID,
            crate::support::CHALLENGE
        ),
        "the URL to open in a browser"
    );
    assert!(
        !browser_url.contains("app-key-1"),
        "the application key travels in a header, never in the browser URL"
    );

    let _ = client.authorize_auth0(&params).await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    // wiremock rebuilds the URL with host `localhost`; compare the request target.
    let sent = &requests[0].url;
    assert_eq!(
        format!("{}?{}", sent.path(), sent.query().unwrap_or("")),
        format!(
            "{}?{}",
            request.url().path(),
            request.url().query().unwrap_or("")
        ),
        "the builder and the call must produce the same request target"
    );
}
