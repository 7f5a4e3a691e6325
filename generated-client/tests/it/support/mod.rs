//! Shared by the wire tests: sample parameters for the four Auth0 operations, and a tiny raw
//! HTTP/1.1 server for what `wiremock` cannot do (show the exact request bytes, answer with a
//! chunked body, a truncated body, or not at all).

use std::sync::{Arc, Mutex};

use generated_client::models::{
    AuthorizeAuth0CodeChallengeMethod, AuthorizeAuth0ResponseMode, AuthorizeAuth0ResponseType,
    AuthorizeAuth0ScopeItem, TokenizedPkce, TokenizedPkceGrantType,
};
use generated_client::operations::AuthorizeAuth0Params;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub const AUDIENCE: &str = "https://pieces.us.auth0.com/api/v2/";
pub const CLIENT_ID: &str = "9sW4Pa1LEjX67l6VO14u0207NLYeXnu1";
pub const CHALLENGE: &str = "yxRssZxdfBpMigRmDxAety1QU72Bd5WnDUbtlsCZOnk";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/// `/authorize` with the required parameters only.
pub fn authorize_params() -> AuthorizeAuth0Params {
    AuthorizeAuth0Params::builder()
        .audience(AUDIENCE)
        .scope(vec![
            AuthorizeAuth0ScopeItem::Openid,
            AuthorizeAuth0ScopeItem::Email,
            AuthorizeAuth0ScopeItem::OfflineAccess,
        ])
        .response_type(AuthorizeAuth0ResponseType::Code)
        .client_id(CLIENT_ID)
        .code_challenge_method(AuthorizeAuth0CodeChallengeMethod::S256)
        .code_challenge(CHALLENGE)
        .response_mode(AuthorizeAuth0ResponseMode::FormPost)
        .build()
}

/// The token exchange body with only the required fields.
pub fn token_body() -> TokenizedPkce {
    TokenizedPkce::builder()
        .grant_type(TokenizedPkceGrantType::AuthorizationCode)
        .client_id(CLIENT_ID)
        .code("SplxlOBeZQQYbYS6WxSbIA")
        .redirect_uri("http://localhost:3000/pkce/response/code")
        .code_verifier(VERIFIER)
        .build()
}

/// The token refresh body: `grant_type=refresh_token` with the refresh token; the fields
/// the form requires but this grant does not use are sent empty, as the spec says.
pub fn refresh_body() -> TokenizedPkce {
    TokenizedPkce::builder()
        .grant_type(TokenizedPkceGrantType::RefreshToken)
        .client_id(CLIENT_ID)
        .code(String::new())
        .redirect_uri(String::new())
        .code_verifier(String::new())
        .build()
        .with_refresh_token("v1.MRrTkz-refresh")
}

/// The decoded pairs of a raw query string (or form body), in order.
pub fn pairs(raw: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The single value of `name` among `pairs`; fails the test, saying what arrived, when the
/// parameter is missing or repeated.
pub fn single<'a>(pairs: &'a [(String, String)], name: &str, raw: &str) -> &'a str {
    let values: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        values.len(),
        1,
        "expected exactly one `{name}` parameter, found {} ({values:?}) in `{raw}`",
        values.len()
    );
    values[0]
}

/// One request as the raw server read it off the socket.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// `GET /path?query HTTP/1.1`
    pub request_line: String,
}

impl RawRequest {
    /// The request target (`/path?query`).
    pub fn target(&self) -> &str {
        self.request_line
            .split(' ')
            .nth(1)
            .expect("a request line has a target")
    }
}

/// What the raw server does once it has read a request.
#[derive(Clone)]
pub enum Reply {
    /// Writes these bytes, then closes the connection.
    Bytes(Vec<u8>),
    /// Writes these byte chunks one after another (with a flush and a short pause between
    /// them, so the client sees them arrive separately), then closes.
    Chunks(Vec<Vec<u8>>),
    /// Reads the request and never answers (the connection stays open until the test ends).
    Silence,
}

/// A raw HTTP/1.1 server on 127.0.0.1, port 0, answering every connection with `reply`.
pub struct RawServer {
    pub base_url: String,
    requests: Arc<Mutex<Vec<RawRequest>>>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    pub async fn start(reply: Reply) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port for the raw test server");
        let addr = listener.local_addr().expect("the listener has an address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            let mut held = Vec::new();
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let Some(request) = read_request(&mut socket).await else {
                    continue;
                };
                seen.lock().unwrap().push(request);
                match &reply {
                    Reply::Bytes(bytes) => {
                        let _ = socket.write_all(bytes).await;
                        let _ = socket.shutdown().await;
                    }
                    Reply::Chunks(chunks) => {
                        for chunk in chunks {
                            if socket.write_all(chunk).await.is_err() {
                                break;
                            }
                            let _ = socket.flush().await;
                            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                        }
                        let _ = socket.shutdown().await;
                    }
                    Reply::Silence => held.push(socket),
                }
            }
        });
        RawServer {
            base_url: format!("http://{addr}"),
            requests,
            task,
        }
    }

    /// The requests read so far.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests.lock().unwrap().clone()
    }

    /// The one request the test expected; fails the test when there were none or several.
    pub fn only_request(&self) -> RawRequest {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected the client to send exactly one request, the server saw {requests:#?}"
        );
        requests.into_iter().next().unwrap()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request head and its `Content-Length` body (the tests look at the request line
/// only: `wiremock` shows the rest).
async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<RawRequest> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(RawRequest { request_line })
}

/// A complete HTTP/1.1 response with a `Content-Length`.
pub fn http_response(status_line: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status_line}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}
