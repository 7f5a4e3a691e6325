//! The generator never panics: real documents, mutated, go through `generate`, which must return
//! `Ok` or `Err` (every `Err` with at least one error), and whatever it generates must be valid
//! Rust syntax.
//!
//! Inputs: `spec/auth0.yaml` and slices of the Pieces OS API (a few paths each, with the schemas
//! they reach). Mutations, applied to the node tree and then written back as YAML: delete a
//! node, graft a copy of one node over another, change a node's type (scalar, list, mapping),
//! rename or swap keys (to OpenAPI keywords too), point a `$ref` somewhere (possibly back at
//! itself); and on the text: truncate it, or splice bytes out.
//!
//! `FUZZ_CASES` sets the number of cases (default 300). A long run, as recorded in
//! `docs/fuzzing.md`:
//!
//! ```sh
//! FUZZ_CASES=20000 cargo test --release -p openapi-rust-generator --test it fuzz:: -- --nocapture
//! ```
//!
//! A failing case is shrunk and its seed saved in `tests/it/fuzz.proptest-regressions` (replayed
//! first by every later run); it then becomes a fixture and a fix.

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use generator::diagnostics::Diagnostics;
use generator::load::node::{Key, Node, Pos, Value};
use generator::{generate, Options, Severity};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// The documents mutations start from: name and node tree.
fn seeds() -> &'static [(String, Node)] {
    static SEEDS: OnceLock<Vec<(String, Node)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let load = |name: &str, text: &str| {
            let mut diags = Diagnostics::new(name);
            generator::load::load(text, &mut diags)
                .expect("the seed documents load")
                .root
        };
        let (name, text) = common::auth0();
        let mut seeds = vec![(name, load("auth0", &text))];
        let (name, text) = common::pieces_os();
        let pieces = load(&name, &text);
        let path_count = pieces.get("paths").and_then(Node::as_map).unwrap().len();
        for (i, start) in (0..path_count).step_by(path_count / 12).enumerate() {
            seeds.push((format!("pieces-slice-{i}.yaml"), slice(&pieces, start, 4)));
        }
        seeds
    })
}

/// `count` paths of the document from `start`, with the component schemas they reach.
fn slice(root: &Node, start: usize, count: usize) -> Node {
    let Value::Map(top) = &root.value else {
        unreachable!()
    };
    let mut out = Vec::new();
    for (key, value) in top {
        match key.name.as_str() {
            "paths" => {
                let Value::Map(paths) = &value.value else {
                    unreachable!()
                };
                let kept = paths.iter().skip(start).take(count).cloned().collect();
                out.push((key.clone(), node(Value::Map(kept))));
            }
            "components" => {}
            _ => out.push((key.clone(), value.clone())),
        }
    }
    let mut doc = node(Value::Map(out));
    // Every schema a kept node refers to, transitively.
    let schemas = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Node::as_map)
        .unwrap_or_default();
    let mut wanted: Vec<String> = Vec::new();
    let mut todo = refs_in(&doc);
    while let Some(name) = todo.pop() {
        if wanted.contains(&name) {
            continue;
        }
        if let Some((_, schema)) = schemas.iter().find(|(k, _)| k.name == name) {
            todo.extend(refs_in(schema));
            wanted.push(name);
        }
    }
    let kept: Vec<(Key, Node)> = schemas
        .iter()
        .filter(|(k, _)| wanted.contains(&k.name))
        .cloned()
        .collect();
    let mut components = vec![(key("schemas"), node(Value::Map(kept)))];
    if let Some(security) = root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
    {
        components.push((key("securitySchemes"), security.clone()));
    }
    if let Value::Map(entries) = &mut doc.value {
        entries.push((key("components"), node(Value::Map(components))));
    }
    doc
}

fn refs_in(node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        match &n.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    if k.name == "$ref" {
                        if let Some(name) = v
                            .as_str()
                            .and_then(|r| r.strip_prefix("#/components/schemas/"))
                        {
                            out.push(name.to_owned());
                        }
                    }
                    todo.push(v);
                }
            }
            Value::Seq(items) => todo.extend(items),
            Value::Scalar { .. } => {}
        }
    }
    out
}

