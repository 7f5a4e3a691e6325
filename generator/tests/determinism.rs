//! The same document gives byte-identical output: across runs, and across key orders that mean
//! the same thing. Proven on `spec/auth0.yaml` and on the whole Pieces OS API (430 operations),
//! which must be present in the shared corpus beside the repository.

mod common;

use generator::diagnostics::Diagnostics;
use generator::{generate, Options, Output};

fn run(name: &str, text: &str) -> Output {
    generate(name, text, &Options::default()).unwrap_or_else(|failure| {
        panic!(
            "{name} must generate:\n{}",
            failure
                .diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
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
    assert_same(name, &first, &from_reversed, "keys in reverse order");
}

#[test]
fn auth0_output_is_byte_identical_across_runs_and_key_orders() {
    let (name, text) = common::auth0();
    check(&name, &text);
}

#[test]
fn pieces_os_output_is_byte_identical_across_runs_and_key_orders() {
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
