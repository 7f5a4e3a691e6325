//! Signs a user in with the authorization code flow and PKCE, the way `gh auth login` does:
//! prints the `/authorize` URL (and opens it with `--open`), waits on a loopback port for the
//! browser to come back, checks `state`, redeems the code with the PKCE verifier, prints the
//! user's profile, refreshes the tokens when a refresh token was issued, and logs out.
//!
//! ```sh
//! cargo run -p consumer --example login -- --client-id ID --redirect-port 53682 --open
//! ```
//!
//! Everything goes through `generated_client` (`login` ties its pieces together). Tokens are
//! never printed. Errors from the provider are printed as the provider sent them.
//! Trying it against the loopback test provider: `e2e/provider/README.md`.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, State as AxumState};
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use clap::Parser;
use generated_client::login::{self, AuthorizationRequest, LoggedOut, PendingLogin};
use generated_client::models::{Auth0User, OAuthError, OAuthToken};
use generated_client::operations::Auth0LogoutParams;
use generated_client::redirect::{AuthorizationCode, CallbackError};
use generated_client::{Client, Error};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// Sign in with OAuth 2.0 + PKCE against Pieces OS, an Auth0 tenant or any OpenID provider
/// that serves Auth0's paths, then read the profile, refresh the tokens and log out.
///
/// Prints the sign-in URL, listens on 127.0.0.1:<REDIRECT_PORT> for the browser to come back
/// to http://<REDIRECT_HOST>:<REDIRECT_PORT><REDIRECT_PATH> (that URL must be an allowed
/// callback of the application), checks `state`, and exchanges the code together with the
/// PKCE verifier. Tokens are never printed.
#[derive(Debug, Parser)]
#[command(
    name = "login",
    after_help = "Example, against the loopback test provider (see e2e/provider/README.md):\n  \
                  node e2e/provider/server.js 3000 &\n  \
                  cargo run -p consumer --example login -- --base-url http://127.0.0.1:3000 \\\n      \
                  --client-id e2e-public-client --redirect-port 53682 --open\n\n\
                  Exit status: 0 when every step worked, 1 when one failed (the provider's \
                  answer is printed), 2 for bad arguments."
)]
struct Args {
    /// Base URL of the server that serves /authorize, /oauth/token, /userinfo and /v2/logout.
    #[arg(long, value_name = "URL", default_value = Client::DEFAULT_BASE_URL)]
    base_url: String,

    /// Client ID of the application (a public client: no secret, PKCE instead).
    #[arg(long, value_name = "ID")]
    client_id: String,

    /// Loopback port to wait on for the browser's redirect (0: any free port; only works with
    /// providers that accept any loopback port, RFC 8252 section 7.3).
    #[arg(long, value_name = "PORT")]
    redirect_port: u16,

    /// Host name in the redirect URI; the listener binds 127.0.0.1 either way.
    #[arg(long, value_name = "HOST", default_value = "127.0.0.1",
          value_parser = ["127.0.0.1", "localhost"])]
    redirect_host: String,

    /// Path of the redirect URI.
    #[arg(long, value_name = "PATH", default_value = "/callback")]
    redirect_path: String,

    /// API the access token is meant for (Auth0's `audience`; required by the API description,
    /// ignored by providers without API audiences).
    #[arg(
        long,
        value_name = "AUDIENCE",
        default_value = "https://pieces.us.auth0.com/api/v2/"
    )]
    audience: String,

    /// Scopes to ask for, separated by spaces; `offline_access` asks for a refresh token.
    #[arg(
        long,
        value_name = "SCOPES",
        default_value = "openid email profile offline_access"
    )]
    scope: String,

    /// Open the sign-in URL (and at the end the logout URL) in the default browser.
    #[arg(long)]
    open: bool,

    /// Value of the `X-Application-ID` header that Pieces OS expects on its requests.
    #[arg(long, value_name = "ID")]
    application_id: Option<String>,

    /// Where the provider sends the browser after logout (must be an allowed logout URL).
    #[arg(long, value_name = "URL")]
    return_to: Option<String>,

    /// Seconds to wait for the browser to come back (or, with --direct, for the server).
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    timeout: u64,

    /// Do not wait for a browser: send GET /authorize with the generated client and read the
    /// code from its 200 answer (`code=..&state=..`). That is how the API description says
    /// Pieces OS's local server answers, doing the browser round trip itself; an OAuth
    /// provider answers with a redirect to its login page instead, which is reported.
    #[arg(long)]
    direct: bool,
}

