//! Logging a user in: the authorization code flow with PKCE, tied together
//! from the generated client, [`crate::pkce`] and [`crate::redirect`].
//!
//! Nothing here talks to the network or serializes a request on its own: the
//! browser URL is the request [`Client::authorize_auth0_request`] builds (the
//! same typed parameters and serializer as [`Client::authorize_auth0`]), and the
//! token requests are [`TokenizedPkce`] bodies for
//! [`Client::exchange_for_auth0_token`].
//!
//! ```no_run
//! # const CLIENT_ID: &str = "my-client-id";
//! # const AUDIENCE: &str = "https://pieces.us.auth0.com/api/v2/";
//! # async fn run(callback_url: String) -> Result<(), Box<dyn std::error::Error>> {
//! // The same lines as in the README's "Logging in with PKCE".
//! use generated_client::login::{self, AuthorizationRequest};
//! use generated_client::{operations::Auth0LogoutParams, Client};
//!
//! let client = Client::with_base_url("https://your-tenant.auth0.com/")?;
//! let login = AuthorizationRequest::new(CLIENT_ID, "http://127.0.0.1:53682/callback", AUDIENCE)
//!     .start(&client)?; // fresh PKCE verifier + state; scopes openid email profile offline_access
//! println!("open {}", login.url()); // then receive the redirect on 127.0.0.1:53682 ...
//! let code = login.parse_callback(&callback_url)?; // ... and check its state
//! let tokens = client.exchange_for_auth0_token(&login.token_request(&code)).await?;
//! let user = client.clone().with_auth0_token(tokens.access_token.clone()).get_auth0_user_info().await?;
//! if let Some(refresh_token) = tokens.refresh_token.clone() {
//!     let renewed = client.exchange_for_auth0_token(&login::refresh_token_request(CLIENT_ID, refresh_token)).await?;
//! }
//! login::logout(&client, &Auth0LogoutParams::new().client_id(CLIENT_ID)).await?;
//! # Ok(()) }
//! ```
//!
//! # The refresh token grant and the required form fields
//!
//! `TokenizedPKCE` requires `code`, `code_verifier` and `redirect_uri`, which
//! belong to the authorization code grant only; a refresh request
//! (RFC 6749 §6) carries `grant_type`, `client_id` and `refresh_token` (the
//! latter an optional field this project added to the spec). To stay within
//! the spec without sending anything secret twice, [`refresh_token_request`]
//! fills the three with empty strings, so the form reads
//! `client_id=..&code=&code_verifier=&grant_type=refresh_token&redirect_uri=&refresh_token=..`.
//! `oidc-provider` drops parameters that do not belong to the grant before
//! looking at the request (the end-to-end test in `consumer/tests/e2e_login.rs`
//! runs exactly this request); RFC 6749 §3.2 requires a server to ignore
//! parameters it does not recognise. Re-sending the spent code and the
//! verifier instead would put two secrets on the wire for nothing.

use std::fmt;

use url::Url;

use crate::models::{
    AuthorizeAuth0CodeChallengeMethod, AuthorizeAuth0ResponseMode, AuthorizeAuth0ResponseType,
    AuthorizeAuth0ScopeItem, OAuthError, TokenizedPkce, TokenizedPkceGrantType,
};
use crate::operations::{Auth0LogoutParams, AuthorizeAuth0Params};
use crate::pkce::{PkcePair, State};
use crate::redirect::{self, AuthorizationCode, CallbackError};
use crate::{Client, Error};

/// The scopes [`AuthorizationRequest::new`] asks for: an OpenID Connect
/// sign-in with the user's email and profile, and a refresh token.
pub fn default_scopes() -> Vec<AuthorizeAuth0ScopeItem> {
    vec![
        AuthorizeAuth0ScopeItem::Openid,
        AuthorizeAuth0ScopeItem::Email,
        AuthorizeAuth0ScopeItem::Profile,
        AuthorizeAuth0ScopeItem::OfflineAccess,
    ]
}

