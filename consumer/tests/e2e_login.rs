//! The PKCE login end to end, through the generated client, against a real
//! OpenID provider on loopback (`oidc-provider`, configured with Auth0's
//! paths; see `e2e/provider/README.md`).
//!
//! Only the browser's part (the provider's login and consent pages) is driven
//! by the test support; everything the application does goes through
//! `generated_client`: the authorize URL (`login::AuthorizationRequest`, built
//! with `Client::authorize_auth0_request`), the callback (`redirect`), the code
//! exchange, `/userinfo`, the refresh and the logout.
//!
//! Where this provider's wire behaviour differs from Auth0's, the comments say
//! so (marked "Auth0:"); the client code handles both.
//!
//! Needs Node.js 20 with npm; the provider's packages are installed on first
//! use (`support/node_packages.rs`). Each test starts its own provider and kills it by its pid when the
//! test ends, also when it fails (`support::Provider`'s `Drop`).

mod support;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use generated_client::login::{self, AuthorizationRequest, LoggedOut, PendingLogin};
use generated_client::models::{OAuthError, OAuthToken, OAuthTokenTokenType};
use generated_client::operations::Auth0LogoutParams;
use generated_client::pkce::PkcePair;
use generated_client::redirect::{AuthorizationCode, CallbackError};
use generated_client::{Client, Error};
use support::{drive_login, drive_logout, Provider, CLIENT_ID, TEST_USER_EMAIL, TEST_USER_SUB};
use url::Url;

/// Auth0 wants an `audience` (the spec requires it); the provider accepts and
/// ignores it.
const AUDIENCE: &str = "https://api.example/";

/// A loopback redirect URI on a random port. The provider registers
/// `http://127.0.0.1/callback` for this native client and matches loopback
/// redirects on any port (RFC 8252 §7.3). Nothing listens there: the test
/// support returns the redirect instead of following it.
fn redirect_uri() -> String {
    let port = 20_000 + rand::random::<u16>() % 40_000;
    format!("http://127.0.0.1:{port}/callback")
}

fn client_for(provider: &Provider) -> Client {
    Client::with_base_url(&provider.base_url).expect("provider URL parses")
}

/// Starts a login with the default scopes (`openid email profile
/// offline_access`), signs in through the provider's pages, and returns the
/// pending login with the URL the browser was sent back to.
async fn sign_in(client: &Client, request: AuthorizationRequest) -> (PendingLogin, Url) {
    let login = request.start(client).expect("authorize URL");
    assert_eq!(login.url().path(), "/authorize");
    let callback = drive_login(login.url().as_str()).await;
    (login, callback)
}

/// Signs in and returns the pending login and the code, `state` checked.
async fn code_for(client: &Client) -> (PendingLogin, AuthorizationCode) {
    let request = AuthorizationRequest::new(CLIENT_ID, redirect_uri(), AUDIENCE);
    let (login, callback) = sign_in(client, request).await;
    let code = login
        .parse_callback(callback.as_str())
        .unwrap_or_else(|e| panic!("callback refused: {e}"));
    (login, code)
}

/// The status and OAuth error body of an `Error::Api`; fails the test on
/// anything else (including success).
fn oauth_error<T: std::fmt::Debug>(
    result: Result<T, Error<OAuthError>>,
    what: &str,
) -> (u16, OAuthError) {
    match result {
        Err(Error::Api(e)) => (e.status.as_u16(), e.body),
        other => panic!("{what}: expected Error::Api with an OAuth error body, got {other:?}"),
    }
}

/// The claims of a JWT, unverified (enough to read `sub` in a test).
fn jwt_claims(jwt: &str) -> serde_json::Value {
    let payload = jwt.split('.').nth(1).expect("a JWT has three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url payload"))
        .expect("JSON claims")
}

fn scopes(tokens: &OAuthToken) -> Vec<&str> {
    tokens.scope.split(' ').collect()
}

