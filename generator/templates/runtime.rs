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
///
/// Bodies that are right (nearly all of them) are first read straight from the text through
/// [`Strict`], which refuses the same arrays without building the parsed value; only when that
/// fails is the body read again as above, for the message.
fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut direct = serde_json::Deserializer::from_slice(body);
    if let Ok(value) = T::deserialize(Strict(&mut direct)) {
        if direct.end().is_ok() {
            return Ok(value);
        }
    }
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    T::deserialize(StrictJson(&value)).map_err(|e| e.to_string())
}

/// Wraps any deserializer so that, like [`StrictJson`], only an object can stand where the
/// target has a struct; everything else passes through unchanged.
struct Strict<D>(D);

/// A visitor that refuses a sequence when `struct_only` (it stands for a struct).
struct StrictVisitor<V> {
    visitor: V,
    struct_only: bool,
}

fn strict<V>(visitor: V) -> StrictVisitor<V> {
    StrictVisitor {
        visitor,
        struct_only: false,
    }
}

macro_rules! strict_forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: serde::de::Visitor<'de>>(
                self,
                $($arg: $ty,)*
                visitor: V,
            ) -> Result<V::Value, Self::Error> {
                self.0.$method($($arg,)* strict(visitor))
            }
        )*
    };
}

impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    strict_forward! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_seq(); deserialize_map();
        deserialize_identifier(); deserialize_ignored_any();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let visitor = StrictVisitor {
            visitor,
            struct_only: true,
        };
        self.0.deserialize_struct(name, fields, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! visit_forward {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: serde::de::Error>(self, value: $ty) -> Result<Self::Value, E> {
                self.visitor.$method(value)
            }
        )*
    };
}

impl<'de, V: serde::de::Visitor<'de>> serde::de::Visitor<'de> for StrictVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    visit_forward! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char);
        visit_str(&str); visit_borrowed_str(&'de str); visit_string(String);
        visit_bytes(&[u8]); visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Strict(d))
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Strict(d))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        if self.struct_only {
            use serde::de::Error as _;
            return Err(A::Error::invalid_type(serde::de::Unexpected::Seq, &self));
        }
        self.visitor.visit_seq(Strict(seq))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(Strict(map))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(Strict(data))
    }
}

impl<'de, A: serde::de::SeqAccess<'de>> serde::de::SeqAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn next_element_seed<T: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0.next_element_seed(Strict(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<T: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        self.0.next_value_seed(Strict(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, S: serde::de::DeserializeSeed<'de>> serde::de::DeserializeSeed<'de> for Strict<S> {
    type Value = S::Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

impl<'de, A: serde::de::EnumAccess<'de>> serde::de::EnumAccess<'de> for Strict<A> {
    type Error = A::Error;
    type Variant = Strict<A::Variant>;

    fn variant_seed<T: serde::de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), Self::Error> {
        self.0
            .variant_seed(seed)
            .map(|(value, variant)| (value, Strict(variant)))
    }
}

impl<'de, A: serde::de::VariantAccess<'de>> serde::de::VariantAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), Self::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: serde::de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        self.0.newtype_variant_seed(Strict(seed))
    }

    fn tuple_variant<V: serde::de::Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.tuple_variant(len, strict(visitor))
    }

    fn struct_variant<V: serde::de::Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let visitor = StrictVisitor {
            visitor,
            struct_only: true,
        };
        self.0.struct_variant(fields, visitor)
    }
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

/// A value in JSON's data model, which the OpenAPI styles are defined over, with object members
/// in the order the value serialized them (a struct's field order). `serde_json::Value` would
/// sort them, or not, depending on whether any crate in the build turns on serde_json's
/// `preserve_order` feature; this keeps parameters and form fields in one predictable order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ordered {
    Null,
    /// A string, number or boolean.
    Scalar(serde_json::Value),
    List(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<Er>(self) -> Result<Ordered, Er> {
                Ok(Ordered::Null)
            }
            fn visit_none<Er>(self) -> Result<Ordered, Er> {
                Ok(Ordered::Null)
            }
            fn visit_bool<Er>(self, v: bool) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_i64<Er>(self, v: i64) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_u64<Er>(self, v: u64) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_f64<Er>(self, v: f64) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_str<Er>(self, v: &str) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_string<Er>(self, v: String) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Ordered, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Ordered::Object(members))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

