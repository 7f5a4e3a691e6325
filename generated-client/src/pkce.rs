//! Proof Key for Code Exchange (PKCE, RFC 7636) and the anti-CSRF `state` value.
//!
//! A public client such as a desktop app cannot keep a client secret, so an
//! authorization code intercepted on its way back to the app (RFC 7636 §1, for
//! example by another app registered for the same redirect URI) could be
//! redeemed by the attacker. PKCE binds the code to a secret that never leaves
//! the app until the token request:
//!
//! 1. Before sending the user to `GET /authorize`, the client makes a random
//!    [`CodeVerifier`] and sends only its hash, the [`CodeChallenge`], as
//!    `code_challenge` together with `code_challenge_method=S256`
//!    (RFC 7636 §4.1–§4.3).
//! 2. In `POST /oauth/token` it sends the verifier itself as `code_verifier`; the
//!    server hashes it and compares with the stored challenge (RFC 7636 §4.5, §4.6).
//!
//! Independently, the client sends a random [`State`] with the authorization
//! request and checks that the redirect carries the same value back, which
//! protects the redirect endpoint against cross-site request forgery
//! (RFC 6749 §4.1.1, §10.12); see [`crate::redirect`].
//!
//! All random values come from the operating system's cryptographically secure
//! generator ([`rand::rngs::OsRng`], i.e. `getrandom`), as RFC 7636 §7.1 and
//! RFC 6749 §10.10 require values that cannot be guessed.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::rngs::OsRng;
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use crate::secret::Secret;

/// Number of random bytes behind generated verifiers and states.
///
/// 32 bytes (256 bits) is what RFC 7636 §4.1 recommends for verifiers, and is
/// far above the 2^-160 guessing probability RFC 6749 §10.10 asks for.
const RANDOM_BYTES: usize = 32;

/// Returns [`RANDOM_BYTES`] bytes from the OS random source, base64url-encoded
/// without padding (RFC 4648 §5; 43 characters).
///
/// # Panics
///
/// Panics if the operating system cannot provide random bytes. There is no safe
/// fallback: a guessable verifier or state would silently remove the protection.
fn random_token() -> String {
    let mut bytes = [0_u8; RANDOM_BYTES];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `c` may appear in a code verifier: the RFC 3986 §2.3 "unreserved"
/// characters, as RFC 7636 §4.1 prescribes.
fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

/// Why a string was refused as a [`CodeVerifier`].
///
/// RFC 7636 §4.1 requires a verifier of 43 to 128 characters drawn from
/// `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`; an authorization server
/// rejects anything else at the token endpoint, so it is better to fail early
/// with a precise reason.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PkceError {
    /// The verifier is shorter than 43 or longer than 128 characters.
    Length {
        /// The number of characters (Unicode scalar values) in the refused string.
        len: usize,
    },
    /// The verifier contains a character outside `[A-Za-z0-9-._~]`.
    InvalidCharacter {
        /// Position of the first invalid character, counted in characters
        /// (not bytes) from 0.
        index: usize,
        /// The first invalid character.
        character: char,
    },
}

impl fmt::Display for PkceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Length { len } => write!(
                f,
                "PKCE code verifier must be {min} to {max} characters long (RFC 7636 §4.1), \
                 but is {len} characters long",
                min = CodeVerifier::MIN_LEN,
                max = CodeVerifier::MAX_LEN,
            ),
            Self::InvalidCharacter { index, character } => write!(
                f,
                "PKCE code verifier contains the character {character:?} at position {index}; \
                 only ASCII letters, digits, '-', '.', '_' and '~' are allowed (RFC 7636 §4.1)"
            ),
        }
    }
}

impl std::error::Error for PkceError {}

/// The PKCE `code_verifier` (RFC 7636 §4.1): a high-entropy secret that the
/// client keeps until it redeems the authorization code.
///
/// Whoever holds the verifier and an authorization code can obtain tokens, so
/// it is kept in a [`Secret`]: `Debug` prints `CodeVerifier("<redacted>")` and
/// there is no `Display`. Use [`CodeVerifier::as_str`] to put it into the
/// token request.
///
/// Equality is compared in constant time.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeVerifier(Secret<String>);

