//! The Encoding Object of form-urlencoded and multipart/form-data request bodies: how each
//! property is written (a style for form fields, a content type for multipart parts).

use super::ir::*;
use super::style::StylePlace;
use super::ModelBuilder;
use crate::load::node::{DocPath, Node};

impl ModelBuilder<'_> {
    /// The entries of `encoding` beside a body's schema, checked.
    pub(crate) fn body_encodings(
        &mut self,
        media: Media,
        media_node: &Node,
        media_loc: &DocPath,
    ) -> Vec<FieldEncoding> {
        let Some(encoding) = media_node.get("encoding") else {
            return Vec::new();
        };
        let loc = media_loc.key("encoding");
        if !matches!(media, Media::Form | Media::Multipart) {
            self.diags.warning(
                encoding.pos,
                &loc,
                "`encoding` applies only to form-urlencoded and multipart bodies; it is ignored here",
            );
            return Vec::new();
        }
        let Some(entries) = encoding.as_map() else {
            self.diags.error(
                encoding.pos,
                &loc,
                format!(
                    "`encoding` must map property names to Encoding Objects, but this is {}",
                    encoding.kind_name()
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, entry) in entries {
            let entry_loc = loc.key(&name.name);
            if entry.as_map().is_none() {
                self.diags.error(
                    entry.pos,
                    &entry_loc,
                    format!(
                        "an Encoding Object must be a mapping, but this is {}",
                        entry.kind_name()
                    ),
                );
                continue;
            }
            let content_type = entry
                .get("contentType")
                .and_then(Node::as_text)
                .map(str::to_owned);
            let style = match media {
                Media::Form => self.form_field_style(entry, &entry_loc),
                _ => {
                    for key in ["style", "explode", "allowReserved"] {
                        if let Some(value) = entry.get(key) {
                            self.diags.warning(
                                value.pos,
                                &entry_loc.key(key),
                                format!("`{key}` applies to form-urlencoded fields; a multipart part is written whole, by its content type"),
                            );
                        }
                    }
                    None
                }
            };
            if let (Some((ParamStyle::DeepObject, _)), Some(schema)) =
                (style, media_node.get("schema"))
            {
                let schema_loc = media_loc.key("schema");
                let field = self.subschema(schema, &schema_loc, &["properties", &name.name]);
                if let Some((field, field_loc)) = field {
                    let style_pos = entry.get("style").map_or(entry.pos, |n| n.pos);
                    self.check_deep_object(
                        &name.name,
                        field,
                        &field_loc,
                        style_pos,
                        &entry_loc.key("style"),
                    );
                }
            }
            if media == Media::Form {
                if let Some(ct) = &content_type {
                    if !ct.contains("json") && !ct.starts_with("text/") {
                        self.diags.warning(
                            entry.get("contentType").map_or(entry.pos, |n| n.pos),
                            &entry_loc.key("contentType"),
                            format!("form field content type `{ct}` is not applied: objects are sent as JSON text, other values as text"),
                        );
                    }
                }
            }
            if let Some(headers) = entry.get("headers") {
                self.diags.warning(
                    headers.pos,
                    &entry_loc.key("headers"),
                    "per-part `headers` are not sent; each part carries only its name and content type",
                );
            }
            out.push(FieldEncoding {
                name: name.name.clone(),
                content_type,
                style,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// `style` and `explode` of one form field, when the entry gives either (without them the
    /// field is written by the body's own rule: objects as JSON text).
    fn form_field_style(&mut self, entry: &Node, loc: &DocPath) -> Option<(ParamStyle, bool)> {
        if entry.get("style").is_none() && entry.get("explode").is_none() {
            return None;
        }
        self.style_and_explode(entry, loc, StylePlace::FormField)
    }
}
