//! `multipart/form-data` request bodies (the `multipart` feature).
//!
//! Written here rather than with `reqwest::multipart` (0.12), whose output differs from what
//! browsers send and servers read (the HTML standard's multipart/form-data encoding):
//! - a field name with a space, `/`, `%` or a non-ASCII letter goes as `name*=utf-8''...`
//!   (RFC 5987's form, which RFC 7578 section 4.2 rules out for file names and browsers never
//!   send, so servers rarely read it);
//! - `"` in a file name is escaped with a backslash, and a CR or LF is left raw (a header
//!   injection);
//! - `Form::file` guesses a part's content type from the file's extension;
//! - a body's length is known only inside its own `RequestBuilder`, so a request built apart
//!   (as `*_request` builds them) would be sent chunked.
//!
//! Here names and file names are escaped as the HTML standard says (`"` `%22`, CR `%0D`, LF
//! `%0A`, nothing else), a part's content type is the document's or the caller's, and a body
//! goes with its `Content-Length` whenever every part's length is known.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use reqwest::header::HeaderValue;
use serde::Serialize;

use super::bytes::{Binary, Content};
use super::error::Error;
use super::value::{primitive_text, to_ordered, Ordered};

/// A multipart/form-data body (RFC 7578), built part by part in the order of the spec's fields.
///
/// Parts in memory are written into one buffer. A file given as a stream ([`Binary::from_body`],
/// [`Binary::open`]) is read as the request is sent, never copied whole into memory.
#[derive(Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

/// One part: its header lines (without the boundary) and its data.
struct Part {
    head: String,
    data: Data,
}

