//! Credentials set on the client, and where each operation's `security` sends them.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::error::Error;
use super::params::{Cookies, Query};
use super::value::encode;

/// A credential set on the client, sent where an operation's security says.
#[derive(Clone)]
pub enum Credential {
    /// An API key sent as a header.
    Header {
        /// The header's name, lower-case.
        name: &'static str,
        /// The key.
        value: String,
    },
    /// An API key sent as a query parameter.
    Query {
        /// The parameter's name.
        name: &'static str,
        /// The key.
        value: String,
    },
    /// An API key sent as a cookie.
    Cookie {
        /// The cookie's name.
        name: &'static str,
        /// The key.
        value: String,
    },
    /// A token sent as `Authorization: Bearer <token>`.
    Bearer(String),
    /// HTTP basic authentication (`Authorization: Basic ...`).
    Basic {
        /// The user name.
        username: String,
        /// The password, if any.
        password: Option<String>,
    },
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Applies the first alternative whose credentials are all configured. When none is, the
/// request goes without credentials and the server's answer (401, say) comes back as an error.
pub fn apply_credentials<E>(
    credentials: &[Option<Credential>],
    alternatives: &[&[usize]],
    query: &mut Query,
    headers: &mut HeaderMap,
    cookies: &mut Cookies,
) -> Result<(), Error<E>> {
    // An empty alternative (`{}`) allows anonymous access: it is the fallback when no other
    // alternative has all its credentials, so a configured credential is still sent.
    let Some(chosen) = alternatives.iter().find(|set| {
        !set.is_empty()
            && set
                .iter()
                .all(|&i| credentials.get(i).is_some_and(Option::is_some))
    }) else {
        return Ok(());
    };
    for credential in chosen.iter().filter_map(|&i| credentials[i].as_ref()) {
        let secret_header = |text: String| {
            HeaderValue::from_str(&text)
                .map(|mut v| {
                    v.set_sensitive(true);
                    v
                })
                .map_err(|_| {
                    Error::InvalidRequest(
                        "a credential holds characters a header cannot carry".into(),
                    )
                })
        };
        match credential {
            Credential::Header { name, value } => {
                headers.insert(HeaderName::from_static(name), secret_header(value.clone())?);
            }
            Credential::Query { name, value } => query.raw_pair(name, value),
            Credential::Cookie { name, value } => cookies
                .pairs
                .push(format!("{name}={}", encode(value, false))),
            Credential::Bearer(token) => {
                headers.insert(
                    reqwest::header::AUTHORIZATION,
                    secret_header(format!("Bearer {token}"))?,
                );
            }
            Credential::Basic { username, password } => {
                use base64::Engine as _;
                let raw = format!("{username}:{}", password.as_deref().unwrap_or(""));
                let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
                headers.insert(
                    reqwest::header::AUTHORIZATION,
                    secret_header(format!("Basic {encoded}"))?,
                );
            }
        }
    }
    Ok(())
}
