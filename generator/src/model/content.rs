//! Request bodies and responses: media types, status codes and what each carries.

use super::ir::*;
use super::naming;
use super::schema::description;
use super::{ModelBuilder, Want};
use crate::load::node::{DocPath, Node};

impl ModelBuilder<'_> {
    pub(super) fn request_body(&mut self, node: &Node, loc: &DocPath, stem: &str) -> Option<Body> {
        let (node, loc) = self.follow_ref(node, loc)?;
        let Some(content) = node.get("content") else {
            self.diags
                .error(node.pos, &loc, "a request body needs `content`");
            return None;
        };
        let content_loc = loc.key("content");
        let Some(entries) = content.as_map().filter(|e| !e.is_empty()) else {
            self.diags.error(
                content.pos,
                &content_loc,
                "a request body's `content` must map at least one media type to a schema",
            );
            return None;
        };
        let mut candidates: Vec<(Media, &str, &Node)> = Vec::new();
        for (media, media_node) in entries {
            match classify_media(&media.name) {
                Some(kind) => candidates.push((kind, &media.name, media_node)),
                // Alone, a media type we cannot encode is sent as what the caller gives
                // (text or bytes), with its declared `Content-Type`: exact, only untyped.
                None if entries.len() == 1 => {
                    let kind = untyped_media(&media.name);
                    let what = match kind {
                        Media::Text => "a `String`",
                        _ => "bytes (`&[u8]`)",
                    };
                    self.diags.warning(media.pos, &content_loc.key(&media.name), format!("request media type `{}` has no typed encoding (JSON, form-urlencoded, multipart/form-data, text and binary do); the body is {what}, sent as given with `Content-Type: {}`", media.name, media.name));
                    candidates.push((kind, &media.name, media_node));
                }
                None => {}
            }
        }
        candidates.sort_by_key(|(kind, name, _)| (*kind, *name));
        if candidates.is_empty() {
            // None can be encoded: the first (by name) is sent untyped, as when it is alone.
            if let Some((media, media_node)) = entries.iter().min_by(|a, b| a.0.name.cmp(&b.0.name))
            {
                let kind = untyped_media(&media.name);
                self.diags.warning(content.pos, &content_loc, format!("none of the request media types has a typed encoding (JSON, form-urlencoded, multipart/form-data, text and binary do); the body is sent untyped as `{}` ({})", media.name, if kind == Media::Text { "a `String`" } else { "bytes" }));
                candidates.push((kind, &media.name, media_node));
            }
        }
        let &(media, content_type, media_node) = candidates.first()?;
        let media_loc = content_loc.key(content_type);
        if !self.media_type_object(media_node, &media_loc) {
            return None;
        }
        let ty = match (media, media_node.get("schema")) {
            (Media::Binary, _) => Ty::Bytes,
            (Media::Text, _) => Ty::String,
            (_, Some(schema)) => {
                self.schema_ty(schema, &media_loc.key("schema"), &naming::hint::body(stem))
            }
            (_, None) => Ty::Any,
        };
        let encodings = self.body_encodings(media, media_node, &media_loc);
        Some(Body {
            content_type: content_type.to_owned(),
            media,
            ty,
            required: self.flag(node, "required", &loc),
            doc: description(node),
            alternatives: entries
                .iter()
                .map(|(media, _)| media.name.clone())
                .filter(|name| name != content_type)
                .collect(),
            encodings,
        })
    }

    pub(super) fn responses(
        &mut self,
        op: &Node,
        loc: &DocPath,
        stem: &str,
    ) -> (Vec<ResponseCase>, Vec<ResponseCase>) {
        let responses_loc = loc.key("responses");
        let Some(responses) = op.get("responses") else {
            self.diags.warning(
                op.pos,
                &responses_loc,
                "the operation declares no `responses`; the method returns the raw response",
            );
            return (Vec::new(), Vec::new());
        };
        let Some(entries) = responses.as_map() else {
            self.diags.error(
                responses.pos,
                &responses_loc,
                "`responses` must be a mapping of status codes to responses",
            );
            return (Vec::new(), Vec::new());
        };
        if entries.is_empty() {
            self.diags.warning(responses.pos, &responses_loc, "`responses` is empty (OpenAPI requires at least one); the method returns the raw response");
        }
        let mut success = Vec::new();
        let mut errors = Vec::new();
        let mut sorted: Vec<_> = entries
            .iter()
            .filter(|(k, _)| !k.name.starts_with("x-"))
            .collect();
        sorted.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        for (key, response) in sorted {
            let response_loc = responses_loc.key(&key.name);
            let status = match parse_status(&key.name) {
                Some(s) => s,
                None => {
                    self.diags.error(
                        key.pos,
                        &response_loc,
                        format!(
                            "`{}` is not a status code, a range like `4XX`, or `default`",
                            key.name
                        ),
                    );
                    continue;
                }
            };
            let Some((response, response_loc)) = self.follow_ref(response, &response_loc) else {
                continue;
            };
            if response.as_map().is_none() {
                self.diags.error(
                    response.pos,
                    &response_loc,
                    format!(
                        "a response must be a mapping with a `description`, but this is {}",
                        response.kind_name()
                    ),
                );
                continue;
            }
            self.check_type(response, "description", &response_loc, Want::Text);
            let hint = naming::hint::response(stem, &key.name);
            let headers = self.response_headers(response, &response_loc);
            let streams_before = self.streams.len();
            let contents = self.response_contents(response, &response_loc, &hint);
            let case = ResponseCase {
                status: status.clone(),
                description: description(response),
                contents,
                headers,
            };
            let is_success = match status {
                StatusMatch::Code(c) => c < 400,
                StatusMatch::Range(r) => r < 4,
                StatusMatch::Default => false,
            };
            if is_success {
                self.stream_statuses(streams_before, &case);
                success.push(case)
            } else {
                // An error's event stream is read whole, as its bytes.
                self.streams.truncate(streams_before);
                errors.push(case)
            }
        }
        // `default` describes every status not listed; with no success listed, that includes
        // the successes.
        if success.is_empty() {
            if let Some(default) = errors.iter().find(|c| c.status == StatusMatch::Default) {
                success.push(ResponseCase {
                    status: StatusMatch::Range(2),
                    ..default.clone()
                });
            }
        }
        (success, errors)
    }

    fn response_contents(
        &mut self,
        response: &Node,
        loc: &DocPath,
        hint: &str,
    ) -> Vec<ResponseContent> {
        let Some(content) = response.get("content") else {
            return Vec::new();
        };
        let content_loc = loc.key("content");
        let Some(entries) = content.as_map() else {
            self.diags.error(
                content.pos,
                &content_loc,
                "`content` must be a mapping of media types",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut sorted: Vec<_> = entries.iter().collect();
        sorted.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        let supported = |name: &str| {
            super::streams::streamed_media(name).is_none() && classify_media(name).is_some()
        };
        // With another media type to read, one we cannot read is left out (the method asks
        // for the others, and says so if the server sends it anyway); alone, it is refused.
        let has_alternative = sorted.iter().any(|(media, _)| supported(&media.name));
        for (media, media_node) in sorted {
            let media_loc = content_loc.key(&media.name);
            if let Some(kind) = super::streams::streamed_media(&media.name) {
                // Read as a stream by a method of its own (`streams.rs`); the buffered method
                // asks for the other media types, or returns the whole body's bytes.
                if !self.media_type_object(media_node, &media_loc) {
                    continue;
                }
                self.stream_response(kind, &media.name, media_node, &media_loc, hint);
                if !has_alternative {
                    out.push(ResponseContent {
                        content_type: media.name.clone(),
                        media: Media::Binary,
                        ty: Ty::Bytes,
                    });
                }
                continue;
            }
            let Some(kind) = classify_media(&media.name) else {
                if has_alternative {
                    self.diags.warning(media.pos, &media_loc, format!("response media type `{}` is not generated (JSON, form-urlencoded, text and binary are); the method asks for the response's other media types", media.name));
                    continue;
                }
                // Alone, it is read as the bytes the server sent: exact, only untyped.
                self.diags.warning(media.pos, &media_loc, format!("response media type `{}` has no typed decoding (JSON, form-urlencoded, text and binary do); the method returns the body's bytes (`Vec<u8>`)", media.name));
                out.push(ResponseContent {
                    content_type: media.name.clone(),
                    media: Media::Binary,
                    ty: Ty::Bytes,
                });
                continue;
            };
            if !self.media_type_object(media_node, &media_loc) {
                continue;
            }
            let ty = match (kind, media_node.get("schema")) {
                (Media::Binary, _) => Ty::Bytes,
                (Media::Text, _) => Ty::String,
                (_, Some(schema)) => self.schema_ty(schema, &media_loc.key("schema"), hint),
                (_, None) => Ty::Any,
            };
            out.push(ResponseContent {
                content_type: media.name.clone(),
                media: kind,
                ty,
            });
        }
        out
    }
    /// A media type object (`content.<type>`) must be a mapping (an empty one is fine).
    fn media_type_object(&mut self, node: &Node, loc: &DocPath) -> bool {
        if node.as_map().is_some() || node.is_null() {
            return true;
        }
        self.diags.error_hint(
            node.pos,
            loc,
            format!(
                "a media type object must be a mapping, but this is {}",
                node.kind_name()
            ),
            "write `schema:` under the media type",
        );
        false
    }
}

pub(crate) fn classify_media(media: &str) -> Option<Media> {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    Some(match essence.as_str() {
        "application/json" | "text/json" => Media::Json,
        e if e.ends_with("+json") => Media::Json,
        "application/x-www-form-urlencoded" => Media::Form,
        "multipart/form-data" => Media::Multipart,
        e if e.starts_with("text/") => Media::Text,
        "application/octet-stream" | "*/*" | "application/pdf" | "application/zip" => Media::Binary,
        e if e.starts_with("image/") || e.starts_with("audio/") || e.starts_with("video/") => {
            Media::Binary
        }
        _ => return None,
    })
}

/// How a media type with no typed form travels: text-like ones as a `String` (a request body
/// is sent as given, so no charset is guessed), everything else as bytes.
fn untyped_media(media: &str) -> Media {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let textual = matches!(essence.as_str(), "plain/text" | "application/text")
        || ["xml", "csv", "yaml", "ndjson", "jsonl"]
            .iter()
            .any(|word| essence.contains(word));
    if textual {
        Media::Text
    } else {
        Media::Binary
    }
}

fn parse_status(key: &str) -> Option<StatusMatch> {
    if key == "default" {
        return Some(StatusMatch::Default);
    }
    if key.len() == 3 && key.ends_with("XX") {
        let digit = key[..1]
            .parse::<u16>()
            .ok()
            .filter(|d| (1..=5).contains(d))?;
        return Some(StatusMatch::Range(digit));
    }
    key.parse::<u16>()
        .ok()
        .filter(|c| (100..=599).contains(c))
        .map(StatusMatch::Code)
}
