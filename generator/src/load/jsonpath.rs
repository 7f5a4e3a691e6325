//! JSONPath (RFC 9535) as Overlay 1.0 targets use it: selecting nodes of the document tree.
//!
//! Supported: the root `$`; child segments `.name`, `['name']`, `["name"]`, `[0]`, `[-1]`, `*`,
//! and unions of those in one bracket; descendant segments `..name`, `..*`, `..[...]`; filters
//! `[?@.a.b == 'x']` (also written `[?(...)]`) with `==`, `!=`, `<`, `<=`, `>`, `>=`, existence
//! (`?@.deprecated`), `!`, `&&`, `||` and parentheses, comparing with string, number, boolean
//! and null literals. Slices and function extensions (`length()`, `match()`) are refused with
//! an error naming the column, not guessed at.

use super::node::{Node, ScalarKind, Value};

/// A parsed path: what each segment selects, applied left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPath {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq)]
struct Segment {
    /// `..`: the selectors apply to the node and every node below it.
    descendant: bool,
    selectors: Vec<Selector>,
}

#[derive(Debug, Clone, PartialEq)]
enum Selector {
    Name(String),
    Index(i64),
    Wildcard,
    Filter(Filter),
}

#[derive(Debug, Clone, PartialEq)]
enum Filter {
    Or(Vec<Filter>),
    And(Vec<Filter>),
    Not(Box<Filter>),
    /// `@.a.b` exists.
    Exists(Vec<String>),
    Compare(Operand, Comparison, Operand),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    /// A path relative to the current node (`@.a.b`).
    Current(Vec<String>),
    Literal(Literal),
}

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    /// A mapping or list: compared with nothing (deep equality is not supported).
    Structure,
}

/// A step from a node to one of its children.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Why a path does not parse: what is wrong, at which character (0-based) of the path.
#[derive(Debug, Clone, PartialEq)]
pub struct PathError {
    pub offset: usize,
    pub message: String,
}

impl JsonPath {
    pub fn parse(text: &str) -> Result<JsonPath, PathError> {
        Parser {
            chars: text.chars().collect(),
            at: 0,
        }
        .path()
    }

    /// The locations of every node the path selects, in document order, each once.
    pub fn select(&self, root: &Node) -> Vec<Vec<Step>> {
        let mut current: Vec<Vec<Step>> = vec![Vec::new()];
        for segment in &self.segments {
            let mut next = Vec::new();
            for location in &current {
                let Some(node) = node_at(root, location) else {
                    continue;
                };
                if segment.descendant {
                    visit_descendants(node, location.clone(), &mut |node, location| {
                        select_children(node, &location, &segment.selectors, &mut next)
                    });
                } else {
                    select_children(node, location, &segment.selectors, &mut next);
                }
            }
            current = next;
        }
        let mut seen = std::collections::HashSet::new();
        current.retain(|location| seen.insert(location.clone()));
        current
    }
}

/// The node at `location`, if it is still there.
pub fn node_at<'a>(root: &'a Node, location: &[Step]) -> Option<&'a Node> {
    location.iter().try_fold(root, |node, step| match step {
        Step::Key(key) => node.get(key),
        Step::Index(i) => node.as_seq()?.get(*i),
    })
}

fn visit_descendants(node: &Node, location: Vec<Step>, visit: &mut dyn FnMut(&Node, Vec<Step>)) {
    visit(node, location.clone());
    match &node.value {
        Value::Map(entries) => {
            for (key, child) in entries {
                let mut inner = location.clone();
                inner.push(Step::Key(key.name.clone()));
                visit_descendants(child, inner, visit);
            }
        }
        Value::Seq(items) => {
            for (i, child) in items.iter().enumerate() {
                let mut inner = location.clone();
                inner.push(Step::Index(i));
                visit_descendants(child, inner, visit);
            }
        }
        Value::Scalar { .. } => {}
    }
}

fn select_children(
    node: &Node,
    location: &[Step],
    selectors: &[Selector],
    out: &mut Vec<Vec<Step>>,
) {
    let child = |step: Step| {
        let mut inner = location.to_vec();
        inner.push(step);
        inner
    };
    for selector in selectors {
        match (selector, &node.value) {
            (Selector::Name(name), Value::Map(entries))
                if entries.iter().any(|(k, _)| &k.name == name) =>
            {
                out.push(child(Step::Key(name.clone())));
            }
            (Selector::Index(i), Value::Seq(items)) => {
                let len = items.len() as i64;
                let at = if *i < 0 { len + i } else { *i };
                if (0..len).contains(&at) {
                    out.push(child(Step::Index(at as usize)));
                }
            }
            (Selector::Wildcard, Value::Map(entries)) => {
                out.extend(
                    entries
                        .iter()
                        .map(|(k, _)| child(Step::Key(k.name.clone()))),
                );
            }
            (Selector::Wildcard, Value::Seq(items)) => {
                out.extend((0..items.len()).map(|i| child(Step::Index(i))));
            }
            (Selector::Filter(filter), Value::Map(entries)) => {
                for (key, value) in entries {
                    if filter.holds(value) {
                        out.push(child(Step::Key(key.name.clone())));
                    }
                }
            }
            (Selector::Filter(filter), Value::Seq(items)) => {
                for (i, value) in items.iter().enumerate() {
                    if filter.holds(value) {
                        out.push(child(Step::Index(i)));
                    }
                }
            }
            _ => {}
        }
    }
}