impl Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Ordered::Null => serializer.serialize_unit(),
            Ordered::Scalar(value) => value.serialize(serializer),
            Ordered::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Ordered::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl Ordered {
    /// JSON text, members in order.
    fn json_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// `value` in JSON's data model, members in serialization order.
pub(crate) fn to_ordered<T: Serialize + ?Sized, E>(value: &T) -> Result<Ordered, Error<E>> {
    let text = serde_json::to_string(value).map_err(|e| Error::InvalidRequest(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| Error::InvalidRequest(e.to_string()))
}

/// A primitive as its text form (strings unquoted); nested lists and objects as JSON text.
fn primitive_text(value: &Ordered) -> String {
    match value {
        Ordered::Scalar(serde_json::Value::String(s)) => s.clone(),
        Ordered::Scalar(other) => other.to_string(),
        Ordered::Null => String::new(),
        nested => nested.json_text(),
    }
}

/// A value's shape under RFC 6570: a primitive, a list, or key/value pairs. Null members of an
/// object are left out; an empty list or object is "undefined" (RFC 6570 §2.3).
enum Shape {
    Primitive(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
    Undefined,
}

fn shape(value: &Ordered) -> Shape {
    match value {
        Ordered::Null => Shape::Undefined,
        Ordered::List(items) if items.is_empty() => Shape::Undefined,
        Ordered::List(items) => Shape::List(items.iter().map(primitive_text).collect()),
        Ordered::Object(members) => {
            let pairs: Vec<(String, String)> = members
                .iter()
                .filter(|(_, v)| *v != Ordered::Null)
                .map(|(k, v)| (k.clone(), primitive_text(v)))
                .collect();
            if pairs.is_empty() {
                Shape::Undefined
            } else {
                Shape::Pairs(pairs)
            }
        }
        scalar => Shape::Primitive(primitive_text(scalar)),
    }
}

fn to_shape<T: Serialize + ?Sized, E>(value: &T) -> Result<Shape, Error<E>> {
    Ok(shape(&to_ordered(value)?))
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
        let enc = |s: &str| encode(s, allow_reserved);
        match (style, to_shape(value)?) {
            // Nothing to send: the parameter is left out (RFC 6570 §3.2.1).
            (_, Shape::Undefined) => {}
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
                let joined: Vec<String> =
                    pairs.iter().flat_map(|(k, v)| [enc(k), enc(v)]).collect();
                self.pair(name, &joined.join(","));
            }
            (QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited, shape) => {
                let items: Vec<String> = match shape {
                    Shape::List(items) => items,
                    Shape::Pairs(pairs) => pairs.into_iter().flat_map(|(k, v)| [k, v]).collect(),
                    Shape::Primitive(text) => vec![text],
                    Shape::Undefined => Vec::new(),
                };
                let delimiter = if style == QueryStyle::SpaceDelimited {
                    "%20"
                } else {
                    "%7C"
                };
                let joined: Vec<String> = items.iter().map(|i| enc(i)).collect();
                self.pair(name, &joined.join(delimiter));
            }
            (QueryStyle::DeepObject, Shape::Pairs(pairs)) => {
                for (k, v) in pairs {
                    self.pair(&format!("{name}[{k}]"), &enc(&v));
                }
            }
            // OpenAPI defines deepObject for objects only; for a list, the Rails/`qs` bracket
            // convention that APIs using it read: `name[0]=a&name[1]=b`.
            (QueryStyle::DeepObject, Shape::List(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.pair(&format!("{name}[{i}]"), &enc(item));
                }
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
    let enc = |s: &str| encode(s, false);
    let (prefix, separator) = match (style, explode) {
        (PathStyle::Simple, _) => ("", ","),
        (PathStyle::Label, false) => (".", ","),
        (PathStyle::Label, true) => (".", "."),
        (PathStyle::Matrix, false) => (";", ","),
        (PathStyle::Matrix, true) => (";", ";"),
    };
    let matrix = style == PathStyle::Matrix;
    let text = match to_shape(value)? {
        // RFC 6570 §3.2.7: an empty string is `;name`, with no `=`.
        Shape::Primitive(text) if matrix && text.is_empty() => format!(";{}", enc(name)),
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
        // An empty list or object expands to nothing (RFC 6570 §3.2.1).
        Shape::Undefined => String::new(),
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
        match to_shape(value)? {
            // Nothing to send: no header.
            Shape::Undefined => return Ok(()),
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
        match to_shape(value)? {
            Shape::Undefined => {}
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

/// One request being built: the operation's URL, then the query, headers and cookies its
/// parameters add. [`RequestParts::finish`] adds the credentials and `Accept`, so that each
/// generated method holds only the statements its own parameters need.
pub(crate) struct RequestParts {
    method: reqwest::Method,
    url: url::Url,
    query: Query,
    headers: HeaderMap,
    cookies: Cookies,
}

impl RequestParts {
    /// Starts a request to `path` (already expanded and encoded) under the base URL.
    pub(crate) fn new<E>(
        method: reqwest::Method,
        base: &url::Url,
        path: &str,
    ) -> Result<Self, Error<E>> {
        Ok(RequestParts {
            method,
            url: join_url(base, path)?,
            query: Query::default(),
            headers: HeaderMap::new(),
            cookies: Cookies::default(),
        })
    }

    /// A query parameter ([`Query::add`]).
    pub(crate) fn query<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
        explode: bool,
        allow_reserved: bool,
    ) -> Result<(), Error<E>> {
        self.query.add(name, value, style, explode, allow_reserved)
    }

    /// A query parameter given by `content: application/json` ([`Query::add_json`]).
    pub(crate) fn query_json<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        self.query.add_json(name, value)
    }

    /// A header parameter ([`header_param`]).
    pub(crate) fn header<T: Serialize + ?Sized, E>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
        json: bool,
    ) -> Result<(), Error<E>> {
        header_param(&mut self.headers, name, value, explode, json)
    }

    /// A cookie parameter ([`Cookies::add`]).
    pub(crate) fn cookie<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Result<(), Error<E>> {
        self.cookies.add(name, value, explode)
    }

    /// Adds the first configured alternative of the operation's `security` (see
    /// [`apply_credentials`]), the query string, the cookies and `Accept`; the caller adds the
    /// body.
    pub(crate) fn finish<E>(
        mut self,
        http: &reqwest::Client,
        accept: &'static str,
        credentials: &[Option<Credential>],
        security: &[&[usize]],
    ) -> Result<reqwest::RequestBuilder, Error<E>> {
        apply_credentials(
            credentials,
            security,
            &mut self.query,
            &mut self.headers,
            &mut self.cookies,
        )?;
        self.query.apply(&mut self.url);
        self.cookies.apply(&mut self.headers)?;
        self.headers
            .insert(reqwest::header::ACCEPT, HeaderValue::from_static(accept));
        Ok(http.request(self.method, self.url).headers(self.headers))
    }
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

/// How one field of a form-urlencoded body is written, from the spec's Encoding Object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FormEncoding {
    pub name: &'static str,
    pub style: QueryStyle,
    pub explode: bool,
}

/// A form-urlencoded body: top-level fields as `name=value` (lists repeat the name, like
/// `style: form, explode: true`), nested objects as JSON text (the OpenAPI Encoding Object's
/// default content type for objects), absent optional fields left out. A field named in
/// `encodings` is written by its style instead, exactly like a query parameter.
pub(crate) fn form_body<T: Serialize + ?Sized, E>(
    value: &T,
    encodings: &[FormEncoding],
) -> Result<String, Error<E>> {
    let Ordered::Object(fields) = to_ordered(value)? else {
        return Err(Error::InvalidRequest(
            "a form body must be an object".into(),
        ));
    };
    let mut pairs: Vec<String> = Vec::new();
    for (name, value) in &fields {
        if let Some(encoding) = encodings.iter().find(|e| e.name == name) {
            let mut styled = Query::default();
            styled.add(name, value, encoding.style, encoding.explode, false)?;
            if !styled.text.is_empty() {
                pairs.push(styled.text);
            }
            continue;
        }
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        match value {
            Ordered::Null => continue,
            Ordered::List(items) => {
                for item in items {
                    form.append_pair(name, &primitive_text(item));
                }
            }
            other => {
                form.append_pair(name, &primitive_text(other));
            }
        }
        let text = form.finish();
        if !text.is_empty() {
            pairs.push(text);
        }
    }
    Ok(pairs.join("&"))
}

/// A multipart/form-data body (RFC 7578), built part by part in the order of the spec's fields.
pub(crate) struct Multipart {
    parts: Vec<(String, Option<String>, String, Vec<u8>)>,
}

impl Multipart {
    pub(crate) fn new() -> Self {
        Multipart { parts: Vec::new() }
    }

    /// A field holding a value: a primitive as one text part, a list as one part per item
    /// (repeating the name), an object as JSON (the Encoding Object's default for objects).
    /// `content_type` is the spec's `encoding.<field>.contentType`, if any.
    pub(crate) fn value<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), Error<E>> {
        match to_ordered(value)? {
            Ordered::Null => {}
            Ordered::List(items) => {
                for item in &items {
                    self.item(name, item, content_type);
                }
            }
            other => self.item(name, &other, content_type),
        }
        Ok(())
    }

    fn item(&mut self, name: &str, value: &Ordered, content_type: Option<&str>) {
        let json = matches!(value, Ordered::Object(_) | Ordered::List(_))
            || content_type.is_some_and(|c| c.contains("json"));
        let (content_type, text) = if json {
            (
                content_type.unwrap_or("application/json"),
                value.json_text(),
            )
        } else {
            (content_type.unwrap_or("text/plain"), primitive_text(value))
        };
        let content_type = (content_type != "text/plain").then(|| content_type.to_owned());
        self.parts.push((
            name.to_owned(),
            None,
            content_type.unwrap_or_default(),
            text.into_bytes(),
        ));
    }

    /// A file part: the bytes as they are, named after the field.
    pub(crate) fn file(&mut self, name: &str, bytes: &[u8], content_type: Option<&str>) {
        self.parts.push((
            name.to_owned(),
            Some(name.to_owned()),
            content_type
                .unwrap_or("application/octet-stream")
                .to_owned(),
            bytes.to_vec(),
        ));
    }

    /// Every top-level field of `value` as a part (when the body's schema is not a plain object
    /// the generator can list field by field).
    pub(crate) fn fields<T: Serialize + ?Sized, E>(&mut self, value: &T) -> Result<(), Error<E>> {
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

    /// The `Content-Type` header (with the boundary) and the body. The boundary is chosen so
    /// that no part contains it.
    pub(crate) fn finish(self) -> (HeaderValue, Vec<u8>) {
        let mut boundary = String::from("openapi-rust-generator-boundary");
        let mut n = 0u32;
        while self
            .parts
            .iter()
            .any(|(_, _, _, data)| contains(data, boundary.as_bytes()))
        {
            n += 1;
            boundary = format!("openapi-rust-generator-boundary-{n}");
        }
        let quote = |text: &str| {
            text.replace('"', "%22")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let mut body = Vec::new();
        for (name, file_name, content_type, data) in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition =
                format!("Content-Disposition: form-data; name=\"{}\"", quote(name));
            if let Some(file_name) = file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quote(file_name)));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n");
            if !content_type.is_empty() {
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let header = HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
            .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"));
        (header, body)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Serializes a JSON body.
pub(crate) fn json_body<T: Serialize + ?Sized, E>(value: &T) -> Result<Vec<u8>, Error<E>> {
    serde_json::to_vec(value).map_err(|e| Error::InvalidRequest(e.to_string()))
}

/// Raw bytes (`format: binary`): a file part of a multipart body as they are. Inside JSON, which
/// can only carry text, they travel as UTF-8 text (invalid sequences replaced).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Binary(pub Vec<u8>);

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary({} bytes)", self.0.len())
    }
}

impl AsRef<[u8]> for Binary {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary(bytes.to_vec())
    }
}

impl From<&str> for Binary {
    fn from(text: &str) -> Self {
        Binary(text.as_bytes().to_vec())
    }
}

impl Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Binary(text.into_bytes()))
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
