//! The same document gives byte-identical output, on any run (each run hashes with new random
//! keys) and any machine (nothing read but the document). Proven on `spec/auth0.yaml` and on the
//! whole Pieces OS API (430 operations).
//!
//! The output follows the document's order (fields, variants, operations, parameters), so a
//! document whose keys are reordered gives a reordered client: what must not change then is the
//! API itself: the same files, the same types in the same (sorted) order, the same methods.

use crate::common;

use generator::diagnostics::Diagnostics;
use generator::{Options, Output};

fn run(name: &str, text: &str) -> Output {
    common::generated(name, text, &Options::default())
}

/// The document with every mapping's keys in reverse order, as YAML flow text.
fn reordered(name: &str, text: &str) -> String {
    let mut diags = Diagnostics::new(name);
    let mut document = generator::load::load(text, &mut diags).expect("loads");
    common::reverse_keys(&mut document.root);
    common::to_yaml(&document.root)
}

fn assert_same(name: &str, a: &Output, b: &Output, what: &str) {
    let paths = |o: &Output| o.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(a), paths(b), "{name}: {what}: different files");
    for (x, y) in a.files.iter().zip(&b.files) {
        if x.contents != y.contents {
            let line = x
                .contents
                .lines()
                .zip(y.contents.lines())
                .position(|(l, r)| l != r)
                .unwrap_or(0);
            panic!(
                "{name}: {what}: {} differs from line {}:\n< {}\n> {}",
                x.path,
                line + 1,
                x.contents.lines().nth(line).unwrap_or(""),
                y.contents.lines().nth(line).unwrap_or("")
            );
        }
    }
    let messages = |o: &Output| {
        o.warnings
            .iter()
            .map(|w| w.message.clone())
            .collect::<Vec<_>>()
    };
    let (mut wa, mut wb) = (messages(a), messages(b));
    wa.sort();
    wb.sort();
    assert_eq!(wa, wb, "{name}: {what}: different warnings");
}

fn check(name: &str, text: &str) {
    let first = run(name, text);
    let second = run(name, text);
    assert_same(name, &first, &second, "generated twice");

    let reversed = reordered(name, text);
    assert_ne!(reversed, text);
    let from_reversed = run(name, &reversed);
    let paths = |o: &Output| o.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(
        paths(&first),
        paths(&from_reversed),
        "{name}: keys in reverse order: different files"
    );
    // Types are listed by name, whatever the document's order.
    assert!(
        items(&first, "src/models.rs") == items(&from_reversed, "src/models.rs"),
        "{name}: keys in reverse order: models.rs lists other types, or in another order"
    );
    // Operations (their methods and types) follow the document: as many, reordered. Their
    // names may differ where two operations ask for one name (the first in the document gets
    // it: Pieces OS's `os_permissions` and `os_permissions_request` both want the latter).
    for file in ["src/operations.rs", "src/client.rs"] {
        let (a, b) = (items(&first, file), items(&from_reversed, file));
        if file == "src/client.rs" {
            assert!(a != b, "{name}: methods follow the document's order");
        }
        assert_eq!(
            a.len(),
            b.len(),
            "{name}: keys in reverse order: {file} defines other items"
        );
    }
}

/// The names of the items a generated file defines (types, or the client's methods), in order.
fn items(output: &Output, path: &str) -> Vec<String> {
    let file = output
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is generated"));
    file.contents
        .lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
                .or_else(|| line.strip_prefix("pub type "))
                .or_else(|| line.strip_prefix("pub trait "))
                .or_else(|| line.strip_prefix("    pub async fn "))?;
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            Some(rest[..end].to_owned())
        })
        .collect()
}

#[test]
fn fields_variants_and_operations_follow_the_document() {
    let text = r#"
openapi: 3.0.3
info: {title: Order, version: "1"}
paths:
  /zebras:
    post:
      operationId: addZebra
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Zebra'}
      responses: {"204": {description: ok}}
    get:
      operationId: listZebras
      responses: {"204": {description: ok}}
  /apples:
    get:
      operationId: listApples
      responses: {"204": {description: ok}}
components:
  schemas:
    Zebra:
      type: object
      required: [stripes]
      properties:
        stripes: {type: integer}
        name: {type: string}
        age: {type: integer}
        colour: {type: string, enum: [white, black, amber]}
"#;
    let output = run("order.yaml", text);
    let file = |path: &str| {
        output
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap()
            .contents
            .clone()
    };
    let in_order = |contents: &str, needles: &[&str]| {
        let at: Vec<usize> = needles
            .iter()
            .map(|n| {
                contents
                    .find(n)
                    .unwrap_or_else(|| panic!("`{n}` is generated"))
            })
            .collect();
        assert!(
            at.windows(2).all(|w| w[0] < w[1]),
            "not in the order {needles:?}"
        );
    };
    let models = file("src/models.rs");
    in_order(
        &models,
        &["pub stripes:", "pub name:", "pub age:", "pub colour:"],
    );
    in_order(&models, &["    White,", "    Black,", "    Amber,"]);
    in_order(
        &file("src/client.rs"),
        &[
            "pub async fn add_zebra",
            "pub async fn list_zebras",
            "pub async fn list_apples",
        ],
    );
}

#[test]
fn auth0_output_is_byte_identical_across_runs_and_the_same_api_across_key_orders() {
    let (name, text) = common::auth0();
    check(&name, &text);
}

#[test]
fn pieces_os_output_is_byte_identical_across_runs_and_the_same_api_across_key_orders() {
    let (name, text) = common::pieces_os();
    check(&name, &text);
}

#[test]
fn the_yaml_writer_round_trips() {
    // The reordering test is only as good as the writer: written back unchanged, a document
    // must load as the same tree.
    for (name, text) in [common::auth0(), common::pieces_os()] {
        let mut diags = Diagnostics::new(&name);
        let document = generator::load::load(&text, &mut diags).unwrap();
        let written = common::to_yaml(&document.root);
        let again = generator::load::load(&written, &mut diags).unwrap();
        assert!(
            same_tree(&document.root, &again.root),
            "{name}: the writer changed the document"
        );
    }
}

/// Equal values, positions aside.
fn same_tree(a: &generator::load::node::Node, b: &generator::load::node::Node) -> bool {
    use generator::load::node::Value;
    if a.scalar_kind() != b.scalar_kind() {
        return false;
    }
    match (&a.value, &b.value) {
        (Value::Scalar { .. }, Value::Scalar { .. }) => a.as_text() == b.as_text(),
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_tree(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1.name == k2.name && same_tree(v1, v2))
        }
        _ => false,
    }
}
