//! The loopback OpenID provider of `e2e/provider` (oidc-provider on Node.js),
//! started per test, and a cookie-jar HTTP "browser" that drives its built-in
//! login and consent pages.
//!
//! Wire facts about the provider (status codes, bodies, how it differs from
//! Auth0) are in `e2e/provider/README.md`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::redirect::Policy;
use reqwest::{Method, StatusCode};
use url::Url;

/// The one client registered in the provider: a public native client
/// (`token_endpoint_auth_method: none`, PKCE S256 required) whose redirect
/// URIs are `http://127.0.0.1/callback` and `http://localhost/callback` on
/// *any* port (RFC 8252 loopback rule).
pub const CLIENT_ID: &str = "e2e-public-client";

/// `sub` of the fixed test user every login resolves to.
pub const TEST_USER_SUB: &str = "user-123";
/// `email` of the fixed test user.
pub const TEST_USER_EMAIL: &str = "test.user@example.com";
/// Login name typed into the dev login page by [`drive_login`] (any name is
/// accepted; this one equals the user's `sub`).
pub const LOGIN_NAME: &str = "user-123";

/// How long [`Provider::start`] waits for the `LISTENING <port>` line.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// Upper bound on requests in one [`drive_login`] / [`drive_logout`] run.
const MAX_STEPS: usize = 20;

/// A running `node e2e/provider/server.js 0`; killed (and reaped) on drop,
/// including when the test panics.
pub struct Provider {
    /// Issuer and base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub base_url: String,
    /// The port the provider listens on (127.0.0.1 only).
    pub port: u16,
    child: Child,
    /// Kept open: the server exits when it reaches EOF (our death).
    _stdin: Option<ChildStdin>,
    /// Everything the server wrote to stderr so far (its request log).
    stderr_log: Arc<Mutex<String>>,
}

impl Provider {
    /// Starts the provider on a free loopback port and waits (up to 30 s) for
    /// it to accept connections.
    ///
    /// Installs the provider's npm packages first when they are missing.
    /// Panics with a clear message when Node.js or npm is missing, or when the
    /// server exits or stays silent.
    pub fn start() -> Provider {
        let root = workspace_root();
        let dir = root.join("e2e").join("provider");
        let script = dir.join("server.js");
        assert!(
            script.is_file(),
            "e2e provider: {} not found",
            script.display()
        );
        let node = std::env::var_os("NODE").unwrap_or_else(|| "node".into());
        super::node_packages::ensure_installed(&dir, &node);
        let mut child = Command::new(&node)
            .arg(&script)
            .arg("0")
            .current_dir(&root)
            .env("E2E_PROVIDER_EXIT_ON_STDIN_EOF", "1")
            .env_remove("PORT")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "e2e provider: cannot run `{} {}`: {e} (is Node.js >= 20.18 installed and on PATH? \
                     set NODE=/path/to/node otherwise)",
                    Path::new(&node).display(),
                    script.display()
                )
            });

        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");

        // Drain stderr for the whole life of the child (so it never blocks on
        // a full pipe) into a buffer we can show when something fails.
        let stderr_log = Arc::new(Mutex::new(String::new()));
        {
            let log = Arc::clone(&stderr_log);
            thread::spawn(move || {
                let mut reader = BufReader::new(stderr);
                let mut line = String::new();
                loop {
                    line.clear();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => log.lock().unwrap().push_str(&line),
                    }
                }
            });
        }

        // Read stdout until `LISTENING <port>`, then keep draining it.
        let (tx, rx) = mpsc::channel::<Result<u16, String>>();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let mut sent = false;
            loop {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if sent {
                            continue;
                        }
                        if let Some(rest) = line.trim().strip_prefix("LISTENING ") {
                            let parsed = rest
                                .trim()
                                .parse::<u16>()
                                .map_err(|e| format!("bad LISTENING line {line:?}: {e}"));
                            sent = true;
                            let _ = tx.send(parsed);
                        }
                    }
                }
            }
            if !sent {
                let _ = tx.send(Err("stdout closed before `LISTENING <port>`".into()));
            }
        });

        let port = match rx.recv_timeout(START_TIMEOUT) {
            Ok(Ok(port)) => port,
            Ok(Err(why)) => {
                let status = child.wait().ok();
                thread::sleep(Duration::from_millis(100));
                panic!(
                    "e2e provider failed to start: {why}; exit status {status:?}\n--- provider stderr ---\n{}",
                    stderr_log.lock().unwrap()
                );
            }
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "e2e provider did not print `LISTENING <port>` within {START_TIMEOUT:?}\n--- provider stderr ---\n{}",
                    stderr_log.lock().unwrap()
                );
            }
        };

        Provider {
            base_url: format!("http://127.0.0.1:{port}"),
            port,
            child,
            _stdin: stdin,
            stderr_log,
        }
    }

    /// The issuer (`http://127.0.0.1:<port>`); same as `base_url`.
    pub fn issuer(&self) -> &str {
        &self.base_url
    }

    /// `base_url` joined with an absolute path, e.g. `url("/oauth/token")`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The server's stderr so far (oidc-provider notices, one line per
    /// request with its status, and `*.error` events with their detail).
    pub fn logs(&self) -> String {
        self.stderr_log.lock().unwrap().clone()
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        // SIGKILL by pid, then reap. The server keeps everything in memory,
        // so nothing is lost that a later test could need.
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            // Captured by the test harness and shown with the failure.
            eprintln!(
                "--- e2e provider ({}) stderr ---\n{}--- end of provider stderr ---",
                self.base_url,
                self.logs()
            );
        }
    }
}