/// A step that failed, already worded for the user.
struct Failure(String);

impl<T: Into<String>> From<T> for Failure {
    fn from(message: T) -> Self {
        Failure(message.into())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Failure> {
    // 1. The listener first, so the port is known (and taken) before the URL is shown.
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.redirect_port)))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", args.redirect_port))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("listener address: {e}"))?
        .port();
    let path = if args.redirect_path.starts_with('/') {
        args.redirect_path.clone()
    } else {
        format!("/{}", args.redirect_path)
    };
    let redirect_uri = format!("http://{}:{port}{path}", args.redirect_host);

    let mut client = Client::with_base_url(&args.base_url)
        .map_err(|e| format!("--base-url {:?}: {e}", args.base_url))?;
    if let Some(id) = &args.application_id {
        client = client.with_application_api_key(id.clone());
    }

    // 2. The authorize URL, with a fresh PKCE verifier and state.
    let request = AuthorizationRequest::new(&args.client_id, &redirect_uri, &args.audience)
        .scope(args.scope.split_whitespace());
    let login = request
        .clone()
        .start(&client)
        .map_err(|e| format!("building the sign-in URL: {e}"))?;

    // 3. The code, `state` checked: from the browser's redirect, or (--direct) from the
    //    server's own answer.
    let code = if args.direct {
        drop(listener);
        authorize_directly(&client, &request, &login, args.timeout).await?
    } else {
        println!(
            "Open this URL in your browser to sign in:\n\n{}\n",
            login.url()
        );
        println!(
            "Waiting up to {} s for the browser to come back to {redirect_uri} ...",
            args.timeout
        );
        if args.open {
            open_in_browser(login.url().as_str());
        }
        wait_for_callback(listener, path, login.clone(), args.timeout).await?
    };
    println!("Signed in: got an authorization code (state matched).");

    // 4. The code exchange, with the verifier.
    let tokens = client
        .exchange_for_auth0_token(&login.token_request(&code))
        .await
        .map_err(|e| provider_failure("exchanging the code for tokens", &e))?;
    print_tokens("Tokens", &tokens);

    // 5. The user's profile, with the access token.
    let user = client
        .clone()
        .with_auth0_token(tokens.access_token.clone())
        .get_auth0_user_info()
        .await
        .map_err(|e| provider_failure("reading /userinfo", &e))?;
    print_user(&user);

    // 6. A refresh, when a refresh token was issued.
    match &tokens.refresh_token {
        Some(refresh_token) => {
            let body = login::refresh_token_request(&args.client_id, refresh_token.clone());
            let renewed = client
                .exchange_for_auth0_token(&body)
                .await
                .map_err(|e| provider_failure("refreshing the tokens", &e))?;
            print_tokens("Refreshed tokens", &renewed);
            let rotated = renewed
                .refresh_token
                .as_ref()
                .is_some_and(|new| new != refresh_token);
            println!(
                "  the refresh token was {}",
                if rotated {
                    "rotated (keep the new one)"
                } else {
                    "kept"
                }
            );
        }
        None => println!("No refresh token was issued (ask for `offline_access` to get one)."),
    }

    // 7. Logout: tell the provider, then show the URL that ends the browser's session.
    let mut params = Auth0LogoutParams::new().client_id(args.client_id.clone());
    if let Some(return_to) = &args.return_to {
        params = params.return_to(return_to.clone());
    }
    match login::logout(&client, &params)
        .await
        .map_err(|e| provider_failure("logging out", &e))?
    {
        LoggedOut::Page(html) => println!(
            "Logged out: the provider answered 200 with an HTML page ({} bytes).",
            html.len()
        ),
        LoggedOut::Redirect { status, location } => {
            println!("Logged out: the provider redirected ({status}) to {location}")
        }
    }
    let logout_url = client
        .auth0_logout_request(&params)
        .map_err(|e| format!("building the logout URL: {e}"))?
        .url()
        .clone();
    println!("The session in your browser ends when you open:\n\n{logout_url}\n");
    if args.open {
        open_in_browser(logout_url.as_str());
    }
    println!("Done. Forget the tokens: logout does not revoke them.");
    Ok(())
}