impl Filter {
    fn holds(&self, current: &Node) -> bool {
        match self {
            Filter::Or(parts) => parts.iter().any(|p| p.holds(current)),
            Filter::And(parts) => parts.iter().all(|p| p.holds(current)),
            Filter::Not(inner) => !inner.holds(current),
            Filter::Exists(path) => relative(current, path).is_some(),
            Filter::Compare(left, op, right) => {
                let left = left.value(current);
                let right = right.value(current);
                match (left, right) {
                    (Some(l), Some(r)) => compare(&l, *op, &r),
                    // RFC 9535: an empty node list equals only another empty one.
                    (None, None) => matches!(op, Comparison::Eq | Comparison::Le | Comparison::Ge),
                    _ => *op == Comparison::Ne,
                }
            }
        }
    }
}

fn relative<'a>(node: &'a Node, path: &[String]) -> Option<&'a Node> {
    path.iter().try_fold(node, |node, key| node.get(key))
}

impl Operand {
    /// The literal a node stands for; a mapping or list compares as nothing but itself.
    fn value(&self, current: &Node) -> Option<Literal> {
        match self {
            Operand::Literal(literal) => Some(literal.clone()),
            Operand::Current(path) => {
                let node = relative(current, path)?;
                Some(match node.scalar_kind() {
                    Some(ScalarKind::Null) => Literal::Null,
                    Some(ScalarKind::Bool(b)) => Literal::Bool(b),
                    Some(ScalarKind::Int(i)) => Literal::Num(i as f64),
                    Some(ScalarKind::Float(f)) => Literal::Num(f),
                    Some(ScalarKind::Str) => Literal::Str(node.as_str().unwrap_or("").to_owned()),
                    None => Literal::Structure,
                })
            }
        }
    }
}

