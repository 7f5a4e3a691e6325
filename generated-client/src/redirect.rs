//! Reading the authorization response: the redirect that brings the browser
//! back to the client after the user has logged in at `GET /authorize`.
//!
//! In the authorization code grant the server answers with a redirect to the
//! client's `redirect_uri` carrying either `code` and `state` (success,
//! RFC 6749 §4.1.2) or `error`, optionally `error_description`, `error_uri`, and
//! `state` (failure, RFC 6749 §4.1.2.1). Where those parameters appear depends
//! on the `response_mode` the client asked for:
//!
//! | `response_mode` | where the parameters are | function |
//! |---|---|---|
//! | `query` (the default for `code`) | query string of the redirect URI | [`parse_callback`], or [`parse_callback_query`] for an HTTP server that sees only the request target |
//! | `fragment` | fragment of the redirect URI ([OAuth 2.0 Multiple Response Type Encoding Practices] §2.1); never sent to a server, so only a client that captures the whole URL (a native app, RFC 8252) sees it | [`parse_callback`] |
//! | `form_post` | `application/x-www-form-urlencoded` body of a `POST` to the redirect URI ([OAuth 2.0 Form Post Response Mode] §2) | [`parse_form_post`] |
//!
//! All three decode values with the `application/x-www-form-urlencoded` rules
//! (percent-decoding, `+` as a space) of the well-tested [`url::form_urlencoded`].
//!
//! # Decisions
//!
//! Anyone can send a browser to the redirect URI, so every callback is treated
//! as untrusted until its `state` matched:
//!
//! * **`state` is required and checked first.** The client always sends a
//!   [`State`], so a success response without one, or with a different one, is
//!   refused ([`CallbackError::MissingState`], [`CallbackError::StateMismatch`])
//!   before the code is even looked at (RFC 6749 §10.12). The comparison is
//!   constant-time ([`State::matches`]).
//! * **A provider error wins over a missing code**, and even over a `code`
//!   appearing next to it, so the user sees the server's reason
//!   ([`CallbackError::Provider`]). RFC 6749 §4.1.2.1 makes `state` part of the
//!   error response when the request had one; if an error response carries a
//!   `state` that does not match, it is reported as
//!   [`CallbackError::StateMismatch`] instead, because it may be forged. An
//!   error response without any `state` is still reported as the provider's
//!   error: some failures are reported before the server has read the request's
//!   `state`, and an unverified error can do no more harm than making the login
//!   fail, which an attacker can do anyway.
//! * **Repeated parameters are refused** ([`CallbackError::DuplicateParameter`]):
//!   RFC 6749 §3.1 says request and response parameters must not be included
//!   more than once, and accepting "the first" or "the last" `code` or `state`
//!   invites parameter-pollution tricks. This applies to `code`, `state`,
//!   `error`, `error_description` and `error_uri`; other parameters (such as the
//!   redirect URI's own query parameters, which RFC 6749 §3.1.2 allows) are
//!   ignored. In [`parse_callback`] the query and the fragment count as one set
//!   of parameters, so `code` in both is a duplicate too.
//! * **Empty values count as missing:** `state=` provides no CSRF protection and
//!   `code=` cannot be redeemed. Consequently an empty expected [`State`] never
//!   matches anything.
//! * **Parameter names are case-sensitive** (`Code=` is not `code=`), as in
//!   RFC 6749 §3.1 and the form-urlencoded format.
//! * **Errors never contain secrets:** the received and expected states are not
//!   printed, [`CallbackError::InvalidUrl`] holds the parser's message but not the
//!   URL (which may contain a code), and [`AuthorizationCode`] redacts itself
//!   from `Debug`.
//!
//! Checking the `state` does not make the code safe to use on its own: the
//! client must still send the PKCE [`CodeVerifier`](crate::pkce::CodeVerifier)
//! when redeeming it (RFC 7636 §4.5), which defeats codes injected or stolen by
//! others.
//!
//! [OAuth 2.0 Multiple Response Type Encoding Practices]: https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html
//! [OAuth 2.0 Form Post Response Mode]: https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html

use std::borrow::Cow;
use std::fmt;

use url::{form_urlencoded, Url};

