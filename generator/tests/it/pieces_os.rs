//! The whole Pieces OS API (`spec/pieces-os.yaml`: 430 operations, 569
//! schemas), with the overlay that marks its 32 WebSocket channels
//! (`spec/pieces-os.websockets.overlay.yaml`), generates a crate in which every operation is a
//! method, each channel a typed socket method, and that crate passes
//! `cargo clippy -- -D warnings`.
//!
//! The crate is written to `target/fixture-crates/pieces-os-client/` and built with
//! `CARGO_TARGET_DIR=target/fixture-target`, shared with the other generated-crate checks
//! (`tests/it/compile_fixtures.rs`) so that reqwest and friends compile once. The workspace's
//! `Cargo.lock` is copied in so the generated crate builds against the same dependency
//! versions as the workspace.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::load::node::Node;
use generator::{Options, Severity, SourceText};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is a workspace member")
        .to_path_buf()
}

/// The workspace's `target/` (or `CARGO_TARGET_DIR`, when set).
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("target"),
    }
}

fn corpus_document() -> (PathBuf, String) {
    let path = workspace_root().join("spec/pieces-os.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    (path, text)
}

/// Operations in the document, counted from the YAML itself rather than from the generator.
fn operations_in(text: &str) -> usize {
    let mut diags = generator::diagnostics::Diagnostics::new("pieces");
    let doc = generator::load::load(text, &mut diags).expect("the corpus document loads");
    let methods = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    doc.root
        .get("paths")
        .and_then(Node::as_map)
        .expect("the document has paths")
        .iter()
        .map(|(_, item)| methods.iter().filter(|m| item.get(m).is_some()).count())
        .sum()
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

#[test]
fn the_whole_pieces_os_api_generates_a_crate_that_passes_clippy() {
    let (path, text) = corpus_document();
    let started = Instant::now();
    let overlay = "spec/pieces-os.websockets.overlay.yaml";
    let options = Options {
        crate_name: "pieces-os-client".into(),
        overlays: vec![SourceText {
            name: overlay.into(),
            text: std::fs::read_to_string(workspace_root().join(overlay)).unwrap(),
        }],
        ..Options::default()
    };
    let output = generator::generate_from_path(&path, &options).unwrap_or_else(|failure| {
        let lines: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
        panic!(
            "the Pieces OS document did not generate:\n{}",
            lines.join("\n")
        )
    });
    eprintln!("generated in {:.1?}", started.elapsed());

    // The defect of the document: an empty `responses`. A warning that says where, and the
    // operation is still generated (returning the raw response).
    let warnings: Vec<String> = output.warnings.iter().map(|d| d.to_string()).collect();
    let empty_responses: Vec<_> = output
        .warnings
        .iter()
        .filter(|d| d.message.contains("`responses` is empty"))
        .collect();
    assert_eq!(empty_responses.len(), 1, "warnings: {warnings:#?}");
    let warning = empty_responses[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(
        warning.path.to_string(),
        "paths./conversations/stream/identifiers.get.responses"
    );
    assert_eq!(
        (warning.pos.line, warning.pos.column),
        (2858, 18),
        "{warning}"
    );

    let client = output
        .files
        .iter()
        .find(|f| f.path == "src/client.rs")
        .expect("a client module");
    // Each operation has its `_request` builder beside its method (stream methods come on
    // top of those).
    // Compared without whitespace: rustfmt breaks long signatures across lines.
    let compact: String = client.contents.split_whitespace().collect();
    // The lifetimes of a params argument (`IntoParams<'p, _>`) and of an optional body
    // (`impl Into<Option<&'b T>>`) are left out of the names.
    let compact = compact
        .replace(",>", ">")
        .replace(",)", ")")
        .replace("<'p,'b>(", "(")
        .replace("<'p>(", "(")
        .replace("<'b>(", "(");
    let builders = compact.matches("_request(&self").count();
    let operations = operations_in(&text);
    assert_eq!(operations, 430, "the corpus document changed");
    assert_eq!(builders, operations, "every operation is a method");
    let signature = |name: &str| -> String {
        compact
            .split(&format!("pubasyncfn{name}("))
            .nth(1)
            .and_then(|rest| rest.split('{').next())
            .unwrap_or_else(|| panic!("`{name}` is a method"))
            .to_owned()
    };
    let sockets = compact.matches("runtime::WebSocketError<").count();
    assert_eq!(
        sockets, 32,
        "every channel the overlay marks opens a socket"
    );
    // Copilot answers: QGPTStreamInput out, QGPTStreamOutput in.
    assert!(
        signature("qgpt_stream").contains(
            "runtime::WebSocket<super::models::QgptStreamInput,super::models::QgptStreamOutput>"
        ),
        "{}",
        signature("qgpt_stream")
    );
    // The signed-in user: nothing to send.
    assert!(
        signature("stream_user")
            .contains("runtime::WebSocket<::std::convert::Infallible,super::models::UserProfile>"),
        "{}",
        signature("stream_user")
    );
    // The channel with an empty `responses` receives untyped JSON.
    assert!(
        signature("conversations_stream_identifiers")
            .contains("runtime::WebSocket<::std::convert::Infallible,::serde_json::Value>"),
        "{}",
        signature("conversations_stream_identifiers")
    );

    let root = workspace_root();
    let crate_dir = target_dir().join("fixture-crates/pieces-os-client");
    let _ = std::fs::remove_dir_all(crate_dir.join("src"));
    generator::write::sync_dir(
        &crate_dir,
        &output.files,
        generator::write::Mode::Write,
        true,
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();

    let started = Instant::now();
    let result = cargo()
        .args(["clippy", "--quiet", "--", "-D", "warnings"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", target_dir().join("fixture-target"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&result.stderr);
    eprintln!(
        "cargo clippy -D warnings on the generated crate: {:.1?}",
        started.elapsed()
    );
    assert!(
        result.status.success(),
        "the generated Pieces OS crate does not pass clippy -D warnings:\n{stderr}"
    );
    assert!(
        !stderr.contains("warning"),
        "the generated crate builds with warnings:\n{stderr}"
    );
}
