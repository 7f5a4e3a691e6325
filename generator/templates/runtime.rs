//! The plumbing every generated client shares: errors, response reading and decoding,
//! parameter serialization by OpenAPI style, and credentials. One copy per crate, so that each
//! operation's method stays a few lines.

// One runtime serves every generated API, and each API uses only part of it.
#![allow(dead_code)]

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;

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

/// Prints `<redacted>` in place of a secret in `Debug` output.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Sends the request and reads the whole body, refusing more than `limit` bytes.
pub(crate) async fn send<E>(
    http: &reqwest::Client,
    request: reqwest::Request,
    limit: usize,
) -> Result<RawResponse, Error<E>> {
    let mut response = http.execute(request).await.map_err(Error::Transport)?;
    let status = response.status();
    let too_large = |response: &reqwest::Response| Error::BodyTooLarge {
        status,
        headers: Box::new(response.headers().clone()),
        limit,
    };
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_large(&response));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large(&response));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        status,
        headers: std::mem::take(response.headers_mut()),
        body,
    })
}

/// How a body is read off the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Media {
    Json,
    Form,
    Text,
}

impl Media {
    fn accepts(self, media_type: &str) -> bool {
        match self {
            Media::Json => {
                media_type == "application/json"
                    || media_type.ends_with("+json")
                    || media_type == "text/json"
            }
            Media::Form => media_type == "application/x-www-form-urlencoded",
            Media::Text => media_type.starts_with("text/"),
        }
    }
}

fn decode_text(response: &RawResponse) -> Result<String, String> {
    let charset = response
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(';')
                .skip(1)
                .find_map(|p| p.trim().strip_prefix("charset="))
                .map(|c| c.trim_matches('"').to_ascii_lowercase())
        });
    match charset.as_deref() {
        None | Some("utf-8") | Some("utf8") | Some("us-ascii") => {
            String::from_utf8(response.body.clone())
                .map_err(|e| format!("the body is not valid UTF-8: {e}"))
        }
        Some("iso-8859-1") | Some("latin1") => {
            Ok(response.body.iter().map(|&b| char::from(b)).collect())
        }
        Some(other) => Err(format!("charset `{other}` is not supported")),
    }
}

/// Reads a JSON body into `T`. The text is parsed first (syntax errors say where), then read
/// by [`StrictJson`], which only lets an object stand where `T` has a struct: serde's derived
/// structs also accept an array of their fields in order, so `[]` would otherwise pass for a
/// struct whose fields are all optional. Shape errors name where they are
/// (`at user_metadata.global_id`).
fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    T::deserialize(StrictJson(&value)).map_err(|e| e.to_string())
}

/// A JSON shape error and where in the document it is.
#[derive(Debug)]
pub(crate) struct JsonShapeError {
    message: String,
    /// Innermost first: `["global_id", "user_metadata"]`, `["[0]", "identities"]`.
    path: Vec<String>,
}

impl JsonShapeError {
    fn at(mut self, segment: String) -> Self {
        self.path.push(segment);
        self
    }
}

impl fmt::Display for JsonShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.path.is_empty() {
            let mut path = String::new();
            for segment in self.path.iter().rev() {
                if !path.is_empty() && !segment.starts_with('[') {
                    path.push('.');
                }
                path.push_str(segment);
            }
            write!(f, " at `{path}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonShapeError {}

impl serde::de::Error for JsonShapeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        JsonShapeError {
            message: message.to_string(),
            path: Vec::new(),
        }
    }
}

fn unexpected(value: &serde_json::Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match value {
        serde_json::Value::Null => Unexpected::Other("null"),
        serde_json::Value::Bool(b) => Unexpected::Bool(*b),
        serde_json::Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Unexpected::Str(s),
        serde_json::Value::Array(_) => Unexpected::Seq,
        serde_json::Value::Object(_) => Unexpected::Map,
    }
}

/// A deserializer over a parsed JSON value that refuses anything but an object for a struct.
#[derive(Clone, Copy)]
struct StrictJson<'a>(&'a serde_json::Value);

