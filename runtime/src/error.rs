//! What a call returns when it fails, and the response it keeps: [`Error`], [`ApiError`],
//! [`RawResponse`], [`DecodeError`].

use std::fmt;

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;

use super::redact::{redact_text, scrub, RedactedHeaders};

/// Bodies larger than this are refused unless the client says otherwise
/// (`Client::with_max_body_bytes`).
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// How much of a body an error message shows.
const BODY_EXCERPT_CHARS: usize = 200;

/// Everything that can go wrong in a call. `E` is the operation's declared error body.
///
/// Neither `Display` nor `Debug` shows a secret: body excerpts have the values of credential
/// fields (`access_token`, `password`, ... and the document's `x-secret` fields) replaced, header
/// dumps hide credentials and cookies, and transport errors hide their URL's query values.
pub enum Error<E = ()> {
    /// The request could not be built: an invalid header value, base URL or body.
    InvalidRequest(String),
    /// No response arrived: connection refused, timeout, TLS failure, too many redirects.
    Transport(reqwest::Error),
    /// A middleware refused or failed the request (the `middleware` feature).
    Middleware(Box<dyn std::error::Error + Send + Sync + 'static>),
    /// The server answered with an error status the spec declares, and the body decoded as declared.
    Api(Box<ApiError<E>>),
    /// A status the operation does not declare (or a declared error whose body did not decode);
    /// the whole response is kept.
    UnexpectedStatus(Box<RawResponse>),
    /// A success status whose body (or declared header) is not what the spec promises.
    Decode(Box<DecodeError>),
    /// The body was larger than the client's limit; it was not read further.
    BodyTooLarge {
        /// The response's status.
        status: StatusCode,
        /// The response's headers.
        headers: Box<HeaderMap>,
        /// The client's limit, in bytes.
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
            Error::InvalidRequest(_) | Error::Middleware(_) => None,
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

    /// Whether the same request may succeed if sent again: no connection or no answer in
    /// time, or a status that says "later" (429, 502, 503, 504). For callers without a retry
    /// middleware; honour `Retry-After` when the response has one.
    pub fn is_retryable(&self) -> bool {
        if let Error::Transport(e) = self {
            if e.is_connect() || e.is_timeout() {
                return true;
            }
        }
        self.status().is_some_and(|status| {
            matches!(
                status,
                StatusCode::TOO_MANY_REQUESTS
                    | StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            )
        })
    }
}

impl Error<()> {
    /// The same error as an operation's error type: building a request (the `*_request`
    /// methods, whose error type is `Error<()>`) never yields a declared error body.
    pub fn widen<E>(self) -> Error<E> {
        match self {
            Error::InvalidRequest(m) => Error::InvalidRequest(m),
            Error::Transport(e) => Error::Transport(e),
            Error::Middleware(e) => Error::Middleware(e),
            Error::Api(e) => Error::UnexpectedStatus(Box::new(RawResponse {
                status: e.status,
                headers: e.headers,
                body: e.raw_body,
                secret_fields: e.secret_fields,
            })),
            Error::UnexpectedStatus(r) => Error::UnexpectedStatus(r),
            Error::Decode(e) => Error::Decode(e),
            Error::BodyTooLarge {
                status,
                headers,
                limit,
            } => Error::BodyTooLarge {
                status,
                headers,
                limit,
            },
        }
    }
}

/// `404 Not Found`: the code and, when known, its reason phrase.
fn status_line(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Middleware(e) => write!(f, "middleware failed: {e}"),
            Error::Api(e) => write!(
                f,
                "server answered {}: {}",
                status_line(e.status),
                excerpt(&e.headers, &e.raw_body, e.secret_fields)
            ),
            Error::UnexpectedStatus(r) => write!(
                f,
                "unexpected status {}: {}",
                status_line(r.status),
                excerpt(&r.headers, &r.body, r.secret_fields)
            ),
            Error::Decode(e) => e.fmt(f),
            Error::BodyTooLarge { status, limit, .. } => write!(
                f,
                "response body (status {}) is larger than the client's limit of {limit} bytes",
                status_line(*status)
            ),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::Middleware(e) => f.debug_tuple("Middleware").field(e).finish(),
            Error::Api(e) => f.debug_tuple("Api").field(e).finish(),
            Error::UnexpectedStatus(r) => f.debug_tuple("UnexpectedStatus").field(r).finish(),
            Error::Decode(e) => f.debug_tuple("Decode").field(e).finish(),
            Error::BodyTooLarge {
                status,
                headers,
                limit,
            } => f
                .debug_struct("BodyTooLarge")
                .field("status", status)
                .field("headers", &RedactedHeaders(headers))
                .field("limit", limit)
                .finish(),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Middleware(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

/// An error response the spec declares, decoded.
pub struct ApiError<E> {
    /// The response's status.
    pub status: StatusCode,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The body, decoded as the spec declares.
    pub body: E,
    /// The body as it arrived.
    pub raw_body: Vec<u8>,
    /// Names of the fields whose values error messages hide (the document's `x-secret` fields).
    pub secret_fields: &'static [&'static str],
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .field(
                "raw_body",
                &excerpt(&self.headers, &self.raw_body, self.secret_fields),
            )
            .finish()
    }
}

/// A response as it arrived: status, headers and the whole body.
#[derive(Clone)]
pub struct RawResponse {
    /// The response's status.
    pub status: StatusCode,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Vec<u8>,
    /// Names of the fields whose values error messages hide (the document's `x-secret` fields;
    /// well-known credential names are always hidden).
    pub secret_fields: &'static [&'static str],
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field(
                "body",
                &excerpt(&self.headers, &self.body, self.secret_fields),
            )
            .finish()
    }
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
pub struct DecodeError {
    /// What was expected: the Rust type and the media type.
    pub expected: String,
    /// What the decoder said (secrets redacted).
    pub message: String,
    /// The response as it arrived.
    pub response: RawResponse,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let response = &self.response;
        write!(
            f,
            "could not decode the {} response as {}: {}; body starts: {}",
            status_line(response.status),
            self.expected,
            scrub(&self.message, &response.body, response.secret_fields),
            excerpt(&response.headers, &response.body, response.secret_fields)
        )
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let response = &self.response;
        f.debug_struct("DecodeError")
            .field("expected", &self.expected)
            .field(
                "message",
                &scrub(&self.message, &response.body, response.secret_fields),
            )
            .field("response", response)
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// The start of a body for a message: text as text with secrets redacted, anything else by
/// its size and media type.
fn excerpt(headers: &HeaderMap, body: &[u8], secrets: &[&str]) -> String {
    if body.is_empty() {
        return "(empty body)".to_owned();
    }
    let media = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    let textual = media.as_deref().is_none_or(|m| {
        m.starts_with("text/")
            || m.ends_with("json")
            || m.ends_with("+xml")
            || m.ends_with("/xml")
            || m == "application/x-www-form-urlencoded"
    });
    if !textual {
        return format!(
            "({} bytes{})",
            body.len(),
            media.map(|m| format!(" of {m}")).unwrap_or_default()
        );
    }
    // Redacted whole, then cut: a cut must not leave half a secret visible.
    let text = redact_text(&String::from_utf8_lossy(body), secrets);
    let mut out: String = text
        .chars()
        .take(BODY_EXCERPT_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > BODY_EXCERPT_CHARS {
        out.push('…');
    }
    out.trim().to_owned()
}
