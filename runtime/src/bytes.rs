//! Bytes in a JSON model: raw (`format: binary`) and base64 text (`format: byte`).

use std::fmt;
use std::sync::{Arc, Mutex};

use serde::Serialize;

/// Raw bytes (`format: binary`): a file part of a multipart body, held in memory or read from a
/// stream as the request is sent, with the file name and content type the part goes with. Inside
/// JSON, which can only carry text, the bytes travel as UTF-8 text (invalid sequences replaced).
///
/// `Binary::from(bytes).with_file_name("holiday.png").with_content_type("image/png")` is a file
/// in memory; `Binary::from_body(file).with_length(n)` one read as it is sent.
///
/// A streamed file (`Binary::from_body`, or `Binary::open` with the `multipart` feature) is sent
/// once: its clones share the one stream, and a second request built from it is refused
/// (`Error::InvalidRequest`) rather than sent without the file.
#[derive(Clone, Default)]
pub struct Binary {
    /// What it holds (read by the multipart writer).
    pub(super) content: Content,
    file_name: Option<String>,
    content_type: Option<String>,
}

/// What a [`Binary`] holds.
#[derive(Clone)]
pub(super) enum Content {
    /// The bytes themselves.
    Bytes(Vec<u8>),
    /// A body read as the request is sent; taken by the first request that sends it.
    Stream {
        body: Arc<Mutex<Option<reqwest::Body>>>,
        length: Option<u64>,
    },
}

impl Default for Content {
    fn default() -> Self {
        Content::Bytes(Vec::new())
    }
}

impl Binary {
    /// A file read from `body` as the request is sent (a `tokio::fs::File`, a
    /// `reqwest::Body::wrap_stream(..)`), never copied whole into memory. Its length is known
    /// when the body is in memory; give it with [`Binary::with_length`] otherwise, so that the
    /// request carries a `Content-Length` instead of being sent chunked.
    pub fn from_body(body: impl Into<reqwest::Body>) -> Self {
        let body = body.into();
        let length = body.as_bytes().map(|b| b.len() as u64);
        Binary {
            content: Content::Stream {
                body: Arc::new(Mutex::new(Some(body))),
                length,
            },
            file_name: None,
            content_type: None,
        }
    }

    /// The stream's length in bytes (for a body from [`Binary::from_body`]; bytes in memory
    /// know theirs). A stream that then gives more or fewer bytes fails the request rather than
    /// send a body that does not match its `Content-Length`.
    pub fn with_length(mut self, length: u64) -> Self {
        if let Content::Stream { length: known, .. } = &mut self.content {
            *known = Some(length);
        }
        self
    }

    /// The file name its multipart part is sent with (`filename="..."`); without one, the
    /// part's field name is used.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The media type its multipart part is sent with (`Content-Type`). Without one, the part
    /// goes with the type the document's `encoding` gives it when that is one exact type, and as
    /// `application/octet-stream` otherwise (a list such as `image/png, image/jpeg` says what
    /// the server accepts, not what this file is).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name given with [`Binary::with_file_name`].
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type given with [`Binary::with_content_type`].
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The bytes, when they are in memory (not for a stream).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes),
            Content::Stream { .. } => None,
        }
    }

    /// The length in bytes, when it is known.
    pub fn length(&self) -> Option<u64> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes.len() as u64),
            Content::Stream { length, .. } => *length,
        }
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.content {
            Content::Bytes(bytes) => write!(f, "Binary({} bytes", bytes.len())?,
            Content::Stream {
                length: Some(n), ..
            } => write!(f, "Binary(stream of {n} bytes")?,
            Content::Stream { length: None, .. } => write!(f, "Binary(stream")?,
        }
        if let Some(name) = &self.file_name {
            write!(f, ", {name:?}")?;
        }
        if let Some(content_type) = &self.content_type {
            write!(f, ", {content_type}")?;
        }
        write!(f, ")")
    }
}

/// Equal bytes with equal file names and types; a stream is equal only to its own clones.
impl PartialEq for Binary {
    fn eq(&self, other: &Self) -> bool {
        let content = match (&self.content, &other.content) {
            (Content::Bytes(a), Content::Bytes(b)) => a == b,
            (Content::Stream { body: a, .. }, Content::Stream { body: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        };
        content && self.file_name == other.file_name && self.content_type == other.content_type
    }
}

impl Eq for Binary {}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary {
            content: Content::Bytes(bytes),
            file_name: None,
            content_type: None,
        }
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary::from(bytes.to_vec())
    }
}

impl From<&str> for Binary {
    fn from(text: &str) -> Self {
        Binary::from(text.as_bytes().to_vec())
    }
}

impl From<String> for Binary {
    fn from(text: String) -> Self {
        Binary::from(text.into_bytes())
    }
}

impl Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.content {
            Content::Bytes(bytes) => serializer.serialize_str(&String::from_utf8_lossy(bytes)),
            Content::Stream { .. } => Err(serde::ser::Error::custom(
                "a streamed file can only be sent as a multipart file part, not written as text",
            )),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Binary::from)
    }
}

/// Bytes that travel as base64 text (`format: byte`).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Base64(pub Vec<u8>);

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({} bytes)", self.0.len())
    }
}

impl Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use base64::Engine as _;
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

/// The decoders for `format: byte`: the standard and the URL-safe alphabet, each lenient in what
/// RFC 4648 lets a decoder be lenient in (section 3.5: non-zero padding bits; section 3.2:
/// padding left out). Neither changes which bytes the text stands for: the padding bits carry
/// none, so refusing them would refuse a whole response over bits with no meaning. Encoding is
/// always canonical (standard alphabet, zero padding bits, `=` padding).
const LENIENT: [base64::engine::GeneralPurpose; 2] = {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let config = GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent);
    [
        GeneralPurpose::new(&base64::alphabet::STANDARD, config),
        GeneralPurpose::new(&base64::alphabet::URL_SAFE, config),
    ]
};

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use base64::Engine as _;
        let text = String::deserialize(deserializer)?;
        let [standard, url_safe] = &LENIENT;
        standard
            .decode(text.trim())
            .or_else(|_| url_safe.decode(text.trim()))
            .map(Base64)
            .map_err(serde::de::Error::custom)
    }
}