impl<'de> serde::Deserializer<'de> for StrictJson<'de> {
    type Error = JsonShapeError;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::Error as _;
        match self.0 {
            serde_json::Value::Null => visitor.visit_unit(),
            serde_json::Value::Bool(b) => visitor.visit_bool(*b),
            serde_json::Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => visitor.visit_borrowed_str(s),
            serde_json::Value::Array(items) => {
                let mut seq = StrictSeq {
                    items: items.iter(),
                    index: 0,
                };
                let value = visitor.visit_seq(&mut seq)?;
                match seq.items.len() {
                    0 => Ok(value),
                    left => Err(JsonShapeError::invalid_length(
                        items.len(),
                        &format!("{} elements", items.len() - left).as_str(),
                    )),
                }
            }
            serde_json::Value::Object(map) => visitor.visit_map(StrictMap {
                entries: map.iter(),
                pending: None,
            }),
        }
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            serde_json::Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::Error as _;
        match self.0 {
            serde_json::Value::Object(_) => self.deserialize_any(visitor),
            other => Err(JsonShapeError::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::{Error as _, IntoDeserializer as _};
        match self.0 {
            serde_json::Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            serde_json::Value::Object(map) if map.len() == 1 => {
                let (variant, value) = map.iter().next().expect("one entry");
                visitor.visit_enum(StrictEnum { variant, value })
            }
            other => Err(JsonShapeError::invalid_type(
                unexpected(other),
                &"a string, or an object with a single key",
            )),
        }
    }

    fn deserialize_ignored_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
    }
}

struct StrictSeq<'a> {
    items: std::slice::Iter<'a, serde_json::Value>,
    index: usize,
}

impl<'de> serde::de::SeqAccess<'de> for StrictSeq<'de> {
    type Error = JsonShapeError;

    fn next_element_seed<T: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(StrictJson(item))
            .map(Some)
            .map_err(|e| e.at(format!("[{index}]")))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct StrictMap<'a> {
    entries: serde_json::map::Iter<'a>,
    pending: Option<(&'a str, &'a serde_json::Value)>,
}

impl<'de> serde::de::MapAccess<'de> for StrictMap<'de> {
    type Error = JsonShapeError;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.pending = Some((key, value));
        seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::Error as _;
        let (key, value) = self
            .pending
            .take()
            .ok_or_else(|| JsonShapeError::custom("a map value was read before its key"))?;
        seed.deserialize(StrictJson(value))
            .map_err(|e| e.at(key.to_owned()))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct StrictEnum<'a> {
    variant: &'a str,
    value: &'a serde_json::Value,
}

impl<'de> serde::de::EnumAccess<'de> for StrictEnum<'de> {
    type Error = JsonShapeError;
    type Variant = StrictJson<'de>;

    fn variant_seed<V: serde::de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Self::Error> {
        let variant =
            seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(self.variant))?;
        Ok((variant, StrictJson(self.value)))
    }
}