/// What to ask `GET /authorize` for: the application, where the browser comes
/// back, and for which API and scopes. [`AuthorizationRequest::start`] adds a
/// fresh PKCE pair and `state` and builds the URL to open.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorizationRequest {
    client_id: String,
    redirect_uri: String,
    audience: String,
    scope: Vec<AuthorizeAuth0ScopeItem>,
    response_mode: AuthorizeAuth0ResponseMode,
    connection: Option<String>,
    prompt: Option<String>,
}

impl AuthorizationRequest {
    /// A request for `client_id`, coming back to `redirect_uri` (which must be
    /// one of the application's allowed callback URLs), for an access token
    /// meant for `audience` (the spec requires it; Auth0 puts it into the
    /// token, other providers may ignore it).
    ///
    /// Defaults: scopes [`default_scopes`] (`openid email profile
    /// offline_access`) and `response_mode=query`, which suits a loopback HTTP
    /// listener; no `connection`, no `prompt`.
    pub fn new(
        client_id: impl Into<String>,
        redirect_uri: impl Into<String>,
        audience: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            redirect_uri: redirect_uri.into(),
            audience: audience.into(),
            scope: default_scopes(),
            response_mode: AuthorizeAuth0ResponseMode::Query,
            connection: None,
            prompt: None,
        }
    }

    /// Replaces the scopes, e.g. `.scope(["openid", "email"])`. Leave out
    /// `offline_access` when no refresh token is wanted.
    pub fn scope<S: Into<AuthorizeAuth0ScopeItem>>(
        mut self,
        scope: impl IntoIterator<Item = S>,
    ) -> Self {
        self.scope = scope.into_iter().map(Into::into).collect();
        self
    }

    /// How the code comes back (default `query`). With `form_post`, parse the
    /// `POST` body with [`PendingLogin::parse_form_post`].
    pub fn response_mode(mut self, mode: impl Into<AuthorizeAuth0ResponseMode>) -> Self {
        self.response_mode = mode.into();
        self
    }

    /// Sends the user straight to this Auth0 connection (e.g. `github`).
    pub fn connection(mut self, connection: impl Into<String>) -> Self {
        self.connection = Some(connection.into());
        self
    }

    /// Sets `prompt` (e.g. `login` to force the login page).
    pub fn prompt(mut self, prompt: impl Into<String>) -> Self {
        self.prompt = Some(prompt.into());
        self
    }

    /// The client ID this request is for.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The redirect URI this request names.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The generated operation's parameters for this request with the given
    /// PKCE pair and state (`response_type=code`, `code_challenge_method=S256`).
    /// Useful to call [`Client::authorize_auth0`] directly on a server that
    /// answers `/authorize` itself, like Pieces OS's local server.
    pub fn params(&self, pkce: &PkcePair, state: &State) -> AuthorizeAuth0Params {
        let mut params = AuthorizeAuth0Params::builder()
            .audience(self.audience.clone())
            .scope(self.scope.clone())
            .response_type(AuthorizeAuth0ResponseType::Code)
            .client_id(self.client_id.clone())
            .code_challenge_method(AuthorizeAuth0CodeChallengeMethod::S256)
            .code_challenge(pkce.challenge.as_str())
            .response_mode(self.response_mode.clone())
            .build()
            .state(state.as_str())
            .redirect_uri(self.redirect_uri.clone());
        params.connection = self.connection.clone();
        params.prompt = self.prompt.clone();
        params
    }

    /// Starts a login with a fresh PKCE pair and `state` from the OS random
    /// source: builds the `/authorize` URL against `client`'s base URL.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL cannot be built (e.g. a base URL
    /// that cannot have a path).
    ///
    /// # Panics
    ///
    /// If the OS random source fails (see [`PkcePair::generate`]).
    pub fn start(self, client: &Client) -> Result<PendingLogin, Error<OAuthError>> {
        self.start_with(client, PkcePair::generate(), State::generate())
    }

    /// Like [`AuthorizationRequest::start`] with a given PKCE pair and state,
    /// for example ones restored from storage.
    ///
    /// # Errors
    ///
    /// As [`AuthorizationRequest::start`].
    pub fn start_with(
        self,
        client: &Client,
        pkce: PkcePair,
        state: State,
    ) -> Result<PendingLogin, Error<OAuthError>> {
        let request = client
            .authorize_auth0_request(self.params(&pkce, &state))
            .map_err(Error::widen)?;
        Ok(PendingLogin {
            url: request.url().clone(),
            pkce,
            state,
            client_id: self.client_id,
            redirect_uri: self.redirect_uri,
        })
    }
}

