//! What a call returns when it fails, and the response it keeps: [`Error`], [`ApiError`],
//! [`RawResponse`], [`DecodeError`].

use std::fmt;

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;

/// Bodies larger than this are refused unless the client says otherwise
/// (`Client::with_max_body_bytes`).
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// How much of a body an error message shows.
const BODY_EXCERPT_CHARS: usize = 200;

/// Everything that can go wrong in a call. `E` is the operation's declared error body.
#[derive(Debug)]
pub enum Error<E = ()> {
    /// The request could not be built: an invalid header value, base URL or body.
    InvalidRequest(String),
    /// No response arrived: connection refused, timeout, TLS failure, too many redirects.
    Transport(reqwest::Error),
    /// The server answered with an error status the spec declares, and the body decoded as declared.
    Api(Box<ApiError<E>>),
    /// A status the operation does not declare (or a declared error whose body did not decode);
    /// the whole response is kept.
    UnexpectedStatus(Box<RawResponse>),
    /// A success status whose body is not what the spec's media type promises.
    Decode(Box<DecodeError>),
    /// The body was larger than the client's limit; it was not read further.
    BodyTooLarge {
        status: StatusCode,
        headers: Box<HeaderMap>,
        limit: usize,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus(r) => Some(r.status),
            Error::Decode(e) => Some(e.response.status),
            Error::BodyTooLarge { status, .. } => Some(*status),
            Error::InvalidRequest(_) => None,
            Error::Transport(e) => e.status(),
        }
    }

    /// The decoded error body, when the server sent one the spec declares.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(&e.body),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Api(e) => write!(f, "server answered {}: {:?}", e.status, e.body),
            Error::UnexpectedStatus(r) => write!(
                f,
                "unexpected status {} (body: {})",
                r.status,
                excerpt(&r.body)
            ),
            Error::Decode(e) => e.fmt(f),
            Error::BodyTooLarge { status, limit, .. } => write!(
                f,
                "response body (status {status}) is larger than the client's limit of {limit} bytes"
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// An error response the spec declares, decoded.
#[derive(Debug)]
pub struct ApiError<E> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: E,
    /// The body as it arrived.
    pub raw_body: Vec<u8>,
}

/// A response as it arrived: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The body as text (invalid UTF-8 replaced), for messages and logs.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The `Location` header of a redirect.
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// The media type without parameters, lower-cased (`application/json`).
    pub fn media_type(&self) -> Option<String> {
        let value = self.headers.get(CONTENT_TYPE)?.to_str().ok()?;
        Some(value.split(';').next()?.trim().to_ascii_lowercase())
    }
}

/// A success response whose body did not match what the spec promises.
#[derive(Debug)]
pub struct DecodeError {
    /// What was expected: the Rust type and the media type.
    pub expected: String,
    pub message: String,
    pub response: RawResponse,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response as {}: {}; body starts: {}",
            self.response.status,
            self.expected,
            self.message,
            excerpt(&self.response.body)
        )
    }
}

impl std::error::Error for DecodeError {}

fn excerpt(body: &[u8]) -> String {
    if body.is_empty() {
        return "(empty)".to_owned();
    }
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(BODY_EXCERPT_CHARS).collect();
    if text.chars().count() > BODY_EXCERPT_CHARS {
        out.push('…');
    }
    format!("{out:?}")
}