impl<'de> serde::de::VariantAccess<'de> for StrictJson<'de> {
    type Error = JsonShapeError;

    fn unit_variant(self) -> Result<(), Self::Error> {
        serde::de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: serde::de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: serde::de::Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        serde::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: serde::de::Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        serde::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

impl RawResponse {
    fn parse<T: DeserializeOwned>(&self, media: Media) -> Result<T, String> {
        match media {
            Media::Json => from_json(&self.body),
            Media::Form => serde_urlencoded::from_bytes(&self.body).map_err(|e| e.to_string()),
            Media::Text => {
                let text = decode_text(self)?;
                // A text body is a string; serde gives the target type's own conversion.
                T::deserialize(serde::de::value::StringDeserializer::<
                    serde::de::value::Error,
                >::new(text))
                .map_err(|e| e.to_string())
            }
        }
    }

    /// Decodes a success body; a body that does not match is a [`Error::Decode`].
    pub(crate) fn decode<T: DeserializeOwned, E>(
        self,
        media: Media,
        expected: &str,
    ) -> Result<T, Error<E>> {
        if let Some(actual) = self.media_type() {
            if !media.accepts(&actual) {
                return Err(Error::Decode(Box::new(DecodeError {
                    expected: expected.to_owned(),
                    message: format!("the response says its content type is `{actual}`"),
                    response: self,
                })));
            }
        }
        match self.parse::<T>(media) {
            Ok(value) => Ok(value),
            Err(message) => Err(Error::Decode(Box::new(DecodeError {
                expected: expected.to_owned(),
                message,
                response: self,
            }))),
        }
    }

    /// Decodes a declared error body into the operation's error type; a body that does not
    /// match leaves the whole response in [`Error::UnexpectedStatus`].
    pub(crate) fn api_error<T: DeserializeOwned, E>(
        self,
        media: Media,
        wrap: fn(T) -> E,
    ) -> Error<E> {
        let matches = self
            .media_type()
            .is_none_or(|actual| media.accepts(&actual));
        match self.parse::<T>(media) {
            Ok(body) if matches => Error::Api(Box::new(ApiError {
                status: self.status,
                headers: self.headers,
                body: wrap(body),
                raw_body: self.body,
            })),
            _ => Error::UnexpectedStatus(Box::new(self)),
        }
    }

    /// A declared error with no body.
    pub(crate) fn api_error_empty<E>(self, body: E) -> Error<E> {
        Error::Api(Box::new(ApiError {
            status: self.status,
            headers: self.headers,
            body,
            raw_body: self.body,
        }))
    }

    /// A status the operation does not declare.
    pub(crate) fn unexpected<T, E>(self) -> Result<T, Error<E>> {
        Err(Error::UnexpectedStatus(Box::new(self)))
    }
}

/// A value serialized to JSON's data model, which the OpenAPI styles are defined over.
fn to_value<T: Serialize + ?Sized, E>(value: &T) -> Result<serde_json::Value, Error<E>> {
    serde_json::to_value(value).map_err(|e| Error::InvalidRequest(e.to_string()))
}

/// A primitive as its text form (strings unquoted).
fn primitive_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value's shape under RFC 6570: a primitive, a list, or key/value pairs.
enum Shape {
    Primitive(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
}

fn shape(value: &serde_json::Value) -> Shape {
    match value {
        serde_json::Value::Array(items) => Shape::List(items.iter().map(primitive_text).collect()),
        serde_json::Value::Object(map) => Shape::Pairs(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), primitive_text(v)))
                .collect(),
        ),
        other => Shape::Primitive(primitive_text(other)),
    }
}

/// Characters left as they are in a query or path component: RFC 3986 `unreserved`.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `allowReserved: true` also keeps RFC 3986 `reserved` characters, except those that would
/// end the query parameter.
const RESERVED_ALLOWED: &percent_encoding::AsciiSet = &COMPONENT
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';');

fn encode(text: &str, allow_reserved: bool) -> String {
    let set = if allow_reserved {
        RESERVED_ALLOWED
    } else {
        COMPONENT
    };
    percent_encoding::utf8_percent_encode(text, set).to_string()
}

/// The query string of one request, built parameter by parameter in spec order.
#[derive(Default)]
pub(crate) struct Query {
    text: String,
}

/// Query parameter styles (OpenAPI 3, "Style Values").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl Query {
    fn pair(&mut self, name: &str, encoded_value: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(&encode(name, false));
        self.text.push('=');
        self.text.push_str(encoded_value);
    }

    /// Adds one parameter by its style and explode flag.
    pub(crate) fn add<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
        explode: bool,
        allow_reserved: bool,
    ) -> Result<(), Error<E>> {
        let value = to_value(value)?;
        let enc = |s: &str| encode(s, allow_reserved);
        match (style, shape(&value)) {
            (_, Shape::Primitive(text)) => self.pair(name, &enc(&text)),
            (QueryStyle::Form, Shape::List(items)) if explode => {
                for item in items {
                    self.pair(name, &enc(&item));
                }
            }
            (QueryStyle::Form, Shape::List(items)) => {
                let joined: Vec<String> = items.iter().map(|i| enc(i)).collect();
                self.pair(name, &joined.join(","));
            }
            (QueryStyle::Form, Shape::Pairs(pairs)) if explode => {
                for (k, v) in pairs {
                    self.pair(&k, &enc(&v));
                }
            }
            (QueryStyle::Form, Shape::Pairs(pairs)) => {
                let joined: Vec<String> = pairs.iter().flat_map(|(k, v)| [enc(k), enc(v)]).collect();
                self.pair(name, &joined.join(","));
            }
            (QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited, shape) => {
                let items: Vec<String> = match shape {
                    Shape::List(items) => items,
                    Shape::Pairs(pairs) => pairs.into_iter().flat_map(|(k, v)| [k, v]).collect(),
                    Shape::Primitive(text) => vec![text],
                };
                let delimiter = if style == QueryStyle::SpaceDelimited { "%20" } else { "%7C" };
                let joined: Vec<String> = items.iter().map(|i| enc(i)).collect();
                self.pair(name, &joined.join(delimiter));
            }
            (QueryStyle::DeepObject, Shape::Pairs(pairs)) => {
                for (k, v) in pairs {
                    self.pair(&format!("{name}[{k}]"), &enc(&v));
                }
            }
            (QueryStyle::DeepObject, Shape::List(_)) => {
                return Err(Error::InvalidRequest(format!(
                    "query parameter `{name}` has style deepObject, which OpenAPI defines for objects only"
                )))
            }
        }
        Ok(())
    }

    /// Adds a parameter given by `content: application/json`: the JSON text as the value.
    pub(crate) fn add_json<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        let text =
            serde_json::to_string(value).map_err(|e| Error::InvalidRequest(e.to_string()))?;
        self.pair(name, &encode(&text, false));
        Ok(())
    }

    pub(crate) fn apply(self, url: &mut url::Url) {
        if !self.text.is_empty() {
            url.set_query(Some(&self.text));
        }
    }

    fn raw_pair(&mut self, name: &str, value: &str) {
        self.pair(name, &encode(value, false));
    }
}