fn compare(left: &Literal, op: Comparison, right: &Literal) -> bool {
    use std::cmp::Ordering;
    let ordering = match (left, right) {
        (Literal::Num(a), Literal::Num(b)) => a.partial_cmp(b),
        (Literal::Str(a), Literal::Str(b)) => Some(a.cmp(b)),
        (Literal::Structure, _) | (_, Literal::Structure) => None,
        (a, b) if a == b => Some(Ordering::Equal),
        _ => None,
    };
    match op {
        Comparison::Eq => ordering == Some(Ordering::Equal),
        Comparison::Ne => ordering != Some(Ordering::Equal),
        // Booleans and null are equal or not, never ordered.
        _ if matches!(left, Literal::Bool(_) | Literal::Null) => {
            matches!(op, Comparison::Le | Comparison::Ge) && ordering == Some(Ordering::Equal)
        }
        Comparison::Lt => ordering == Some(Ordering::Less),
        Comparison::Le => matches!(ordering, Some(Ordering::Less | Ordering::Equal)),
        Comparison::Gt => ordering == Some(Ordering::Greater),
        Comparison::Ge => matches!(ordering, Some(Ordering::Greater | Ordering::Equal)),
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn error<T>(&self, message: impl Into<String>) -> Result<T, PathError> {
        Err(PathError {
            offset: self.at,
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        if self.chars[self.at.min(self.chars.len())..]
            .iter()
            .take(n)
            .copied()
            .eq(s.chars())
        {
            self.at += n;
            true
        } else {
            false
        }
    }

    fn blanks(&mut self) {
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.at += 1;
        }
    }

    fn path(mut self) -> Result<JsonPath, PathError> {
        if !self.eat('$') {
            return self.error("a target starts with `$`, the document's root");
        }
        let mut segments = Vec::new();
        while self.peek().is_some() {
            segments.push(self.segment()?);
        }
        Ok(JsonPath { segments })
    }

    fn segment(&mut self) -> Result<Segment, PathError> {
        if self.eat_str("..") {
            let selectors = match self.peek() {
                Some('[') => self.bracket()?,
                Some('*') => {
                    self.at += 1;
                    vec![Selector::Wildcard]
                }
                _ => vec![Selector::Name(self.member_name()?)],
            };
            return Ok(Segment {
                descendant: true,
                selectors,
            });
        }
        let selectors = if self.eat('.') {
            if self.eat('*') {
                vec![Selector::Wildcard]
            } else {
                vec![Selector::Name(self.member_name()?)]
            }
        } else if self.peek() == Some('[') {
            self.bracket()?
        } else {
            return self.error("expected `.name`, `..name` or `[...]`");
        };
        Ok(Segment {
            descendant: false,
            selectors,
        })
    }

    /// A name in dot notation: letters, digits, `_`, `-`, `$` and any non-ASCII character.
    fn member_name(&mut self) -> Result<String, PathError> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$') || !c.is_ascii())
        {
            self.at += 1;
        }
        if self.at == start {
            return self.error("expected a member name (quote other names: `['/a/b']`)");
        }
        Ok(self.chars[start..self.at].iter().collect())
    }

    fn bracket(&mut self) -> Result<Vec<Selector>, PathError> {
        self.eat('[');
        let mut selectors = Vec::new();
        loop {
            self.blanks();
            selectors.push(self.selector()?);
            self.blanks();
            if self.eat(']') {
                return Ok(selectors);
            }
            if !self.eat(',') {
                return self.error("expected `,` or `]`");
            }
        }
    }

    fn selector(&mut self) -> Result<Selector, PathError> {
        match self.peek() {
            Some('\'' | '"') => Ok(Selector::Name(self.quoted()?)),
            Some('*') => {
                self.at += 1;
                Ok(Selector::Wildcard)
            }
            Some('?') => {
                self.at += 1;
                self.blanks();
                Ok(Selector::Filter(self.or()?))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let index = self.integer()?;
                self.blanks();
                if self.peek() == Some(':') {
                    return self.error("array slices (`[a:b]`) are not supported in targets");
                }
                Ok(Selector::Index(index))
            }
            Some(':') => self.error("array slices (`[a:b]`) are not supported in targets"),
            _ => self.error("expected a quoted name, an index, `*` or a filter `?...`"),
        }
    }

    fn integer(&mut self) -> Result<i64, PathError> {
        let start = self.at;
        self.eat('-');
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        match text.parse() {
            Ok(n) => Ok(n),
            Err(_) => {
                self.at = start;
                self.error("expected an integer index")
            }
        }
    }

    fn quoted(&mut self) -> Result<String, PathError> {
        let quote = self.peek().unwrap_or('\'');
        let start = self.at;
        self.at += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    self.at = start;
                    return self.error("a quoted name is not closed");
                }
                Some(c) if c == quote => {
                    self.at += 1;
                    return Ok(out);
                }
                Some('\\') => {
                    self.at += 1;
                    let escaped = match self.peek() {
                        Some('b') => '\u{8}',
                        Some('f') => '\u{c}',
                        Some('n') => '\n',
                        Some('r') => '\r',
                        Some('t') => '\t',
                        Some('u') => {
                            let hex: String = self.chars[(self.at + 1).min(self.chars.len())
                                ..(self.at + 5).min(self.chars.len())]
                                .iter()
                                .collect();
                            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                Some(c) if hex.len() == 4 => {
                                    self.at += 4;
                                    c
                                }
                                _ => {
                                    return self.error("`\\u` needs four hex digits of a character")
                                }
                            }
                        }
                        Some(c @ ('\'' | '"' | '/' | '\\')) => c,
                        _ => return self.error("unknown escape in a quoted name"),
                    };
                    self.at += 1;
                    out.push(escaped);
                }
                Some(c) => {
                    self.at += 1;
                    out.push(c);
                }
            }
        }
    }

    fn or(&mut self) -> Result<Filter, PathError> {
        let mut parts = vec![self.and()?];
        loop {
            self.blanks();
            if !self.eat_str("||") {
                break;
            }
            self.blanks();
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Filter::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Filter, PathError> {
        let mut parts = vec![self.unary()?];
        loop {
            self.blanks();
            if !self.eat_str("&&") {
                break;
            }
            self.blanks();
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Filter::And(parts)
        })
    }

    fn unary(&mut self) -> Result<Filter, PathError> {
        self.blanks();
        if self.peek() == Some('!') && self.peek_at(1) != Some('=') {
            self.at += 1;
            return Ok(Filter::Not(Box::new(self.unary()?)));
        }
        if self.eat('(') {
            let inner = self.or()?;
            self.blanks();
            if !self.eat(')') {
                return self.error("expected `)`");
            }
            return Ok(inner);
        }
        let left = self.operand()?;
        self.blanks();
        let op = if self.eat_str("==") {
            Comparison::Eq
        } else if self.eat_str("!=") {
            Comparison::Ne
        } else if self.eat_str("<=") {
            Comparison::Le
        } else if self.eat_str(">=") {
            Comparison::Ge
        } else if self.eat('<') {
            Comparison::Lt
        } else if self.eat('>') {
            Comparison::Gt
        } else {
            return match left {
                Operand::Current(path) => Ok(Filter::Exists(path)),
                Operand::Literal(_) => self.error("a literal alone is not a test; compare it"),
            };
        };
        self.blanks();
        let right = self.operand()?;
        Ok(Filter::Compare(left, op, right))
    }

    fn operand(&mut self) -> Result<Operand, PathError> {
        match self.peek() {
            Some('@') => {
                self.at += 1;
                let mut path = Vec::new();
                loop {
                    if self.peek() == Some('.') && self.peek_at(1) != Some('.') {
                        self.at += 1;
                        path.push(self.member_name()?);
                    } else if self.peek() == Some('[')
                        && matches!(self.peek_at(1), Some('\'' | '"'))
                    {
                        self.at += 1;
                        path.push(self.quoted()?);
                        if !self.eat(']') {
                            return self.error("expected `]`");
                        }
                    } else {
                        break;
                    }
                }
                Ok(Operand::Current(path))
            }
            Some('\'' | '"') => Ok(Operand::Literal(Literal::Str(self.quoted()?))),
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let start = self.at;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
                {
                    self.at += 1;
                }
                let text: String = self.chars[start..self.at].iter().collect();
                match text.parse() {
                    Ok(n) => Ok(Operand::Literal(Literal::Num(n))),
                    Err(_) => {
                        self.at = start;
                        self.error("not a number")
                    }
                }
            }
            _ if self.eat_str("true") => Ok(Operand::Literal(Literal::Bool(true))),
            _ if self.eat_str("false") => Ok(Operand::Literal(Literal::Bool(false))),
            _ if self.eat_str("null") => Ok(Operand::Literal(Literal::Null)),
            Some('$') => self.error("absolute paths inside filters are not supported; use `@`"),
            _ => self.error(
                "expected `@...`, a string, a number, true, false or null \
                 (function extensions are not supported)",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    fn doc() -> Node {
        yaml::parse(
            r#"
paths:
  /a:
    get: {operationId: getA, tags: [x], deprecated: true}
    post: {operationId: postA, tags: [y]}
  /b/{id}:
    get: {operationId: getB, x-n: 3}
list: [1, 2, 3]
"#,
        )
        .unwrap()
    }

    fn select(path: &str) -> Vec<Vec<Step>> {
        JsonPath::parse(path).unwrap().select(&doc())
    }

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    #[test]
    fn names_in_brackets_and_dots() {
        assert_eq!(
            select("$.paths['/b/{id}'].get"),
            [vec![key("paths"), key("/b/{id}"), key("get")]]
        );
        assert_eq!(
            select(r#"$["paths"]["/a"]"#),
            [vec![key("paths"), key("/a")]]
        );
        assert!(select("$.paths['/nope']").is_empty());
    }

    #[test]
    fn wildcards_indexes_and_descendants() {
        assert_eq!(select("$.paths['/a'].*").len(), 2);
        assert_eq!(select("$.list[-1]"), [vec![key("list"), Step::Index(2)]]);
        assert_eq!(select("$.list[0,2]").len(), 2);
        assert_eq!(select("$..operationId").len(), 3);
        assert_eq!(select("$..[?@.operationId]").len(), 3);
    }

    #[test]
    fn filters_compare_and_combine() {
        let ids = |path: &str| -> Vec<String> {
            let root = doc();
            JsonPath::parse(path)
                .unwrap()
                .select(&root)
                .iter()
                .map(|l| {
                    node_at(&root, l)
                        .unwrap()
                        .get("operationId")
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
                .collect()
        };
        assert_eq!(ids("$.paths.*[?@.operationId == 'postA']"), ["postA"]);
        assert_eq!(ids("$.paths.*[?(@.deprecated == true)]"), ["getA"]);
        assert_eq!(ids("$.paths.*[?@['x-n'] >= 3]"), ["getB"]);
        assert_eq!(
            ids("$.paths.*[?@.deprecated || @.operationId == \"getB\"]"),
            ["getA", "getB"]
        );
        assert_eq!(
            ids("$.paths.*[?!@.deprecated && @.operationId != 'getB']"),
            ["postA"]
        );
    }

    #[test]
    fn what_is_not_supported_is_an_error_at_its_column() {
        for (path, offset) in [
            ("paths", 0),
            ("$.list[0:2]", 8),
            ("$.paths[?length(@) > 1]", 9),
            ("$.paths['/a", 8),
            ("$.paths.", 8),
        ] {
            let error = JsonPath::parse(path).unwrap_err();
            assert_eq!(error.offset, offset, "{path}: {error:?}");
        }
    }
}
