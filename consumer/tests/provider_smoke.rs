//! Smoke test of the e2e OpenID provider and of `tests/support`, with raw
//! reqwest only (no generated client): PKCE login, code exchange, userinfo,
//! refresh, logout.
//!
//! Needs Node.js 20 with npm; the provider's packages are installed on first use.

mod support;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use support::{drive_login, drive_logout, Provider, CLIENT_ID, TEST_USER_EMAIL, TEST_USER_SUB};
use url::Url;

struct Pkce {
    verifier: String,
    challenge: String,
}

fn pkce_pair() -> Pkce {
    let verifier = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    Pkce {
        verifier,
        challenge,
    }
}

/// A loopback redirect URI on a port the provider never saw registered
/// (it registers `http://127.0.0.1/callback`, matched on any port).
fn redirect_uri() -> String {
    let port = 20_000 + rand::random::<u16>() % 40_000;
    format!("http://127.0.0.1:{port}/callback")
}

fn authorize_url(provider: &Provider, redirect_uri: &str, pkce: &Pkce, state: &str) -> String {
    let mut url = Url::parse(&provider.url("/authorize")).unwrap();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", CLIENT_ID)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", "openid email profile offline_access")
        .append_pair("state", state)
        .append_pair("code_challenge", &pkce.challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("response_mode", "query")
        // Auth0-only parameter: must be ignored, not rejected.
        .append_pair("audience", "https://api.example.com/");
    url.into()
}

fn query(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

async fn json(response: reqwest::Response, what: &str) -> (reqwest::StatusCode, serde_json::Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{what}: expected JSON, got {status} {content_type}: {body}"
    );
    let value = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("{what}: invalid JSON ({e}): {body}"));
    (status, value)
}

#[tokio::test]
async fn pkce_login_code_exchange_userinfo_refresh() {
    let provider = Provider::start();
    let http = reqwest::Client::new();
    let pkce = pkce_pair();
    let redirect_uri = redirect_uri();
    let state = format!("state-{}", rand::random::<u32>());

    // Login through the dev interaction pages.
    let callback = drive_login(&authorize_url(&provider, &redirect_uri, &pkce, &state)).await;
    let expected = Url::parse(&redirect_uri).unwrap();
    assert_eq!(
        (callback.host_str(), callback.port(), callback.path()),
        (expected.host_str(), expected.port(), expected.path()),
        "callback {callback}"
    );
    assert_eq!(query(&callback, "error"), None, "callback {callback}");
    assert_eq!(query(&callback, "state").as_deref(), Some(state.as_str()));
    assert_eq!(query(&callback, "iss").as_deref(), Some(provider.issuer()));
    let code = query(&callback, "code").expect("code in callback");

    let exchange = |verifier: String| {
        let form = [
            ("grant_type", "authorization_code".to_owned()),
            ("client_id", CLIENT_ID.to_owned()),
            ("code", code.clone()),
            ("redirect_uri", redirect_uri.clone()),
            ("code_verifier", verifier),
        ];
        http.post(provider.url("/oauth/token")).form(&form).send()
    };

    // A wrong verifier is refused (and does not burn the code).
    let (status, body) = json(
        exchange(pkce_pair().verifier).await.unwrap(),
        "wrong verifier",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "invalid_grant", "{body}");

    // The real exchange.
    let (status, tokens) = json(exchange(pkce.verifier.clone()).await.unwrap(), "token").await;
    assert_eq!(status, 200, "{tokens}");
    let access_token = tokens["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    assert_eq!(tokens["token_type"], "Bearer", "{tokens}");
    let refresh_token = tokens["refresh_token"]
        .as_str()
        .expect("refresh_token")
        .to_owned();
    assert!(tokens["id_token"].is_string(), "{tokens}");
    assert!(tokens["expires_in"].as_u64().unwrap_or(0) > 0, "{tokens}");
    let scope = tokens["scope"].as_str().unwrap_or_default();
    for s in ["openid", "email", "profile", "offline_access"] {
        assert!(
            scope.split(' ').any(|x| x == s),
            "scope {scope:?} lacks {s}"
        );
    }

    // Userinfo with the access token.
    let response = http
        .get(provider.url("/userinfo"))
        .bearer_auth(&access_token)
        .send()
        .await
        .unwrap();
    let (status, user) = json(response, "userinfo").await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["sub"], TEST_USER_SUB, "{user}");
    assert_eq!(user["email"], TEST_USER_EMAIL, "{user}");
    assert_eq!(user["email_verified"], true, "{user}");
    assert_eq!(user["name"], "Test User", "{user}");

    // Userinfo without a token: 401 + Bearer challenge.
    let response = http.get(provider.url("/userinfo")).send().await.unwrap();
    let challenge = response
        .headers()
        .get(reqwest::header::WWW_AUTHENTICATE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let (status, body) = json(response, "userinfo without token").await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"], "invalid_token", "{body}");
    assert!(
        challenge.starts_with("Bearer "),
        "WWW-Authenticate: {challenge:?}"
    );

    // Refresh: new tokens, rotated refresh token.
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", CLIENT_ID),
        ("refresh_token", refresh_token.as_str()),
    ];
    let response = http
        .post(provider.url("/oauth/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let (status, refreshed) = json(response, "refresh").await;
    assert_eq!(status, 200, "{refreshed}");
    assert_eq!(refreshed["token_type"], "Bearer", "{refreshed}");
    let new_access = refreshed["access_token"].as_str().expect("access_token");
    assert_ne!(new_access, access_token);
    let new_refresh = refreshed["refresh_token"]
        .as_str()
        .expect("rotated refresh_token");
    assert_ne!(new_refresh, refresh_token);

    // Replaying the code fails and revokes what it produced.
    let (status, body) = json(
        exchange(pkce.verifier.clone()).await.unwrap(),
        "replayed code",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "invalid_grant", "{body}");
    let response = http
        .get(provider.url("/userinfo"))
        .bearer_auth(new_access)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        401,
        "tokens of a replayed code are revoked"
    );
}

#[tokio::test]
async fn logout_returns_to_loopback_return_to() {
    let provider = Provider::start();
    let return_to = format!(
        "http://127.0.0.1:{}/logged-out",
        20_000 + rand::random::<u16>() % 40_000
    );
    let mut url = Url::parse(&provider.url("/v2/logout")).unwrap();
    url.query_pairs_mut()
        .append_pair("client_id", CLIENT_ID)
        .append_pair("returnTo", &return_to);
    let landed = drive_logout(url.as_str()).await;
    assert_eq!(landed.as_str(), return_to);

    // Without returnTo the provider ends on its own success page.
    let landed = drive_logout(&provider.url("/v2/logout")).await;
    assert_eq!(landed.as_str(), provider.url("/v2/logout/success"));
}