impl CodeVerifier {
    /// Minimum length of a verifier in characters (RFC 7636 §4.1).
    pub const MIN_LEN: usize = 43;
    /// Maximum length of a verifier in characters (RFC 7636 §4.1).
    pub const MAX_LEN: usize = 128;

    /// Creates a fresh verifier from 32 bytes of OS randomness, base64url-encoded
    /// without padding, giving 43 characters — exactly the construction
    /// RFC 7636 §4.1 recommends.
    ///
    /// # Panics
    ///
    /// Panics if the operating system's random source fails; continuing with a
    /// guessable verifier would defeat PKCE (RFC 7636 §7.1).
    #[must_use]
    pub fn generate() -> Self {
        let verifier = random_token();
        debug_assert!(Self::validate(&verifier).is_ok());
        Self(Secret::new(verifier))
    }

    /// Accepts an existing verifier, for example one restored from session
    /// storage between the authorization request and the callback.
    ///
    /// # Errors
    ///
    /// * [`PkceError::Length`] unless the string has 43 to 128 characters.
    /// * [`PkceError::InvalidCharacter`] for the first character outside
    ///   `[A-Za-z0-9-._~]`.
    ///
    /// Length is checked first. Both rules come from RFC 7636 §4.1. This does not
    /// (and cannot) check that the value has enough entropy; prefer
    /// [`CodeVerifier::generate`] for new verifiers.
    pub fn new(verifier: String) -> Result<Self, PkceError> {
        Self::validate(&verifier)?;
        Ok(Self(Secret::new(verifier)))
    }

    fn validate(verifier: &str) -> Result<(), PkceError> {
        let len = verifier.chars().count();
        if !(Self::MIN_LEN..=Self::MAX_LEN).contains(&len) {
            return Err(PkceError::Length { len });
        }
        match verifier
            .chars()
            .enumerate()
            .find(|&(_, c)| !is_unreserved(c))
        {
            Some((index, character)) => Err(PkceError::InvalidCharacter { index, character }),
            None => Ok(()),
        }
    }

    /// The verifier, to send as `code_verifier` in the token request
    /// (RFC 7636 §4.5).
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.0.expose()
    }

    /// Derives the `S256` code challenge:
    /// `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))` (RFC 7636 §4.2).
    ///
    /// Only `S256` is offered: RFC 7636 §4.2 says a client that can use `S256`
    /// MUST use it, and `plain` (§7.2) would send the verifier itself through
    /// the browser.
    #[must_use]
    pub fn challenge_s256(&self) -> CodeChallenge {
        // A valid verifier is ASCII, so its UTF-8 bytes are its ASCII octets.
        let digest = Sha256::digest(self.as_str().as_bytes());
        CodeChallenge(URL_SAFE_NO_PAD.encode(digest))
    }
}

impl fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CodeVerifier").field(&self.0).finish()
    }
}

impl TryFrom<String> for CodeVerifier {
    type Error = PkceError;

    /// Same as [`CodeVerifier::new`].
    fn try_from(verifier: String) -> Result<Self, Self::Error> {
        Self::new(verifier)
    }
}

/// The PKCE `code_challenge` (RFC 7636 §4.2), sent in the authorization request
/// together with `code_challenge_method=S256` (see [`CodeChallenge::METHOD`]).
///
/// The challenge is a one-way hash of the verifier and travels through the
/// browser anyway, so it is not secret and `Debug` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeChallenge(String);

impl CodeChallenge {
    /// The value for the `code_challenge_method` parameter (RFC 7636 §4.3):
    /// the only method this module produces.
    pub const METHOD: &'static str = "S256";

    /// The challenge, to send as `code_challenge` (RFC 7636 §4.3).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value for `code_challenge_method`; always [`CodeChallenge::METHOD`].
    #[must_use]
    pub fn method(&self) -> &'static str {
        Self::METHOD
    }
}

