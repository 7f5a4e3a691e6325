//! Stage one: read the document and check that it is an OpenAPI 3.0 or 3.1 description.
//!
//! The result keeps every node's position so that later stages can point errors at a line.

pub mod json;
pub mod jsonpath;
pub mod node;
pub mod overlay;
pub mod yaml;

use crate::diagnostics::Diagnostics;
use node::{DocPath, Node, Pos};

/// A loaded OpenAPI document.
#[derive(Debug)]
pub struct Document {
    pub root: Node,
    pub version: OpenApiVersion,
    /// The folder the document was read from, if known: a `$ref` to another file is still
    /// refused, but the message says whether that file exists.
    pub base_dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenApiVersion {
    V3_0,
    V3_1,
}

/// Parses `text` and checks the top of the document; problems go into `diagnostics`.
pub fn load(text: &str, diagnostics: &mut Diagnostics) -> Option<Document> {
    let root = match read(text) {
        Ok(root) => root,
        Err(e) => {
            diagnostics.error(
                e.pos,
                &DocPath::root(),
                format!("not valid YAML or JSON: {}", e.message),
            );
            return None;
        }
    };
    let top = DocPath::root();
    if root.as_map().is_none() {
        diagnostics.error(
            root.pos,
            &top,
            format!(
                "an OpenAPI document is a mapping with `openapi`, `info` and `paths`, but this is {}",
                root.kind_name()
            ),
        );
        return None;
    }
    if let Some(swagger) = root.get("swagger") {
        diagnostics.error_hint(
            swagger.pos,
            &top.key("swagger"),
            format!(
                "Swagger {} (OpenAPI 2.0) is not supported; only OpenAPI 3.0 and 3.1",
                swagger.as_text().unwrap_or("?")
            ),
            "convert it first, e.g. with `npx swagger2openapi`",
        );
        return None;
    }
    let Some(openapi) = root.get("openapi") else {
        diagnostics.error(
            Pos { line: 1, column: 1 },
            &top,
            "not an OpenAPI document: there is no `openapi` version field at the top",
        );
        return None;
    };
    let version_text = openapi.as_text().unwrap_or("");
    let version = if version_text.starts_with("3.0.") || version_text == "3.0" {
        OpenApiVersion::V3_0
    } else if version_text.starts_with("3.1.") || version_text == "3.1" {
        OpenApiVersion::V3_1
    } else {
        diagnostics.error_hint(
            openapi.pos,
            &top.key("openapi"),
            format!("OpenAPI version `{version_text}` is not supported"),
            "this generator reads OpenAPI 3.0.x and 3.1.x",
        );
        return None;
    };
    if !openapi.is_null() && openapi.as_str().is_none() {
        diagnostics.warning(
            openapi.pos,
            &top.key("openapi"),
            "the `openapi` field should be a string (quote it: \"3.0.3\")",
        );
    }
    Some(Document {
        root,
        version,
        base_dir: None,
    })
}

/// A document that looks like JSON (it starts with `{` or `[`) is read by the JSON reader; if
/// that fails but the YAML reader (YAML flow style is a superset) succeeds, YAML it is.
/// Otherwise the error is the reader's that fits the look of the text.
pub fn read(text: &str) -> Result<Node, yaml::SyntaxError> {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return yaml::parse(text);
    }
    let json_error = match json::parse(trimmed) {
        Ok(root) => return Ok(shift(root, text, trimmed)),
        Err(e) => e,
    };
    yaml::parse(text).map_err(|_| shift_error(json_error, text, trimmed))
}

/// Where `trimmed` starts inside `text`, as lines and columns to add.
fn offset(text: &str, trimmed: &str) -> (u32, u32) {
    let skipped = &text[..text.len() - trimmed.len()];
    let lines = skipped.matches('\n').count() as u32;
    let last = skipped.rsplit('\n').next().unwrap_or("");
    (lines, last.chars().count() as u32)
}

fn shift_error(mut e: yaml::SyntaxError, text: &str, trimmed: &str) -> yaml::SyntaxError {
    let (lines, columns) = offset(text, trimmed);
    if e.pos.line == 1 {
        e.pos.column += columns;
    }
    e.pos.line += lines;
    e
}

/// Moves positions read from `trimmed` to where they are in `text` (leading blank lines).
fn shift(root: Node, text: &str, trimmed: &str) -> Node {
    let (lines, columns) = offset(text, trimmed);
    if lines == 0 && columns == 0 {
        return root;
    }
    let mut root = root;
    let mut todo = vec![&mut root];
    let fix = |pos: &mut Pos| {
        if pos.line == 1 {
            pos.column += columns;
        }
        pos.line += lines;
    };
    while let Some(node) = todo.pop() {
        fix(&mut node.pos);
        match &mut node.value {
            node::Value::Seq(items) => todo.extend(items.iter_mut()),
            node::Value::Map(entries) => {
                for (key, value) in entries.iter_mut() {
                    fix(&mut key.pos);
                    todo.push(value);
                }
            }
            node::Value::Scalar { .. } => {}
        }
    }
    root
}
