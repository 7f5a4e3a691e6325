//! YAML (and JSON, which YAML 1.2 contains) to a positioned [`Node`] tree.
//!
//! yaml-rust2's event parser is driven by hand here rather than through its recursive loader, so
//! that nesting thousands deep ends in an error instead of a stack overflow, and aliases are
//! expanded against a budget so that an alias bomb ends in an error instead of exhausting memory.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::node::{Key, Node, Pos, Value};

/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 200;
/// Most nodes a document may hold once aliases are expanded.
pub const MAX_NODES: usize = 4_000_000;

#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

fn pos_of(mark: &Marker) -> Pos {
    Pos {
        line: mark.line() as u32,
        column: mark.col() as u32 + 1,
    }
}

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<(Key, Node)>,
        pending_key: Option<Key>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    /// Anchored nodes with the number of nodes each holds, for the expansion budget.
    anchors: Vec<(usize, Node, usize)>,
    nodes: usize,
    root: Option<Node>,
}

pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: Vec::new(),
        nodes: 0,
        root: None,
    };
    let mut documents = 0;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| SyntaxError {
            pos: pos_of(e.marker()),
            message: match e.info() {
                // The scanner has its own depth limit for flow collections.
                "recursion limit exceeded" => {
                    format!("nesting deeper than {MAX_DEPTH} levels; refusing to load it")
                }
                info => info.to_owned(),
            },
        })?;
        let pos = pos_of(&mark);
        match event {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        pos,
                        message: "a second YAML document in the same file; an OpenAPI description is one document".into(),
                    });
                }
            }
            Event::Alias(id) => {
                let Some((_, node, count)) = builder.anchors.iter().find(|(a, _, _)| *a == id)
                else {
                    return Err(SyntaxError {
                        pos,
                        message: "alias to an anchor that is not defined".into(),
                    });
                };
                let (node, count) = (node.clone(), *count);
                builder.count(count, pos)?;
                builder.finish_node(node, 0, count)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                builder.count(1, pos)?;
                let tagged_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let plain = style == TScalarStyle::Plain && !tagged_str;
                builder.finish_node(
                    Node {
                        pos,
                        value: Value::Scalar { text, plain },
                    },
                    anchor,
                    1,
                )?;
            }
            Event::SequenceStart(anchor, _) => {
                builder.open(
                    Frame::Seq {
                        pos,
                        anchor,
                        items: Vec::new(),
                    },
                    pos,
                )?;
            }
            Event::MappingStart(anchor, _) => {
                builder.open(
                    Frame::Map {
                        pos,
                        anchor,
                        entries: Vec::new(),
                        pending_key: None,
                    },
                    pos,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match builder.stack.pop() {
                    Some(Frame::Seq { pos, anchor, items }) => (
                        Node {
                            pos,
                            value: Value::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        pos,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            // A block mapping starts where its first key does (the parser marks
                            // the first `:`); a flow mapping at its `{`, before any key.
                            pos: entries.first().map_or(pos, |(k, _)| pos.min(k.pos)),
                            value: Value::Map(entries),
                        },
                        anchor,
                    ),
                    None => unreachable_event(pos)?,
                };
                // Collections count as one node each; their size is only needed for anchors.
                let size = if node.1 != 0 { count_nodes(&node.0) } else { 1 };
                builder.finish_node(node.0, node.1, size)?;
            }
        }
    }
    Ok(builder.root.unwrap_or(Node {
        pos: Pos { line: 1, column: 1 },
        value: Value::Scalar {
            text: String::new(),
            plain: true,
        },
    }))
}

fn unreachable_event<T>(pos: Pos) -> Result<T, SyntaxError> {
    Err(SyntaxError {
        pos,
        message: "unbalanced YAML structure".into(),
    })
}

fn count_nodes(node: &Node) -> usize {
    // Iterative, because the tree may be as deep as MAX_DEPTH and this runs per anchor.
    let mut count = 0;
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        count += 1;
        match &n.value {
            Value::Seq(items) => todo.extend(items.iter()),
            Value::Map(entries) => todo.extend(entries.iter().map(|(_, v)| v)),
            Value::Scalar { .. } => {}
        }
    }
    count
}

impl Builder {
    fn count(&mut self, n: usize, pos: Pos) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(SyntaxError {
                pos,
                message: format!(
                    "the document expands to more than {MAX_NODES} nodes (aliases expanding exponentially?); refusing to load it"
                ),
            });
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, pos: Pos) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                pos,
                message: format!("nesting deeper than {MAX_DEPTH} levels; refusing to load it"),
            });
        }
        self.count(1, pos)?;
        self.stack.push(frame);
        Ok(())
    }

    fn finish_node(&mut self, node: Node, anchor: usize, size: usize) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.retain(|(a, _, _)| *a != anchor);
            self.anchors.push((anchor, node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => {
                    let name =
                        match &node.value {
                            Value::Scalar { text, .. } => text.clone(),
                            _ => return Err(SyntaxError {
                                pos: node.pos,
                                message:
                                    "a mapping key must be a plain value, not a list or a mapping"
                                        .into(),
                            }),
                        };
                    if entries.iter().any(|(k, _)| k.name == name) {
                        return Err(SyntaxError {
                            pos: node.pos,
                            message: format!("duplicate key `{name}` in the same mapping"),
                        });
                    }
                    *pending_key = Some(Key {
                        name,
                        pos: node.pos,
                    });
                }
                Some(key) => entries.push((key, node)),
            },
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let root = parse("a:\n  b: [1, 'x']\n").unwrap();
        let b = root.get("a").unwrap().get("b").unwrap();
        assert_eq!(b.pos, Pos { line: 2, column: 6 });
        let items = b.as_seq().unwrap();
        assert_eq!(items[1].as_str(), Some("x"));
        assert_eq!(items[0].as_str(), None);
        assert_eq!(items[0].as_text(), Some("1"));
    }

    #[test]
    fn mappings_start_at_their_first_key() {
        let root = parse("a:\n  - name: x\n    in: query\n  - {k: v}\nb:\n  c: 1\n").unwrap();
        assert_eq!(root.pos, Pos { line: 1, column: 1 });
        let items = root.get("a").unwrap().as_seq().unwrap();
        assert_eq!(items[0].pos, Pos { line: 2, column: 5 });
        assert_eq!(items[1].pos, Pos { line: 4, column: 5 });
        assert_eq!(root.get("b").unwrap().pos, Pos { line: 6, column: 3 });
    }

    #[test]
    fn json_is_accepted() {
        let root = parse(r#"{"openapi": "3.1.0", "paths": {}}"#).unwrap();
        assert_eq!(root.get("openapi").unwrap().as_str(), Some("3.1.0"));
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert!(err.message.contains("duplicate key `a`"), "{err:?}");
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000);
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("nesting deeper"), "{err:?}");
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("expands to more than"), "{err:?}");
    }

    #[test]
    fn aliases_expand() {
        let root = parse("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(root.get("b").unwrap().get("k").unwrap().as_str(), Some("v"));
    }
}
