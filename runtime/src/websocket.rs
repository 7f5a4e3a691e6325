//! WebSocket channels (operations marked `x-websocket: true`): the handshake is the
//! operation's request (same URL with `ws`/`wss`, its query parameters and credentials), then
//! each message is one JSON text, sent as `S` and received as `R`.
//!
//! A refused handshake is read like any response: a status the operation declares comes back
//! typed ([`WebSocketError::Refused`] holding the usual [`Error`]). Pings are answered by
//! `tokio-tungstenite` as messages are read. A normal close ends the stream; a close with any
//! other code is a last [`WebSocketError::Closed`] item.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::{Sink, SinkExt, Stream};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::error::{Error, RawResponse};
use super::json::from_json;

/// What can go wrong on a channel. `E` is the operation's declared error body, for a refused
/// handshake.
#[derive(Debug)]
pub enum WebSocketError<E = ()> {
    /// The server answered the handshake with a status instead of switching protocols:
    /// decoded as the operation declares ([`Error::Api`]) or kept whole
    /// ([`Error::UnexpectedStatus`]). Also a URL the socket cannot reach ([`Error::InvalidRequest`]).
    Refused(Error<E>),
    /// The connection or the WebSocket protocol failed.
    Socket(tungstenite::Error),
    /// A message that is not the JSON the channel promises; the channel goes on.
    Decode {
        /// The type the channel promises.
        expected: String,
        /// What the decoder said.
        message: String,
        /// The message as it arrived.
        text: String,
    },
    /// A message could not be written as JSON.
    Encode(serde_json::Error),
    /// The server closed the channel with a code other than normal (1000) or going away (1001).
    Closed {
        /// The close code.
        code: u16,
        /// The reason the server gave.
        reason: String,
    },
}

impl<E: std::fmt::Debug> std::fmt::Display for WebSocketError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebSocketError::Refused(e) => write!(f, "the WebSocket handshake was refused: {e}"),
            WebSocketError::Socket(e) => write!(f, "WebSocket failed: {e}"),
            WebSocketError::Decode {
                expected,
                message,
                text,
            } => {
                let start: String = text.chars().take(200).collect();
                write!(f, "could not decode a message as {expected}: {message}; message starts: {start:?}")
            }
            WebSocketError::Encode(e) => write!(f, "could not write a message as JSON: {e}"),
            WebSocketError::Closed { code, reason } => {
                write!(
                    f,
                    "the server closed the channel with code {code}: {reason}"
                )
            }
        }
    }
}

impl<E: std::fmt::Debug> std::error::Error for WebSocketError<E> {}

type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// An open channel: a [`Sink`] of `S` (when the operation has a request body) and a
/// [`Stream`] of `R`. `futures::StreamExt::split` makes it the pair of halves.
pub struct WebSocket<S, R> {
    socket: Socket,
    expected: &'static str,
    closed: bool,
    messages: PhantomData<fn(S) -> R>,
}

impl<S, R> std::fmt::Debug for WebSocket<S, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebSocket")
            .field("receives", &self.expected)
            .finish_non_exhaustive()
    }
}

/// What a refused handshake becomes: the generated code's typed error dispatch.
pub type Refusal<E> = fn(RawResponse) -> Result<std::convert::Infallible, Error<E>>;