enum Data {
    Bytes(Vec<u8>),
    Stream {
        body: reqwest::Body,
        length: Option<u64>,
        name: String,
    },
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Multipart { parts: Vec::new() }
    }

    /// A field holding a value: a primitive as one text part, a list as one part per item
    /// (repeating the name), an object as JSON (the Encoding Object's default for objects).
    /// `content_type` is the one media type the generator chose from the spec's
    /// `encoding.<field>.contentType`, if any; JSON text is never labeled as anything but JSON.
    pub fn value<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), Error<E>> {
        match to_ordered(value)? {
            Ordered::Null => {}
            Ordered::List(items) => {
                for item in &items {
                    self.item(name, item, content_type)?;
                }
            }
            other => self.item(name, &other, content_type)?,
        }
        Ok(())
    }

    fn item<E>(
        &mut self,
        name: &str,
        value: &Ordered,
        content_type: Option<&str>,
    ) -> Result<(), Error<E>> {
        let json_type = content_type.filter(|c| is_json(c));
        let (content_type, text) =
            if matches!(value, Ordered::Object(_) | Ordered::List(_)) || json_type.is_some() {
                (
                    Some(json_type.unwrap_or("application/json")),
                    value.json_text(),
                )
            } else {
                // `text/plain` is a part's default (RFC 7578 section 4.4): no header for it.
                (
                    content_type.filter(|c| *c != "text/plain"),
                    primitive_text(value),
                )
            };
        let head = head(name, None, content_type)?;
        self.parts.push(Part {
            head,
            data: Data::Bytes(text.into_bytes()),
        });
        Ok(())
    }

    /// A file part named after the field. Its file name is the caller's
    /// ([`Binary::with_file_name`]) or the field's name; its content type the caller's
    /// ([`Binary::with_content_type`]) or `content_type`: the generator passes the spec's
    /// `encoding.<field>.contentType` when that is one exact media type, and
    /// `application/octet-stream` (RFC 7578 section 4.4, for a type not known) otherwise.
    pub fn file<E>(
        &mut self,
        name: &str,
        file: &Binary,
        content_type: &str,
    ) -> Result<(), Error<E>> {
        let head = head(
            name,
            Some(file.file_name().unwrap_or(name)),
            Some(file.content_type().unwrap_or(content_type)),
        )?;
        let data = match &file.content {
            Content::Bytes(bytes) => Data::Bytes(bytes.clone()),
            Content::Stream { body, length } => {
                let taken = body.lock().ok().and_then(|mut body| body.take());
                let Some(body) = taken else {
                    return Err(Error::InvalidRequest(format!(
                        "the file for multipart part `{name}` is a stream that was already sent; a streamed `Binary` goes in one request"
                    )));
                };
                Data::Stream {
                    body,
                    length: *length,
                    name: name.to_owned(),
                }
            }
        };
        self.parts.push(Part { head, data });
        Ok(())
    }

    /// Every top-level field of `value` as a part (when the body's schema is not a plain object
    /// the generator can list field by field).
    pub fn fields<T: Serialize + ?Sized, E>(&mut self, value: &T) -> Result<(), Error<E>> {
        let Ordered::Object(fields) = to_ordered(value)? else {
            return Err(Error::InvalidRequest(
                "a multipart/form-data body must be an object".into(),
            ));
        };
        for (name, value) in &fields {
            self.value(name, value, None)?;
        }
        Ok(())
    }

    /// The `Content-Type` header (with the boundary) and the body.
    ///
    /// With every part in memory, the body is one buffer (so middleware can retry it) and the
    /// boundary is chosen so that no part contains it. With a streamed file it cannot be
    /// searched, so the boundary ends with 128 random bits; the body is then read as it is sent,
    /// with a `Content-Length` when every stream's length is known.
    pub fn finish(self) -> (HeaderValue, reqwest::Body) {
        let streamed = self
            .parts
            .iter()
            .any(|p| matches!(p.data, Data::Stream { .. }));
        let base = if streamed {
            format!("openapi-rust-generator-boundary-{}", random_hex())
        } else {
            String::from("openapi-rust-generator-boundary")
        };
        let mut boundary = base.clone();
        let mut n = 0u32;
        while self.parts.iter().any(|part| match &part.data {
            Data::Bytes(data) => contains(data, boundary.as_bytes()),
            Data::Stream { .. } => false,
        }) {
            n += 1;
            boundary = format!("{base}-{n}");
        }
        let header = HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
            .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"));
        let closing = format!("--{boundary}--\r\n").into_bytes();
        if !streamed {
            let mut body = Vec::new();
            for part in &self.parts {
                if let Data::Bytes(data) = &part.data {
                    write_head(&mut body, &boundary, &part.head);
                    body.extend_from_slice(data);
                    body.extend_from_slice(b"\r\n");
                }
            }
            body.extend_from_slice(&closing);
            return (header, body.into());
        }
        // Bytes in memory up to each stream, then the stream, and so on.
        let mut segments = VecDeque::new();
        let mut pending = Vec::new();
        let mut length = Some(0u64);
        for part in self.parts {
            write_head(&mut pending, &boundary, &part.head);
            match part.data {
                Data::Bytes(data) => pending.extend_from_slice(&data),
                Data::Stream {
                    body,
                    length: declared,
                    name,
                } => {
                    length = length.zip(declared).map(|(a, b)| a + b);
                    segments.push_back(Segment::Bytes(std::mem::take(&mut pending)));
                    segments.push_back(Segment::Stream {
                        body,
                        declared,
                        sent: 0,
                        name,
                    });
                }
            }
            pending.extend_from_slice(b"\r\n");
        }
        pending.extend_from_slice(&closing);
        segments.push_back(Segment::Bytes(pending));
        let in_memory: u64 = segments
            .iter()
            .map(|s| match s {
                Segment::Bytes(b) => b.len() as u64,
                Segment::Stream { .. } => 0,
            })
            .sum();
        let body = Streamed {
            segments,
            remaining: length.map(|streams| streams + in_memory),
        };
        (header, reqwest::Body::wrap(body))
    }
}

impl Binary {
    /// The file at `path`, read as the request is sent (never whole into memory), with its
    /// length (for `Content-Length`) and its file name (the path's last component). Its content
    /// type is not guessed from the extension: give it with [`Binary::with_content_type`] when
    /// the document lists several.
    pub async fn open(path: impl AsRef<std::path::Path>) -> std::io::Result<Binary> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path).await?;
        let length = file.metadata().await?.len();
        let binary = Binary::from_body(file).with_length(length);
        Ok(match path.file_name() {
            Some(name) => binary.with_file_name(name.to_string_lossy()),
            None => binary,
        })
    }
}

