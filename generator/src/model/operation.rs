//! Paths and operations: each method's parts, security and name.

use super::ir::*;
use super::naming;
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
            // The document's order: paths as listed, methods as listed in each path item.
            let methods = fields
                .iter()
                .map(|(key, _)| key.name.as_str())
                .filter(|key| METHODS.contains(key));
            for method in methods {
                let Some(op) = item.get(method) else { continue };
                let op_loc = resolved_loc.key(method);
                if !selected(op, selection) {
                    continue;
                }
                let (mark, broken) = (self.diags.mark(), self.broken_refs);
                let built = self.operation(
                    &key.name,
                    method,
                    item,
                    &resolved_loc,
                    op,
                    &op_loc,
                    &global_security,
                );
                // An operation with no faithful form is left out, alone: its errors become
                // warnings and the rest of the document is generated. A `$ref` to nothing
                // still refuses the document (it is broken, not unsupported).
                if self.broken_refs == broken && self.diags.demote_errors_since(mark) > 0 {
                    let pos = op.get("operationId").map_or(op.pos, |id| id.pos);
                    let name = op
                        .get("operationId")
                        .and_then(Node::as_text)
                        .map_or_else(String::new, |id| format!("`{id}` "));
                    self.diags.warning(
                        pos,
                        &op_loc,
                        format!(
                            "operation {name}(`{} {}`) is left out of the client: it has no faithful form (see the warnings on it)",
                            method.to_ascii_uppercase(),
                            key.name
                        ),
                    );
                    continue;
                }
                if let Some(op) = built {
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
        let fn_name = naming::operations::method(&operation_id);
        let type_stem = naming::operations::stem(&operation_id);
        let mut params = self.parameters(item, item_loc, op, loc, &type_stem);
        let path_parts = self.path_parts(path, &mut params, op, loc);
        let body = match op.get("requestBody") {
            Some(body) => self.request_body(body, &loc.key("requestBody"), &type_stem),
            None => None,
        };
        let (success, errors) = self.responses(op, loc, &type_stem);
        let mut streams = self.take_streams();
        let websocket = self.websocket_channel(op, loc, method, &body, &success);
        // A channel's body is its messages, sent after the handshake, not with it.
        let body = if websocket.is_some() {
            streams.clear();
            None
        } else {
            body
        };
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
            params_type: String::new(),
            params_builder: String::new(),
            upload_fn_name: None,
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
            success_outcome: Outcome::default(),
            error_outcome: Outcome::default(),
            success_headers: None,
            security,
            streams,
            websocket,
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