/// The OAuth 2.0 `state` parameter used against cross-site request forgery
/// (RFC 6749 §4.1.1, §10.12).
///
/// The client sends a fresh, unguessable value with each authorization request,
/// remembers it in a place bound to the user's browser session, and accepts the
/// redirect only if it carries the same value back ([`State::matches`],
/// [`crate::redirect::parse_callback`]).
///
/// # Why `Debug` is redacted
///
/// The state is not a credential and is visible in the browser's address bar,
/// but knowing the state of a pending login is exactly what an attacker needs
/// to make a forged redirect pass the CSRF check (RFC 6749 §10.12 requires the
/// value to be non-guessable). Logs usually reach more people than the browser
/// history, so `Debug` prints `State("<redacted>")` like the other secrets; use
/// [`State::as_str`] when the value is needed.
#[derive(Clone, PartialEq, Eq)]
pub struct State(Secret<String>);

impl State {
    /// Creates a fresh state from 32 bytes of OS randomness, base64url-encoded
    /// without padding (43 characters), comfortably meeting the
    /// 2^-128 (SHOULD 2^-160) guessing bound of RFC 6749 §10.10.
    ///
    /// # Panics
    ///
    /// Panics if the operating system's random source fails.
    #[must_use]
    pub fn generate() -> Self {
        Self(Secret::new(random_token()))
    }

    /// The state, to send as `state` in the authorization request.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.0.expose()
    }

    /// Whether `other` (the `state` received on the redirect) equals this state.
    ///
    /// The comparison takes the same time wherever the first difference is
    /// ([`subtle::ConstantTimeEq`]), so an attacker probing the redirect endpoint
    /// cannot learn the expected value character by character. Values of
    /// different length are unequal (their lengths are not hidden).
    #[must_use]
    pub fn matches(&self, other: &str) -> bool {
        self.as_str().as_bytes().ct_eq(other.as_bytes()).into()
    }
}

impl From<String> for State {
    /// Wraps a state stored earlier, for example in a session. No validation is
    /// done: any value the client sent is a valid state.
    fn from(state: String) -> Self {
        Self(Secret::new(state))
    }
}

impl From<&str> for State {
    /// Like `State::from(String)`.
    fn from(state: &str) -> Self {
        Self::from(state.to_owned())
    }
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("State").field(&self.0).finish()
    }
}

/// A [`CodeVerifier`] together with its `S256` [`CodeChallenge`].
///
/// Send `challenge` with the authorization request, keep `verifier` for the
/// token request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PkcePair {
    /// The secret to send with the token request (RFC 7636 §4.5).
    pub verifier: CodeVerifier,
    /// The hash to send with the authorization request (RFC 7636 §4.3).
    pub challenge: CodeChallenge,
}

impl PkcePair {
    /// Generates a fresh verifier ([`CodeVerifier::generate`]) and its challenge.
    ///
    /// # Panics
    ///
    /// Panics if the operating system's random source fails.
    #[must_use]
    pub fn generate() -> Self {
        Self::from(CodeVerifier::generate())
    }
}