/// A login in progress: the URL to open in the browser, and the PKCE verifier
/// and `state` to check and redeem what comes back. Keep it until the
/// redirect arrives; use it for one login only.
///
/// `Debug` shows neither the verifier nor the state, and shows the URL
/// without its query (which carries the state).
#[derive(Clone)]
pub struct PendingLogin {
    url: Url,
    pkce: PkcePair,
    state: State,
    client_id: String,
    redirect_uri: String,
}

impl PendingLogin {
    /// The `/authorize` URL to open in the user's browser.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The `state` sent with the request.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The PKCE pair: its challenge is in [`PendingLogin::url`], its verifier
    /// goes into [`PendingLogin::token_request`].
    pub fn pkce(&self) -> &PkcePair {
        &self.pkce
    }

    /// The client ID of the request.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The redirect URI of the request; the token request repeats it.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The code from the full URL the browser came back with
    /// ([`redirect::parse_callback`], `state` checked).
    ///
    /// # Errors
    ///
    /// [`CallbackError`]: among others [`CallbackError::StateMismatch`] for a
    /// foreign or forged redirect and [`CallbackError::Provider`] when the
    /// provider sent `error` (e.g. `access_denied`).
    pub fn parse_callback(&self, callback_url: &str) -> Result<AuthorizationCode, CallbackError> {
        redirect::parse_callback(callback_url, &self.state)
    }

    /// The code from the request target a local HTTP listener received
    /// (`/callback?code=..&state=..`; [`redirect::parse_callback_query`]).
    ///
    /// # Errors
    ///
    /// As [`PendingLogin::parse_callback`].
    pub fn parse_callback_query(&self, target: &str) -> Result<AuthorizationCode, CallbackError> {
        redirect::parse_callback_query(target, &self.state)
    }

    /// The code from a `response_mode=form_post` body
    /// ([`redirect::parse_form_post`]).
    ///
    /// # Errors
    ///
    /// As [`PendingLogin::parse_callback`].
    pub fn parse_form_post(&self, body: &[u8]) -> Result<AuthorizationCode, CallbackError> {
        redirect::parse_form_post(body, &self.state)
    }

    /// The body for [`Client::exchange_for_auth0_token`] that redeems `code`:
    /// `grant_type=authorization_code`, this request's client ID and redirect
    /// URI, and the PKCE verifier.
    pub fn token_request(&self, code: &AuthorizationCode) -> TokenizedPkce {
        TokenizedPkce {
            audience: None,
            client_id: self.client_id.clone(),
            code: code.as_str().to_owned(),
            code_verifier: self.pkce.verifier.as_str().to_owned(),
            grant_type: TokenizedPkceGrantType::AuthorizationCode,
            redirect_uri: self.redirect_uri.clone(),
            refresh_token: None,
            schema: None,
        }
    }
}

impl fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.url.clone();
        shown.set_query(None);
        shown.set_fragment(None);
        f.debug_struct("PendingLogin")
            .field("url", &format_args!("\"{shown}?<query not shown>\""))
            .field("pkce", &self.pkce)
            .field("state", &self.state)
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