#[tokio::test]
async fn login_userinfo_refresh_and_logout_with_the_generated_client() {
    let provider = Provider::start();
    let client = client_for(&provider);

    // 1. The browser part: the authorize URL built by the generated client,
    //    signed in through the provider's login and consent pages.
    let request = AuthorizationRequest::new(CLIENT_ID, redirect_uri(), AUDIENCE);
    let (login, callback) = sign_in(&client, request).await;
    let sent = Url::parse(login.redirect_uri()).unwrap();
    assert_eq!(
        (callback.host_str(), callback.port(), callback.path()),
        (sent.host_str(), sent.port(), sent.path()),
        "the provider sends the browser back to our redirect URI"
    );
    // Provider vs Auth0: the redirect to redirect_uri is a 303 here (302 on
    // Auth0), and it carries `iss` (RFC 9207) next to `code` and `state`,
    // which Auth0 does not send. `parse_callback` ignores unknown parameters.
    assert!(
        callback
            .query_pairs()
            .any(|(k, v)| k == "iss" && v == provider.issuer()),
        "this provider adds iss to the callback"
    );
    let code = login
        .parse_callback(callback.as_str())
        .expect("state matches, code present");
    assert!(
        !format!("{code:?} {login:?}").contains(code.as_str()),
        "codes are redacted from Debug"
    );

    // 2. The code exchange: authorization_code + the PKCE verifier.
    let tokens = client
        .exchange_for_auth0_token(&login.token_request(&code))
        .await
        .unwrap_or_else(|e| panic!("code exchange: {e}"))
        .into_inner();
    assert_eq!(tokens.token_type, OAuthTokenTokenType::Bearer);
    assert!(tokens.expires_in > 0, "{tokens:?}");
    // Provider vs Auth0: `scope` is the granted scopes, space-separated, on
    // both; Auth0 leaves `offline_access` and `openid` out of it in some
    // tenants, this provider lists all four.
    for scope in ["openid", "email", "profile", "offline_access"] {
        assert!(scopes(&tokens).contains(&scope), "{tokens:?}");
    }
    let refresh_token = tokens
        .refresh_token
        .clone()
        .expect("offline_access gives a refresh token");
    let id_token = tokens.id_token.clone().expect("openid gives an ID token");
    assert_eq!(jwt_claims(&id_token)["sub"], TEST_USER_SUB);
    let printed = format!("{tokens:?}");
    for secret in [&tokens.access_token, &refresh_token, &id_token] {
        assert!(
            !printed.contains(secret.as_str()),
            "tokens are redacted from Debug"
        );
    }

    // 3. /userinfo with the bearer token.
    let me = client.clone().with_auth0_token(tokens.access_token.clone());
    let user = me
        .get_auth0_user_info()
        .await
        .unwrap_or_else(|e| panic!("userinfo: {e}"))
        .into_inner();
    assert_eq!(user.sub.as_deref(), Some(TEST_USER_SUB));
    assert_eq!(user.email.as_deref(), Some(TEST_USER_EMAIL));
    assert_eq!(user.email_verified, Some(true));
    assert_eq!(user.name.as_deref(), Some("Test User"));
    // Provider vs Auth0: OpenID Connect makes `updated_at` a number; Auth0 (and
    // the spec) a date-time string. The provider's test user sends Auth0's
    // form, or this call would fail with Error::Decode.
    assert_eq!(
        user.updated_at.map(|t| t.timestamp()),
        Some(1_700_000_000),
        "{user:?}"
    );

    // Without the token: 401 with an OAuth error body. Auth0: the 401 body is
    // not always JSON; the client then gives Error::UnexpectedStatus with the
    // raw body, so match on the status.
    let (status, error) = oauth_error(client.get_auth0_user_info().await, "userinfo, no token");
    assert_eq!((status, error.error.as_str()), (401, "invalid_token"));

    // 4. The refresh_token grant, through the same generated operation.
    let renewed = client
        .exchange_for_auth0_token(&login::refresh_token_request(
            CLIENT_ID,
            refresh_token.clone(),
        ))
        .await
        .unwrap_or_else(|e| panic!("refresh: {e}"))
        .into_inner();
    assert_eq!(renewed.token_type, OAuthTokenTokenType::Bearer);
    assert_ne!(renewed.access_token, tokens.access_token);
    let rotated = renewed
        .refresh_token
        .clone()
        .expect("the provider rotates refresh tokens");
    assert_ne!(rotated, refresh_token);
    let user = client
        .clone()
        .with_auth0_token(renewed.access_token.clone())
        .get_auth0_user_info()
        .await
        .unwrap_or_else(|e| panic!("userinfo with the renewed token: {e}"))
        .into_inner();
    assert_eq!(user.email.as_deref(), Some(TEST_USER_EMAIL));

    // 5. Logout. The generated client sends no session cookie, so this only
    //    tells the provider. This provider answers 200 with an HTML page whose
    //    form the browser would submit; Auth0 answers 302 to returnTo, which
    //    the generated client does not follow (Error::UnexpectedStatus with a
    //    Location). `login::logout` accepts both.
    let return_to = format!(
        "http://127.0.0.1:{}/logged-out",
        20_000 + rand::random::<u16>() % 40_000
    );
    let params = Auth0LogoutParams::new()
        .client_id(CLIENT_ID)
        .return_to(return_to.clone());
    match login::logout(&client, &params).await {
        Ok(LoggedOut::Page(html)) => {
            assert!(html.contains("/v2/logout/confirm"), "logout page: {html}");
        }
        Ok(LoggedOut::Redirect { location, .. }) => assert_eq!(location, return_to),
        Err(e) => panic!("logout: {e}"),
    }
    // The same request as the browser makes it (URL from the generated
    // builder): confirming the page lands on returnTo.
    let logout_url = client
        .auth0_logout_request(&params)
        .expect("logout URL")
        .url()
        .clone();
    assert_eq!(drive_logout(logout_url.as_str()).await.as_str(), return_to);

    // Logout ends sessions, not tokens (Auth0 behaves the same for
    // offline_access logins): the renewed access token still works.
    assert!(client
        .clone()
        .with_auth0_token(renewed.access_token)
        .get_auth0_user_info()
        .await
        .is_ok());
}