use crate::pkce::State;
use crate::secret::Secret;

/// An authorization code received on the redirect (RFC 6749 §4.1.2), to be
/// exchanged at `POST /oauth/token` together with the PKCE verifier.
///
/// A code is a short-lived credential (RFC 6749 §10.5), so it is kept in a
/// [`Secret`]: `Debug` prints `AuthorizationCode("<redacted>")` and there is
/// no `Display`. Equality is compared in constant time.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthorizationCode(Secret<String>);

impl AuthorizationCode {
    /// The code, to send as `code` in the token request (RFC 6749 §4.1.3).
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.0.expose()
    }

    /// Unwraps the code, giving up the redaction.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0.into_inner()
    }
}

impl From<String> for AuthorizationCode {
    /// Wraps a code obtained some other way, for example pasted by the user of a
    /// command-line tool. No `state` check is done here.
    fn from(code: String) -> Self {
        Self(Secret::new(code))
    }
}

impl fmt::Debug for AuthorizationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AuthorizationCode").field(&self.0).finish()
    }
}

/// Why an authorization response did not yield a usable code.
///
/// See the [module documentation](self) for the order in which the checks are
/// made and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackError {
    /// The response's `state` differs from the one sent with the request: the
    /// redirect may be forged (cross-site request forgery, RFC 6749 §10.12), or
    /// belongs to another login attempt. Neither value is included, so that
    /// logging this error cannot disclose the expected state.
    StateMismatch,
    /// The response has no (or an empty) `state`, so it cannot be tied to a
    /// request this client made (RFC 6749 §4.1.2, §10.12).
    MissingState,
    /// The response's `state` matched, but it has no (or an empty) `code` and no
    /// `error` (RFC 6749 §4.1.2).
    MissingCode,
    /// The authorization server reported an error (RFC 6749 §4.1.2.1), for
    /// example `access_denied` when the user cancelled the login.
    ///
    /// The values come from the redirect and may have been written by anyone
    /// who can make the browser open the redirect URI: show them, do not act on
    /// them. `Display` escapes control characters so that they cannot forge
    /// extra log lines.
    Provider {
        /// The `error` code, such as `access_denied` or `invalid_request`.
        error: String,
        /// The optional human-readable `error_description`; `None` when absent
        /// or empty.
        error_description: Option<String>,
        /// The optional `error_uri` of a page explaining the error; `None` when
        /// absent or empty. Not validated as a URL.
        error_uri: Option<String>,
    },
    /// The string given to [`parse_callback`] is not an absolute URL. Holds the
    /// parser's message, not the URL itself (which may contain a code).
    InvalidUrl(String),
    /// The named response parameter (`code`, `state`, `error`,
    /// `error_description` or `error_uri`) occurs more than once, which
    /// RFC 6749 §3.1 forbids.
    DuplicateParameter(&'static str),
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::StateMismatch => f.write_str(
                "the `state` of the authorization response does not match the one sent with \
                 the request; the response may be forged (RFC 6749 §10.12) or belong to another \
                 login attempt",
            ),
            Self::MissingState => f.write_str(
                "the authorization response has no `state` parameter, so it cannot be tied to \
                 a request made by this client (RFC 6749 §4.1.2, §10.12)",
            ),
            Self::MissingCode => f.write_str(
                "the authorization response has neither a `code` nor an `error` parameter \
                 (RFC 6749 §4.1.2)",
            ),
            Self::Provider {
                error,
                error_description,
                error_uri,
            } => {
                write!(
                    f,
                    "the authorization server returned the error `{}`",
                    error.escape_debug()
                )?;
                if let Some(description) = error_description {
                    write!(f, ": {}", description.escape_debug())?;
                }
                if let Some(uri) = error_uri {
                    write!(f, " (see {})", uri.escape_debug())?;
                }
                Ok(())
            }
            Self::InvalidUrl(message) => {
                write!(f, "the callback URL is not a valid absolute URL: {message}")
            }
            Self::DuplicateParameter(name) => write!(
                f,
                "the authorization response contains the `{name}` parameter more than once, \
                 which RFC 6749 §3.1 forbids; refusing it as possibly tampered with"
            ),
        }
    }
}

