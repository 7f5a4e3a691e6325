//! An OpenAPI 3.0/3.1 to Rust client generator.
//!
//! Three stages, each in its own module:
//! - [`load`]: read the YAML or JSON document into positioned nodes and check its version;
//! - [`model`]: resolve it into an intermediate form of types and operations ([`model::ir`]);
//! - [`emit`]: turn that into tokens and formatted Rust files.
//!
//! Beside them, [`position`] (where a thing is in the document) and [`diagnostics`] (what is
//! said about it), which every stage uses.
//!
//! [`generate`] runs all three and returns the files as data; [`write::sync_dir`] puts them on
//! disk without replacing what the user wrote.

pub mod diagnostics;
pub mod emit;
pub mod load;
pub mod model;
pub mod position;
pub mod write;

use std::path::Path;

pub use diagnostics::{Diagnostic, Severity};
pub use emit::{GeneratedFile, Layout, RuntimeSource};
pub use model::Selection;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The generated crate's package name.
    pub crate_name: String,
    pub layout: Layout,
    /// Which operations (all by default).
    pub selection: Selection,
    /// A copy of the runtime in the generated crate (the default), or a dependency on the
    /// `openapi-client-runtime` crate.
    pub runtime: RuntimeSource,
    /// Whether the crate will be a member of an enclosing cargo workspace (no `[workspace]`
    /// table in its `Cargo.toml`); by default it is a workspace of its own.
    pub workspace_member: bool,
    /// Overlay 1.0 documents applied, in order, to the document before it is modelled.
    pub overlays: Vec<SourceText>,
    /// Write `tests/examples.rs` into the generated crate (layout [`Layout::Crate`]): every
    /// example the document attaches to a schema, decoded through its generated type and
    /// encoded back (see `model::examples`).
    pub example_tests: bool,
}

/// A document's text and the name diagnostics give its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    pub name: String,
    pub text: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            crate_name: "api-client".into(),
            layout: Layout::Crate,
            selection: Selection::default(),
            runtime: RuntimeSource::default(),
            workspace_member: false,
            overlays: Vec::new(),
            example_tests: false,
        }
    }
}

/// The generated files, and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Output {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Diagnostic>,
}

/// Why nothing was generated: every error (and warning) found, in document order.
#[derive(Debug, Clone)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

/// The model stage's stack: room for `model::MAX_SCHEMA_DEPTH` nested schemas in a debug build.
const MODEL_STACK_BYTES: usize = 256 << 20;

/// Generates a client from the document `text`; `file_name` is how diagnostics name it.
pub fn generate(file_name: &str, text: &str, options: &Options) -> Result<Output, Failure> {
    let mut diags = diagnostics::Diagnostics::new(file_name);
    let Some(mut document) = load::load(text, &mut diags) else {
        return Err(Failure {
            diagnostics: diags.into_sorted(),
        });
    };
    document.base_dir = Some(
        Path::new(file_name)
            .parent()
            .unwrap_or(Path::new(""))
            .to_owned(),
    );
    // Diagnostics of the overlays name their own files; they come first, as they act first.
    let mut overlay_diagnostics = Vec::new();
    for overlay in &options.overlays {
        overlay_diagnostics.extend(load::overlay::apply(
            &mut document.root,
            &overlay.name,
            &overlay.text,
        ));
    }
    if overlay_diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        overlay_diagnostics.extend(diags.into_sorted());
        return Err(Failure {
            diagnostics: overlay_diagnostics,
        });
    }
    // Deeply nested schemas recurse as deep as they nest (up to `model::MAX_SCHEMA_DEPTH`):
    // the model is built on a thread whose stack holds that, whatever the caller's has.
    let api = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("generator-model".into())
            .stack_size(MODEL_STACK_BYTES)
            .spawn_scoped(scope, || {
                model::build(&document, &options.selection, &mut diags)
            })
            .expect("a thread for the model stage")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    let mut api = api;
    if options.example_tests {
        api.example_tests = Some(model::examples::collect(&document, &api));
    }
    check_selection(&api, options, &document, &mut diags);
    // The model is plain data: the document's nodes (several times the text's size) are not
    // needed to emit it, and freeing them first lowers the peak memory on large documents.
    drop(document);
    if diags.has_errors() {
        overlay_diagnostics.extend(diags.into_sorted());
        return Err(Failure {
            diagnostics: overlay_diagnostics,
        });
    }
    let source_name = Path::new(file_name).file_name().map_or_else(
        || file_name.to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let files = emit::emit(
        &api,
        &emit::EmitOptions {
            crate_name: options.crate_name.clone(),
            layout: options.layout,
            source_name,
            runtime: options.runtime.clone(),
            workspace_member: options.workspace_member,
            example_tests: options.example_tests,
        },
    );
    overlay_diagnostics.extend(diags.into_sorted());
    Ok(Output {
        files,
        warnings: overlay_diagnostics,
    })
}

fn check_selection(
    api: &model::ir::Api,
    options: &Options,
    document: &load::Document,
    diags: &mut diagnostics::Diagnostics,
) {
    let selection = &options.selection;
    let root = load::node::DocPath::root();
    for tag in &selection.tags {
        if !api.operations.iter().any(|o| o.tags.contains(tag)) {
            diags.error(
                document.root.pos,
                &root.key("paths"),
                format!("no operation has the tag `{tag}` (asked for with --tag)"),
            );
        }
    }
    for id in &selection.operation_ids {
        if !api.operations.iter().any(|o| &o.operation_id == id) {
            diags.error(
                document.root.pos,
                &root.key("paths"),
                format!("no operation has the operationId `{id}` (asked for with --operation)"),
            );
        }
    }
}

/// Reads `path` and generates from it.
pub fn generate_from_path(path: &Path, options: &Options) -> Result<Output, Failure> {
    let name = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => generate(&name, &text, options),
        Err(e) => Err(Failure {
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                file: name,
                pos: load::node::Pos { line: 1, column: 1 },
                path: load::node::DocPath::root(),
                message: format!("cannot read the file: {e}"),
                hint: None,
            }],
        }),
    }
}
