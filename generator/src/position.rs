//! Where a thing is in the document: its line and column in the text ([`Pos`]) and its place
//! in the tree ([`DocPath`]). The loader records both on every node; diagnostics print them.
//! Both stages depend on this module, and it on neither.

use std::fmt;

/// A position in the source text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A place in the document, printed as `paths./authorize.get.parameters[1].style`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Segment {
    Key(String),
    Index(usize),
}

impl DocPath {
    pub fn root() -> Self {
        DocPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_owned()));
        DocPath(segments)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        DocPath(segments)
    }

    /// The path a JSON pointer (`#/components/schemas/Pet`) names.
    pub fn from_pointer(tokens: &[String]) -> Self {
        DocPath(tokens.iter().map(|t| Segment::Key(t.clone())).collect())
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path as JSON pointer tokens, to find the node again.
    pub fn keys(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|s| match s {
                Segment::Key(k) => k.clone(),
                Segment::Index(i) => i.to_string(),
            })
            .collect()
    }

    /// The last key of the path (`Pet` in `components.schemas.Pet`).
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last()? {
            Segment::Key(k) => Some(k),
            Segment::Index(_) => None,
        }
    }

    /// Whether this is `components.<kind>.<name>` exactly.
    pub fn is_component(&self, kind: &str) -> bool {
        matches!(self.0.as_slice(),
            [Segment::Key(c), Segment::Key(k), Segment::Key(_)] if c == "components" && k == kind)
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document root)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if i == 0 => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}