impl std::error::Error for CallbackError {}

/// Parses the full URL the browser was redirected to, such as
/// `http://127.0.0.1:51234/callback?code=...&state=...` or a native app's
/// `com.example.app:/callback#code=...&state=...`, and returns the code if the
/// response is a success whose `state` matches `expected_state`.
///
/// Reads the query (`response_mode=query`) and the fragment
/// (`response_mode=fragment`) as one set of parameters; see the
/// [module documentation](self) for the rules.
///
/// # Errors
///
/// [`CallbackError::InvalidUrl`] if `url` is not an absolute URL (for a bare
/// request target like `/callback?code=...` use [`parse_callback_query`]);
/// otherwise as [`parse_callback_url`].
pub fn parse_callback(
    url: &str,
    expected_state: &State,
) -> Result<AuthorizationCode, CallbackError> {
    let url = Url::parse(url).map_err(|e| CallbackError::InvalidUrl(e.to_string()))?;
    parse_callback_url(&url, expected_state)
}

/// Like [`parse_callback`], for a URL that is already parsed.
///
/// # Errors
///
/// * [`CallbackError::DuplicateParameter`] if a response parameter is repeated,
///   within or across the query and the fragment.
/// * [`CallbackError::StateMismatch`] if the response carries a `state` other
///   than `expected_state`.
/// * [`CallbackError::Provider`] if the response is an error response.
/// * [`CallbackError::MissingState`] if a success response has no `state`.
/// * [`CallbackError::MissingCode`] if the `state` matched but there is no `code`.
pub fn parse_callback_url(
    url: &Url,
    expected_state: &State,
) -> Result<AuthorizationCode, CallbackError> {
    let mut params = ResponseParams::default();
    if let Some(query) = url.query() {
        params.absorb(form_urlencoded::parse(query.as_bytes()))?;
    }
    if let Some(fragment) = url.fragment() {
        params.absorb(form_urlencoded::parse(fragment.as_bytes()))?;
    }
    params.into_code(expected_state)
}

/// Parses the query of a redirect received by a local HTTP server (for example
/// the loopback server of a desktop app, RFC 8252 §7.3), which sees only the
/// request target rather than a full URL.
///
/// `query` may be
///
/// * a request target in origin form (RFC 9112 §3.2.1), recognised by its
///   leading `/`: `/callback?code=...&state=...` — everything after the first
///   `?` is the query;
/// * a query with its `?`: `?code=...&state=...`;
/// * a bare query: `code=...&state=...` (which may itself contain `?`).
///
/// # Errors
///
/// As [`parse_callback_url`].
pub fn parse_callback_query(
    query: &str,
    expected_state: &State,
) -> Result<AuthorizationCode, CallbackError> {
    let query = if query.starts_with('/') {
        query.split_once('?').map_or("", |(_, query)| query)
    } else {
        query.strip_prefix('?').unwrap_or(query)
    };
    parse_form(query.as_bytes(), expected_state)
}

/// Parses the body of the `POST` that `response_mode=form_post` makes the
/// browser send to the redirect URI ([OAuth 2.0 Form Post Response Mode] §2):
/// an `application/x-www-form-urlencoded` body such as
/// `code=...&state=...`.
///
/// Invalid UTF-8 in the body is replaced by U+FFFD, which then fails the
/// `state` check or yields a code the server will refuse.
///
/// # Errors
///
/// As [`parse_callback_url`].
///
/// [OAuth 2.0 Form Post Response Mode]: https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html
pub fn parse_form_post(
    body: &[u8],
    expected_state: &State,
) -> Result<AuthorizationCode, CallbackError> {
    parse_form(body, expected_state)
}

fn parse_form(form: &[u8], expected_state: &State) -> Result<AuthorizationCode, CallbackError> {
    let mut params = ResponseParams::default();
    params.absorb(form_urlencoded::parse(form))?;
    params.into_code(expected_state)
}

/// The authorization response parameters this module interprets, each seen at
/// most once.
#[derive(Default)]
struct ResponseParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    error_uri: Option<String>,
}