impl From<CodeVerifier> for PkcePair {
    /// Pairs an existing verifier with its `S256` challenge.
    fn from(verifier: CodeVerifier) -> Self {
        let challenge = verifier.challenge_s256();
        Self {
            verifier,
            challenge,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// RFC 7636 Appendix B.
    const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    fn is_base64url(s: &str) -> bool {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }

    #[test]
    fn rfc7636_appendix_b_challenge() {
        let verifier = CodeVerifier::new(RFC_VERIFIER.to_owned()).unwrap();
        let challenge = verifier.challenge_s256();
        assert_eq!(challenge.as_str(), RFC_CHALLENGE);
        assert_eq!(challenge.method(), "S256");
    }

    #[test]
    fn rfc7636_appendix_b_octets_encode_to_the_verifier() {
        // The 32 random octets of RFC 7636 Appendix B, encoded the way
        // `generate` encodes its random bytes.
        let octets: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        assert_eq!(URL_SAFE_NO_PAD.encode(octets), RFC_VERIFIER);
    }

    #[test]
    fn method_constant_is_s256() {
        assert_eq!(CodeChallenge::METHOD, "S256");
    }

    #[test]
    fn generated_verifiers_are_43_valid_characters() {
        for _ in 0..100 {
            let verifier = CodeVerifier::generate();
            assert_eq!(verifier.as_str().len(), 43);
            assert!(is_base64url(verifier.as_str()));
            assert_eq!(
                CodeVerifier::new(verifier.as_str().to_owned()).as_ref(),
                Ok(&verifier)
            );
        }
    }

    #[test]
    fn generated_verifiers_are_distinct() {
        let verifiers: HashSet<String> = (0..1000)
            .map(|_| CodeVerifier::generate().as_str().to_owned())
            .collect();
        assert_eq!(verifiers.len(), 1000);
    }

    #[test]
    fn challenge_is_43_base64url_characters_and_deterministic() {
        let verifier = CodeVerifier::generate();
        let challenge = verifier.challenge_s256();
        assert_eq!(challenge.as_str().len(), 43);
        assert!(is_base64url(challenge.as_str()));
        assert_eq!(challenge, verifier.challenge_s256());
        assert_ne!(challenge.as_str(), verifier.as_str());
    }

    #[test]
    fn new_accepts_boundary_lengths() {
        assert!(CodeVerifier::new("a".repeat(43)).is_ok());
        assert!(CodeVerifier::new("a".repeat(128)).is_ok());
    }

    #[test]
    fn new_accepts_every_unreserved_character() {
        let all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        let verifier = CodeVerifier::new(all.to_owned()).unwrap();
        assert_eq!(verifier.as_str(), all);
    }

    #[test]
    fn new_rejects_wrong_lengths() {
        assert_eq!(
            CodeVerifier::new("a".repeat(42)),
            Err(PkceError::Length { len: 42 })
        );
        assert_eq!(
            CodeVerifier::new("a".repeat(129)),
            Err(PkceError::Length { len: 129 })
        );
        assert_eq!(
            CodeVerifier::new(String::new()),
            Err(PkceError::Length { len: 0 })
        );
    }

    #[test]
    fn length_is_counted_in_characters() {
        // 43 characters but 44 bytes: passes the length check, fails on 'é'.
        let s = format!("{}é", "a".repeat(42));
        assert_eq!(s.len(), 44);
        assert_eq!(
            CodeVerifier::new(s),
            Err(PkceError::InvalidCharacter {
                index: 42,
                character: 'é'
            })
        );
    }

    #[test]
    fn length_is_checked_before_characters() {
        assert_eq!(
            CodeVerifier::new("+".repeat(10)),
            Err(PkceError::Length { len: 10 })
        );
    }

    #[test]
    fn new_rejects_characters_outside_the_unreserved_set() {
        for bad in ['+', '/', '=', ' ', '%', '\n', '\0', 'é', '😀'] {
            let s = format!("{}{}{}", "a".repeat(20), bad, "b".repeat(30));
            assert_eq!(
                CodeVerifier::new(s),
                Err(PkceError::InvalidCharacter {
                    index: 20,
                    character: bad
                }),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn invalid_character_reports_the_first_one() {
        let s = format!("{}/{}+", "a".repeat(5), "b".repeat(40));
        assert_eq!(
            CodeVerifier::new(s),
            Err(PkceError::InvalidCharacter {
                index: 5,
                character: '/'
            })
        );
    }

    #[test]
    fn try_from_string_validates() {
        assert!(CodeVerifier::try_from(RFC_VERIFIER.to_owned()).is_ok());
        assert!(CodeVerifier::try_from("short".to_owned()).is_err());
    }

    #[test]
    fn error_messages_say_what_is_allowed() {
        let length = PkceError::Length { len: 7 }.to_string();
        assert!(length.contains("43 to 128"), "{length}");
        assert!(length.contains('7'), "{length}");
        assert!(length.contains("RFC 7636"), "{length}");

        let character = PkceError::InvalidCharacter {
            index: 3,
            character: '+',
        }
        .to_string();
        assert!(character.contains("'+'"), "{character}");
        assert!(character.contains("position 3"), "{character}");
        assert!(
            character.contains("ASCII letters, digits, '-', '.', '_' and '~'"),
            "{character}"
        );
    }

    #[test]
    fn error_is_std_error() {
        let error: Box<dyn std::error::Error> = Box::new(PkceError::Length { len: 1 });
        assert!(error.to_string().starts_with("PKCE code verifier"));
    }

    #[test]
    fn verifier_debug_is_redacted() {
        let verifier = CodeVerifier::new(RFC_VERIFIER.to_owned()).unwrap();
        let printed = format!("{verifier:?}");
        assert_eq!(printed, "CodeVerifier(\"<redacted>\")");
        assert!(!format!("{verifier:#?}").contains(RFC_VERIFIER));
    }

    #[test]
    fn challenge_debug_shows_the_value() {
        let challenge = CodeVerifier::new(RFC_VERIFIER.to_owned())
            .unwrap()
            .challenge_s256();
        assert!(format!("{challenge:?}").contains(RFC_CHALLENGE));
    }

    #[test]
    fn verifier_equality() {
        let a = CodeVerifier::new(RFC_VERIFIER.to_owned()).unwrap();
        let b = CodeVerifier::new(RFC_VERIFIER.to_owned()).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, CodeVerifier::generate());
    }

    #[test]
    fn generated_states_are_43_base64url_characters_and_distinct() {
        let states: HashSet<String> = (0..1000)
            .map(|_| {
                let state = State::generate();
                assert_eq!(state.as_str().len(), 43);
                assert!(is_base64url(state.as_str()));
                state.as_str().to_owned()
            })
            .collect();
        assert_eq!(states.len(), 1000);
    }

    #[test]
    fn state_matches_only_the_same_value() {
        let state = State::from("abcdef");
        assert!(state.matches("abcdef"));
        assert!(!state.matches("abcdeg"), "last character differs");
        assert!(!state.matches("bbcdef"), "first character differs");
        assert!(!state.matches("abcde"), "prefix");
        assert!(!state.matches("abcdefg"), "extension");
        assert!(!state.matches(""));
        assert!(!state.matches("ABCDEF"), "comparison is case-sensitive");
    }

    #[test]
    fn generated_state_matches_itself_only() {
        let state = State::generate();
        assert!(state.matches(state.as_str()));
        assert!(!state.matches(State::generate().as_str()));
    }

    #[test]
    fn state_from_string_and_str() {
        assert_eq!(State::from(String::from("xyz")).as_str(), "xyz");
        assert_eq!(State::from("xyz"), State::from(String::from("xyz")));
        assert_ne!(State::from("xyz"), State::from("xyZ"));
    }

    #[test]
    fn state_debug_is_redacted() {
        let state = State::from("my-state-value");
        assert_eq!(format!("{state:?}"), "State(\"<redacted>\")");
    }

    #[test]
    fn pkce_pair_challenge_belongs_to_verifier() {
        let pair = PkcePair::generate();
        assert_eq!(pair.challenge, pair.verifier.challenge_s256());
        assert_eq!(pair.verifier.as_str().len(), 43);
        assert_ne!(pair.verifier, PkcePair::generate().verifier);
    }

    #[test]
    fn pkce_pair_from_verifier() {
        let pair = PkcePair::from(CodeVerifier::new(RFC_VERIFIER.to_owned()).unwrap());
        assert_eq!(pair.challenge.as_str(), RFC_CHALLENGE);
        assert_eq!(pair.verifier.as_str(), RFC_VERIFIER);
    }

    #[test]
    fn pkce_pair_debug_hides_the_verifier() {
        let pair = PkcePair::from(CodeVerifier::new(RFC_VERIFIER.to_owned()).unwrap());
        let printed = format!("{pair:?}");
        assert!(!printed.contains(RFC_VERIFIER), "{printed}");
        assert!(printed.contains(RFC_CHALLENGE), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");
    }
}