#[tokio::test]
async fn a_wrong_verifier_is_invalid_grant() {
    let provider = Provider::start();
    let client = client_for(&provider);
    let (login, code) = code_for(&client).await;

    let mut body = login.token_request(&code);
    body.code_verifier = PkcePair::generate().verifier.as_str().to_owned();
    let (status, error) = oauth_error(
        client.exchange_for_auth0_token(&body).await,
        "wrong verifier",
    );
    assert_eq!((status, error.error.as_str()), (400, "invalid_grant"));
    // Provider: the description is always "grant request is invalid" (the
    // reason is only in its log); Auth0 words it differently. Match on
    // `error`, never on `error_description`.
    assert!(error.error_description.is_some());

    // This provider does not spend the code on a failed verification, so the
    // right verifier still works.
    client
        .exchange_for_auth0_token(&login.token_request(&code))
        .await
        .unwrap_or_else(|e| panic!("exchange with the right verifier: {e}"))
        .into_inner();
}

#[tokio::test]
async fn a_replayed_code_is_invalid_grant_and_revokes_its_tokens() {
    let provider = Provider::start();
    let client = client_for(&provider);
    let (login, code) = code_for(&client).await;
    let body = login.token_request(&code);

    let tokens = client
        .exchange_for_auth0_token(&body)
        .await
        .unwrap_or_else(|e| panic!("first exchange: {e}"))
        .into_inner();
    let (status, error) = oauth_error(
        client.exchange_for_auth0_token(&body).await,
        "replayed code",
    );
    assert_eq!((status, error.error.as_str()), (400, "invalid_grant"));

    // RFC 6749 §4.1.2: tokens issued from a replayed code should be revoked.
    let (status, error) = oauth_error(
        client
            .clone()
            .with_auth0_token(tokens.access_token)
            .get_auth0_user_info()
            .await,
        "userinfo with a revoked token",
    );
    assert_eq!((status, error.error.as_str()), (401, "invalid_token"));
    let (status, error) = oauth_error(
        client
            .exchange_for_auth0_token(&login::refresh_token_request(
                CLIENT_ID,
                tokens.refresh_token.expect("refresh token"),
            ))
            .await,
        "refresh with a revoked refresh token",
    );
    assert_eq!((status, error.error.as_str()), (400, "invalid_grant"));
}