/// Opens the channel `request` describes (built by the operation's `_request` method): its
/// URL with `ws`/`wss`, its headers (credentials, header parameters, cookies).
pub async fn connect<S, R, E>(
    request: reqwest::Request,
    expected: &'static str,
    refused: Refusal<E>,
) -> Result<WebSocket<S, R>, WebSocketError<E>> {
    let mut url = request.url().clone();
    let scheme = match url.scheme() {
        "https" => "wss",
        _ => "ws",
    };
    if url.set_scheme(scheme).is_err() {
        return Err(WebSocketError::Refused(Error::InvalidRequest(format!(
            "`{url}` cannot be reached over a WebSocket"
        ))));
    }
    let mut handshake = url
        .as_str()
        .into_client_request()
        .map_err(WebSocketError::Socket)?;
    for (name, value) in request.headers() {
        if name != ACCEPT && name != CONTENT_TYPE {
            handshake.headers_mut().append(name, value.clone());
        }
    }
    match tokio_tungstenite::connect_async(handshake).await {
        Ok((socket, _)) => Ok(WebSocket {
            socket,
            expected,
            closed: false,
            messages: PhantomData,
        }),
        Err(tungstenite::Error::Http(response)) => {
            let (parts, body) = (*response).into_parts();
            let refusal = refused(RawResponse {
                status: parts.status,
                headers: parts.headers,
                body: body.unwrap_or_default(),
                secret_fields: &[],
            });
            match refusal {
                Err(e) => Err(WebSocketError::Refused(e)),
                Ok(never) => match never {},
            }
        }
        Err(e) => Err(WebSocketError::Socket(e)),
    }
}

impl<S, R> WebSocket<S, R> {
    /// Closes the channel normally (code 1000) and waits for the server's answer.
    pub async fn close(mut self) -> Result<(), WebSocketError> {
        match self.socket.close(None).await {
            Ok(()) | Err(tungstenite::Error::ConnectionClosed) => Ok(()),
            Err(e) => Err(WebSocketError::Socket(e)),
        }
    }
}

impl<S: Serialize, R> WebSocket<S, R> {
    /// Sends one message as JSON text.
    pub async fn send(&mut self, message: &S) -> Result<(), WebSocketError> {
        let text = serde_json::to_string(message).map_err(WebSocketError::Encode)?;
        self.socket
            .send(Message::text(text))
            .await
            .map_err(WebSocketError::Socket)
    }
}

impl<S, R: DeserializeOwned> Stream for WebSocket<S, R> {
    type Item = Result<R, WebSocketError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if self.closed {
                return Poll::Ready(None);
            }
            let message = match Pin::new(&mut self.socket).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None)
                | Poll::Ready(Some(Err(tungstenite::Error::ConnectionClosed))) => {
                    self.closed = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(e))) => {
                    self.closed = true;
                    return Poll::Ready(Some(Err(WebSocketError::Socket(e))));
                }
                Poll::Ready(Some(Ok(message))) => message,
            };
            let bytes = match message {
                Message::Text(text) => text.as_str().as_bytes().to_vec(),
                Message::Binary(bytes) => bytes.to_vec(),
                Message::Close(frame) => {
                    self.closed = true;
                    let abnormal =
                        frame.filter(|f| !matches!(f.code, CloseCode::Normal | CloseCode::Away));
                    return Poll::Ready(abnormal.map(|f| {
                        Err(WebSocketError::Closed {
                            code: f.code.into(),
                            reason: f.reason.as_str().to_owned(),
                        })
                    }));
                }
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
            };
            let expected = self.expected;
            return Poll::Ready(Some(from_json::<R>(&bytes).map_err(|message| {
                WebSocketError::Decode {
                    expected: expected.to_owned(),
                    message,
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                }
            })));
        }
    }
}

impl<S: Serialize, R> Sink<S> for WebSocket<S, R> {
    type Error = WebSocketError;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Pin::new(&mut self.socket)
            .poll_ready(cx)
            .map_err(WebSocketError::Socket)
    }

    fn start_send(mut self: Pin<&mut Self>, item: S) -> Result<(), Self::Error> {
        let text = serde_json::to_string(&item).map_err(WebSocketError::Encode)?;
        Pin::new(&mut self.socket)
            .start_send(Message::text(text))
            .map_err(WebSocketError::Socket)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Pin::new(&mut self.socket)
            .poll_flush(cx)
            .map_err(WebSocketError::Socket)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Pin::new(&mut self.socket)
            .poll_close(cx)
            .map_err(WebSocketError::Socket)
    }
}