/// `GET /authorize` sent by the generated client, for a server that answers it with the code
/// (`200`, `code=..&state=..`) rather than with a redirect to a login page.
async fn authorize_directly(
    client: &Client,
    request: &AuthorizationRequest,
    login: &PendingLogin,
    timeout_secs: u64,
) -> Result<AuthorizationCode, Failure> {
    println!("Asking {} for the code directly ...", login.url().path());
    // The server may wait for the user to sign in: allow --timeout instead of the default 60 s.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(timeout_secs))
        .build()
        .map_err(|e| format!("HTTP client: {e}"))?;
    let result = client
        .clone()
        .with_http(http)
        .authorize_auth0(&request.params(login.pkce(), login.state()))
        .await;
    let answer = match result {
        Ok(answer) => answer,
        Err(Error::UnexpectedStatus(r)) if r.status.is_redirection() => {
            return Err(Failure(format!(
                "GET /authorize: the server answered {} to {}: it wants a browser; run \
                 without --direct",
                r.status,
                r.location().unwrap_or("(no Location)")
            )))
        }
        Err(e) => return Err(provider_failure("GET /authorize", &e)),
    };
    if !login.state().matches(&answer.state) {
        return Err(Failure(format!(
            "GET /authorize: {}",
            CallbackError::StateMismatch
        )));
    }
    Ok(AuthorizationCode::from(answer.into_inner().code))
}

fn open_in_browser(url: &str) {
    if let Err(e) = open::that_detached(url) {
        eprintln!("warning: could not open a browser ({e}); open the URL yourself");
    }
}

/// What the listener shares with its handlers: the login to check callbacks against, and
/// where the first callback's outcome goes.
struct Callback {
    login: PendingLogin,
    outcome: Mutex<Option<oneshot::Sender<Result<AuthorizationCode, CallbackError>>>>,
}

/// Serves `path` on `listener` until the first request to it (the browser's redirect, with the
/// code in the query or, for `response_mode=form_post`, in a POST body), answers the browser
/// with a small page, and returns the code.
async fn wait_for_callback(
    listener: TcpListener,
    path: String,
    login: PendingLogin,
    timeout_secs: u64,
) -> Result<AuthorizationCode, Failure> {
    let (outcome_tx, outcome_rx) = oneshot::channel();
    let shared = Arc::new(Callback {
        login,
        outcome: Mutex::new(Some(outcome_tx)),
    });
    let app = Router::new()
        .route(&path, get(callback_query).post(callback_form_post))
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                Html(page("Not found", "This is not the sign-in callback.")),
            )
        })
        .with_state(shared);

    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stop_rx.await;
            })
            .await
    });

    let outcome = tokio::select! {
        outcome = outcome_rx => outcome.map_err(|_| Failure::from("the callback listener stopped")),
        _ = tokio::time::sleep(Duration::from_secs(timeout_secs)) => Err(Failure::from(format!(
            "the browser did not come back within {timeout_secs} s"
        ))),
        _ = tokio::signal::ctrl_c() => Err(Failure::from("interrupted")),
    };

    // Let the page reach the browser, then stop listening.
    let _ = stop_tx.send(());
    let _ = tokio::time::timeout(Duration::from_secs(5), server).await;

    outcome?.map_err(|e| match e {
        CallbackError::Provider { .. } => Failure(format!("sign-in refused: {e}")),
        other => Failure(format!("the redirect was not accepted: {other}")),
    })
}