/// Path parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathStyle {
    Simple,
    Label,
    Matrix,
}

/// One path parameter, expanded and percent-encoded so that `/`, `?` and `#` cannot escape it.
pub(crate) fn path_param<T: Serialize + ?Sized, E>(
    name: &str,
    value: &T,
    style: PathStyle,
    explode: bool,
) -> Result<String, Error<E>> {
    let value = to_value(value)?;
    let enc = |s: &str| encode(s, false);
    let (prefix, separator) = match (style, explode) {
        (PathStyle::Simple, _) => ("", ","),
        (PathStyle::Label, false) => (".", ","),
        (PathStyle::Label, true) => (".", "."),
        (PathStyle::Matrix, false) => (";", ","),
        (PathStyle::Matrix, true) => (";", ";"),
    };
    let matrix = style == PathStyle::Matrix;
    let text = match shape(&value) {
        Shape::Primitive(text) if matrix => format!(";{}={}", enc(name), enc(&text)),
        Shape::Primitive(text) => format!("{prefix}{}", enc(&text)),
        Shape::List(items) if matrix && explode => items
            .iter()
            .map(|i| format!(";{}={}", enc(name), enc(i)))
            .collect(),
        Shape::List(items) => {
            let joined = items.iter().map(|i| enc(i)).collect::<Vec<_>>().join(",");
            if matrix {
                format!(";{}={joined}", enc(name))
            } else if style == PathStyle::Label && explode {
                format!(
                    ".{}",
                    items.iter().map(|i| enc(i)).collect::<Vec<_>>().join(".")
                )
            } else {
                format!("{prefix}{joined}")
            }
        }
        Shape::Pairs(pairs) if explode => {
            let items: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                .collect();
            format!("{prefix}{}", items.join(separator))
        }
        Shape::Pairs(pairs) => {
            let items: Vec<String> = pairs.iter().flat_map(|(k, v)| [enc(k), enc(v)]).collect();
            if matrix {
                format!(";{}={}", enc(name), items.join(","))
            } else {
                format!("{prefix}{}", items.join(","))
            }
        }
    };
    Ok(text)
}

/// A header parameter (style `simple`).
pub(crate) fn header_param<T: Serialize + ?Sized, E>(
    headers: &mut HeaderMap,
    name: &'static str,
    value: &T,
    explode: bool,
    json: bool,
) -> Result<(), Error<E>> {
    let text = if json {
        serde_json::to_string(value).map_err(|e| Error::InvalidRequest(e.to_string()))?
    } else {
        match shape(&to_value(value)?) {
            Shape::Primitive(text) => text,
            Shape::List(items) => items.join(","),
            Shape::Pairs(pairs) if explode => pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(","),
            Shape::Pairs(pairs) => pairs
                .into_iter()
                .flat_map(|(k, v)| [k, v])
                .collect::<Vec<_>>()
                .join(","),
        }
    };
    let value = HeaderValue::from_str(&text).map_err(|_| {
        Error::InvalidRequest(format!(
            "header `{name}` cannot carry the value given (control characters or non-ASCII)"
        ))
    })?;
    headers.append(HeaderName::from_static(name), value);
    Ok(())
}