/// The workspace root (`consumer/..`).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("..");
    root.canonicalize().unwrap_or(root)
}

/// Drives the provider's dev-interaction pages like a browser without
/// JavaScript: GETs `authorize_url`, follows redirects by hand, submits the
/// login form (login name [`LOGIN_NAME`], any password) and the consent form,
/// and returns the first redirect that leaves the provider, i.e. the
/// `redirect_uri` with `code`, `state` and `iss` (or `error`,
/// `error_description`, `state`) in its query.
///
/// Nothing listens at the redirect URI: it is returned, never fetched.
/// Panics naming the step, status and a body excerpt on anything unexpected
/// (e.g. the 400 HTML page for an unknown client or unregistered redirect_uri).
pub async fn drive_login(authorize_url: &str) -> Url {
    let start = Url::parse(authorize_url)
        .unwrap_or_else(|e| panic!("drive_login: bad authorize URL {authorize_url:?}: {e}"));
    drive("drive_login", start).await
}

/// Like [`drive_login`] for a logout URL (`/v2/logout?client_id=..&returnTo=..`
/// or `post_logout_redirect_uri=..`): GETs it, submits the logout
/// confirmation form, and returns the first redirect that leaves the
/// provider (the `returnTo`), or the provider's own `/v2/logout/success` page
/// URL when no (usable) `returnTo` was given.
///
/// It uses a fresh cookie jar, i.e. a browser without the provider's session
/// (as the generated client is): the provider then answers with an
/// auto-submitting form rather than a question, ends no session and revokes
/// no tokens.
pub async fn drive_logout(logout_url: &str) -> Url {
    let start = Url::parse(logout_url)
        .unwrap_or_else(|e| panic!("drive_logout: bad logout URL {logout_url:?}: {e}"));
    drive("drive_logout", start).await
}

/// A `reqwest::Client` like the one [`drive_login`] uses: cookie store on,
/// redirects off.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("build reqwest client")
}

