//! `$ref` resolution inside one document (JSON pointers, RFC 6901, percent-encoded or not).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::load::node::{DocPath, Node, Value};

/// A `$ref` that could not be followed, with the reason and a hint.
pub struct RefError {
    pub message: String,
    pub hint: Option<String>,
    /// The other document a `$ref` names (`pet.yaml` in `pet.yaml#/Pet`), percent-decoded,
    /// so that the message can say whether that file exists.
    pub external: Option<String>,
}

const BUNDLE_HINT: &str =
    "bundle the description into one file first, e.g. `npx @redocly/cli bundle`";

impl RefError {
    fn new(message: String, hint: Option<&str>) -> Self {
        RefError {
            message,
            hint: hint.map(str::to_owned),
            external: None,
        }
    }

    /// Says whether the other document a `$ref` names exists, looking it up relative to
    /// `base_dir` (the folder of the document being read). Other documents are never read.
    pub fn explain_external(&mut self, reference: &str, base_dir: Option<&Path>) {
        let Some(file) = &self.external else {
            return;
        };
        if file.contains("://") || file.starts_with("//") {
            self.message = format!("`$ref: {reference}` points to a URL; the generator reads one document and fetches nothing");
            self.hint = Some(BUNDLE_HINT.to_owned());
            return;
        }
        let Some(base_dir) = base_dir else {
            return;
        };
        let path: PathBuf = base_dir
            .join(file)
            .components()
            .filter(|c| *c != Component::CurDir)
            .collect();
        let shown = path.display().to_string().replace('\\', "/");
        if path.is_file() {
            self.message = format!("`$ref: {reference}` points into another file, `{shown}`; references to other documents are not supported");
            self.hint = Some(BUNDLE_HINT.to_owned());
        } else {
            self.message = format!(
                "`$ref: {reference}` points into another file, `{shown}`, which does not exist"
            );
            self.hint = Some(format!("the path is relative to the document's folder; other documents are not read in any case: {BUNDLE_HINT}"));
        }
    }
}

/// Splits `#/a/b~1c` into unescaped tokens (`a`, `b/c`).
pub fn parse_pointer(reference: &str) -> Result<Vec<String>, RefError> {
    let Some(fragment) = reference.strip_prefix('#') else {
        let file = reference.split('#').next().unwrap_or(reference);
        let mut error = RefError::new(
            format!("`$ref: {reference}` points into another file (`{file}`); references to other documents are not supported"),
            Some(BUNDLE_HINT),
        );
        error.external = Some(percent_decode(file).unwrap_or_else(|| file.to_owned()));
        return Err(error);
    };
    let decoded = percent_decode(fragment).ok_or_else(|| {
        RefError::new(
            format!("`$ref: {reference}` has an invalid percent-encoding"),
            None,
        )
    })?;
    if decoded.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = decoded.strip_prefix('/') else {
        return Err(RefError::new(
            format!("`$ref: {reference}` is not a JSON pointer (it must start with `#/`)"),
            Some("anchors (`#name`) are not supported; use `#/components/...`"),
        ));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Follows `$ref` chains from `node` (at `path`) to the object they finally name.
/// Returns the target and its own location; on error, the `$ref` value to point the error at
/// and where it stands.
pub fn follow<'a: 'n, 'n>(
    root: &'a Node,
    node: &'n Node,
    path: &DocPath,
    targets: &mut Targets<'a>,
) -> Result<(&'n Node, DocPath), (RefError, &'n Node, DocPath)> {
    let mut current = node;
    let mut current_path = path.clone();
    let mut visited = vec![path.clone()];
    loop {
        let Some(reference) = current.get("$ref") else {
            return Ok((current, current_path));
        };
        let Some(text) = reference.as_str() else {
            return Err((
                RefError::new(
                    format!(
                        "`$ref` must be a string, but this is {}",
                        reference.kind_name()
                    ),
                    None,
                ),
                reference,
                current_path.key("$ref"),
            ));
        };
        let tokens = parse_pointer(text).map_err(|e| (e, reference, current_path.key("$ref")))?;
        let Some(target) = targets.pointer(root, &tokens) else {
            return Err((
                RefError::new(
                    format!(
                        "`$ref: {text}` points to nothing: there is no such place in the document"
                    ),
                    None,
                ),
                reference,
                current_path.key("$ref"),
            ));
        };
        let target_path = DocPath::from_pointer(&tokens);
        if visited.contains(&target_path) {
            visited.push(target_path);
            let chain: Vec<String> = visited.iter().map(ToString::to_string).collect();
            return Err((
                RefError::new(
                    format!(
                        "`$ref` chain loops without reaching a definition: {}",
                        chain.join(" → ")
                    ),
                    Some("a schema that contains itself works (it is boxed); one that only *is* itself names no type"),
                ),
                reference,
                current_path.key("$ref"),
            ));
        }
        if visited.len() > 64 {
            return Err((
                RefError::new("`$ref` chain longer than 64 steps".into(), None),
                reference,
                current_path.key("$ref"),
            ));
        }
        visited.push(target_path.clone());
        current = target;
        current_path = target_path;
    }
}

/// Finds what JSON pointers name, like [`Node::pointer`], through an index of each large
/// mapping it passes (`components.schemas` can hold thousands of entries): a linear search per
/// `$ref` made the model's cost grow with the square of the document.
#[derive(Default)]
pub struct Targets<'a> {
    /// Entry names to values, per mapping (by address), first occurrence winning as in
    /// [`Node::get`].
    indexes: HashMap<*const Node, HashMap<&'a str, &'a Node>>,
}

