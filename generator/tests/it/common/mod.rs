//! Helpers shared by the tests: a document generated that must generate, the documents they read,
//! and a writer that turns a (reordered or mutated) node tree back into YAML text.

pub mod schema_grammar;

use std::path::{Path, PathBuf};

use generator::load::node::{Node, ScalarKind, Value};
use generator::{generate, Options, Output};

/// What `generate` writes for a document that must generate; its diagnostics, one a line, when
/// it does not.
pub fn generated(name: &str, text: &str, options: &Options) -> Output {
    generate(name, text, options).unwrap_or_else(|failure| {
        panic!(
            "{name} must generate:\n{}",
            failure
                .diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// `spec/auth0.yaml`: the name diagnostics and the generated preamble use, and its text.
pub fn auth0() -> (String, String) {
    let path = workspace_root().join("spec/auth0.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    ("spec/auth0.yaml".into(), text)
}

/// The whole Pieces OS API, `spec/pieces-os.yaml` (where it came from: `spec/pieces-os.SOURCE.md`).
pub fn pieces_os() -> (String, String) {
    let path = workspace_root().join("spec/pieces-os.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    ("spec/pieces-os.yaml".into(), text)
}

/// The tree as YAML flow text (JSON-like): quoted scalars and plain strings are written as JSON
/// strings, plain nulls, booleans and numbers as they were written, so the loader reads back
/// the same tree (positions aside).
pub fn to_yaml(node: &Node) -> String {
    let mut out = String::new();
    write_node(node, &mut out);
    out.push('\n');
    out
}

fn write_node(node: &Node, out: &mut String) {
    match &node.value {
        Value::Scalar { text, plain } => match node.scalar_kind() {
            Some(ScalarKind::Null) if text.is_empty() => out.push_str("null"),
            Some(ScalarKind::Str) | None => write_string(text, out),
            Some(_) if *plain => out.push_str(text),
            Some(_) => write_string(text, out),
        },
        Value::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_node(item, out);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_string(&key.name, out);
                out.push_str(": ");
                write_node(value, out);
            }
            out.push('}');
        }
    }
}

/// A YAML double-quoted scalar (JSON string syntax, which YAML 1.2 reads the same way).
fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Reverses the key order of every mapping: the same document, written differently.
pub fn reverse_keys(node: &mut Node) {
    match &mut node.value {
        Value::Scalar { .. } => {}
        Value::Seq(items) => items.iter_mut().for_each(reverse_keys),
        Value::Map(entries) => {
            entries.reverse();
            entries.iter_mut().for_each(|(_, v)| reverse_keys(v));
        }
    }
}
