//! A wrapper that keeps secret values out of logs.
//!
//! OAuth 2.0 handles several values that grant access on their own: PKCE code
//! verifiers (RFC 7636 §4.1), authorization codes (RFC 6749 §4.1.2), access and
//! refresh tokens (RFC 6749 §1.4, §1.5) and client secrets (RFC 6749 §2.3.1).
//! Whoever learns one of them can act as the client (RFC 6749 §10.3, §10.5;
//! RFC 6819 §4.4.1.1 lists leaked authorization codes as a threat), so they must
//! not end up in log files or crash reports. The most common way a value reaches
//! a log in Rust is `{:?}` formatting, so [`Secret`] makes `Debug` print a fixed
//! placeholder and deliberately has no `Display` implementation at all.
//!
//! Hand-written types of this crate (for example
//! [`CodeVerifier`](crate::pkce::CodeVerifier)) use [`Secret`]. Generated models
//! redact their `x-secret` fields on their own and do not depend on this type.

use std::fmt;

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// The text that `Debug` prints instead of a secret value.
const REDACTED: &str = "<redacted>";

/// A value that must not appear in logs, panic messages or error reports.
///
/// * `Debug` prints `"<redacted>"` (with the quotes, so that a struct holding a
///   secret reads `Token { value: "<redacted>" }`), never the value itself.
/// * There is no `Display` implementation, so `format!("{}", secret)` and
///   `secret.to_string()` do not compile: reading the value always goes through
///   the explicit, greppable [`Secret::expose`] or [`Secret::into_inner`].
/// * Equality (for byte-like `T` such as `String` and `Vec<u8>`) is computed in
///   constant time with [`subtle`], so comparing a secret received from a peer with
///   a stored one does not reveal, through timing, how long a common prefix they
///   share, which would help the guessing attacks of RFC 6749 §10.10.
/// * With serde, it is transparent: it serializes and deserializes exactly like
///   `T`. This is needed to send secrets in request bodies (RFC 6749 §4.1.3), and
///   means serialized output *does* contain the value — only formatting is redacted.
///
/// `Secret` does not zero its memory on drop; it protects against accidental
/// disclosure through formatting, not against an attacker who can read memory.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps `value` so that it is redacted from `Debug` output.
    #[must_use]
    pub const fn new(value: T) -> Self {
        Self(value)
    }

    /// Borrows the secret value.
    ///
    /// Named `expose` rather than `get` or `as_ref` so that every place that reads
    /// a secret is easy to find in code review.
    #[must_use]
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret value, giving up the redaction.
    #[must_use]
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    /// Wraps `value`; the same as [`Secret::new`].
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    /// Prints `"<redacted>"`, whatever the value; see the type-level docs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(REDACTED, f)
    }
}

impl<T: AsRef<[u8]>> PartialEq for Secret<T> {
    /// Compares the bytes of both values in constant time (for values of equal
    /// length) using [`subtle::ConstantTimeEq`].
    ///
    /// Values of different length compare unequal immediately: the length of a
    /// secret is not considered secret (RFC 7636 verifiers, for example, are
    /// almost always exactly 43 characters).
    fn eq(&self, other: &Self) -> bool {
        self.0.as_ref().ct_eq(other.0.as_ref()).into()
    }
}

impl<T: AsRef<[u8]>> Eq for Secret<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::new(String::from("hunter2"));
        assert_eq!(format!("{secret:?}"), "\"<redacted>\"");
        assert_eq!(format!("{secret:#?}"), "\"<redacted>\"");
    }

    #[test]
    fn debug_is_redacted_inside_derived_debug() {
        #[derive(Debug)]
        #[allow(dead_code)] // only read through Debug
        struct Token {
            value: Secret<String>,
        }
        let token = Token {
            value: Secret::from(String::from("hunter2")),
        };
        let printed = format!("{token:?}");
        assert_eq!(printed, "Token { value: \"<redacted>\" }");
        assert!(!format!("{token:#?}").contains("hunter2"));
    }

    #[test]
    fn debug_is_redacted_for_non_string_values() {
        let secret = Secret::new(vec![1_u8, 2, 3]);
        assert_eq!(format!("{secret:?}"), "\"<redacted>\"");
        let number = Secret::new(42_u64);
        assert_eq!(format!("{number:?}"), "\"<redacted>\"");
    }

    #[test]
    fn expose_and_into_inner_return_the_value() {
        let secret = Secret::new(String::from("hunter2"));
        assert_eq!(secret.expose(), "hunter2");
        assert_eq!(secret.into_inner(), "hunter2");
    }

    #[test]
    fn from_wraps_the_value() {
        let secret: Secret<String> = String::from("abc").into();
        assert_eq!(secret.expose(), "abc");
    }

    #[test]
    fn default_wraps_the_default_value() {
        let secret: Secret<String> = Secret::default();
        assert_eq!(secret.expose(), "");
    }

    #[test]
    fn clone_copies_the_value() {
        let secret = Secret::new(String::from("abc"));
        let copy = secret.clone();
        assert_eq!(copy.expose(), "abc");
        assert_eq!(secret, copy);
    }

    #[test]
    fn equality_compares_values() {
        let a = Secret::new(String::from("abcdef"));
        assert_eq!(a, Secret::new(String::from("abcdef")));
        // Differs only in the last byte.
        assert_ne!(a, Secret::new(String::from("abcdeg")));
        // Differs only in the first byte.
        assert_ne!(a, Secret::new(String::from("bbcdef")));
        // Prefix of the other value.
        assert_ne!(a, Secret::new(String::from("abcde")));
        assert_ne!(a, Secret::new(String::from("abcdefg")));
        assert_ne!(a, Secret::new(String::new()));
        assert_eq!(Secret::new(String::new()), Secret::new(String::new()));
    }

    #[test]
    fn equality_works_for_byte_vectors_and_str() {
        assert_eq!(Secret::new(vec![1_u8, 2]), Secret::new(vec![1_u8, 2]));
        assert_ne!(Secret::new(vec![1_u8, 2]), Secret::new(vec![1_u8, 3]));
        assert_eq!(Secret::new("x"), Secret::new("x"));
    }

    #[test]
    fn serializes_transparently() {
        #[derive(Serialize)]
        struct Body {
            client_secret: Secret<String>,
        }

        let secret = Secret::new(String::from("hunter2"));
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
        let body = Body {
            client_secret: secret,
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"client_secret":"hunter2"}"#
        );
    }

    #[test]
    fn deserializes_transparently() {
        #[derive(Deserialize, Debug)]
        struct Response {
            access_token: Secret<String>,
            expires_in: u64,
        }

        let secret: Secret<String> = serde_json::from_str("\"hunter2\"").unwrap();
        assert_eq!(secret.expose(), "hunter2");
        let response: Response =
            serde_json::from_str(r#"{"access_token":"eyJhbGciOi","expires_in":60}"#).unwrap();
        assert_eq!(response.access_token.expose(), "eyJhbGciOi");
        assert_eq!(response.expires_in, 60);
        assert!(!format!("{response:?}").contains("eyJhbGciOi"));
    }

    #[test]
    fn deserialize_rejects_wrong_type() {
        assert!(serde_json::from_str::<Secret<String>>("42").is_err());
    }
}
