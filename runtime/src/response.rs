//! Sending a request and reading its response: the body under a size limit, then decoded by
//! its media type into the operation's success or error type.

use reqwest::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::error::{ApiError, DecodeError, Error, RawResponse};
use super::http::{transport, Http};
use super::json::from_json;
use super::response_value::ResponseValue;

/// Sends the request and reads the whole body, refusing more than `limit` bytes. Error
/// messages about the response hide the values of `secret_fields` (and of well-known
/// credential fields).
pub async fn send<E>(
    http: &Http,
    request: reqwest::Request,
    limit: usize,
    secret_fields: &'static [&'static str],
) -> Result<RawResponse, Error<E>> {
    let response = http.execute(request).await?;
    read_whole(response, limit, secret_fields).await
}

/// Reads the rest of a response whole, refusing more than `limit` bytes (a stream method reads
/// an error status this way too).
pub(crate) async fn read_whole<E>(
    mut response: reqwest::Response,
    limit: usize,
    secret_fields: &'static [&'static str],
) -> Result<RawResponse, Error<E>> {
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
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large(&response));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        status,
        headers: std::mem::take(response.headers_mut()),
        body,
        secret_fields,
    })
}

/// How a body is read off the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// JSON (`application/json`, `+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// Text, as it is.
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
    pub fn decode<T: DeserializeOwned, E>(
        self,
        media: Media,
        expected: &str,
    ) -> Result<T, Error<E>> {
        self.decode_value(media, expected)
            .map(ResponseValue::into_inner)
    }

    /// A success with no body to decode, its status and headers kept.
    pub fn empty<E>(self) -> Result<ResponseValue<()>, Error<E>> {
        Ok(ResponseValue::new(self.status, self.headers, ()))
    }

    /// A success whose body is returned as the bytes that arrived.
    pub fn bytes<E>(self) -> Result<ResponseValue<Vec<u8>>, Error<E>> {
        Ok(ResponseValue::new(self.status, self.headers, self.body))
    }

    /// A success the document does not describe, returned whole.
    pub fn raw<E>(self) -> Result<ResponseValue<RawResponse>, Error<E>> {
        Ok(ResponseValue::new(self.status, self.headers.clone(), self))
    }

    /// Decodes a success body, keeping the status and headers ([`ResponseValue`]); a body
    /// that does not match is a [`Error::Decode`].
    pub fn decode_value<T: DeserializeOwned, E>(
        self,
        media: Media,
        expected: &str,
    ) -> Result<ResponseValue<T>, Error<E>> {
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
            Ok(value) => Ok(ResponseValue::new(self.status, self.headers, value)),
            Err(message) => Err(Error::Decode(Box::new(DecodeError {
                expected: expected.to_owned(),
                message,
                response: self,
            }))),
        }
    }

    /// Decodes a declared error body into the operation's error type; a body that does not
    /// match leaves the whole response in [`Error::UnexpectedStatus`].
    pub fn api_error<T: DeserializeOwned, E>(self, media: Media, wrap: fn(T) -> E) -> Error<E> {
        let matches = self
            .media_type()
            .is_none_or(|actual| media.accepts(&actual));
        match self.parse::<T>(media) {
            Ok(body) if matches => Error::Api(Box::new(ApiError {
                status: self.status,
                headers: self.headers,
                body: wrap(body),
                raw_body: self.body,
                secret_fields: self.secret_fields,
            })),
            _ => Error::UnexpectedStatus(Box::new(self)),
        }
    }

    /// A declared error with no body.
    pub fn api_error_empty<E>(self, body: E) -> Error<E> {
        Error::Api(Box::new(ApiError {
            status: self.status,
            headers: self.headers,
            body,
            raw_body: self.body,
            secret_fields: self.secret_fields,
        }))
    }

    /// A status the operation does not declare.
    pub fn unexpected<T, E>(self) -> Result<T, Error<E>> {
        Err(Error::UnexpectedStatus(Box::new(self)))
    }
}
