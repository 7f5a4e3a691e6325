//! The document's own examples, paired with the type each must decode as: what
//! `Options::example_tests` turns into a test of the generated crate.
//!
//! Examples counted: `example` and `examples` (3.1, a list) on a schema that has a type of its own
//! or is a property of one, and `example` / `examples` (Example Objects, `$ref`s to
//! `components.examples` followed) on a JSON request body or response. `externalValue` is
//! outside the document and not read.

use std::collections::HashMap;

use super::ir::*;
use crate::load::node::{DocPath, Node};
use crate::load::Document;

/// Every example in `doc` that has a generated type to decode it, in a stable order.
pub fn collect(doc: &Document, api: &Api) -> ExampleTests {
    let root = &doc.root;
    let openapi_31 = doc.version == crate::load::OpenApiVersion::V3_1;
    let mut pairs = Vec::new();
    let mut defs: Vec<(TypeId, &TypeDef)> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, d)| (TypeId(i), d))
        .collect();
    defs.sort_by(|a, b| a.1.source.cmp(&b.1.source));
    for (id, def) in defs {
        let Some(node) = root.pointer(&def.source.keys()) else {
            continue;
        };
        let ty = if admits_null(node) && !matches!(def.kind, TypeKind::Alias(_)) {
            Ty::Nullable(Box::new(Ty::Named(id)))
        } else {
            Ty::Named(id)
        };
        let schema = json_pointer(root, &def.source, openapi_31);
        schema_examples(node, &def.source, schema, &ty, &mut pairs);
        if let TypeKind::Struct(s) = &def.kind {
            for field in &s.fields {
                let at = def.source.key("properties").key(&field.wire_name);
                let Some(property) = root.pointer(&at.keys()) else {
                    continue;
                };
                let ty = if field.nullable {
                    Ty::Nullable(Box::new(field.ty.clone()))
                } else {
                    field.ty.clone()
                };
                let schema = json_pointer(root, &at, openapi_31);
                schema_examples(property, &at, schema, &ty, &mut pairs);
            }
        }
    }
    for op in &api.operations {
        if let Some(body) = op.body.as_ref().filter(|b| b.media == Media::Json) {
            let at = op.source.key("requestBody");
            if let Some((node, at)) = followed(root, &at) {
                let at = at.key("content").key(&body.content_type);
                let schema = json_pointer(root, &at.key("schema"), openapi_31);
                media_examples(
                    root,
                    node,
                    &at,
                    schema,
                    &body.content_type,
                    &body.ty,
                    &mut pairs,
                );
            }
        }
        let Some(responses) = root
            .pointer(&op.source.keys())
            .and_then(|o| o.get("responses"))
            .and_then(Node::as_map)
        else {
            continue;
        };
        let cases: HashMap<String, &ResponseCase> = op
            .success
            .iter()
            .chain(&op.errors)
            .map(|c| (status_key(&c.status), c))
            .collect();
        for (key, _) in responses {
            let Some(case) = cases.get(&key.name.to_ascii_uppercase()) else {
                continue;
            };
            let Some((node, at)) = followed(root, &op.source.key("responses").key(&key.name))
            else {
                continue;
            };
            for content in case.contents.iter().filter(|c| c.media == Media::Json) {
                let at = at.key("content").key(&content.content_type);
                let schema = json_pointer(root, &at.key("schema"), openapi_31);
                media_examples(
                    root,
                    node,
                    &at,
                    schema,
                    &content.content_type,
                    &content.ty,
                    &mut pairs,
                );
            }
        }
    }
    ExampleTests {
        pairs,
        document_json: root.to_json_text(),
        openapi_31,
    }
}

fn status_key(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(r) => format!("{r}XX"),
        StatusMatch::Default => "DEFAULT".into(),
    }
}

/// The node at `at`, through one `$ref` (a request body or response in `components`).
fn followed<'a>(root: &'a Node, at: &DocPath) -> Option<(&'a Node, DocPath)> {
    let node = root.pointer(&at.keys())?;
    match node.get("$ref").and_then(Node::as_str) {
        Some(reference) => {
            let tokens = pointer_tokens(reference)?;
            Some((root.pointer(&tokens)?, DocPath::from_pointer(&tokens)))
        }
        None => Some((node, at.clone())),
    }
}

