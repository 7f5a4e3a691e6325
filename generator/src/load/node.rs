//! A YAML/JSON document as a tree of nodes that remember where they stand in the source.
//!
//! serde_yaml's `Value` forgets positions, and every diagnostic we print must name a line and a
//! column, so the loader builds this small tree itself (see `yaml.rs`).

pub use crate::position::{DocPath, Pos};

/// One node of the document: a scalar, a sequence or a mapping, with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar keeps its text; `plain` is false when it was quoted (then it is always a string).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    /// Entries in document order. Keys are scalars; their own positions are kept for errors.
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

/// What a scalar means under the YAML 1.2 core schema (which also covers JSON).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
}

impl Node {
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } => match self.scalar_kind() {
                Some(ScalarKind::Null) => "null",
                Some(ScalarKind::Bool(_)) => "a boolean",
                Some(ScalarKind::Int(_)) => "an integer",
                Some(ScalarKind::Float(_)) => "a number",
                _ => "a string",
            },
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    pub fn scalar_kind(&self) -> Option<ScalarKind> {
        let Value::Scalar { text, plain } = &self.value else {
            return None;
        };
        if !plain {
            return Some(ScalarKind::Str);
        }
        Some(match text.as_str() {
            "" | "~" | "null" | "Null" | "NULL" => ScalarKind::Null,
            "true" | "True" | "TRUE" => ScalarKind::Bool(true),
            "false" | "False" | "FALSE" => ScalarKind::Bool(false),
            t => {
                if let Ok(i) = t.parse::<i64>() {
                    ScalarKind::Int(i)
                } else if looks_like_float(t) {
                    t.parse::<f64>()
                        .map(ScalarKind::Float)
                        .unwrap_or(ScalarKind::Str)
                } else {
                    ScalarKind::Str
                }
            }
        })
    }

    /// The text of any scalar that is not null (numbers and booleans included, as written).
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } if self.scalar_kind() != Some(ScalarKind::Null) => {
                Some(text)
            }
            _ => None,
        }
    }

    /// A string scalar (quoted, or plain and not a null/bool/number).
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } if self.scalar_kind() == Some(ScalarKind::Str) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.scalar_kind() {
            Some(ScalarKind::Bool(b)) => Some(b),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.scalar_kind() == Some(ScalarKind::Null)
    }

    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.pos)
    }

    /// Follows a JSON pointer (RFC 6901, already split and unescaped) from this node.
    pub fn pointer<'a>(&'a self, tokens: &[String]) -> Option<&'a Node> {
        let mut node = self;
        for token in tokens {
            node = match &node.value {
                Value::Map(_) => node.get(token)?,
                Value::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
                Value::Scalar { .. } => return None,
            };
        }
        Some(node)
    }

    /// The value as JSON, for defaults, examples and `const`.
    pub fn to_json_text(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match &self.value {
            Value::Scalar { text, .. } => match self.scalar_kind() {
                Some(ScalarKind::Null) => out.push_str("null"),
                Some(ScalarKind::Bool(b)) => out.push_str(if b { "true" } else { "false" }),
                Some(ScalarKind::Int(i)) => out.push_str(&i.to_string()),
                Some(ScalarKind::Float(f)) if f.is_finite() => out.push_str(&f.to_string()),
                _ => write_json_string(text, out),
            },
            Value::Seq(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Value::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(&k.name, out);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

fn looks_like_float(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    !t.is_empty()
        && t.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
