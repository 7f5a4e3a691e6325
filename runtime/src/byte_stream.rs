//! Responses read as they arrive instead of whole: opening them (status and media type are
//! checked before anything is streamed), and binary bodies as a stream of chunks.
//!
//! No body limit applies to a stream: the caller takes each chunk as it comes and keeps
//! what it wants, so a download larger than memory stays flat. A response that is not
//! streamed (an error status, or a success in another media type) is read whole, under the
//! client's limit, for the usual typed errors.

use std::pin::Pin;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use reqwest::header::{HeaderValue, ACCEPT};

use super::error::{DecodeError, Error, RawResponse};
use super::response::read_whole;

/// A binary response body, chunk by chunk as the network delivers it.
pub type ByteStream<E> = Pin<Box<dyn Stream<Item = Result<Bytes, Error<E>>> + Send>>;

/// What [`open_stream`] found.
#[derive(Debug)]
pub enum Opened {
    /// A streamed status in an accepted media type: its body is still to be read.
    Stream(reqwest::Response),
    /// Any other status, read whole: the caller turns it into its typed error.
    Whole(RawResponse),
}

/// Sends `request` asking for `accept`, and opens the response when its status is one that
/// `streamed` accepts and its media type is one of `media` (an empty list accepts any; a
/// response without `Content-Type` is accepted). A streamed status in another media type is
/// an [`Error::Decode`] naming `expected`.
pub async fn open_stream<E>(
    http: &super::http::Http,
    mut request: reqwest::Request,
    limit: usize,
    accept: &'static str,
    streamed: fn(u16) -> bool,
    media: &[&str],
    expected: &str,
) -> Result<Opened, Error<E>> {
    request
        .headers_mut()
        .insert(ACCEPT, HeaderValue::from_static(accept));
    let response = http.execute(request).await?;
    if !streamed(response.status().as_u16()) {
        return read_whole(response, limit, &[]).await.map(Opened::Whole);
    }
    let actual = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    match actual {
        Some(actual) if !media.is_empty() && !media.contains(&actual.as_str()) => {
            let response = read_whole(response, limit, &[]).await?;
            Err(Error::Decode(Box::new(DecodeError {
                expected: expected.to_owned(),
                message: format!("the response says its content type is `{actual}`"),
                response,
            })))
        }
        _ => Ok(Opened::Stream(response)),
    }
}

/// The body of an opened response as a stream of chunks.
pub fn byte_stream<E: Send + 'static>(response: reqwest::Response) -> ByteStream<E> {
    Box::pin(
        response
            .bytes_stream()
            .map(|chunk| chunk.map_err(Error::Transport)),
    )
}

/// A decode failure of one item of a stream: the response's status and headers, the item's
/// text as the body.
pub(crate) fn item_error<E>(
    status: reqwest::StatusCode,
    headers: &reqwest::header::HeaderMap,
    expected: &str,
    message: String,
    item: Vec<u8>,
) -> Error<E> {
    Error::Decode(Box::new(DecodeError {
        expected: expected.to_owned(),
        message,
        response: RawResponse {
            status,
            headers: headers.clone(),
            body: item,
            secret_fields: &[],
        },
    }))
}
