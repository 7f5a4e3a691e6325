//! OpenAPI Overlay 1.0 documents, applied to the loaded document before the model sees it.
//!
//! An overlay lets a user change a document they do not own (mark WebSocket channels, fix a
//! vendor's mistake, drop operations) without editing it. Each action selects nodes with a
//! JSONPath `target` ([`super::jsonpath`]) and either removes them (`remove: true`) or merges
//! `update` into them: mappings merge key by key, recursively; a list gets the update appended
//! (a list inside a merged mapping, the update's items appended); any other value is replaced.
//!
//! Positions: errors in the overlay itself name the overlay's file, line and column. A node the
//! overlay adds to the document takes the position of the node it was merged into, so a later
//! diagnostic about it points at the place in the document the overlay changed.

use super::jsonpath::{JsonPath, Step};
use super::node::{DocPath, Node, Pos, Value};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Applies the overlay `text` (named `file` in diagnostics) to `root`. Returns what was found
/// wrong in the overlay; when any is an error, `root` may be partly changed and should not be
/// used.
pub fn apply(root: &mut Node, file: &str, text: &str) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::new(file);
    apply_into(root, text, &mut diags);
    diags.into_sorted()
}

fn apply_into(root: &mut Node, text: &str, diags: &mut Diagnostics) {
    let top = DocPath::root();
    let overlay = match super::read(text) {
        Ok(node) => node,
        Err(e) => {
            diags.error(
                e.pos,
                &top,
                format!("not valid YAML or JSON: {}", e.message),
            );
            return;
        }
    };
    let Some(version) = overlay.get("overlay") else {
        diags.error(
            overlay.pos,
            &top,
            "not an Overlay document: there is no `overlay` version field at the top",
        );
        return;
    };
    let version_text = version.as_text().unwrap_or("");
    if !(version_text == "1.0" || version_text.starts_with("1.0.")) {
        diags.error_hint(
            version.pos,
            &top.key("overlay"),
            format!("Overlay version `{version_text}` is not supported"),
            "this generator applies Overlay 1.0.x documents",
        );
        return;
    }
    if overlay.get("info").and_then(Node::as_map).is_none() {
        diags.warning(
            overlay.pos,
            &top.key("info"),
            "an overlay should have `info` with `title` and `version`",
        );
    }
    let Some(actions) = overlay.get("actions").and_then(Node::as_seq) else {
        diags.error(
            overlay.get("actions").map_or(overlay.pos, |a| a.pos),
            &top.key("actions"),
            "an overlay needs `actions`, a list of actions",
        );
        return;
    };
    for (i, action) in actions.iter().enumerate() {
        apply_action(root, action, &top.key("actions").index(i), diags);
    }
}

fn apply_action(root: &mut Node, action: &Node, at: &DocPath, diags: &mut Diagnostics) {
    let Some(target) = action.get("target") else {
        diags.error(
            action.pos,
            at,
            "an action needs a `target` (a JSONPath such as `$.paths['/a'].get`)",
        );
        return;
    };
    let target_at = at.key("target");
    let Some(target_text) = target.as_str() else {
        diags.error(
            target.pos,
            &target_at,
            format!("`target` must be a string, not {}", target.kind_name()),
        );
        return;
    };
    let path = match JsonPath::parse(target_text) {
        Ok(path) => path,
        Err(e) => {
            diags.error(
                offset_pos(target, e.offset),
                &target_at,
                format!(
                    "`{target_text}` is not a JSONPath this generator supports: {}",
                    e.message
                ),
            );
            return;
        }
    };
    let remove = match action.get("remove") {
        None => false,
        Some(node) => match node.as_bool() {
            Some(b) => b,
            None => {
                diags.error(
                    node.pos,
                    &at.key("remove"),
                    "`remove` must be true or false",
                );
                return;
            }
        },
    };
    let update = action.get("update");
    let locations = path.select(root);
    if locations.is_empty() {
        diags.warning(
            target.pos,
            &target_at,
            format!("`{target_text}` selects nothing in the document; the action does nothing"),
        );
        return;
    }
    if remove {
        remove_all(root, locations, target, &target_at, diags);
    } else if let Some(update) = update {
        for location in &locations {
            update_one(root, location, update, target, &at.key("update"), diags);
        }
    } else {
        diags.warning(
            action.pos,
            at,
            "the action has neither `update` nor `remove: true`; it does nothing",
        );
    }
}