fn node(value: Value) -> Node {
    Node {
        pos: Pos::default(),
        value,
    }
}

fn key(name: &str) -> Key {
    Key {
        name: name.to_owned(),
        pos: Pos::default(),
    }
}

fn scalar(text: &str, plain: bool) -> Node {
    node(Value::Scalar {
        text: text.to_owned(),
        plain,
    })
}

/// Keys that mean something to the generator, to rename keys to.
const KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "prefixItems",
    "properties",
    "additionalProperties",
    "required",
    "enum",
    "const",
    "nullable",
    "discriminator",
    "mapping",
    "propertyName",
    "format",
    "default",
    "readOnly",
    "writeOnly",
    "x-secret",
    "in",
    "name",
    "style",
    "explode",
    "schema",
    "content",
    "parameters",
    "requestBody",
    "responses",
    "operationId",
    "security",
    "servers",
    "url",
    "variables",
    "paths",
    "components",
    "schemas",
    "securitySchemes",
    "openapi",
    "get",
    "post",
    "200",
    "default",
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
    "encoding",
    "webhooks",
];

/// Scalars to put anywhere: every YAML type, and texts that matter to the generator.
const SCALARS: &[(&str, bool)] = &[
    ("", true),
    ("null", true),
    ("true", true),
    ("false", true),
    ("0", true),
    ("-1", true),
    ("3.5", true),
    ("1e400", true),
    ("yes", true),
    ("", false),
    ("object", false),
    ("array", false),
    ("string", false),
    ("integer", false),
    ("null", false),
    ("query", false),
    ("path", false),
    ("deepObject", false),
    ("spaceDelimited", false),
    ("3.0.3", false),
    ("3.1.0", false),
    ("2.0", false),
    ("/x/{id}", false),
    ("{", false),
    ("#", false),
    ("#/", false),
    ("#/components/schemas", false),
    ("other.yaml#/a", false),
    ("²🎉 Self", false),
    ("type", false),
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Graft { from: usize, to: usize },
    Retype(usize, usize),
    RenameKey(usize, usize),
    SwapKeys(usize),
    PointRef { at: usize, target: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = any::<usize>;
    prop_oneof![
        n().prop_map(Mutation::Delete),
        (n(), n()).prop_map(|(from, to)| Mutation::Graft { from, to }),
        (n(), n()).prop_map(|(a, b)| Mutation::Retype(a, b)),
        (n(), n()).prop_map(|(a, b)| Mutation::RenameKey(a, b)),
        n().prop_map(Mutation::SwapKeys),
        (n(), n()).prop_map(|(at, target)| Mutation::PointRef { at, target }),
    ]
}

#[derive(Debug, Clone)]
enum TextEdit {
    Truncate(usize),
    Splice { at: usize, len: usize },
}

fn text_edit() -> impl Strategy<Value = Option<TextEdit>> {
    prop_oneof![
        3 => Just(None),
        1 => any::<usize>().prop_map(|at| Some(TextEdit::Truncate(at))),
        1 => (any::<usize>(), 1usize..40).prop_map(|(at, len)| Some(TextEdit::Splice { at, len })),
    ]
}

/// Counts the nodes of a tree (preorder, the root first).
fn count(node: &Node) -> usize {
    1 + match &node.value {
        Value::Scalar { .. } => 0,
        Value::Seq(items) => items.iter().map(count).sum(),
        Value::Map(entries) => entries.iter().map(|(_, v)| count(v)).sum(),
    }
}

/// The `index`-th node in preorder, with its JSON pointer tokens.
fn nth<'a>(node: &'a mut Node, index: &mut usize, path: &mut Vec<String>) -> Option<&'a mut Node> {
    if *index == 0 {
        return Some(node);
    }
    *index -= 1;
    match &mut node.value {
        Value::Scalar { .. } => None,
        Value::Seq(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push(i.to_string());
                if let Some(found) = nth(item, index, path) {
                    return Some(found);
                }
                path.pop();
            }
            None
        }
        Value::Map(entries) => {
            for (k, v) in entries.iter_mut() {
                path.push(k.name.clone());
                if let Some(found) = nth(v, index, path) {
                    return Some(found);
                }
                path.pop();
            }
            None
        }
    }
}

