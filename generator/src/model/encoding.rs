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

/// The content type of a multipart part, from the Encoding Object's `contentType`.
///
/// OpenAPI 3.0.3 and 3.1.0 let `contentType` be "a specific media type (e.g. `application/json`),
/// a wildcard media type (e.g. `image/*`), or a comma-separated list of the two types"; 3.1.1
/// says it is such a list. A list says which types the server accepts, not what one value is,
/// so it is never sent as a part's `Content-Type`: a part is labeled with one type.
impl FieldEncoding {
    /// The media types `contentType` lists, in order (commas inside quoted parameter values do
    /// not separate).
    pub fn listed_types(&self) -> Vec<&str> {
        let Some(raw) = self.content_type.as_deref() else {
            return Vec::new();
        };
        let mut types = Vec::new();
        let (mut start, mut quoted) = (0, false);
        for (i, c) in raw.char_indices() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => {
                    types.push(raw[start..i].trim());
                    start = i + 1;
                }
                _ => {}
            }
        }
        types.push(raw[start..].trim());
        types.retain(|t| !t.is_empty());
        types
    }

    /// The one type that says exactly what the part is: the list's only entry, when it is a
    /// specific media type (not a range such as `image/*`).
    pub fn exact_type(&self) -> Option<&str> {
        match self.listed_types().as_slice() {
            [only] if is_specific(only) => Some(only),
            _ => None,
        }
    }

    /// A file part's type when the caller gives none: the exact type, else
    /// `application/octet-stream` (RFC 7578 section 4.4: the type of a file whose type is not
    /// known; also the Encoding Object's default for binary data).
    pub fn file_part_type(&self) -> &str {
        self.exact_type().unwrap_or("application/octet-stream")
    }

    /// A value part's type (a primitive, or an object written as JSON): the first specific
    /// JSON type listed (JSON text is exact for any value), else the exact type; `None` (the
    /// default by the value's kind: `application/json` for objects, `text/plain` otherwise)
    /// when the list offers no one type.
    pub fn value_part_type(&self) -> Option<&str> {
        let listed = self.listed_types();
        listed
            .iter()
            .copied()
            .find(|t| is_specific(t) && is_json(t))
            .or_else(|| self.exact_type())
    }

    /// Whether the caller has to choose among several types (or a range) for a file part.
    pub fn is_choice(&self) -> bool {
        self.content_type.is_some() && self.exact_type().is_none()
    }
}

/// A media type, not a range (`*/*`, `image/*`).
fn is_specific(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("");
    !essence.contains('*') && essence.contains('/')
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoding(content_type: &str) -> FieldEncoding {
        FieldEncoding {
            name: "file".into(),
            content_type: Some(content_type.into()),
            style: None,
        }
    }

    #[test]
    fn a_list_of_types_is_never_one_part_type() {
        let list = encoding("image/png, image/jpeg");
        assert_eq!(list.listed_types(), ["image/png", "image/jpeg"]);
        assert_eq!(list.exact_type(), None);
        assert_eq!(list.file_part_type(), "application/octet-stream");
        assert!(list.is_choice());
        assert_eq!(
            encoding("image/*").file_part_type(),
            "application/octet-stream"
        );
        assert_eq!(encoding(" image/png ").file_part_type(), "image/png");
        assert!(!encoding("image/png").is_choice());
        assert_eq!(
            encoding(r#"text/plain; note="a,b""#).exact_type(),
            Some(r#"text/plain; note="a,b""#)
        );
    }

    #[test]
    fn a_value_part_takes_a_listed_json_type_first() {
        assert_eq!(
            encoding("application/xml, application/vnd.a+json").value_part_type(),
            Some("application/vnd.a+json")
        );
        assert_eq!(encoding("text/csv").value_part_type(), Some("text/csv"));
        assert_eq!(
            encoding("text/csv, text/tab-separated-values").value_part_type(),
            None
        );
        assert_eq!(encoding("application/*").value_part_type(), None);
    }
}