/// Where character `offset` of a one-line scalar stands (a quoted one starts one column later).
fn offset_pos(scalar: &Node, offset: usize) -> Pos {
    let quoted = matches!(&scalar.value, Value::Scalar { plain: false, .. });
    Pos {
        line: scalar.pos.line,
        column: scalar.pos.column + u32::from(quoted) + offset as u32,
    }
}

fn remove_all(
    root: &mut Node,
    mut locations: Vec<Vec<Step>>,
    target: &Node,
    target_at: &DocPath,
    diags: &mut Diagnostics,
) {
    // Later siblings first, so the indexes of earlier ones stay right.
    locations.sort();
    for location in locations.iter().rev() {
        let Some((last, parent)) = location.split_last() else {
            diags.error(
                target.pos,
                target_at,
                "the document's root cannot be removed",
            );
            return;
        };
        let Some(parent) = node_at_mut(root, parent) else {
            continue; // Inside something removed already.
        };
        match (&mut parent.value, last) {
            (Value::Map(entries), Step::Key(key)) => entries.retain(|(k, _)| &k.name != key),
            (Value::Seq(items), Step::Index(i)) if *i < items.len() => {
                items.remove(*i);
            }
            _ => {}
        }
    }
}

fn update_one(
    root: &mut Node,
    location: &[Step],
    update: &Node,
    target: &Node,
    update_at: &DocPath,
    diags: &mut Diagnostics,
) {
    let Some(node) = node_at_mut(root, location) else {
        return;
    };
    let anchor = node.pos;
    let kind = node.kind_name();
    match (&mut node.value, &update.value) {
        (Value::Map(_), Value::Map(_)) => merge(node, update, anchor),
        (Value::Seq(items), _) => items.push(relocated(update, anchor)),
        (Value::Map(_), _) => diags.error(
            update.pos,
            update_at,
            format!("the target is a mapping, so `update` must be a mapping, not {}", update.kind_name()),
        ),
        (Value::Scalar { .. }, _) => diags.error(
            target.pos,
            update_at,
            format!(
                "the target selects {kind} ({}); `update` applies to mappings and lists (select its parent)",
                location_text(location)
            ),
        ),
    }
}

/// Merges the mapping `update` into the mapping `into`, key by key.
fn merge(into: &mut Node, update: &Node, anchor: Pos) {
    let (Value::Map(entries), Some(changes)) = (&mut into.value, update.as_map()) else {
        return;
    };
    for (key, change) in changes {
        match entries.iter_mut().find(|(k, _)| k.name == key.name) {
            Some((_, existing)) => match (&mut existing.value, &change.value) {
                (Value::Map(_), Value::Map(_)) => merge(existing, change, anchor),
                (Value::Seq(items), Value::Seq(more)) => {
                    items.extend(more.iter().map(|m| relocated(m, anchor)));
                }
                _ => *existing = relocated(change, anchor),
            },
            None => {
                let mut key = key.clone();
                key.pos = anchor;
                entries.push((key, relocated(change, anchor)));
            }
        }
    }
}

/// A copy of `node` whose every position is `anchor`.
fn relocated(node: &Node, anchor: Pos) -> Node {
    Node {
        pos: anchor,
        value: match &node.value {
            Value::Scalar { text, plain } => Value::Scalar {
                text: text.clone(),
                plain: *plain,
            },
            Value::Seq(items) => Value::Seq(items.iter().map(|i| relocated(i, anchor)).collect()),
            Value::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let mut k = k.clone();
                        k.pos = anchor;
                        (k, relocated(v, anchor))
                    })
                    .collect(),
            ),
        },
    }
}