/// Mappings smaller than this are searched in place.
const INDEXED_FROM: usize = 32;

impl<'a> Targets<'a> {
    pub fn pointer(&mut self, root: &'a Node, tokens: &[String]) -> Option<&'a Node> {
        let mut node = root;
        for token in tokens {
            node = match &node.value {
                Value::Map(entries) if entries.len() >= INDEXED_FROM => {
                    let index = self.indexes.entry(node as *const Node).or_insert_with(|| {
                        let mut index = HashMap::with_capacity(entries.len());
                        for (key, value) in entries {
                            index.entry(key.name.as_str()).or_insert(value);
                        }
                        index
                    });
                    index.get(token.as_str()).copied()?
                }
                _ => node.pointer(std::slice::from_ref(token))?,
            };
        }
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_unescape() {
        let tokens = parse_pointer("#/paths/~1users~1%7Bid%7D/get").ok().unwrap();
        assert_eq!(tokens, ["paths", "/users/{id}", "get"]);
        assert_eq!(parse_pointer("#/a~0b").ok().unwrap(), ["a~b"]);
        assert!(parse_pointer("other.yaml#/x").is_err());
        assert!(parse_pointer("#name").is_err());
    }

    #[test]
    fn indexed_lookups_find_what_node_pointer_finds() {
        let entries: String = (0..100).map(|i| format!("  s{i}: {{n: {i}}}\n")).collect();
        let text = format!("schemas:\n{entries}list: [a, b]\n");
        let root = crate::load::yaml::parse(&text).unwrap();
        let mut targets = Targets::default();
        for pointer in [
            "#/schemas/s0",
            "#/schemas/s7/n",
            "#/schemas/s99",
            "#/schemas/s100",
            "#/list/1",
            "#/list/x",
            "#/schemas/s5/n/x",
        ] {
            let tokens = parse_pointer(pointer).ok().unwrap();
            let expected = root.pointer(&tokens);
            assert_eq!(targets.pointer(&root, &tokens), expected, "{pointer}");
            assert_eq!(
                targets.pointer(&root, &tokens),
                expected,
                "{pointer}, again"
            );
        }
        let s7 = parse_pointer("#/schemas/s7/n").ok().unwrap();
        assert_eq!(
            targets.pointer(&root, &s7).and_then(Node::as_text),
            Some("7")
        );
    }
}