fn at(root: &mut Node, index: usize) -> (&mut Node, Vec<String>) {
    let mut i = index % count(root);
    let mut path = Vec::new();
    let found = nth(root, &mut i, &mut path).expect("index within the tree");
    (found, path)
}

fn pointer(path: &[String]) -> String {
    let mut out = String::from("#");
    for token in path {
        out.push('/');
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    }
    out
}

fn apply(root: &mut Node, mutation: &Mutation) {
    match *mutation {
        Mutation::Delete(i) => {
            let (parent, _) = at(root, i);
            match &mut parent.value {
                Value::Seq(items) if !items.is_empty() => {
                    let n = i % items.len();
                    items.remove(n);
                }
                Value::Map(entries) if !entries.is_empty() => {
                    let n = i % entries.len();
                    entries.remove(n);
                }
                _ => {}
            }
        }
        Mutation::Graft { from, to } => {
            let copy = at(root, from).0.clone();
            if count(&copy) < 5_000 {
                *at(root, to).0 = copy;
            }
        }
        Mutation::Retype(i, choice) => {
            let (target, _) = at(root, i);
            let old = target.clone();
            *target = match (&old.value, choice % 4) {
                (_, 0) => {
                    let (text, plain) = SCALARS[choice / 4 % SCALARS.len()];
                    scalar(text, plain)
                }
                (Value::Scalar { .. }, 1) => node(Value::Seq(vec![old])),
                (Value::Scalar { .. }, _) => node(Value::Map(vec![(key("x"), old)])),
                (Value::Seq(items), 1) => items.first().cloned().unwrap_or(old),
                (Value::Seq(items), _) => node(Value::Map(
                    items
                        .iter()
                        .enumerate()
                        .map(|(n, v)| (key(&n.to_string()), v.clone()))
                        .collect(),
                )),
                (Value::Map(entries), 1) => {
                    node(Value::Seq(entries.iter().map(|(_, v)| v.clone()).collect()))
                }
                (Value::Map(entries), _) => entries.first().map(|(_, v)| v.clone()).unwrap_or(old),
            };
        }
        Mutation::RenameKey(i, choice) => {
            let (target, _) = at(root, i);
            if let Value::Map(entries) = &mut target.value {
                if !entries.is_empty() {
                    let n = choice % entries.len();
                    let name = KEYWORDS[choice / 7 % KEYWORDS.len()];
                    // Keys stay unique, as the loader guarantees.
                    if !entries.iter().any(|(k, _)| k.name == name) {
                        entries[n].0.name = name.to_owned();
                    }
                }
            }
        }
        Mutation::SwapKeys(i) => {
            let (target, _) = at(root, i);
            if let Value::Map(entries) = &mut target.value {
                if entries.len() >= 2 {
                    let a = i % entries.len();
                    let b = (a + 1) % entries.len();
                    let name = entries[a].0.name.clone();
                    entries[a].0.name = std::mem::replace(&mut entries[b].0.name, name);
                }
            }
        }
        Mutation::PointRef { at: i, target } => {
            let (_, path) = at(root, target);
            let reference = pointer(&path);
            let (place, _) = at(root, i);
            *place = node(Value::Map(vec![(key("$ref"), scalar(&reference, false))]));
        }
    }
}