/// Cookie parameters and API keys, joined into one `Cookie` header.
#[derive(Default)]
pub(crate) struct Cookies {
    pairs: Vec<String>,
}

impl Cookies {
    pub(crate) fn add<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Result<(), Error<E>> {
        match shape(&to_value(value)?) {
            Shape::Primitive(text) => self.pairs.push(format!("{name}={}", encode(&text, false))),
            Shape::List(items) if explode => {
                for item in items {
                    self.pairs.push(format!("{name}={}", encode(&item, false)));
                }
            }
            Shape::List(items) => {
                let joined: Vec<String> = items.iter().map(|i| encode(i, false)).collect();
                self.pairs.push(format!("{name}={}", joined.join(",")));
            }
            Shape::Pairs(pairs) if explode => {
                for (k, v) in pairs {
                    self.pairs
                        .push(format!("{}={}", encode(&k, false), encode(&v, false)));
                }
            }
            Shape::Pairs(pairs) => {
                let joined: Vec<String> = pairs
                    .iter()
                    .flat_map(|(k, v)| [encode(k, false), encode(v, false)])
                    .collect();
                self.pairs.push(format!("{name}={}", joined.join(",")));
            }
        }
        Ok(())
    }

    pub(crate) fn apply<E>(self, headers: &mut HeaderMap) -> Result<(), Error<E>> {
        if self.pairs.is_empty() {
            return Ok(());
        }
        let value = HeaderValue::from_str(&self.pairs.join("; ")).map_err(|_| {
            Error::InvalidRequest("cookie values cannot be sent as a header".into())
        })?;
        headers.insert(reqwest::header::COOKIE, value);
        Ok(())
    }
}

/// A credential set on the client, sent where an operation's security says.
#[derive(Clone)]
pub(crate) enum Credential {
    Header {
        name: &'static str,
        value: String,
    },
    Query {
        name: &'static str,
        value: String,
    },
    Cookie {
        name: &'static str,
        value: String,
    },
    Bearer(String),
    Basic {
        username: String,
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
pub(crate) fn apply_credentials<E>(
    credentials: &[Option<Credential>],
    alternatives: &[&[usize]],
    query: &mut Query,
    headers: &mut HeaderMap,
    cookies: &mut Cookies,
) -> Result<(), Error<E>> {
    let Some(chosen) = alternatives.iter().find(|set| {
        set.iter()
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

/// The URL of an operation: the base URL's path joined with the operation's path, with exactly
/// one slash between them.
pub(crate) fn join_url<E>(base: &url::Url, path: &str) -> Result<url::Url, Error<E>> {
    let mut text = base
        .as_str()
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_owned();
    text.push_str(path);
    url::Url::parse(&text)
        .map_err(|e| Error::InvalidRequest(format!("cannot build a URL from `{text}`: {e}")))
}

/// A form-urlencoded body: top-level fields as `name=value` (lists repeat the name, like
/// `style: form, explode: true`), nested objects as JSON text (the OpenAPI Encoding Object's
/// default content type for objects), absent optional fields left out.
pub(crate) fn form_body<T: Serialize + ?Sized, E>(value: &T) -> Result<String, Error<E>> {
    let value = to_value(value)?;
    let serde_json::Value::Object(fields) = value else {
        return Err(Error::InvalidRequest(
            "a form body must be an object".into(),
        ));
    };
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &fields {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) => {
                for item in items {
                    form.append_pair(name, &form_text(item));
                }
            }
            other => {
                form.append_pair(name, &form_text(other));
            }
        }
    }
    Ok(form.finish())
}

fn form_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(_) | serde_json::Value::Array(_) => value.to_string(),
        other => primitive_text(other),
    }
}

/// Serializes a JSON body.
pub(crate) fn json_body<T: Serialize + ?Sized, E>(value: &T) -> Result<Vec<u8>, Error<E>> {
    serde_json::to_vec(value).map_err(|e| Error::InvalidRequest(e.to_string()))
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

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use base64::Engine as _;
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(text.trim()))
            .map(Base64)
            .map_err(serde::de::Error::custom)
    }
}

/// Chooses a `oneOf` variant by its discriminator property, keeping the property in the value
/// so that the variant's own field sees it too.
pub(crate) fn discriminator_value<'a>(
    value: &'a serde_json::Value,
    property: &str,
) -> Option<&'a str> {
    value.get(property)?.as_str()
}
