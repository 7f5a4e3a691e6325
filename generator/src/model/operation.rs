//! Paths and operations: parameters, bodies, responses and security of each method.

use std::collections::BTreeSet;

use super::ir::*;
use super::naming;
use super::schema::description;
use super::{ModelBuilder, Selection, Want};
use crate::diagnostics::did_you_mean;
use crate::load::node::{DocPath, Node};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const PATH_ITEM_KEYS: &[&str] = &[
    "$ref",
    "summary",
    "description",
    "servers",
    "parameters",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
];
const LOCATIONS: &[&str] = &["path", "query", "header", "cookie"];
const STYLES: &[&str] = &[
    "matrix",
    "label",
    "form",
    "simple",
    "spaceDelimited",
    "pipeDelimited",
    "deepObject",
];

/// Names the client's own methods use; operations must not take them.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_http",
    "base_url",
    "http",
    "with_max_body_bytes",
    "clone",
];

impl ModelBuilder<'_> {
    pub(crate) fn operations(&mut self, selection: &Selection) -> Vec<Operation> {
        let paths_loc = DocPath::root().key("paths");
        let Some(paths) = self.root.get("paths") else {
            if self.version == crate::load::OpenApiVersion::V3_0 {
                self.diags.error(
                    self.root.pos,
                    &DocPath::root(),
                    "an OpenAPI 3.0 document needs `paths`",
                );
            }
            return Vec::new();
        };
        let Some(entries) = paths.as_map() else {
            self.diags.error(
                paths.pos,
                &paths_loc,
                format!(
                    "`paths` must be a mapping, but this is {}",
                    paths.kind_name()
                ),
            );
            return Vec::new();
        };
        if let Some(webhooks) = self.root.get("webhooks") {
            self.diags.warning(
                webhooks.pos,
                &DocPath::root().key("webhooks"),
                "webhooks are requests the server sends, not the client; they are skipped",
            );
        }
        let global_security = match self.root.get("security") {
            Some(node) => self.security_requirements(node, &DocPath::root().key("security")),
            None => Vec::new(),
        };
        let mut operations = Vec::new();
        for (key, item) in entries {
            if key.name.starts_with("x-") {
                continue;
            }
            let item_loc = paths_loc.key(&key.name);
            if !key.name.starts_with('/') {
                self.diags.error(
                    key.pos,
                    &item_loc,
                    format!("path `{}` must start with `/`", key.name),
                );
                continue;
            }
            let Some((item, resolved_loc)) = self.follow_ref(item, &item_loc) else {
                continue;
            };
            let Some(fields) = item.as_map() else {
                self.diags.error(
                    item.pos,
                    &item_loc,
                    "a path item must be a mapping of methods to operations",
                );
                continue;
            };
            for (field, _) in fields {
                if !PATH_ITEM_KEYS.contains(&field.name.as_str()) && !field.name.starts_with("x-") {
                    let hint = did_you_mean(&field.name, METHODS)
                        .map(|m| format!("did you mean `{m}`?"))
                        .unwrap_or_else(|| format!("methods are {}", METHODS.join(", ")));
                    self.diags.error_hint(
                        field.pos,
                        &item_loc.key(&field.name),
                        format!("unknown key `{}` in a path item", field.name),
                        hint,
                    );
                }
            }
            if METHODS
                .iter()
                .any(|m| item.get(m).is_some_and(|op| selected(op, selection)))
            {
                self.note_servers(item, &resolved_loc);
            }
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let op_loc = resolved_loc.key(method);
                if !selected(op, selection) {
                    continue;
                }
                if let Some(op) = self.operation(
                    &key.name,
                    method,
                    item,
                    &resolved_loc,
                    op,
                    &op_loc,
                    &global_security,
                ) {
                    operations.push(op);
                }
            }
        }
        let mut ids: Vec<(&str, &DocPath)> = operations
            .iter()
            .map(|o| (o.operation_id.as_str(), &o.source))
            .collect();
        ids.sort();
        for pair in ids.windows(2) {
            if pair[0].0 == pair[1].0 {
                let node = self.root.pointer(&pair[1].1.keys()).unwrap_or(self.root);
                let pos = node.get("operationId").map_or(node.pos, |n| n.pos);
                self.diags.error(
                    pos,
                    &pair[1].1.key("operationId"),
                    format!(
                        "operationId `{}` is already used by `{}`; operationIds must be unique",
                        pair[0].0, pair[0].1
                    ),
                );
            }
        }
        operations
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &Node,
        item_loc: &DocPath,
        op: &Node,
        loc: &DocPath,
        global_security: &[Vec<usize>],
    ) -> Option<Operation> {
        if op.as_map().is_none() {
            self.diags.error(
                op.pos,
                loc,
                format!(
                    "an operation must be a mapping, but this is {}",
                    op.kind_name()
                ),
            );
            return None;
        }
        for (key, want) in [
            ("tags", Want::TextList),
            ("summary", Want::Text),
            ("description", Want::Text),
        ] {
            self.check_type(op, key, loc, want);
        }
        let deprecated = self.flag(op, "deprecated", loc);
        self.note_servers(op, loc);
        if let Some(callbacks) = op.get("callbacks") {
            self.diags.warning(
                callbacks.pos,
                &loc.key("callbacks"),
                "callbacks are requests the server sends, not the client; they are skipped",
            );
        }
        let operation_id = match op.get("operationId") {
            Some(id) => match id.as_text() {
                Some(text) => text.to_owned(),
                None => {
                    self.diags.error(
                        id.pos,
                        &loc.key("operationId"),
                        "`operationId` must be a string",
                    );
                    return None;
                }
            },
            None => format!("{method} {path}"),
        };
        let fn_name = naming::snake(&operation_id, "operation");
        let type_stem = naming::camel(&operation_id, "Operation");
        let params = self.parameters(item, item_loc, op, loc, &type_stem);
        let path_parts = self.path_parts(path, &params, op, loc);
        let body = match op.get("requestBody") {
            Some(body) => self.request_body(body, &loc.key("requestBody"), &type_stem),
            None => None,
        };
        let (success, errors) = self.responses(op, loc, &type_stem);
        let security = match op.get("security") {
            Some(node) => self.security_requirements(node, &loc.key("security")),
            None => global_security.to_vec(),
        };
        let tags = op
            .get("tags")
            .and_then(Node::as_seq)
            .map(|t| {
                t.iter()
                    .filter_map(Node::as_text)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Some(Operation {
            operation_id,
            fn_name,
            request_fn_name: String::new(),
            type_stem,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            path_parts,
            summary: op
                .get("summary")
                .and_then(Node::as_text)
                .map(|s| s.trim().to_owned()),
            description: op
                .get("description")
                .and_then(Node::as_text)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
            deprecated,
            tags,
            params: params.into_iter().map(|(p, _)| p).collect(),
            body,
            success,
            errors,
            security,
            source: loc.clone(),
        })
    }

    /// `servers` on a path item or an operation: not applied, and said so.
    fn note_servers(&mut self, owner: &Node, loc: &DocPath) {
        let Some(servers) = owner.get("servers") else {
            return;
        };
        let url = servers
            .as_seq()
            .and_then(|s| s.first())
            .and_then(|s| s.get("url"))
            .and_then(Node::as_text)
            .unwrap_or("?");
        self.diags.warning(
            servers.pos,
            &loc.key("servers"),
            format!("`servers` here is not applied: requests go to the client's base URL; to call `{url}`, use a second client (`Client::with_base_url`)"),
        );
    }

    /// Path-level parameters merged with the operation's (which win on the same name and `in`).
    fn parameters(
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
        let mut names = naming::Namespace::default();
        // A parameter whose wire name is already its Rust name keeps it; the others yield.
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by_key(|&i| {
            let wanted = naming::snake(&out[i].0.wire_name, "param");
            wanted.trim_start_matches("r#") != out[i].0.wire_name
        });
        for i in order {
            let (param, param_loc) = &mut out[i];
            let wanted = naming::snake(&param.wire_name, "param");
            param.rust_name = names.unique(&wanted);
            if param.rust_name != wanted {
                self.diags.warning(
                    param_pos(self.root, param_loc),
                    param_loc,
                    format!(
                        "parameter `{}` is the field `{}` in Rust because `{wanted}` is taken by another parameter; the wire name stays exact",
                        param.wire_name, param.rust_name
                    ),
                );
            }
        }
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
        let default_style = match location {
            ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
            ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
        };
        let style = match node.get("style") {
            None => default_style,
            Some(s) => {
                let text = s.as_str().unwrap_or("");
                let style = match text {
                    "matrix" => ParamStyle::Matrix,
                    "label" => ParamStyle::Label,
                    "form" => ParamStyle::Form,
                    "simple" => ParamStyle::Simple,
                    "spaceDelimited" => ParamStyle::SpaceDelimited,
                    "pipeDelimited" => ParamStyle::PipeDelimited,
                    "deepObject" => ParamStyle::DeepObject,
                    _ => {
                        let hint = did_you_mean(text, STYLES)
                            .map(|l| format!("did you mean `{l}`?"))
                            .unwrap_or_else(|| format!("one of {}", STYLES.join(", ")));
                        self.diags.error_hint(
                            s.pos,
                            &loc.key("style"),
                            format!("unknown parameter style `{text}`"),
                            hint,
                        );
                        return None;
                    }
                };
                let allowed: &[ParamStyle] = match location {
                    ParamLocation::Path => {
                        &[ParamStyle::Simple, ParamStyle::Label, ParamStyle::Matrix]
                    }
                    ParamLocation::Query => &[
                        ParamStyle::Form,
                        ParamStyle::SpaceDelimited,
                        ParamStyle::PipeDelimited,
                        ParamStyle::DeepObject,
                    ],
                    ParamLocation::Header => &[ParamStyle::Simple],
                    ParamLocation::Cookie => &[ParamStyle::Form],
                };
                if !allowed.contains(&style) {
                    self.diags.error(
                        s.pos,
                        &loc.key("style"),
                        format!(
                            "style `{text}` is not allowed for a parameter `in: {}`",
                            location_name(location)
                        ),
                    );
                    return None;
                }
                style
            }
        };
        let explode = match node.get("explode") {
            Some(e) => match e.as_bool() {
                Some(b) => b,
                None => {
                    self.diags.error(
                        e.pos,
                        &loc.key("explode"),
                        "`explode` must be true or false",
                    );
                    return None;
                }
            },
            None => style == ParamStyle::Form,
        };
        if explode
            && matches!(
                style,
                ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited
            )
        {
            self.diags.error_hint(
                node.get("explode").map_or(node.pos, |n| n.pos),
                &loc.key("explode"),
                "OpenAPI defines `spaceDelimited` and `pipeDelimited` only with `explode: false`",
                "use `style: form, explode: true` for repeated parameters",
            );
            return None;
        }
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
        let hint = format!("{stem}{}", naming::camel(name, "Param"));
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
        if style == ParamStyle::DeepObject && !self.is_object_like(&ty) {
            self.diags.error(
                node.get("style").map_or(node.pos, |n| n.pos),
                &loc.key("style"),
                "`deepObject` applies to objects only",
            );
            return None;
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

    fn is_object_like(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Map(_) | Ty::Any => true,
            Ty::Nullable(inner) => self.is_object_like(inner),
            // Named types are still being defined here; their shape is checked when emitted.
            Ty::Named(_) => true,
            _ => false,
        }
    }

    fn path_parts(
        &mut self,
        path: &str,
        params: &[(Param, DocPath)],
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
                    self.diags.error_hint(
                        path_pos,
                        loc,
                        format!("path `{path}` has the variable `{{{name}}}` but the operation declares no path parameter `{name}`"),
                        hint,
                    );
                }
            }
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for (index, (param, param_loc)) in params.iter().enumerate() {
            if param.location == ParamLocation::Path && !used.contains(&index) {
                self.diags.error(
                    param_pos(self.root, param_loc),
                    param_loc,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        param.wire_name
                    ),
                );
            }
        }
        parts
    }

    fn request_body(&mut self, node: &Node, loc: &DocPath, stem: &str) -> Option<Body> {
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
                None if entries.len() == 1 => {
                    self.diags.error(media.pos, &content_loc.key(&media.name), format!("request media type `{}` is not supported (JSON, form-urlencoded, multipart/form-data, text and binary are)", media.name));
                    return None;
                }
                None => {}
            }
        }
        candidates.sort_by_key(|(kind, name, _)| (*kind, *name));
        let Some(&(media, content_type, media_node)) = candidates.first() else {
            self.diags.error(content.pos, &content_loc, "none of the request media types is supported (JSON, form-urlencoded, multipart/form-data, text and binary are)");
            return None;
        };
        let media_loc = content_loc.key(content_type);
        if !self.media_type_object(media_node, &media_loc) {
            return None;
        }
        let ty = match (media, media_node.get("schema")) {
            (Media::Binary, _) => Ty::Bytes,
            (Media::Text, _) => Ty::String,
            (_, Some(schema)) => {
                self.schema_ty(schema, &media_loc.key("schema"), &format!("{stem}Body"))
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

    fn responses(
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
            let hint = format!("{stem}Response{}", naming::camel(&key.name, "Status"));
            self.response_headers(response, &response_loc);
            let contents = self.response_contents(response, &response_loc, &hint);
            let case = ResponseCase {
                status: status.clone(),
                description: description(response),
                contents,
            };
            let is_success = match status {
                StatusMatch::Code(c) => c < 400,
                StatusMatch::Range(r) => r < 4,
                StatusMatch::Default => false,
            };
            if is_success {
                success.push(case)
            } else {
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

    /// Response headers are not decoded into types (the whole `HeaderMap` is kept where a
    /// response is), but their `$ref`s must lead somewhere.
    fn response_headers(&mut self, response: &Node, loc: &DocPath) {
        let Some(headers) = response.get("headers").and_then(Node::as_map) else {
            return;
        };
        for (name, header) in headers {
            self.follow_ref(header, &loc.key("headers").key(&name.name));
        }
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
            !name.to_ascii_lowercase().starts_with("text/event-stream")
                && classify_media(name).is_some()
        };
        // With another media type to read, one we cannot read is left out (the method asks
        // for the others, and says so if the server sends it anyway); alone, it is refused.
        let has_alternative = sorted.iter().any(|(media, _)| supported(&media.name));
        for (media, media_node) in sorted {
            let media_loc = content_loc.key(&media.name);
            if media
                .name
                .to_ascii_lowercase()
                .starts_with("text/event-stream")
            {
                if has_alternative {
                    self.diags.warning(media.pos, &media_loc, "`text/event-stream` is not generated (the client would have to stream it); the method asks for the response's other media types");
                } else {
                    self.diags.error(media.pos, &media_loc, "`text/event-stream` responses are not supported (the client would have to stream them)");
                }
                continue;
            }
            let Some(kind) = classify_media(&media.name) else {
                if has_alternative {
                    self.diags.warning(media.pos, &media_loc, format!("response media type `{}` is not generated (JSON, form-urlencoded, text and binary are); the method asks for the response's other media types", media.name));
                } else {
                    self.diags.error(media.pos, &media_loc, format!("response media type `{}` is not supported (JSON, form-urlencoded, text and binary are)", media.name));
                }
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
}

impl ModelBuilder<'_> {
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

fn selected(op: &Node, selection: &Selection) -> bool {
    if selection.is_all() {
        return true;
    }
    let id_matches = op
        .get("operationId")
        .and_then(Node::as_text)
        .is_some_and(|id| selection.operation_ids.iter().any(|s| s == id));
    let tag_matches = op.get("tags").and_then(Node::as_seq).is_some_and(|tags| {
        tags.iter()
            .filter_map(Node::as_text)
            .any(|t| selection.tags.iter().any(|s| s == t))
    });
    id_matches || tag_matches
}

/// Sorts operations and gives each a unique method name and type stem; an operation that
/// cannot have the names it asks for gets a number, with a warning.
pub(crate) fn name_operations(
    operations: &mut [Operation],
    setters: &[String],
    root: &Node,
    diags: &mut crate::diagnostics::Diagnostics,
) {
    operations
        .sort_by(|a, b| (&a.fn_name, &a.path, &a.method).cmp(&(&b.fn_name, &b.path, &b.method)));
    let mut taken: BTreeSet<String> = CLIENT_METHODS.iter().map(|m| m.to_string()).collect();
    taken.extend(setters.iter().cloned());
    let mut stems = naming::Namespace::default();
    for op in operations.iter_mut() {
        // The method and its `_request` builder must both be free.
        let base = op
            .fn_name
            .strip_prefix("r#")
            .unwrap_or(&op.fn_name)
            .to_owned();
        let mut plain = base.clone();
        let mut n = 2;
        while taken.contains(&plain) || taken.contains(&naming::suffixed(&plain, "request")) {
            plain = naming::suffixed(&base, &n.to_string());
            n += 1;
        }
        taken.insert(plain.clone());
        taken.insert(naming::suffixed(&plain, "request"));
        op.request_fn_name = naming::suffixed(&plain, "request");
        let wanted_stem = op.type_stem.clone();
        op.type_stem = stems.unique(&op.type_stem);
        let mut renamed = Vec::new();
        if plain != base {
            renamed.push(format!("the method `{plain}` (not `{base}`)"));
        }
        if op.type_stem != wanted_stem {
            renamed.push(format!(
                "its types start with `{}` (not `{wanted_stem}`)",
                op.type_stem
            ));
        }
        if !renamed.is_empty() {
            let node = root.pointer(&op.source.keys());
            let pos = node
                .and_then(|n| n.get("operationId"))
                .or(node)
                .map_or(root.pos, |n| n.pos);
            diags.warning(
                pos,
                &op.source,
                format!(
                    "operation `{}` becomes {} in Rust, as another operation or the client itself has those names; the request is unchanged",
                    op.operation_id,
                    renamed.join(" and ")
                ),
            );
        }
        if plain != base {
            op.fn_name = plain;
        }
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

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn param_pos(root: &Node, loc: &DocPath) -> crate::load::node::Pos {
    root.pointer(&loc.keys()).map_or(root.pos, |n| n.pos)
}