/// The body for [`Client::exchange_for_auth0_token`] that trades
/// `refresh_token` for fresh tokens (`grant_type=refresh_token`, RFC 6749 §6).
///
/// `code`, `code_verifier` and `redirect_uri` do not belong to this grant but
/// are required by the spec's `TokenizedPKCE`; they are sent empty (see the
/// [module documentation](self)). Providers that rotate refresh tokens (Auth0
/// with rotation, `oidc-provider`) return a new one: keep that one, the old
/// one is spent.
pub fn refresh_token_request(
    client_id: impl Into<String>,
    refresh_token: impl Into<String>,
) -> TokenizedPkce {
    TokenizedPkce {
        audience: None,
        client_id: client_id.into(),
        code: String::new(),
        code_verifier: String::new(),
        grant_type: TokenizedPkceGrantType::RefreshToken,
        redirect_uri: String::new(),
        refresh_token: Some(refresh_token.into()),
        schema: None,
    }
}

/// How `GET /v2/logout` ended, as [`logout`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoggedOut {
    /// `200` with an HTML page (the spec's success response). `oidc-provider`
    /// answers this way: a page whose form the *browser* submits to end its
    /// session.
    Page(String),
    /// A redirect (`302` from Auth0, to `returnTo` or to its own page). The
    /// generated client does not follow redirects, so this is where the
    /// browser would be sent next.
    Redirect {
        /// The status, e.g. `302 Found`.
        status: reqwest::StatusCode,
        /// The `Location` header as sent (possibly relative).
        location: String,
    },
}