fn node_at_mut<'a>(root: &'a mut Node, location: &[Step]) -> Option<&'a mut Node> {
    location
        .iter()
        .try_fold(root, |node, step| match (&mut node.value, step) {
            (Value::Map(entries), Step::Key(key)) => entries
                .iter_mut()
                .find(|(k, _)| &k.name == key)
                .map(|(_, v)| v),
            (Value::Seq(items), Step::Index(i)) => items.get_mut(*i),
            _ => None,
        })
}

fn location_text(location: &[Step]) -> String {
    let mut path = DocPath::root();
    for step in location {
        path = match step {
            Step::Key(k) => path.key(k),
            Step::Index(i) => path.index(*i),
        };
    }
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::load::yaml;

    const DOC: &str = r#"openapi: 3.0.3
info: {title: t, version: '1'}
tags: [{name: a}]
paths:
  /qgpt/stream:
    get:
      operationId: qgptStream
      responses: {'200': {description: ok}}
  /old:
    get: {operationId: old, responses: {'200': {description: ok}}}
"#;

    fn run(overlay: &str) -> (Node, Vec<Diagnostic>) {
        let mut root = yaml::parse(DOC).unwrap();
        let diags = apply(&mut root, "marks.overlay.yaml", overlay);
        (root, diags)
    }

    #[test]
    fn update_merges_remove_deletes_and_lists_grow() {
        let (root, diags) = run(r#"overlay: 1.0.0
info: {title: marks, version: '1'}
actions:
  - target: "$.paths['/qgpt/stream'].get"
    update: {x-websocket: true, responses: {'101': {description: switching}}}
  - target: $.paths['/old']
    remove: true
  - target: $.tags
    update: {name: b}
"#);
        assert!(diags.is_empty(), "{diags:?}");
        let get = root
            .get("paths")
            .unwrap()
            .get("/qgpt/stream")
            .unwrap()
            .get("get")
            .unwrap();
        assert_eq!(get.get("x-websocket").unwrap().as_bool(), Some(true));
        let responses = get.get("responses").unwrap().as_map().unwrap();
        assert_eq!(responses.len(), 2, "merged, not replaced");
        // Added nodes point at the operation they were merged into.
        assert_eq!(get.get("x-websocket").unwrap().pos, get.pos);
        assert!(root.get("paths").unwrap().get("/old").is_none());
        assert_eq!(root.get("tags").unwrap().as_seq().unwrap().len(), 2);
    }

    #[test]
    fn a_bad_target_is_located_in_the_overlay() {
        let (_, diags) = run("overlay: 1.0.0\ninfo: {title: x, version: '1'}\nactions:\n  - target: \"$.paths[1:2]\"\n    remove: true\n");
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.file, "marks.overlay.yaml");
        assert_eq!(
            (d.pos.line, d.pos.column),
            (4, 23),
            "at the `:` of the slice"
        );
        assert_eq!(d.path.to_string(), "actions[0].target");
        assert!(d.message.contains("slices"), "{}", d.message);
    }

    #[test]
    fn a_target_that_selects_nothing_warns() {
        let (_, diags) = run("overlay: 1.0.0\ninfo: {title: x, version: '1'}\nactions:\n  - target: $.paths['/nope']\n    update: {x: 1}\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].severity, Severity::Warning);
        assert!(diags[0].message.contains("selects nothing"));
    }

    #[test]
    fn not_an_overlay_is_an_error() {
        for text in [
            "openapi: 3.0.0\n",
            "overlay: 2.0.0\nactions: []\n",
            "overlay: 1.0.0\n",
            "[: x",
        ] {
            let (_, diags) = run(text);
            assert!(
                diags.iter().any(|d| d.severity == Severity::Error),
                "{text}: {diags:?}"
            );
        }
    }

    #[test]
    fn updating_a_scalar_is_an_error() {
        let (_, diags) = run("overlay: 1.0.0\ninfo: {title: x, version: '1'}\nactions:\n  - target: $.info.title\n    update: {x: 1}\n");
        assert_eq!(diags[0].severity, Severity::Error);
        assert!(
            diags[0].message.contains("info.title"),
            "{}",
            diags[0].message
        );
    }
}
