//! Server-sent events (`text/event-stream`), parsed by `eventsource-stream`, each event's
//! data decoded as the document says: JSON into the data schema, or handed over as text.
//!
//! What ends the stream and what does not:
//! - an event whose data does not decode is an [`Error::Decode`] item (its data as the body),
//!   and the stream goes on with the next event;
//! - a body that is not UTF-8 or not an event stream is an [`Error::Decode`] item, and the
//!   stream ends there (the parser cannot find the next event boundary);
//! - a connection lost mid-stream is an [`Error::Transport`] item, and the stream ends; an
//!   event the server had not finished (no blank line after it) is not delivered.

use std::pin::Pin;
use std::time::Duration;

use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::{stream, Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::byte_stream::item_error;
use super::error::Error;
use super::json::from_json;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event:` field; `message` when the server sent none.
    pub event: String,
    /// The `data:` lines, joined by newlines and decoded.
    pub data: T,
    /// The `id:` field (the last one seen, as the standard says), empty when none was sent.
    pub id: String,
    /// The `retry:` field: how long the server asks a client to wait before reconnecting.
    pub retry: Option<Duration>,
}

/// The events of a response, as they arrive.
pub type EventStream<T, E> = Pin<Box<dyn Stream<Item = Result<Event<T>, Error<E>>> + Send>>;

/// How an event's data becomes `T`.
pub type DecodeData<T> = fn(&str) -> Result<T, String>;

/// Event data decoded as JSON.
pub fn json_data<T: DeserializeOwned>(data: &str) -> Result<T, String> {
    from_json(data.as_bytes())
}

/// Event data kept as the text it is.
pub fn text_data(data: &str) -> Result<String, String> {
    Ok(data.to_owned())
}

/// The events of an opened `text/event-stream` response; `expected` names `T` in errors.
pub fn event_stream<T, E>(
    response: reqwest::Response,
    decode: DecodeData<T>,
    expected: &'static str,
) -> EventStream<T, E>
where
    T: Send + 'static,
    E: Send + 'static,
{
    let status = response.status();
    let headers = response.headers().clone();
    let events = response.bytes_stream().eventsource();
    // `Some(false)` once the stream must end after the item just given.
    let items = stream::unfold((events, true), move |(mut events, open)| {
        let headers = headers.clone();
        async move {
            if !open {
                return None;
            }
            let item = match events.next().await? {
                Ok(event) => match decode(&event.data) {
                    Ok(data) => Ok(Event {
                        event: event.event,
                        data,
                        id: event.id,
                        retry: event.retry,
                    }),
                    Err(message) => Err(item_error(
                        status,
                        &headers,
                        expected,
                        message,
                        event.data.into_bytes(),
                    )),
                },
                Err(EventStreamError::Transport(e)) => {
                    return Some((Err(Error::Transport(e)), (events, false)))
                }
                Err(EventStreamError::Utf8(e)) => {
                    let message = format!("the event stream is not valid UTF-8: {e}");
                    let item = item_error(status, &headers, expected, message, Vec::new());
                    return Some((Err(item), (events, false)));
                }
                Err(EventStreamError::Parser(e)) => {
                    let message = format!("the body is not an event stream: {e}");
                    let item = item_error(status, &headers, expected, message, Vec::new());
                    return Some((Err(item), (events, false)));
                }
            };
            Some((item, (events, true)))
        }
    });
    Box::pin(items)
}
