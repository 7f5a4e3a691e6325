//! JSON to the same positioned [`Node`] tree as `yaml.rs`, read by a JSON reader.
//!
//! JSON is YAML 1.2, but a YAML reader is the wrong tool for it: yaml-rust2 refuses escaped
//! UTF-16 surrogate pairs (`"\ud83d\ude00"`, valid JSON), and real documents are often one line
//! of many megabytes. This reader is one pass over the bytes with an explicit stack (nesting
//! ends in an error at `MAX_DEPTH`, never a stack overflow), counting columns in characters.

use super::node::{Key, Node, Pos, Value};
use super::yaml::{SyntaxError, MAX_DEPTH, MAX_NODES};

/// Parses `text` as one JSON value.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
        line: 1,
        column: 1,
        nodes: 0,
    };
    reader.skip_space();
    let root = reader.value()?;
    reader.skip_space();
    if reader.at < reader.bytes.len() {
        return Err(reader.error("text after the end of the JSON value"));
    }
    Ok(root)
}

struct Reader<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
    line: u32,
    column: u32,
    nodes: usize,
}

/// A collection being read, innermost last.
enum Open {
    Seq(Pos, Vec<Node>),
    Map(Pos, Vec<(Key, Node)>, Option<Key>),
}

impl Reader<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            pos: self.pos(),
            message: message.into(),
        }
    }

    /// Moves past one byte, keeping line and column (in characters: UTF-8 continuation bytes
    /// do not count).
    fn bump(&mut self) {
        let byte = self.bytes[self.at];
        self.at += 1;
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if byte & 0xC0 != 0x80 {
            self.column += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump();
        }
    }

    fn count(&mut self) -> Result<(), SyntaxError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.error(format!(
                "the document has more than {MAX_NODES} nodes; refusing to load it"
            )));
        }
        Ok(())
    }

    /// One whole value; collections are read with an explicit stack.
    fn value(&mut self) -> Result<Node, SyntaxError> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            // Read the start of a value: a scalar completes at once, a collection opens.
            self.skip_space();
            let pos = self.pos();
            let mut done = match self.peek() {
                Some(b'{') | Some(b'[') => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.error(format!(
                            "nesting deeper than {MAX_DEPTH} levels; refusing to load it"
                        )));
                    }
                    self.count()?;
                    let map = self.peek() == Some(b'{');
                    self.bump();
                    self.skip_space();
                    let close = if map { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.bump();
                        Some(Node {
                            pos,
                            value: if map {
                                Value::Map(Vec::new())
                            } else {
                                Value::Seq(Vec::new())
                            },
                        })
                    } else {
                        if map {
                            let key = self.key()?;
                            stack.push(Open::Map(pos, Vec::new(), Some(key)));
                        } else {
                            stack.push(Open::Seq(pos, Vec::new()));
                        }
                        None
                    }
                }
                Some(_) => {
                    self.count()?;
                    Some(self.scalar()?)
                }
                None => return Err(self.error("the JSON text ends where a value should be")),
            };
            // Hand completed values to their collections, closing those that end here.
            while let Some(node) = done.take() {
                let Some(open) = stack.last_mut() else {
                    return Ok(node);
                };
                match open {
                    Open::Seq(_, items) => items.push(node),
                    Open::Map(_, entries, key) => {
                        let key = key.take().expect("a value follows its key");
                        entries.push((key, node));
                    }
                }
                self.skip_space();
                match (self.peek(), stack.last_mut()) {
                    (Some(b','), Some(Open::Seq(..))) => self.bump(),
                    (Some(b','), Some(Open::Map(_, entries, key))) => {
                        self.bump();
                        let next = self.key()?;
                        if entries.iter().any(|(k, _)| k.name == next.name) {
                            return Err(SyntaxError {
                                pos: next.pos,
                                message: format!(
                                    "duplicate key `{}` in the same mapping",
                                    next.name
                                ),
                            });
                        }
                        *key = Some(next);
                    }
                    (Some(b']'), Some(Open::Seq(..))) => {
                        self.bump();
                        if let Some(Open::Seq(pos, items)) = stack.pop() {
                            done = Some(Node {
                                pos,
                                value: Value::Seq(items),
                            });
                        }
                    }
                    (Some(b'}'), Some(Open::Map(..))) => {
                        self.bump();
                        if let Some(Open::Map(pos, entries, _)) = stack.pop() {
                            done = Some(Node {
                                pos,
                                value: Value::Map(entries),
                            });
                        }
                    }
                    (_, Some(Open::Seq(..))) => {
                        return Err(self.error("expected `,` or `]` after a list item"))
                    }
                    (_, _) => return Err(self.error("expected `,` or `}` after a value")),
                }
            }
        }
    }

    /// `"name":`, leaving the reader at the value.
    fn key(&mut self) -> Result<Key, SyntaxError> {
        self.skip_space();
        let pos = self.pos();
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a key in double quotes"));
        }
        let name = self.string()?;
        self.skip_space();
        if self.peek() != Some(b':') {
            return Err(self.error("expected `:` after a key"));
        }
        self.bump();
        Ok(Key { name, pos })
    }

    fn scalar(&mut self) -> Result<Node, SyntaxError> {
        let pos = self.pos();
        if self.peek() == Some(b'"') {
            let text = self.string()?;
            return Ok(Node {
                pos,
                value: Value::Scalar { text, plain: false },
            });
        }
        let start = self.at;
        while let Some(b) = self.peek() {
            if matches!(b, b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z') {
                self.bump();
            } else {
                break;
            }
        }
        let word = &self.text[start..self.at];
        let valid = matches!(word, "true" | "false" | "null") || is_json_number(word);
        if !valid {
            return Err(SyntaxError {
                pos,
                message: if word.is_empty() {
                    "expected a JSON value".to_owned()
                } else {
                    format!("`{word}` is not a JSON value")
                },
            });
        }
        Ok(Node {
            pos,
            value: Value::Scalar {
                text: word.to_owned(),
                plain: true,
            },
        })
    }

    /// A double-quoted string, escapes (surrogate pairs included) decoded.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.bump(); // the opening quote
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character at once.
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.bump();
            }
            out.push_str(&self.text[start..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.bump();
                    let escape = self.peek();
                    if escape.is_some() {
                        self.bump();
                    }
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.unicode_escape()?),
                        _ => return Err(self.error("invalid escape in a JSON string")),
                    }
                }
                Some(_) => return Err(self.error("a control character inside a JSON string")),
                None => return Err(self.error("a JSON string is not closed")),
            }
        }
    }

    /// The character of `\uXXXX` (after `\u`), joining a surrogate pair with the `\uXXXX`
    /// that follows it.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.peek() != Some(b'\\') || self.bytes.get(self.at + 1) != Some(&b'u') {
                return Err(self.error("a UTF-16 high surrogate not followed by a low one"));
            }
            self.bump();
            self.bump();
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("a UTF-16 high surrogate not followed by a low one"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("a lone UTF-16 low surrogate"))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("`\\u` must be followed by four hex digits"))?;
        let value = u32::from_str_radix(digits, 16).expect("four hex digits");
        for _ in 0..4 {
            self.bump();
        }
        Ok(value)
    }
}