async fn drive(what: &str, start: Url) -> Url {
    let client = browser();
    let provider_origin = start.origin();
    let success_path = "/v2/logout/success";

    let mut method = Method::GET;
    let mut url = start;
    let mut form: Vec<(String, String)> = Vec::new();

    for step in 1..=MAX_STEPS {
        let request = if method == Method::POST {
            client.post(url.clone()).form(&form)
        } else {
            client.get(url.clone())
        };
        let label = format!("{what} step {step}: {method} {}", redact(&url));
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{label}: request failed: {e}"));
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|v| v.to_str().unwrap_or_default().to_owned());
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or_default().to_owned())
            .unwrap_or_default();
        let body = response.text().await.unwrap_or_default();

        if status.is_redirection() {
            let Some(location) = location else {
                panic!(
                    "{label}: {status} without Location; body: {}",
                    excerpt(&body)
                );
            };
            let next = url.join(&location).unwrap_or_else(|e| {
                panic!("{label}: {status} with unparsable Location {location:?}: {e}")
            });
            if next.origin() != provider_origin {
                return next;
            }
            if next.path() == success_path {
                return next;
            }
            method = Method::GET;
            url = next;
            form.clear();
            continue;
        }

        if status != StatusCode::OK || !content_type.starts_with("text/html") {
            panic!(
                "{label}: unexpected {status} ({content_type}); body: {}",
                excerpt(&body)
            );
        }

        let Some(html_form) = parse_post_form(&body) else {
            panic!(
                "{label}: 200 HTML page without a POST form; body: {}",
                excerpt(&body)
            );
        };
        let action = url.join(&html_form.action).unwrap_or_else(|e| {
            panic!(
                "{label}: form action {:?} unparsable: {e}",
                html_form.action
            )
        });
        if action.origin() != provider_origin {
            panic!(
                "{label}: the form posts to {} outside the provider \
                 (response_mode=form_post is not supported here); body: {}",
                redact(&action),
                excerpt(&body)
            );
        }

        form = html_form
            .fields
            .into_iter()
            .map(|(name, value)| {
                let value = match name.as_str() {
                    "login" => LOGIN_NAME.to_owned(),
                    "password" => "any-password".to_owned(),
                    _ => value,
                };
                (name, value)
            })
            .collect();
        // The logout page's confirm button is a named <button>, not an input.
        if html_form.has_logout_button && !form.iter().any(|(n, _)| n == "logout") {
            form.push(("logout".into(), "yes".into()));
        }
        method = Method::POST;
        url = action;
    }
    panic!("{what}: gave up after {MAX_STEPS} requests without leaving the provider");
}

struct HtmlForm {
    action: String,
    /// `<input name=.. value=..>` pairs in document order (value "" when absent).
    fields: Vec<(String, String)>,
    /// A `<button name="logout" ...>` refers to the form (oidc-provider's logout page).
    has_logout_button: bool,
}

/// Finds the first `<form ... method="post">` and its `<input>`s. Enough for
/// oidc-provider's own pages (double-quoted attributes, no nesting).
fn parse_post_form(html: &str) -> Option<HtmlForm> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(rel) = lower[from..].find("<form") {
        let start = from + rel;
        let tag_end = start + lower[start..].find('>')?;
        let tag = &html[start..=tag_end];
        from = tag_end + 1;
        if !attr(tag, "method").is_some_and(|m| m.eq_ignore_ascii_case("post")) {
            continue;
        }
        let action = attr(tag, "action").unwrap_or_default();
        let end = lower[from..]
            .find("</form")
            .map(|i| from + i)
            .unwrap_or(html.len());
        let inner = &html[from..end];
        let inner_lower = &lower[from..end];

        let mut fields = Vec::new();
        let mut at = 0;
        while let Some(rel) = inner_lower[at..].find("<input") {
            let s = at + rel;
            let e = s + inner_lower[s..]
                .find('>')
                .unwrap_or(inner_lower.len() - s - 1);
            let input = &inner[s..=e];
            at = e + 1;
            if let Some(name) = attr(input, "name") {
                fields.push((name, attr(input, "value").unwrap_or_default()));
            }
        }
        let has_logout_button = lower.contains("name=\"logout\"");
        return Some(HtmlForm {
            action,
            fields,
            has_logout_button,
        });
    }
    None
}

/// The value of `name="..."` (or `name='...'`) in one tag, entity-decoded.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(rel) = lower[from..].find(name) {
        let at = from + rel;
        from = at + name.len();
        // Must be a whole attribute name: preceded by whitespace.
        if !lower[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let rest = lower[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let value_start = tag.len() - rest.len();
        let quote = rest.chars().next()?;
        if quote == '"' || quote == '\'' {
            let len = rest[1..].find(quote)?;
            return Some(decode_entities(
                &tag[value_start + 1..value_start + 1 + len],
            ));
        }
        let len = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        return Some(decode_entities(&tag[value_start..value_start + len]));
    }
    None
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A URL for messages, without its (possibly long) query values.
fn redact(url: &Url) -> String {
    let mut shown = url.clone();
    if url.query().is_some() {
        let keys: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        shown.set_query(Some(&keys.join("&")));
    }
    shown.to_string()
}

fn excerpt(body: &str) -> String {
    // Skip the <head> (inline CSS) of HTML pages; keep what a human reads.
    let text = match body.find("<body") {
        Some(i) => &body[i..],
        None => body,
    };
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut end = text.len().min(600);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        format!("{}…", &text[..end])
    } else {
        text
    }
}
