//! Responses read as they arrive, and WebSocket channels.
//!
//! A success response in `text/event-stream` (server-sent events), in JSON Lines / NDJSON /
//! JSON text sequences, or in a binary media type gets a method of its own that returns a
//! stream ([`StreamResponse`]); the operation's buffered method stays. An operation marked
//! `x-websocket: true` (OpenAPI has no keyword for it; an overlay can add the mark without
//! editing the vendor's document) opens a socket instead of sending a request
//! ([`WebSocketChannel`]).

use super::ir::*;
use super::ModelBuilder;
use crate::load::node::{DocPath, Node};

/// The stream a media type is read as, for the media types only a stream reads well.
pub(crate) fn streamed_media(media: &str) -> Option<StreamKind> {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/event-stream" => Some(StreamKind::Events),
        "application/jsonl"
        | "application/x-jsonl"
        | "application/x-ndjson"
        | "application/ndjson"
        | "application/json-seq" => Some(StreamKind::JsonLines),
        _ => None,
    }
}

impl ModelBuilder<'_> {
    /// Records a streamed media type of a response; its status is set by
    /// [`Self::stream_statuses`] once the response is known to be a success.
    pub(super) fn stream_response(
        &mut self,
        kind: StreamKind,
        content_type: &str,
        media_node: &Node,
        media_loc: &DocPath,
        hint: &str,
    ) {
        // OpenAPI 3.2 names the schema of one item `itemSchema`; before it, `schema` is used
        // for the same (an event's data, a line's value).
        let schema = media_node
            .get("itemSchema")
            .map(|s| (s, media_loc.key("itemSchema")))
            .or_else(|| {
                media_node
                    .get("schema")
                    .map(|s| (s, media_loc.key("schema")))
            });
        let item = match schema {
            Some((schema, loc)) => {
                match self.schema_ty(schema, &loc, &super::naming::hint::item(hint)) {
                    // Events whose data is text are handed over as text, not JSON-decoded.
                    Ty::String | Ty::Bytes if kind == StreamKind::Events => Ty::String,
                    ty => ty,
                }
            }
            None if kind == StreamKind::Events => Ty::String,
            None => Ty::Any,
        };
        self.streams.push(StreamResponse {
            kind,
            status: StatusMatch::Default,
            content_type: content_type.to_owned(),
            item,
            fn_name: String::new(),
        });
    }

    /// Gives the streams found since `first` the status of their success `case`, and adds a
    /// byte stream for each binary media type of it.
    pub(super) fn stream_statuses(&mut self, first: usize, case: &ResponseCase) {
        for stream in &mut self.streams[first..] {
            stream.status = case.status.clone();
        }
        for content in &case.contents {
            let streamed = self.streams[first..]
                .iter()
                .any(|s| s.content_type == content.content_type);
            if content.media == Media::Binary && !streamed {
                self.streams.push(StreamResponse {
                    kind: StreamKind::Bytes,
                    status: case.status.clone(),
                    content_type: content.content_type.clone(),
                    item: Ty::Bytes,
                    fn_name: String::new(),
                });
            }
        }
    }

    /// The operation's streams, one method per kind (the first media type of each kind).
    pub(super) fn take_streams(&mut self) -> Vec<StreamResponse> {
        let mut streams = std::mem::take(&mut self.streams);
        streams.sort_by_key(|s| s.kind);
        streams.dedup_by_key(|s| s.kind);
        streams
    }

    /// The WebSocket channel of an operation marked `x-websocket: true`: what it sends is the
    /// request body's JSON schema, what it receives the success response's.
    pub(super) fn websocket_channel(
        &mut self,
        op: &Node,
        loc: &DocPath,
        method: &str,
        body: &Option<Body>,
        success: &[ResponseCase],
    ) -> Option<WebSocketChannel> {
        if !self.flag(op, "x-websocket", loc) {
            return None;
        }
        let mark = op.get("x-websocket").map_or(op.pos, |n| n.pos);
        if !method.eq_ignore_ascii_case("get") {
            self.diags.warning(mark, &loc.key("x-websocket"), format!("a WebSocket opens with a GET request, but this operation is {}; the mark is ignored and the operation sent as a request", method.to_ascii_uppercase()));
            return None;
        }
        let send = match body {
            Some(body) if body.media == Media::Json => Some(body.ty.clone()),
            Some(body) => {
                self.diags.warning(mark, &loc.key("requestBody"), format!("the channel's messages are sent as JSON text, but the request body is `{}`; they are sent as `serde_json::Value`", body.content_type));
                Some(Ty::Any)
            }
            None => None,
        };
        let receive = success
            .iter()
            .flat_map(|case| &case.contents)
            .find(|c| c.media == Media::Json)
            .map_or(Ty::Any, |c| c.ty.clone());
        Some(WebSocketChannel { send, receive })
    }
}
