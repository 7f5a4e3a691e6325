//! `$ref` resolution inside one document (JSON pointers, RFC 6901, percent-encoded or not).

use crate::load::node::{DocPath, Node};

/// A `$ref` that could not be followed, with the reason and a hint.
pub struct RefError {
    pub message: String,
    pub hint: Option<String>,
}

/// Splits `#/a/b~1c` into unescaped tokens (`a`, `b/c`).
pub fn parse_pointer(reference: &str) -> Result<Vec<String>, RefError> {
    let Some(fragment) = reference.strip_prefix('#') else {
        let file = reference.split('#').next().unwrap_or(reference);
        return Err(RefError {
            message: format!("`$ref: {reference}` points into another file (`{file}`); references to other documents are not supported"),
            hint: Some("bundle the description into one file first, e.g. `npx @redocly/cli bundle`".into()),
        });
    };
    let decoded = percent_decode(fragment).ok_or_else(|| RefError {
        message: format!("`$ref: {reference}` has an invalid percent-encoding"),
        hint: None,
    })?;
    if decoded.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = decoded.strip_prefix('/') else {
        return Err(RefError {
            message: format!("`$ref: {reference}` is not a JSON pointer (it must start with `#/`)"),
            hint: Some("anchors (`#name`) are not supported; use `#/components/...`".into()),
        });
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
/// Returns the target and its own location.
pub fn follow<'a>(
    root: &'a Node,
    node: &'a Node,
    path: &DocPath,
) -> Result<(&'a Node, DocPath), (RefError, &'a Node)> {
    let mut current = node;
    let mut current_path = path.clone();
    for _ in 0..64 {
        let Some(reference) = current.get("$ref") else {
            return Ok((current, current_path));
        };
        let Some(text) = reference.as_str() else {
            return Err((
                RefError {
                    message: "`$ref` must be a string".into(),
                    hint: None,
                },
                reference,
            ));
        };
        let tokens = parse_pointer(text).map_err(|e| (e, reference))?;
        let Some(target) = root.pointer(&tokens) else {
            return Err((
                RefError {
                    message: format!(
                        "`$ref: {text}` points to nothing: there is no such place in the document"
                    ),
                    hint: None,
                },
                reference,
            ));
        };
        current = target;
        current_path = DocPath::from_pointer(&tokens);
    }
    Err((
        RefError {
            message: "`$ref` chain is a cycle (or longer than 64 steps)".into(),
            hint: None,
        },
        node,
    ))
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
}