/// Calls [`Client::auth0_logout`] and accepts both ways a provider answers:
/// the declared `200` HTML page and an undeclared `3xx` redirect (Auth0), which
/// the generated client returns as [`Error::UnexpectedStatus`] because it does
/// not follow redirects.
///
/// This only tells the provider; the session lives in the user's browser
/// (a cookie), so to end it open the same URL there
/// ([`Client::auth0_logout_request`]`(..)?.url()`). Tokens are not revoked
/// either: forget the ones you hold.
///
/// # Errors
///
/// Whatever [`Client::auth0_logout`] returns, except a `3xx` with a
/// `Location`.
pub async fn logout(
    client: &Client,
    params: &Auth0LogoutParams,
) -> Result<LoggedOut, Error<OAuthError>> {
    match client.auth0_logout(params).await {
        Ok(page) => Ok(LoggedOut::Page(page.into_inner())),
        Err(Error::UnexpectedStatus(response))
            if response.status.is_redirection() && response.location().is_some() =>
        {
            Ok(LoggedOut::Redirect {
                status: response.status,
                location: response.location().unwrap_or_default().to_owned(),
            })
        }
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::OAuthToken;
    use crate::pkce::CodeVerifier;

    const REDIRECT: &str = "http://127.0.0.1:53682/callback";
    /// RFC 7636 Appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    const STATE: &str = "af0ifjsldkj-state-value";

    fn pending(request: AuthorizationRequest) -> PendingLogin {
        let client = Client::with_base_url("https://tenant.example/").unwrap();
        let pkce = PkcePair::from(CodeVerifier::new(VERIFIER.to_owned()).unwrap());
        request
            .start_with(&client, pkce, State::from(STATE))
            .unwrap()
    }

    fn pairs(url: &Url) -> Vec<(String, String)> {
        url.query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// The form the generated client sends for `body`.
    fn form(body: &TokenizedPkce) -> Vec<(String, String)> {
        let request = Client::new()
            .exchange_for_auth0_token_request(Some(body))
            .unwrap();
        let encoded = request.body().and_then(|b| b.as_bytes()).unwrap();
        url::form_urlencoded::parse(encoded)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn url_is_the_generated_authorize_request() {
        let login = pending(AuthorizationRequest::new(
            "my-client",
            REDIRECT,
            "https://api.example/",
        ));
        let url = login.url();
        assert_eq!(url.origin().ascii_serialization(), "https://tenant.example");
        assert_eq!(url.path(), "/authorize");
        assert_eq!(
            pairs(url),
            owned(&[
                ("audience", "https://api.example/"),
                ("scope", "openid email profile offline_access"),
                ("response_type", "code"),
                ("client_id", "my-client"),
                ("state", STATE),
                ("redirect_uri", REDIRECT),
                ("code_challenge_method", "S256"),
                ("code_challenge", CHALLENGE),
                ("response_mode", "query"),
            ])
        );
        // spaceDelimited: one parameter, spaces percent-encoded as %20.
        assert!(
            url.query()
                .unwrap()
                .contains("scope=openid%20email%20profile%20offline_access"),
            "{url}"
        );
    }

    #[test]
    fn url_matches_what_the_client_would_send() {
        let client = Client::with_base_url("http://localhost:1000").unwrap();
        let request = AuthorizationRequest::new("c", REDIRECT, "aud")
            .scope(["openid"])
            .response_mode(AuthorizeAuth0ResponseMode::FormPost)
            .connection("github")
            .prompt("login");
        let login = request.clone().start(&client).unwrap();
        let sent = client
            .authorize_auth0_request(request.params(login.pkce(), login.state()))
            .unwrap();
        assert_eq!(login.url(), sent.url());
        let query = pairs(login.url());
        for expected in [
            ("scope", "openid"),
            ("response_mode", "form_post"),
            ("connection", "github"),
            ("prompt", "login"),
        ] {
            assert!(
                query.contains(&(expected.0.to_owned(), expected.1.to_owned())),
                "{query:?}"
            );
        }
    }

    #[test]
    fn start_generates_a_fresh_pair_and_state_each_time() {
        let client = Client::new();
        let request = AuthorizationRequest::new("c", REDIRECT, "aud");
        let a = request.clone().start(&client).unwrap();
        let b = request.start(&client).unwrap();
        assert_ne!(a.state(), b.state());
        assert_ne!(a.pkce(), b.pkce());
        assert_eq!(
            a.pkce().challenge,
            a.pkce().verifier.challenge_s256(),
            "the URL carries the verifier's own challenge"
        );
        let challenge = pairs(a.url())
            .into_iter()
            .find(|(k, _)| k == "code_challenge")
            .unwrap()
            .1;
        assert_eq!(challenge, a.pkce().challenge.as_str());
    }

    #[test]
    fn callback_is_checked_against_the_state() {
        let login = pending(AuthorizationRequest::new("c", REDIRECT, "aud"));
        let good = format!("{REDIRECT}?code=the-code&state={STATE}&iss=https%3A%2F%2Fx");
        assert_eq!(login.parse_callback(&good).unwrap().as_str(), "the-code");
        assert_eq!(
            login
                .parse_callback_query(&format!("/callback?code=c2&state={STATE}"))
                .unwrap()
                .as_str(),
            "c2"
        );
        assert_eq!(
            login
                .parse_form_post(format!("code=c3&state={STATE}").as_bytes())
                .unwrap()
                .as_str(),
            "c3"
        );
        assert_eq!(
            login.parse_callback(&format!("{REDIRECT}?code=the-code&state=other")),
            Err(CallbackError::StateMismatch)
        );
    }

    #[test]
    fn token_request_redeems_the_code_with_the_verifier() {
        let login = pending(AuthorizationRequest::new("my-client", REDIRECT, "aud"));
        let code = AuthorizationCode::from("SplxlOBeZQQYbYS6WxSbIA".to_owned());
        assert_eq!(
            form(&login.token_request(&code)),
            // The document's order of `TokenizedPKCE`'s properties.
            owned(&[
                ("grant_type", "authorization_code"),
                ("client_id", "my-client"),
                ("code", "SplxlOBeZQQYbYS6WxSbIA"),
                ("redirect_uri", REDIRECT),
                ("code_verifier", VERIFIER),
            ])
        );
    }

    #[test]
    fn refresh_request_sends_the_refresh_token_and_empty_code_fields() {
        let body = refresh_token_request("my-client", "tGzv3JOkF0XG5Qx2TlKWIA");
        assert_eq!(
            form(&body),
            owned(&[
                ("grant_type", "refresh_token"),
                ("client_id", "my-client"),
                ("code", ""),
                ("redirect_uri", ""),
                ("code_verifier", ""),
                ("refresh_token", "tGzv3JOkF0XG5Qx2TlKWIA"),
            ])
        );
    }

    async fn logout_against(
        response: wiremock::ResponseTemplate,
    ) -> Result<LoggedOut, Error<OAuthError>> {
        use wiremock::matchers::{method, path, query_param};
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(method("GET"))
            .and(path("/v2/logout"))
            .and(query_param("returnTo", "http://127.0.0.1:53682/logged-out"))
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
        let client = Client::with_base_url(&server.uri()).unwrap();
        let params = Auth0LogoutParams::new()
            .client_id("c")
            .return_to("http://127.0.0.1:53682/logged-out");
        logout(&client, &params).await
    }

    #[tokio::test]
    async fn logout_accepts_a_page() {
        let page = wiremock::ResponseTemplate::new(200)
            .set_body_raw("<html>bye</html>", "text/html; charset=utf-8");
        assert_eq!(
            logout_against(page).await.unwrap(),
            LoggedOut::Page("<html>bye</html>".into())
        );
    }

    #[tokio::test]
    async fn logout_accepts_auth0s_redirect_without_following_it() {
        let redirect = wiremock::ResponseTemplate::new(302)
            .insert_header("location", "http://127.0.0.1:53682/logged-out");
        assert_eq!(
            logout_against(redirect).await.unwrap(),
            LoggedOut::Redirect {
                status: reqwest::StatusCode::FOUND,
                location: "http://127.0.0.1:53682/logged-out".into(),
            }
        );
    }

    #[tokio::test]
    async fn logout_still_reports_errors() {
        let refused = wiremock::ResponseTemplate::new(400).set_body_raw(
            r#"{"error":"invalid_request","error_description":"returnTo not allowed"}"#,
            "application/json",
        );
        match logout_against(refused).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status, 400);
                assert_eq!(e.body.error, "invalid_request");
            }
            other => panic!("expected Error::Api, got {other:?}"),
        }
        // A redirect without Location is not a usable logout.
        let bare = wiremock::ResponseTemplate::new(302);
        assert!(matches!(
            logout_against(bare).await,
            Err(Error::UnexpectedStatus(r)) if r.status == 302
        ));
    }

    #[test]
    fn secrets_are_redacted_from_debug() {
        let login = pending(AuthorizationRequest::new("my-client", REDIRECT, "aud"));
        let code = AuthorizationCode::from("SECRET-CODE".to_owned());
        let printed = format!(
            "{login:?} {login:#?} {:?} {:?}",
            login.token_request(&code),
            refresh_token_request("my-client", "SECRET-REFRESH"),
        );
        for secret in [VERIFIER, STATE, "SECRET-CODE", "SECRET-REFRESH"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(printed.contains("https://tenant.example/authorize?<query not shown>"));
        assert!(printed.contains("my-client"), "{printed}");

        let token: OAuthToken = serde_json::from_str(
            r#"{"access_token":"SECRET-AT","refresh_token":"SECRET-RT","id_token":"SECRET-ID",
                "expires_in":3600,"scope":"openid","token_type":"Bearer"}"#,
        )
        .unwrap();
        let printed = format!("{token:?}");
        assert!(printed.contains(r#"access_token: <redacted>"#), "{printed}");
        for secret in ["SECRET-AT", "SECRET-RT", "SECRET-ID"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(printed.contains("expires_in: 3600"), "{printed}");
    }
}