/// RFC 8259's number grammar.
fn is_json_number(word: &str) -> bool {
    let rest = word.strip_prefix('-').unwrap_or(word);
    let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if int_len == 0 || (int_len > 1 && rest.starts_with('0')) {
        return false;
    }
    let mut rest = &rest[int_len..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    if let Some(exp) = rest.strip_prefix(['e', 'E']) {
        let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        let n = exp.bytes().take_while(u8::is_ascii_digit).count();
        return n > 0 && n == exp.len();
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogate_pairs_are_joined() {
        let root = parse(r#"{"a": "\ud83d\ude00 \u00e9\n"}"#).unwrap();
        assert_eq!(root.get("a").unwrap().as_str(), Some("😀 é\n"));
        assert!(parse(r#"{"a": "\ud83d"}"#).is_err());
        assert!(parse(r#"{"a": "\ude00"}"#).is_err());
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let root = parse("{\"é\": 1,\n  \"b\": [true, null, -1.5e3]}").unwrap();
        let (key, value) = &root.as_map().unwrap()[0];
        assert_eq!(key.pos, Pos { line: 1, column: 2 });
        assert_eq!(value.pos, Pos { line: 1, column: 7 });
        let b = root.get("b").unwrap();
        assert_eq!(b.pos, Pos { line: 2, column: 8 });
        let items = b.as_seq().unwrap();
        assert_eq!(items[0].as_bool(), Some(true));
        assert!(items[1].is_null());
        assert_eq!(items[2].as_text(), Some("-1.5e3"));
        assert_eq!(
            items[2].pos,
            Pos {
                line: 2,
                column: 21
            }
        );
    }

    #[test]
    fn the_tree_is_the_one_the_yaml_reader_builds() {
        let text = r#"{"openapi": "3.0.0", "n": [1, 2.5, "x", {"k": false}], "e": {}, "l": []}"#;
        let from_json = parse(text).unwrap();
        let from_yaml = super::super::yaml::parse(text).unwrap();
        assert_eq!(from_json, from_yaml);
    }

    #[test]
    fn mistakes_are_located() {
        let err = parse("{\"a\": 1,\n \"a\": 2}").unwrap_err();
        assert!(err.message.contains("duplicate key `a`"), "{err:?}");
        assert_eq!(err.pos, Pos { line: 2, column: 2 });
        let err = parse("{\"a\": tru}").unwrap_err();
        assert_eq!(err.pos, Pos { line: 1, column: 7 });
        assert!(parse("[1, 2").is_err());
        assert!(parse("[01]").is_err());
        assert!(parse("{} x").is_err());
        let err = parse(&"[".repeat(100_000)).unwrap_err();
        assert!(err.message.contains("nesting deeper"), "{err:?}");
    }

    #[test]
    fn a_long_single_line_is_read_in_one_pass() {
        // About 12 MB on one line.
        let item = r#"{"name": "a property with a long enough description", "v": 12345},"#;
        let mut text = String::from("[");
        while text.len() < 12_000_000 {
            text.push_str(item);
        }
        text.push_str("{}]");
        let started = std::time::Instant::now();
        let root = parse(&text).unwrap();
        assert!(root.as_seq().unwrap().len() > 150_000);
        // Linear: seconds even in a debug build, where quadratic column counting took hours.
        assert!(started.elapsed().as_secs() < 60);
    }
}