async fn callback_query(
    AxumState(shared): AxumState<Arc<Callback>>,
    RawQuery(query): RawQuery,
) -> (StatusCode, Html<String>) {
    let parsed = shared
        .login
        .parse_callback_query(query.as_deref().unwrap_or(""));
    finish(&shared, parsed)
}

async fn callback_form_post(
    AxumState(shared): AxumState<Arc<Callback>>,
    body: Bytes,
) -> (StatusCode, Html<String>) {
    let parsed = shared.login.parse_form_post(&body);
    finish(&shared, parsed)
}

/// Hands the first callback's outcome to the waiting login and tells the browser how it went.
fn finish(
    shared: &Callback,
    parsed: Result<AuthorizationCode, CallbackError>,
) -> (StatusCode, Html<String>) {
    let answer = match &parsed {
        Ok(_) => (
            StatusCode::OK,
            Html(page(
                "Sign-in received",
                "Sign-in received. You can close this tab and return to the terminal.",
            )),
        ),
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Html(page("Sign-in failed", &format!("{e}. See the terminal."))),
        ),
    };
    let Some(sender) = shared.outcome.lock().map(|mut s| s.take()).unwrap_or(None) else {
        return (
            StatusCode::CONFLICT,
            Html(page(
                "Already handled",
                "This sign-in has already been handled; you can close this tab.",
            )),
        );
    };
    let _ = sender.send(parsed);
    answer
}

/// A minimal HTML page; `text` is escaped.
fn page(title: &str, text: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family: sans-serif; margin: 3em\"><h1>{title}</h1><p>{text}</p>\
         </body></html>",
        title = escape(title),
        text = escape(text)
    )
}

/// The provider's answer, as it sent it: the status and the body for a declared error or an
/// unexpected status, the client's own message otherwise.
fn provider_failure(step: &str, error: &Error<OAuthError>) -> Failure {
    match error {
        Error::Api(e) => Failure(format!(
            "{step}: the provider answered {}: {}",
            e.status,
            String::from_utf8_lossy(&e.raw_body)
        )),
        Error::UnexpectedStatus(r) => {
            let location = r
                .location()
                .map(|l| format!(" (Location: {l})"))
                .unwrap_or_default();
            Failure(format!(
                "{step}: the provider answered {}{location}: {}",
                r.status,
                r.text()
            ))
        }
        other => Failure(format!("{step}: {other}")),
    }
}

fn print_tokens(what: &str, tokens: &OAuthToken) {
    let yes_no = |t: &Option<String>| if t.is_some() { "yes" } else { "no" };
    println!(
        "{what}: {} access token valid for {} s, scope {:?}; refresh token: {}; ID token: {}",
        tokens.token_type,
        tokens.expires_in,
        tokens.scope,
        yes_no(&tokens.refresh_token),
        yes_no(&tokens.id_token),
    );
}

fn print_user(user: &Auth0User) {
    println!("User:");
    let fields = [
        ("sub", user.sub.clone()),
        ("user_id", user.user_id.clone()),
        ("name", user.name.clone()),
        ("nickname", user.nickname.clone()),
        ("email", user.email.clone()),
        ("email_verified", user.email_verified.map(|v| v.to_string())),
        ("picture", user.picture.clone()),
        ("locale", user.locale.clone()),
        ("updated_at", user.updated_at.map(|t| t.to_rfc3339())),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            println!("  {name}: {value}");
        }
    }
}