/// A part's header lines: `Content-Disposition` with the name (and file name), and
/// `Content-Type` unless it is the default.
fn head<E>(
    name: &str,
    file_name: Option<&str>,
    content_type: Option<&str>,
) -> Result<String, Error<E>> {
    let mut head = format!("Content-Disposition: form-data; name=\"{}\"", escape(name));
    if let Some(file_name) = file_name {
        head.push_str(&format!("; filename=\"{}\"", escape(file_name)));
    }
    if let Some(content_type) = content_type {
        // A header value: no line break can end the line early.
        if HeaderValue::from_str(content_type).is_err() || content_type.contains(['\r', '\n']) {
            return Err(Error::InvalidRequest(format!(
                "`{content_type}` cannot be the content type of multipart part `{name}`"
            )));
        }
        head.push_str(&format!("\r\nContent-Type: {content_type}"));
    }
    Ok(head)
}

/// The HTML standard's escaping of names and file names in multipart/form-data: `"`, CR and LF
/// percent-encoded, nothing else.
fn escape(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn write_head(body: &mut Vec<u8>, boundary: &str, head: &str) {
    body.extend_from_slice(b"--");
    body.extend_from_slice(boundary.as_bytes());
    body.extend_from_slice(b"\r\n");
    body.extend_from_slice(head.as_bytes());
    body.extend_from_slice(b"\r\n\r\n");
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// 128 bits no one can guess before the request is built (std's per-process random hash keys),
/// as 32 hex digits.
fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut out = String::with_capacity(32);
    for round in 0..2u8 {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u8(round);
        hasher.write_u128(now);
        out.push_str(&format!("{:016x}", hasher.finish()));
    }
    out
}

/// What a streamed body is made of.
enum Segment {
    Bytes(Vec<u8>),
    Stream {
        body: reqwest::Body,
        declared: Option<u64>,
        sent: u64,
        name: String,
    },
}

/// A multipart body read as it is sent: the parts in memory and the streams between them.
struct Streamed {
    segments: VecDeque<Segment>,
    /// The bytes still to come, when every stream's length is known.
    remaining: Option<u64>,
}

/// A stream that gave a different number of bytes than its declared length.
fn wrong_length(name: &str, declared: u64, sent: u64) -> Box<dyn std::error::Error + Send + Sync> {
    format!("the file for multipart part `{name}` was declared as {declared} bytes but its stream gave {sent}; the request was not completed").into()
}

impl http_body::Body for Streamed {
    type Data = bytes::Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        loop {
            let Some(segment) = this.segments.front_mut() else {
                return Poll::Ready(None);
            };
            let chunk = match segment {
                Segment::Bytes(bytes) => {
                    let bytes = bytes::Bytes::from(std::mem::take(bytes));
                    this.segments.pop_front();
                    bytes
                }
                Segment::Stream {
                    body,
                    declared,
                    sent,
                    name,
                } => match Pin::new(body).poll_frame(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error.into()))),
                    Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                        Ok(data) => {
                            *sent += data.len() as u64;
                            if let Some(declared) = *declared {
                                if *sent > declared {
                                    return Poll::Ready(Some(Err(wrong_length(
                                        name, declared, *sent,
                                    ))));
                                }
                            }
                            data
                        }
                        // Trailers of a part's body have no place in a multipart body.
                        Err(_) => continue,
                    },
                    Poll::Ready(None) => {
                        if let Some(declared) = *declared {
                            if *sent != declared {
                                return Poll::Ready(Some(Err(wrong_length(name, declared, *sent))));
                            }
                        }
                        this.segments.pop_front();
                        continue;
                    }
                },
            };
            if chunk.is_empty() {
                continue;
            }
            if let Some(remaining) = &mut this.remaining {
                *remaining = remaining.saturating_sub(chunk.len() as u64);
            }
            return Poll::Ready(Some(Ok(http_body::Frame::data(chunk))));
        }
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.remaining {
            Some(remaining) => http_body::SizeHint::with_exact(remaining),
            None => http_body::SizeHint::default(),
        }
    }
}