#[tokio::test]
async fn a_wrong_state_is_a_state_mismatch() {
    let provider = Provider::start();
    let client = client_for(&provider);
    let request = AuthorizationRequest::new(CLIENT_ID, redirect_uri(), AUDIENCE);
    let (login, callback) = sign_in(&client, request.clone()).await;

    // The same redirect with its state replaced.
    let mut forged = callback.clone();
    let pairs: Vec<(String, String)> = callback
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" { "forged".into() } else { v };
            (k.into_owned(), v.into_owned())
        })
        .collect();
    forged.query_pairs_mut().clear().extend_pairs(pairs);
    assert_eq!(
        login.parse_callback(forged.as_str()),
        Err(CallbackError::StateMismatch)
    );

    // A genuine redirect of another login (e.g. an attacker's code pushed into
    // this user's browser) does not match this login's state either.
    let other = request.start(&client).expect("authorize URL");
    assert_eq!(
        other.parse_callback(callback.as_str()),
        Err(CallbackError::StateMismatch)
    );

    // The untouched redirect is accepted.
    assert!(login.parse_callback(callback.as_str()).is_ok());
}

#[tokio::test]
async fn without_offline_access_there_is_no_refresh_token() {
    let provider = Provider::start();
    let client = client_for(&provider);
    let request =
        AuthorizationRequest::new(CLIENT_ID, redirect_uri(), AUDIENCE).scope(["openid", "email"]);
    let (login, callback) = sign_in(&client, request).await;
    let code = login.parse_callback(callback.as_str()).expect("code");
    let tokens = client
        .exchange_for_auth0_token(&login.token_request(&code))
        .await
        .unwrap_or_else(|e| panic!("code exchange: {e}"))
        .into_inner();
    assert_eq!(tokens.refresh_token, None);
    assert!(!scopes(&tokens).contains(&"offline_access"), "{tokens:?}");

    let user = client
        .with_auth0_token(tokens.access_token)
        .get_auth0_user_info()
        .await
        .unwrap_or_else(|e| panic!("userinfo: {e}"))
        .into_inner();
    assert_eq!(user.email.as_deref(), Some(TEST_USER_EMAIL));
    assert_eq!(user.name, None, "no profile scope, no profile claims");
}

#[tokio::test]
async fn a_provider_error_on_the_redirect_is_reported_as_sent() {
    let provider = Provider::start();
    let client = client_for(&provider);
    // Silent authentication without a session: `login_required` from this
    // provider as from Auth0, on the redirect with `state` (a 303 here, a 302
    // on Auth0).
    let request = AuthorizationRequest::new(CLIENT_ID, redirect_uri(), AUDIENCE)
        .scope(["openid"])
        .prompt("none");
    let (login, callback) = sign_in(&client, request).await;
    match login.parse_callback(callback.as_str()) {
        Err(CallbackError::Provider {
            error,
            error_description,
            ..
        }) => {
            assert_eq!(error, "login_required");
            assert!(error_description.is_some());
        }
        other => panic!("expected the provider's error, got {other:?}"),
    }
}
