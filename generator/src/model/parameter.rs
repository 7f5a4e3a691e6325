//! Parameters: location, style and explode, type, and the path template they fill.

use super::content::classify_media;
use super::ir::*;
use super::naming;
use super::schema::description;
use super::style::{location_name, StylePlace};
use super::{ModelBuilder, Want};
use crate::diagnostics::did_you_mean;
use crate::load::node::{DocPath, Node};

const LOCATIONS: &[&str] = &["path", "query", "header", "cookie"];
impl ModelBuilder<'_> {
    /// Path-level parameters merged with the operation's (which win on the same name and `in`).
    pub(super) fn parameters(
        &mut self,
        item: &Node,
        item_loc: &DocPath,
        op: &Node,
        loc: &DocPath,
        stem: &str,
    ) -> Vec<(Param, DocPath)> {
        // (parameter, where it stands, whether the operation itself declared it)
        let mut out: Vec<(Param, DocPath, bool)> = Vec::new();
        for (owner, owner_loc, own) in [(item, item_loc, false), (op, loc, true)] {
            let Some(list) = owner.get("parameters") else {
                continue;
            };
            let list_loc = owner_loc.key("parameters");
            let Some(items) = list.as_seq() else {
                self.diags.error(
                    list.pos,
                    &list_loc,
                    format!(
                        "`parameters` must be a list, but this is {}",
                        list.kind_name()
                    ),
                );
                continue;
            };
            for (i, param) in items.iter().enumerate() {
                let Some((param, param_loc)) = self.parameter(param, &list_loc.index(i), stem)
                else {
                    continue;
                };
                let same = |p: &(Param, DocPath, bool)| {
                    p.0.wire_name == param.wire_name && p.0.location == param.location
                };
                match out.iter().position(same) {
                    Some(existing) if own && !out[existing].2 => {
                        out[existing] = (param, param_loc, own)
                    }
                    Some(_) => {
                        let pos = param_pos(self.root, &param_loc);
                        self.diags.error(
                            pos,
                            &param_loc,
                            format!(
                                "parameter `{}` (in: {}) is declared twice",
                                param.wire_name,
                                location_name(param.location)
                            ),
                        );
                    }
                    None => out.push((param, param_loc, own)),
                }
            }
        }
        let mut out: Vec<(Param, DocPath)> = out.into_iter().map(|(p, l, _)| (p, l)).collect();
        naming::operations::parameter_names(&mut out, self.root, self.diags);
        out
    }

    fn parameter(&mut self, node: &Node, loc: &DocPath, stem: &str) -> Option<(Param, DocPath)> {
        let (node, loc) = self.follow_ref(node, loc)?;
        if node.as_map().is_none() {
            self.diags.error(
                node.pos,
                &loc,
                format!(
                    "a parameter must be a mapping, but this is {}",
                    node.kind_name()
                ),
            );
            return None;
        }
        let Some(name) = node.get("name").and_then(Node::as_text) else {
            if node.get("name").is_some() {
                self.check_type(node, "name", &loc, Want::Text);
            } else {
                self.diags
                    .error(node.pos, &loc.key("name"), "a parameter needs a `name`");
            }
            return None;
        };
        if node.get("in").is_some() && !self.check_type(node, "in", &loc, Want::Str) {
            return None;
        }
        if node.get("style").is_some() && !self.check_type(node, "style", &loc, Want::Str) {
            return None;
        }
        let required_flag = self.flag(node, "required", &loc);
        let deprecated = self.flag(node, "deprecated", &loc);
        let allow_reserved = self.flag(node, "allowReserved", &loc);
        let secret = self.flag(node, "x-secret", &loc);
        self.check_type(node, "description", &loc, Want::Text);
        let location = match node.get("in").and_then(Node::as_str) {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            other => {
                let at = node.get("in").map_or(node.pos, |n| n.pos);
                let text = other.unwrap_or("");
                let hint = did_you_mean(text, LOCATIONS)
                    .map(|l| format!("did you mean `{l}`?"))
                    .unwrap_or_else(|| format!("one of {}", LOCATIONS.join(", ")));
                let message = if other.is_some() {
                    format!("unknown parameter location `in: {text}`")
                } else {
                    "a parameter needs `in` (path, query, header or cookie)".to_owned()
                };
                self.diags.error_hint(at, &loc.key("in"), message, hint);
                return None;
            }
        };
        if location == ParamLocation::Header
            && ["accept", "content-type", "authorization"]
                .contains(&name.to_ascii_lowercase().as_str())
        {
            self.diags.warning(node.pos, &loc, format!("header parameter `{name}` is ignored: OpenAPI says the media types and security schemes set it"));
            return None;
        }
        let (style, explode) =
            self.style_and_explode(node, &loc, StylePlace::Parameter(location))?;
        let mut required = required_flag;
        if location == ParamLocation::Path && !required {
            self.diags.warning(
                node.pos,
                &loc.key("required"),
                format!(
                    "path parameter `{name}` must be `required: true`; it is treated as required"
                ),
            );
            required = true;
        }
        let hint = naming::hint::param(stem, name);
        let (ty, json_content) = match (node.get("schema"), node.get("content")) {
            (Some(schema), None) => (self.schema_ty(schema, &loc.key("schema"), &hint), false),
            (None, Some(content)) => {
                let Some(entries) = content.as_map().filter(|e| e.len() == 1) else {
                    self.diags.error(
                        content.pos,
                        &loc.key("content"),
                        "a parameter's `content` must hold exactly one media type",
                    );
                    return None;
                };
                let (media, media_node) = &entries[0];
                if classify_media(&media.name) != Some(Media::Json) {
                    self.diags.error(
                        media.pos,
                        &loc.key("content").key(&media.name),
                        format!(
                            "parameter content `{}` is not supported (only JSON)",
                            media.name
                        ),
                    );
                    return None;
                }
                let ty = match media_node.get("schema") {
                    Some(schema) => self.schema_ty(
                        schema,
                        &loc.key("content").key(&media.name).key("schema"),
                        &hint,
                    ),
                    None => Ty::Any,
                };
                (ty, true)
            }
            (Some(_), Some(content)) => {
                self.diags.error(
                    content.pos,
                    &loc,
                    "a parameter has either `schema` or `content`, not both",
                );
                return None;
            }
            (None, None) => {
                self.diags.error(node.pos, &loc, format!("parameter `{name}` has neither `schema` nor `content`, so its type is unknown"));
                return None;
            }
        };
        if let (ParamStyle::DeepObject, Some(schema)) = (style, node.get("schema")) {
            let style_pos = node.get("style").map_or(node.pos, |n| n.pos);
            self.check_deep_object(
                name,
                schema,
                &loc.key("schema"),
                style_pos,
                &loc.key("style"),
            );
        }
        let ty = match ty {
            Ty::Nullable(inner) => *inner,
            ty => ty,
        };
        Some((
            Param {
                rust_name: String::new(),
                wire_name: name.to_owned(),
                location,
                style,
                explode,
                allow_reserved,
                required,
                ty,
                json_content,
                doc: description(node),
                secret,
                deprecated,
            },
            loc,
        ))
    }

    /// The path template as literals and parameters. A variable no parameter declares becomes
    /// a required `String` path parameter (simple style, as for any path parameter), and a
    /// declared path parameter the template does not use is left out; both with a warning.
    pub(super) fn path_parts(
        &mut self,
        path: &str,
        params: &mut Vec<(Param, DocPath)>,
        op: &Node,
        loc: &DocPath,
    ) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = path;
        let mut used = Vec::new();
        // Template errors point at the path itself (the key under `paths`).
        let path_pos = self
            .root
            .get("paths")
            .and_then(|p| p.key_pos(path))
            .unwrap_or(op.pos);
        while let Some(start) = rest.find('{') {
            if start > 0 {
                parts.push(PathPart::Literal(rest[..start].to_owned()));
            }
            let Some(len) = rest[start..].find('}') else {
                self.diags
                    .error(path_pos, loc, format!("path `{path}` has an unclosed `{{`"));
                return parts;
            };
            let name = &rest[start + 1..start + len];
            match params
                .iter()
                .position(|(p, _)| p.location == ParamLocation::Path && p.wire_name == name)
            {
                Some(index) => {
                    parts.push(PathPart::Param(index));
                    used.push(index);
                }
                None => {
                    let declared: Vec<&str> = params
                        .iter()
                        .filter(|(p, _)| p.location == ParamLocation::Path)
                        .map(|(p, _)| p.wire_name.as_str())
                        .collect();
                    let hint = match did_you_mean(name, &declared) {
                        Some(close) => format!("the operation declares `{close}`; names are case-sensitive"),
                        None => format!("declare it under `parameters` with `name: {name}`, `in: path` and `required: true`"),
                    };
                    let rust_name = naming::operations::undeclared_path_parameter(params, name);
                    self.diags.warning(
                        path_pos,
                        loc,
                        format!("path `{path}` has the variable `{{{name}}}` but the operation declares no path parameter `{name}`; the method takes it as a required string `{rust_name}` (percent-encoded, simple style) ({hint})"),
                    );
                    used.push(params.len());
                    parts.push(PathPart::Param(params.len()));
                    params.push((
                        Param {
                            rust_name,
                            wire_name: name.to_owned(),
                            location: ParamLocation::Path,
                            style: ParamStyle::Simple,
                            explode: false,
                            allow_reserved: false,
                            required: true,
                            ty: Ty::String,
                            json_content: false,
                            doc: Some(format!("The `{{{name}}}` of the path, which the document does not declare as a parameter.")),
                            secret: false,
                            deprecated: false,
                        },
                        loc.clone(),
                    ));
                }
            }
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        // A declared path parameter the template lacks has nowhere to go: it is left out.
        let mut kept = Vec::new();
        for (index, (param, param_loc)) in params.iter().enumerate() {
            if param.location == ParamLocation::Path && !used.contains(&index) {
                self.diags.warning(
                    param_pos(self.root, param_loc),
                    param_loc,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`; it is left out of the method",
                        param.wire_name
                    ),
                );
            } else {
                kept.push(index);
            }
        }
        if kept.len() < params.len() {
            let mut index = 0;
            params.retain(|_| {
                index += 1;
                kept.contains(&(index - 1))
            });
            for part in &mut parts {
                if let PathPart::Param(i) = part {
                    *i = kept
                        .iter()
                        .position(|k| k == i)
                        .expect("a used parameter is kept");
                }
            }
        }
        parts
    }
}

fn param_pos(root: &Node, loc: &DocPath) -> crate::load::node::Pos {
    root.pointer(&loc.keys()).map_or(root.pos, |n| n.pos)
}
