//! JSON Lines, NDJSON and JSON text sequences (RFC 7464): one JSON value per line (or per
//! record, each starting with the record separator `0x1E`), decoded as they arrive.
//!
//! A line that does not decode is an [`Error::Decode`] item (the line as its body) and the
//! stream goes on; blank lines are skipped. A line longer than the client's body limit is an
//! [`Error::BodyTooLarge`] item and ends the stream, as does a lost connection
//! ([`Error::Transport`]). A last line without its newline is still decoded.

use std::pin::Pin;

use bytes::{Buf, BytesMut};
use futures_util::{stream, Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::byte_stream::item_error;
use super::error::Error;
use super::json::from_json;

/// The values of a JSON Lines response, as they arrive.
pub type JsonLines<T, E> = Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send>>;

/// The record separator that starts each value of `application/json-seq`.
const RECORD_SEPARATOR: u8 = 0x1E;

struct Lines {
    body: Pin<Box<dyn Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buffer: BytesMut,
    ended: bool,
}

impl Lines {
    /// The next non-blank line, without its line ending and record separator.
    async fn next_line(&mut self, limit: usize) -> Option<Result<Vec<u8>, LineError>> {
        loop {
            if let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
                let line = self.buffer.split_to(end + 1);
                if let Some(line) = trimmed(&line) {
                    return Some(Ok(line));
                }
                continue;
            }
            if self.buffer.len() > limit {
                self.ended = true;
                self.buffer.clear();
                return Some(Err(LineError::TooLong));
            }
            if self.ended {
                let rest = self.buffer.split_to(self.buffer.len());
                return trimmed(&rest).map(Ok);
            }
            match self.body.next().await {
                Some(Ok(chunk)) => self.buffer.extend_from_slice(chunk.chunk()),
                Some(Err(e)) => {
                    self.ended = true;
                    self.buffer.clear();
                    return Some(Err(LineError::Transport(e)));
                }
                None => self.ended = true,
            }
        }
    }
}

enum LineError {
    TooLong,
    Transport(reqwest::Error),
}

fn trimmed(line: &[u8]) -> Option<Vec<u8>> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = line.strip_prefix(&[RECORD_SEPARATOR]).unwrap_or(line);
    let blank = line.iter().all(u8::is_ascii_whitespace);
    (!blank).then(|| line.to_vec())
}

/// The values of an opened JSON Lines response; `expected` names `T` in errors, `limit`
/// bounds one line.
pub fn json_lines<T, E>(
    response: reqwest::Response,
    limit: usize,
    expected: &'static str,
) -> JsonLines<T, E>
where
    T: DeserializeOwned + Send + 'static,
    E: Send + 'static,
{
    let status = response.status();
    let headers = response.headers().clone();
    let lines = Lines {
        body: Box::pin(response.bytes_stream()),
        buffer: BytesMut::new(),
        ended: false,
    };
    Box::pin(stream::unfold(lines, move |mut lines| {
        let headers = headers.clone();
        async move {
            let item = match lines.next_line(limit).await? {
                Ok(line) => from_json::<T>(&line)
                    .map_err(|message| item_error(status, &headers, expected, message, line)),
                Err(LineError::TooLong) => Err(Error::BodyTooLarge {
                    status,
                    headers: Box::new(headers),
                    limit,
                }),
                Err(LineError::Transport(e)) => Err(Error::Transport(e)),
            };
            Some((item, lines))
        }
    }))
}
