//! What the generator says about documents it cannot (or can only partly) use.
//!
//! - `tests/fixtures/bad/*.yaml`: one mistake each (plus `many-errors.yaml` and `wrong-types.yaml`,
//!   which hold many independent ones). Generation must fail, and every diagnostic is compared
//!   with its snapshot in `tests/it/snapshots/`: first the plain one-line form
//!   (`FILE:LINE:COLUMN: error: PATH: MESSAGE (hint: ...)`), then the rich form with the source
//!   line and a caret under the node it names, so a wrong line or column shows in review.
//! - `tests/fixtures/warnings/*.yaml`: documents that generate, with warnings (snapshotted too).
//!
//! Adding a case is adding a file; `cargo insta test -p openapi-rust-generator --test
//! diagnostics --accept` (or `INSTA_UPDATE=always cargo test ...`) writes its snapshot, which is
//! then reviewed like code.

use std::path::Path;

use generator::{generate, Diagnostic, Options, Severity};

/// The file as diagnostics name it: relative to the package, as a user in `generator/` types it.
fn display_name(path: &Path) -> String {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(manifest)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn report(diagnostics: &[Diagnostic], source: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    out.push_str("\n---- rendered ----\n");
    for d in diagnostics {
        out.push_str(&d.render(source, false));
        out.push_str("\n\n");
    }
    out
}

#[test]
fn bad_documents_are_refused_with_every_error_explained() {
    insta::glob!("../fixtures/bad", "*.yaml", |path| {
        let name = display_name(path);
        let text = std::fs::read_to_string(path).unwrap();
        let failure = match generate(&name, &text, &Options::default()) {
            Ok(_) => panic!("{name} generated, but it is a bad document"),
            Err(failure) => failure,
        };
        assert!(failure.errors().count() > 0, "{name}: no error reported");
        for d in &failure.diagnostics {
            assert_eq!(d.file, name);
            assert!(
                d.pos.line >= 1 && d.pos.column >= 1,
                "{name}: position not 1-based: {d}"
            );
            assert!(
                d.pos.line as usize <= text.lines().count().max(1),
                "{name}: line past the end: {d}"
            );
        }
        insta::assert_snapshot!(report(&failure.diagnostics, &text));
    });
}

#[test]
fn documents_with_warnings_still_generate() {
    insta::glob!("../fixtures/warnings", "*.yaml", |path| {
        let name = display_name(path);
        let text = std::fs::read_to_string(path).unwrap();
        let output = crate::common::generated(&name, &text, &Options::default());
        assert!(!output.files.is_empty());
        assert!(
            output
                .warnings
                .iter()
                .all(|w| w.severity == Severity::Warning),
            "{name}"
        );
        assert!(!output.warnings.is_empty(), "{name}: expected warnings");
        insta::assert_snapshot!(report(&output.warnings, &text));
    });
}

fn errors_of(name: &str, text: &str) -> Vec<Diagnostic> {
    match generate(name, text, &Options::default()) {
        Ok(_) => panic!("{name} generated"),
        Err(failure) => failure.errors().cloned().collect(),
    }
}

#[test]
fn a_chain_or_cycle_of_named_schemas_is_not_nesting() {
    // Each schema holds the next: named schemas are types, so a long chain of `$ref`s between
    // components generates (on a test thread of 2 MiB of stack; the model stage has its own).
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: chain, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..2_000 {
        text.push_str(&format!(
            "    S{i}: {{type: object, properties: {{next: {{$ref: \"#/components/schemas/S{}\"}}}}}}\n",
            i + 1
        ));
    }
    text.push_str("    S2000: {type: string}\n");
    let output = generate("chain.yaml", &text, &Options::default()).expect("a chain generates");
    let models = output
        .files
        .iter()
        .find(|f| f.path.ends_with("models.rs"))
        .expect("models.rs");
    assert!(
        models.contents.contains("pub struct S1999 {"),
        "S1999 missing"
    );
    assert!(models
        .contents
        .contains("pub type S2000 = ::std::string::String;"));
    // A cycle of 500 (`S0.c: [S1]`, ..., `S499.c: [S0]`) is a valid recursive type.
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: cycle, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..500 {
        text.push_str(&format!(
            "    S{i}: {{type: object, properties: {{c: {{type: array, items: {{$ref: \"#/components/schemas/S{}\"}}}}}}}}\n",
            (i + 1) % 500
        ));
    }
    let output = generate("cycle.yaml", &text, &Options::default()).expect("a cycle generates");
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
}

#[test]
fn block_nesting_thousands_deep_is_an_error_not_a_stack_overflow() {
    let mut text =
        String::from("openapi: 3.0.3\ninfo: {title: deep, version: \"1\"}\npaths: {}\nx-deep:\n");
    for depth in 1..3_000 {
        text.push_str(&" ".repeat(depth));
        text.push_str("a:\n");
    }
    let errors = errors_of("deep.yaml", &text);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("nesting deeper than 200 levels"),
        "{}",
        errors[0]
    );
    // The root mapping, `x-deep` and 198 more fit; the 201st mapping, on line 204, does not.
    assert_eq!(errors[0].pos.line, 204, "{}", errors[0]);
}

#[test]
fn more_errors_than_the_limit_are_counted_not_listed() {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: many, version: \"1\"}\npaths:\n");
    for i in 0..150 {
        // A `$ref` to nothing leaves the document broken (not one operation unsupported).
        text.push_str(&format!("  /p{i}:\n    get:\n      parameters: [{{$ref: \"#/components/parameters/Missing{i}\"}}]\n      responses: {{\"204\": {{description: ok}}}}\n"));
    }
    let errors = errors_of("many.yaml", &text);
    assert_eq!(errors.len(), generator::diagnostics::MAX_ERRORS + 1);
    assert_eq!(
        errors.last().unwrap().message,
        "50 more errors not shown (at most 100 are reported)"
    );
}