fn pointer_tokens(reference: &str) -> Option<Vec<String>> {
    let pointer = reference.strip_prefix("#/")?;
    Some(
        pointer
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// `at` as the test's `$ref` finds it: a JSON pointer written for a URI fragment (RFC 6901
/// escapes, then percent-encoding of what a fragment cannot hold, section 6, such as the `{}` of
/// path templates and the `#` some documents put in path keys), into the copy of the document
/// the test validates. For 3.0 that copy is rewritten (`nullable_as_json_schema` in the emitted
/// test): a `nullable: true` schema without a single `type` becomes `{"anyOf": [schema,
/// {"type": "null"}]}`, so whatever lies below it is under `anyOf/0`.
fn json_pointer(root: &Node, at: &DocPath, openapi_31: bool) -> String {
    let mut out = String::new();
    let mut node = Some(root);
    for key in at.keys() {
        let wrapped = |n: &Node| {
            n.get("nullable").and_then(Node::as_bool) == Some(true)
                && n.get("type").and_then(Node::as_str).is_none()
        };
        if !openapi_31 && node.is_some_and(wrapped) {
            out.push_str("/anyOf/0");
        }
        out.push('/');
        for byte in key.replace('~', "~0").replace('/', "~1").bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        node = node.and_then(|n| n.pointer(std::slice::from_ref(&key)));
    }
    out
}

fn admits_null(node: &Node) -> bool {
    node.get("nullable").and_then(Node::as_bool) == Some(true)
        || node.get("type").is_some_and(|t| {
            t.as_str() == Some("null")
                || t.as_seq()
                    .is_some_and(|s| s.iter().any(|i| i.as_str() == Some("null")))
        })
}

/// `schema` is the pointer the test validates against ([`json_pointer`]).
fn schema_examples(node: &Node, at: &DocPath, schema: String, ty: &Ty, out: &mut Vec<ExamplePair>) {
    if let Some(value) = node.get("example") {
        out.push(ExamplePair {
            place: at.key("example").to_string(),
            ty: ty.clone(),
            value: value.to_json_text(),
            schema: schema.clone(),
        });
    }
    if let Some(values) = node.get("examples").and_then(Node::as_seq) {
        for (i, value) in values.iter().enumerate() {
            out.push(ExamplePair {
                place: at.key("examples").index(i).to_string(),
                ty: ty.clone(),
                value: value.to_json_text(),
                schema: schema.clone(),
            });
        }
    }
}

/// The examples of the media type `content_type` under the body or response `node`; `schema`
/// is the pointer the test validates against ([`json_pointer`]).
fn media_examples(
    root: &Node,
    node: &Node,
    at: &DocPath,
    schema: String,
    content_type: &str,
    ty: &Ty,
    out: &mut Vec<ExamplePair>,
) {
    let Some(media) = node.get("content").and_then(|c| c.get(content_type)) else {
        return;
    };
    if media.get("schema").is_none() {
        return;
    }
    if let Some(value) = media.get("example") {
        out.push(ExamplePair {
            place: at.key("example").to_string(),
            ty: ty.clone(),
            value: value.to_json_text(),
            schema: schema.clone(),
        });
    }
    for (name, example) in media
        .get("examples")
        .and_then(Node::as_map)
        .unwrap_or_default()
    {
        let example = match example.get("$ref").and_then(Node::as_str) {
            Some(reference) => match pointer_tokens(reference).and_then(|t| root.pointer(&t)) {
                Some(target) => target,
                None => continue,
            },
            None => example,
        };
        if let Some(value) = example.get("value") {
            out.push(ExamplePair {
                place: at.key("examples").key(&name.name).to_string(),
                ty: ty.clone(),
                value: value.to_json_text(),
                schema: schema.clone(),
            });
        }
    }
}