impl ResponseParams {
    /// Records the interpreted parameters among `pairs`, refusing repeats.
    fn absorb<'a>(
        &mut self,
        pairs: impl Iterator<Item = (Cow<'a, str>, Cow<'a, str>)>,
    ) -> Result<(), CallbackError> {
        for (name, value) in pairs {
            let (name, slot): (&'static str, _) = match &*name {
                "code" => ("code", &mut self.code),
                "state" => ("state", &mut self.state),
                "error" => ("error", &mut self.error),
                "error_description" => ("error_description", &mut self.error_description),
                "error_uri" => ("error_uri", &mut self.error_uri),
                _ => continue,
            };
            if slot.is_some() {
                return Err(CallbackError::DuplicateParameter(name));
            }
            *slot = Some(value.into_owned());
        }
        Ok(())
    }

    /// Applies the checks in the order the module documentation describes.
    fn into_code(self, expected_state: &State) -> Result<AuthorizationCode, CallbackError> {
        let state = non_empty(self.state);
        let state_matches = state.as_deref().map(|state| expected_state.matches(state));

        if let Some(error) = self.error {
            if state_matches == Some(false) {
                return Err(CallbackError::StateMismatch);
            }
            return Err(CallbackError::Provider {
                error,
                error_description: non_empty(self.error_description),
                error_uri: non_empty(self.error_uri),
            });
        }

        match state_matches {
            None => return Err(CallbackError::MissingState),
            Some(false) => return Err(CallbackError::StateMismatch),
            Some(true) => {}
        }

        non_empty(self.code)
            .map(|code| AuthorizationCode(Secret::new(code)))
            .ok_or(CallbackError::MissingCode)
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "af0ifjsldkj-state_VALUE.~";

    fn state() -> State {
        State::from(STATE)
    }

    fn ok(result: Result<AuthorizationCode, CallbackError>) -> String {
        result.expect("expected a code").into_string()
    }

    fn err(result: Result<AuthorizationCode, CallbackError>) -> CallbackError {
        result.expect_err("expected an error")
    }

    fn provider(
        error: &str,
        error_description: Option<&str>,
        error_uri: Option<&str>,
    ) -> CallbackError {
        CallbackError::Provider {
            error: error.to_owned(),
            error_description: error_description.map(str::to_owned),
            error_uri: error_uri.map(str::to_owned),
        }
    }

    // ----- parse_callback: success -----

    #[test]
    fn happy_path_query() {
        let url =
            format!("http://127.0.0.1:8765/callback?code=SplxlOBeZQQYbYS6WxSbIA&state={STATE}");
        assert_eq!(ok(parse_callback(&url, &state())), "SplxlOBeZQQYbYS6WxSbIA");
    }

    #[test]
    fn parameter_order_does_not_matter() {
        let url = format!("https://client.example.com/cb?state={STATE}&code=abc");
        assert_eq!(ok(parse_callback(&url, &state())), "abc");
    }

    #[test]
    fn unrelated_parameters_are_ignored() {
        // The redirect URI's own query (RFC 6749 §3.1.2) and extensions such as
        // `iss` (RFC 9207) or `scope` are not interpreted.
        let url = format!(
            "https://client.example.com/cb?session=1&code=abc&iss=https%3A%2F%2Fauth.example&\
             state={STATE}&scope=openid&scope=profile"
        );
        assert_eq!(ok(parse_callback(&url, &state())), "abc");
    }

    #[test]
    fn percent_encoded_values_are_decoded() {
        let expected = State::from("a/b=c&d");
        let url = "http://localhost/cb?code=x%2By%2Fz%3D%3D&state=a%2Fb%3Dc%26d";
        assert_eq!(ok(parse_callback(url, &expected)), "x+y/z==");
    }

    #[test]
    fn percent_encoded_names_are_decoded() {
        let url = format!("http://localhost/cb?%63ode=abc&state={STATE}");
        assert_eq!(ok(parse_callback(&url, &state())), "abc");
    }

    #[test]
    fn plus_is_a_space() {
        let expected = State::from("a b");
        let url = "http://localhost/cb?code=one+two&state=a+b";
        assert_eq!(ok(parse_callback(url, &expected)), "one two");
        // `%2B` is a literal plus and therefore a different state.
        assert_eq!(
            err(parse_callback(
                "http://localhost/cb?code=x&state=a%2Bb",
                &expected
            )),
            CallbackError::StateMismatch
        );
    }

    #[test]
    fn custom_scheme_redirect_uri() {
        // Private-use URI scheme redirect of a native app (RFC 8252 §7.1).
        let url = format!("com.pieces.os:/oauth2redirect?code=abc&state={STATE}");
        assert_eq!(ok(parse_callback(&url, &state())), "abc");
    }

    #[test]
    fn fragment_response_mode() {
        let url = format!("http://localhost/cb#code=abc%2F1&state={STATE}");
        assert_eq!(ok(parse_callback(&url, &state())), "abc/1");
    }

    #[test]
    fn fragment_response_with_redirect_uri_query() {
        let url = format!("http://localhost/cb?app=desktop#code=abc&state={STATE}");
        assert_eq!(ok(parse_callback(&url, &state())), "abc");
    }

    #[test]
    fn query_and_fragment_are_combined() {
        let url = format!("http://localhost/cb?code=abc#state={STATE}");
        assert_eq!(ok(parse_callback(&url, &state())), "abc");
    }

    #[test]
    fn parse_callback_url_accepts_a_parsed_url() {
        let url = Url::parse(&format!("http://localhost/cb?code=abc&state={STATE}")).unwrap();
        assert_eq!(ok(parse_callback_url(&url, &state())), "abc");
    }

    #[test]
    fn works_with_a_generated_state() {
        let expected = State::generate();
        let mut url = Url::parse("http://127.0.0.1:1234/callback").unwrap();
        url.query_pairs_mut()
            .append_pair("code", "c0de")
            .append_pair("state", expected.as_str());
        assert_eq!(ok(parse_callback(url.as_str(), &expected)), "c0de");
    }

    // ----- parse_callback: state -----

    #[test]
    fn wrong_state() {
        let url = "http://localhost/cb?code=abc&state=somebody-else";
        assert_eq!(
            err(parse_callback(url, &state())),
            CallbackError::StateMismatch
        );
    }

    #[test]
    fn state_differing_only_in_the_last_character() {
        let mut forged = STATE.to_owned();
        forged.pop();
        forged.push('X');
        let url = format!("http://localhost/cb?code=abc&state={forged}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::StateMismatch
        );
    }

    #[test]
    fn state_that_is_a_prefix_or_extension() {
        let prefix = &STATE[..STATE.len() - 1];
        let url = format!("http://localhost/cb?code=abc&state={prefix}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::StateMismatch
        );
        let url = format!("http://localhost/cb?code=abc&state={STATE}x");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::StateMismatch
        );
    }

    #[test]
    fn missing_state() {
        let url = "http://localhost/cb?code=abc";
        assert_eq!(
            err(parse_callback(url, &state())),
            CallbackError::MissingState
        );
    }

    #[test]
    fn empty_state_counts_as_missing() {
        let url = "http://localhost/cb?code=abc&state=";
        assert_eq!(
            err(parse_callback(url, &state())),
            CallbackError::MissingState
        );
        let url = "http://localhost/cb?code=abc&state";
        assert_eq!(
            err(parse_callback(url, &state())),
            CallbackError::MissingState
        );
    }

    #[test]
    fn empty_expected_state_never_matches() {
        let empty = State::from("");
        assert_eq!(
            err(parse_callback(
                "http://localhost/cb?code=abc&state=",
                &empty
            )),
            CallbackError::MissingState
        );
        assert_eq!(
            err(parse_callback(
                "http://localhost/cb?code=abc&state=x",
                &empty
            )),
            CallbackError::StateMismatch
        );
    }

    #[test]
    fn state_is_checked_before_code() {
        assert_eq!(
            err(parse_callback("http://localhost/cb", &state())),
            CallbackError::MissingState
        );
        assert_eq!(
            err(parse_callback("http://localhost/cb?state=wrong", &state())),
            CallbackError::StateMismatch
        );
    }

    #[test]
    fn parameter_names_are_case_sensitive() {
        let url = format!("http://localhost/cb?CODE=abc&state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::MissingCode
        );
        let url = "http://localhost/cb?code=abc&State=x";
        assert_eq!(
            err(parse_callback(url, &state())),
            CallbackError::MissingState
        );
    }

    // ----- parse_callback: code -----

    #[test]
    fn missing_code() {
        let url = format!("http://localhost/cb?state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::MissingCode
        );
    }

    #[test]
    fn empty_code_counts_as_missing() {
        let url = format!("http://localhost/cb?code=&state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::MissingCode
        );
    }

    // ----- parse_callback: provider errors -----

    #[test]
    fn provider_error_with_description_and_uri() {
        let url = format!(
            "http://localhost/cb?error=access_denied&error_description=User%20cancelled+the+login\
             &error_uri=https%3A%2F%2Fauth.example%2Ferr&state={STATE}"
        );
        assert_eq!(
            err(parse_callback(&url, &state())),
            provider(
                "access_denied",
                Some("User cancelled the login"),
                Some("https://auth.example/err")
            )
        );
    }

    #[test]
    fn provider_error_without_description() {
        let url = format!("http://localhost/cb?error=invalid_request&state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            provider("invalid_request", None, None)
        );
    }

    #[test]
    fn provider_error_empty_description_is_none() {
        let url =
            format!("http://localhost/cb?error=server_error&error_description=&state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            provider("server_error", None, None)
        );
    }

    #[test]
    fn provider_error_without_state_is_still_reported() {
        let url = "http://localhost/cb?error=unauthorized_client";
        assert_eq!(
            err(parse_callback(url, &state())),
            provider("unauthorized_client", None, None)
        );
    }

    #[test]
    fn provider_error_with_wrong_state_is_a_state_mismatch() {
        let url = "http://localhost/cb?error=access_denied&error_description=x&state=forged";
        assert_eq!(
            err(parse_callback(url, &state())),
            CallbackError::StateMismatch
        );
    }

    #[test]
    fn provider_error_wins_over_a_code() {
        let url =
            format!("http://localhost/cb?code=abc&error=temporarily_unavailable&state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            provider("temporarily_unavailable", None, None)
        );
    }

    #[test]
    fn empty_error_parameter_is_still_an_error_response() {
        let url = format!("http://localhost/cb?code=abc&error=&state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            provider("", None, None)
        );
    }

    #[test]
    fn provider_error_in_fragment() {
        let url = format!("http://localhost/cb#error=login_required&state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            provider("login_required", None, None)
        );
    }

    // ----- parse_callback: duplicates -----

    #[test]
    fn duplicate_code() {
        let url = format!("http://localhost/cb?code=abc&code=def&state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::DuplicateParameter("code")
        );
    }

    #[test]
    fn duplicate_identical_code_is_refused_too() {
        let url = format!("http://localhost/cb?code=abc&state={STATE}&code=abc");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::DuplicateParameter("code")
        );
    }

    #[test]
    fn duplicate_state() {
        let url = format!("http://localhost/cb?code=abc&state={STATE}&state=other");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::DuplicateParameter("state")
        );
    }

    #[test]
    fn duplicate_error_parameters() {
        let url = "http://localhost/cb?error=a&error=b";
        assert_eq!(
            err(parse_callback(url, &state())),
            CallbackError::DuplicateParameter("error")
        );
        let url = "http://localhost/cb?error=a&error_description=x&error_description=y";
        assert_eq!(
            err(parse_callback(url, &state())),
            CallbackError::DuplicateParameter("error_description")
        );
        let url = "http://localhost/cb?error=a&error_uri=x&error_uri=y";
        assert_eq!(
            err(parse_callback(url, &state())),
            CallbackError::DuplicateParameter("error_uri")
        );
    }

    #[test]
    fn duplicate_across_query_and_fragment() {
        let url = format!("http://localhost/cb?code=abc&state={STATE}#code=evil");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::DuplicateParameter("code")
        );
        let url = format!("http://localhost/cb?state={STATE}#code=abc&state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::DuplicateParameter("state")
        );
    }

    #[test]
    fn duplicate_percent_encoded_name() {
        let url = format!("http://localhost/cb?code=abc&%63ode=def&state={STATE}");
        assert_eq!(
            err(parse_callback(&url, &state())),
            CallbackError::DuplicateParameter("code")
        );
    }

    // ----- parse_callback: invalid URLs -----

    #[test]
    fn garbage_url() {
        for garbage in [
            "",
            "not a url",
            "://missing-scheme",
            "http://[::1/callback?code=abc",
            "http://exa mple.com/cb?code=abc",
            "http://localhost:99999/cb",
        ] {
            assert!(
                matches!(
                    parse_callback(garbage, &state()),
                    Err(CallbackError::InvalidUrl(_))
                ),
                "{garbage:?} should be an invalid URL"
            );
        }
    }

    #[test]
    fn relative_url_is_invalid_for_parse_callback() {
        let target = format!("/callback?code=abc&state={STATE}");
        assert!(matches!(
            parse_callback(&target, &state()),
            Err(CallbackError::InvalidUrl(_))
        ));
        assert_eq!(ok(parse_callback_query(&target, &state())), "abc");
    }

    #[test]
    fn invalid_url_error_does_not_contain_the_url() {
        let error = err(parse_callback(
            "http://[bad/cb?code=TOPSECRETCODE&state=x",
            &state(),
        ));
        let printed = format!("{error} {error:?}");
        assert!(!printed.contains("TOPSECRETCODE"), "{printed}");
    }

    // ----- parse_callback_query -----

    #[test]
    fn query_forms() {
        let bare = format!("code=abc&state={STATE}");
        let with_mark = format!("?code=abc&state={STATE}");
        let target = format!("/callback?code=abc&state={STATE}");
        let root = format!("/?code=abc&state={STATE}");
        for query in [bare, with_mark, target, root] {
            assert_eq!(ok(parse_callback_query(&query, &state())), "abc", "{query}");
        }
    }

    #[test]
    fn query_without_parameters() {
        assert_eq!(
            err(parse_callback_query("/callback", &state())),
            CallbackError::MissingState
        );
        assert_eq!(
            err(parse_callback_query("", &state())),
            CallbackError::MissingState
        );
        assert_eq!(
            err(parse_callback_query("?", &state())),
            CallbackError::MissingState
        );
    }

    #[test]
    fn bare_query_may_contain_question_marks() {
        let query = format!("code=a?b&state={STATE}");
        assert_eq!(ok(parse_callback_query(&query, &state())), "a?b");
        // In a request target only the first `?` starts the query.
        let target = format!("/cb?code=a?b&state={STATE}");
        assert_eq!(ok(parse_callback_query(&target, &state())), "a?b");
    }

    #[test]
    fn query_decoding_and_errors() {
        let expected = State::from("s p/a");
        assert_eq!(
            ok(parse_callback_query(
                "/cb?code=a%20b+c&state=s+p%2Fa",
                &expected
            )),
            "a b c"
        );
        assert_eq!(
            err(parse_callback_query("/cb?code=x&state=s+p%2Fb", &expected)),
            CallbackError::StateMismatch
        );
        assert_eq!(
            err(parse_callback_query(
                "/cb?code=x&code=y&state=s+p%2Fa",
                &expected
            )),
            CallbackError::DuplicateParameter("code")
        );
        assert_eq!(
            err(parse_callback_query(
                "/cb?error=access_denied&error_description=No",
                &expected
            )),
            provider("access_denied", Some("No"), None)
        );
    }

    // ----- parse_form_post -----

    #[test]
    fn form_post_body() {
        let body = format!("code=abc%2Bdef&state={STATE}");
        assert_eq!(ok(parse_form_post(body.as_bytes(), &state())), "abc+def");
    }

    #[test]
    fn form_post_plus_is_space() {
        let expected = State::from("x y");
        assert_eq!(ok(parse_form_post(b"state=x+y&code=a+b", &expected)), "a b");
    }

    #[test]
    fn form_post_errors() {
        assert_eq!(
            err(parse_form_post(b"code=abc&state=wrong", &state())),
            CallbackError::StateMismatch
        );
        assert_eq!(
            err(parse_form_post(b"code=abc", &state())),
            CallbackError::MissingState
        );
        assert_eq!(
            err(parse_form_post(b"", &state())),
            CallbackError::MissingState
        );
        assert_eq!(
            err(parse_form_post(b"code=a&code=b", &state())),
            CallbackError::DuplicateParameter("code")
        );
        assert_eq!(
            err(parse_form_post(
                b"error=access_denied&error_description=User+cancelled",
                &state()
            )),
            provider("access_denied", Some("User cancelled"), None)
        );
    }

    #[test]
    fn form_post_invalid_utf8_does_not_panic() {
        let mut body = b"code=abc&state=".to_vec();
        body.extend_from_slice(&[0xff, 0xfe]);
        assert_eq!(
            err(parse_form_post(&body, &state())),
            CallbackError::StateMismatch
        );
        let mut body = format!("state={STATE}&code=").into_bytes();
        body.extend_from_slice(&[b'a', 0xff]);
        assert_eq!(ok(parse_form_post(&body, &state())), "a\u{fffd}");
    }

    // ----- AuthorizationCode -----

    #[test]
    fn authorization_code_accessors_and_debug() {
        let code = AuthorizationCode::from(String::from("SplxlOBeZQQYbYS6WxSbIA"));
        assert_eq!(code.as_str(), "SplxlOBeZQQYbYS6WxSbIA");
        assert_eq!(format!("{code:?}"), "AuthorizationCode(\"<redacted>\")");
        assert_eq!(code.clone(), code);
        assert_eq!(code.into_string(), "SplxlOBeZQQYbYS6WxSbIA");
    }

    #[test]
    fn parsed_code_debug_is_redacted() {
        let url = format!("http://localhost/cb?code=VERYSECRET&state={STATE}");
        let code = parse_callback(&url, &state()).unwrap();
        let printed = format!("{code:?} {:?}", parse_callback(&url, &state()));
        assert!(!printed.contains("VERYSECRET"), "{printed}");
        assert_eq!(code.as_str(), "VERYSECRET");
    }

    // ----- CallbackError -----

    #[test]
    fn state_mismatch_message_does_not_contain_the_states() {
        let url = "http://localhost/cb?code=abc&state=RECEIVEDSTATE";
        let error = err(parse_callback(url, &state()));
        let printed = format!("{error} {error:?}");
        assert!(!printed.contains("RECEIVEDSTATE"), "{printed}");
        assert!(!printed.contains(STATE), "{printed}");
        assert!(printed.contains("does not match"), "{printed}");
    }

    #[test]
    fn display_messages() {
        assert!(CallbackError::MissingState
            .to_string()
            .contains("no `state`"));
        assert!(CallbackError::MissingCode
            .to_string()
            .contains("neither a `code` nor an `error`"));
        assert_eq!(
            provider(
                "access_denied",
                Some("User cancelled"),
                Some("https://e.x/err")
            )
            .to_string(),
            "the authorization server returned the error `access_denied`: User cancelled \
             (see https://e.x/err)"
        );
        assert_eq!(
            provider("invalid_request", None, None).to_string(),
            "the authorization server returned the error `invalid_request`"
        );
        assert_eq!(
            CallbackError::DuplicateParameter("code").to_string(),
            "the authorization response contains the `code` parameter more than once, which \
             RFC 6749 §3.1 forbids; refusing it as possibly tampered with"
        );
        let invalid = err(parse_callback("not a url", &state())).to_string();
        assert!(
            invalid.starts_with("the callback URL is not a valid absolute URL: "),
            "{invalid}"
        );
    }

    #[test]
    fn provider_display_escapes_control_characters() {
        let url = format!(
            "http://localhost/cb?error=access_denied&error_description=line1%0Afake+log+line\
             &state={STATE}"
        );
        let error = err(parse_callback(&url, &state()));
        let printed = error.to_string();
        assert!(!printed.contains('\n'), "{printed}");
        assert!(printed.contains("line1\\nfake log line"), "{printed}");
        // The structured value keeps the original text.
        assert_eq!(
            error,
            provider("access_denied", Some("line1\nfake log line"), None)
        );
    }

    #[test]
    fn callback_error_is_std_error() {
        let error: Box<dyn std::error::Error + Send + Sync> =
            Box::new(CallbackError::StateMismatch);
        assert!(error.to_string().contains("state"));
    }
}
