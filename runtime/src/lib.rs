//! The plumbing every generated client shares: errors, sending and decoding, parameter
//! serialization by OpenAPI style, request bodies and credentials, so that each operation's
//! method stays a few lines.
//!
//! A generated crate reaches this code as its module `runtime`, in one of two forms built
//! from these same files: a dependency on this crate (`pub use openapi_client_runtime as
//! runtime;`), or a copy of the files the client uses in `src/runtime/`, written by the
//! generator. The modules name each other through `super::`, which is this crate's root in the
//! first form and the `runtime` module in the second.
//!
//! Parts a client may not need are features: `form` (form-urlencoded bodies), `multipart`
//! (multipart/form-data bodies), `byte-stream` (responses read as they arrive), `sse`
//! (server-sent events), `jsonl` (JSON Lines), `websocket` (WebSocket channels) and `middleware`
//! (sending through `reqwest_middleware::ClientWithMiddleware`). A `#[cfg(feature = ...)]` line below applies to the one line
//! after it, which is how the generator leaves a part out of a copy.

// Every public item is documented, in this crate and in each copy of it: a build fails on
// one that is not, before `cargo doc -D missing_docs` would.
#![deny(missing_docs)]

#[cfg(feature = "byte-stream")]
mod byte_stream;
mod bytes;
mod credentials;
mod error;
#[cfg(feature = "form")]
mod form;
mod http;
mod json;
mod json_shape;
#[cfg(feature = "jsonl")]
mod jsonl;
#[cfg(feature = "middleware")]
mod middleware;
#[cfg(feature = "multipart")]
mod multipart;
mod nullable;
mod params;
mod redact;
mod request;
mod response;
mod response_value;
mod secret;
#[cfg(feature = "sse")]
mod sse;
mod value;
#[cfg(feature = "websocket")]
mod websocket;

#[cfg(feature = "byte-stream")]
pub use byte_stream::{byte_stream, open_stream, ByteStream, Opened};
pub use bytes::{Base64, Binary};
pub use credentials::{apply_credentials, Credential};
pub use error::{ApiError, DecodeError, Error, RawResponse, DEFAULT_MAX_BODY_BYTES};
#[cfg(feature = "form")]
pub use form::{form_body, FormEncoding};
pub use http::{transport, Http, Transport, TransportFuture};
pub use json::discriminator_value;
#[cfg(feature = "jsonl")]
pub use jsonl::{json_lines, JsonLines};
#[cfg(feature = "multipart")]
pub use multipart::Multipart;
pub use nullable::Nullable;
pub use params::{header_param, path_param, Cookies, PathStyle, Query, QueryStyle};
pub use request::{join_url, json_body, set_body, RequestParts};
pub use response::{send, Media};
pub use response_value::{header_value, link, required_header, ResponseValue};
pub use secret::Redacted;
#[cfg(feature = "sse")]
pub use sse::{event_stream, json_data, text_data, Event, EventStream};
#[cfg(feature = "websocket")]
pub use websocket::{connect, WebSocket, WebSocketError};