fn edit(text: &mut String, edit: &TextEdit) {
    let boundary = |text: &str, mut i: usize| {
        i %= text.len() + 1;
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match *edit {
        TextEdit::Truncate(at) => {
            let at = boundary(text, at);
            text.truncate(at);
        }
        TextEdit::Splice { at, len } => {
            let start = boundary(text, at);
            let end = boundary(text, start + len.min(text.len() - start));
            text.replace_range(start..end.max(start), "");
        }
    }
}

static CASES_RUN: AtomicUsize = AtomicUsize::new(0);
static GENERATED: AtomicUsize = AtomicUsize::new(0);

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 2_000,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_documents_never_panic(
        seed in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..6),
        text_edit in text_edit(),
    ) {
        let (name, root) = &seeds()[seed % seeds().len()];
        let mut root = root.clone();
        for m in &mutations {
            apply(&mut root, m);
        }
        let mut text = common::to_yaml(&root);
        if let Some(e) = &text_edit {
            edit(&mut text, e);
        }
        match generate(name, &text, &Options::default()) {
            Ok(output) => {
                GENERATED.fetch_add(1, Ordering::Relaxed);
                for file in &output.files {
                    prop_assert!(
                        !file.contents.contains("generator bug"),
                        "{} is not valid Rust:\n{}", file.path, file.contents
                    );
                }
            }
            Err(failure) => {
                prop_assert!(failure.errors().count() > 0, "an Err without an error");
                for d in failure.errors() {
                    prop_assert_eq!(d.severity, Severity::Error);
                    prop_assert!(d.pos.line >= 1 && d.pos.column >= 1, "{}", d);
                }
            }
        }
        let run = CASES_RUN.fetch_add(1, Ordering::Relaxed) + 1;
        if run.is_multiple_of(1000) || run == cases() as usize {
            eprintln!(
                "{run} mutated documents, no panic ({} generated, the others refused with errors)",
                GENERATED.load(Ordering::Relaxed)
            );
        }
    }
}

use crate::common::schema_grammar;

static GRAMMAR_RUN: AtomicUsize = AtomicUsize::new(0);
static GRAMMAR_GENERATED: AtomicUsize = AtomicUsize::new(0);

/// `GRAMMAR_CASES` sets the number of grammar documents (default 300; the long run in
/// `docs/fuzzing.md` is 10^6).
fn grammar_cases() -> u32 {
    std::env::var("GRAMMAR_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: grammar_cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// Documents drawn from the schema keyword grammar (`common/schema_grammar.rs`) never
    /// panic; the generator gives a client or located errors, and what it writes parses as Rust.
    #[test]
    fn grammar_documents_never_panic(seed in any::<u64>()) {
        let text = schema_grammar::document(seed);
        match generate("grammar.json", &text, &Options::default()) {
            Ok(output) => {
                GRAMMAR_GENERATED.fetch_add(1, Ordering::Relaxed);
                // The runtime's copy is the runtime crate's own files, verbatim: parsing them
                // again in every case would be most of the run's time and test nothing new.
                for file in output.files.iter().filter(|f| f.path.ends_with(".rs") && !f.path.starts_with("src/runtime/")) {
                    prop_assert!(
                        syn::parse_file(&file.contents).is_ok(),
                        "seed {seed}: {} is not valid Rust", file.path
                    );
                }
            }
            Err(failure) => {
                prop_assert!(failure.errors().count() > 0, "seed {seed}: an Err without an error");
                for d in failure.errors() {
                    prop_assert!(d.pos.line >= 1 && d.pos.column >= 1, "seed {seed}: {}", d);
                }
            }
        }
        let run = GRAMMAR_RUN.fetch_add(1, Ordering::Relaxed) + 1;
        if run.is_multiple_of(10_000) || run == grammar_cases() as usize {
            eprintln!(
                "{run} grammar documents, no panic ({} generated, the others refused with errors)",
                GRAMMAR_GENERATED.load(Ordering::Relaxed)
            );
        }
    }
}

/// A case the mutation fuzzer found (an `Err` that held only warnings): kept as a plain test.
#[test]
fn found_case_retype_then_delete_gives_ok_or_located_errors() {
    let (name, root) = &seeds()[388_870_305_271_653_576 % seeds().len()];
    let mut root = root.clone();
    for m in [
        Mutation::Retype(10_599_844_389_254_480_704, 0),
        Mutation::Delete(275_608_496_782_794),
    ] {
        apply(&mut root, &m);
    }
    let text = common::to_yaml(&root);
    if let Err(failure) = generate(name, &text, &Options::default()) {
        assert!(
            failure.errors().count() > 0,
            "an Err without an error: {:#?}",
            failure.diagnostics
        );
    }
}
