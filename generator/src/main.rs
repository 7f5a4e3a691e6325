//! `generator --spec FILE --out DIR`: writes a client crate for an OpenAPI document.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use generator::write::{sync_dir, Mode, Report};
use generator::{Layout, Options, RuntimeSource, Selection, Severity, SourceText};

/// The generator allocates and frees millions of small token and syntax-tree nodes; with
/// glibc's allocator that was about a third of all instructions (BENCHMARKS.md, section 9).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process: where the kernel backs the heap with them
/// (`always`), a 2 MB page stays resident while any of it is used, and each thread's heap starts
/// with one (`spec/auth0.yaml`: 30 MB peak with them, 9 MB without, no slower).
fn no_huge_pages() {
    // SAFETY: `prctl(PR_SET_THP_DISABLE)` only sets a flag of this process's memory map.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// From this size on, memory freed is given back at once ([`return_freed_memory_at_once`]): it
/// costs system time (Pieces OS, 0.8 MB: about 30 ms more), and below it the peak is small anyway.
const LARGE_DOCUMENT_BYTES: usize = 1 << 20;

/// mimalloc keeps freed memory mapped for a while (10 ms, arenas 100 ms) and, in arenas it
/// commits eagerly, gives it back with a reset the kernel may take its time to act on. The
/// document's nodes, freed before formatting, and each job's tokens and syntax trees then stayed
/// resident. Giving memory back at once keeps the peak near what is alive (the 4x scaled Pieces
/// OS document: 103 MB before, 49 MB after, with [`no_huge_pages`]; BENCHMARKS.md, section 9),
/// for some system time. Environment variables (`MIMALLOC_PURGE_DELAY`,
/// `MIMALLOC_ARENA_EAGER_COMMIT`) still win.
fn return_freed_memory_at_once() {
    // mimalloc's option numbers (`mi_option_e` in mimalloc.h, version 3).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    for (option, name, value) in [
        (ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT", 0),
        (PURGE_DELAY, "MIMALLOC_PURGE_DELAY", 0),
    ] {
        if std::env::var_os(name).is_none() {
            // SAFETY: sets one of mimalloc's documented options to a documented value; it
            // takes effect for memory mapped or freed from now on.
            unsafe { libmimalloc_sys::mi_option_set(option, value) };
        }
    }
}

/// Generates a typed async Rust client crate (reqwest + serde) from an OpenAPI 3.0 or 3.1
/// document. Exit status: 0 when the crate was written (or, with --check, is up to date), 1 when
/// the document has errors (each printed as FILE:LINE:COLUMN with the place in the document and
/// what is wrong), when a file in the way was not written by the generator, or when --check finds
/// stale files.
///
/// Only files whose contents change are written; generated files the document no longer produces
/// are removed; a file without the generator's `@generated` marker is never replaced (unless
/// --force).
#[derive(Parser, Debug)]
#[command(name = "generator", version)]
struct Cli {
    /// The OpenAPI document to read, YAML or JSON.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// An OpenAPI Overlay 1.0 document to apply to the spec before generating (to mark
    /// operations `x-websocket: true`, fix or drop parts of a document you do not own).
    /// Repeatable; applied in the order given.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// The folder to write the crate into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Write nothing; exit 1 naming every file that is missing, differs or would be removed.
    #[arg(long)]
    check: bool,
    /// Replace files that are in the way although the generator did not write them.
    #[arg(long)]
    force: bool,
    /// Write a Cargo.toml without a `[workspace]` table, for a member of an enclosing
    /// workspace. The default: a member when a folder above --out has a workspace
    /// Cargo.toml, a workspace of its own otherwise.
    #[arg(long, conflicts_with = "standalone")]
    workspace_member: bool,
    /// Write a Cargo.toml with a `[workspace]` table of its own, even inside a workspace.
    #[arg(long)]
    standalone: bool,
    /// The generated crate's package name.
    #[arg(long, value_name = "NAME", default_value = "api-client")]
    crate_name: String,
    /// Write only `src/generated/**` (for a crate whose Cargo.toml and lib.rs are your own)
    /// instead of a whole crate.
    #[arg(long)]
    module_only: bool,
    /// Generate only operations with this tag, and the types they use. Repeatable.
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Generate only the operation with this operationId, and the types it uses. Repeatable.
    #[arg(long = "operation", value_name = "OPERATION_ID")]
    operations: Vec<String>,
    /// Depend on the `openapi-client-runtime` crate at this path (or of this version, when it
    /// starts with a digit) instead of writing a copy of the runtime into the crate.
    #[arg(long, value_name = "PATH_OR_VERSION")]
    runtime_crate: Option<String>,
    /// Treat warnings as errors: write nothing when the document has any (the generator's
    /// old strictness: no part generated untyped or left out).
    #[arg(long)]
    deny_warnings: bool,
    /// Also write `tests/examples.rs`: every example the document attaches to a schema,
    /// validated against its schema, decoded through the generated type and encoded back.
    #[arg(long, conflicts_with = "module_only")]
    example_tests: bool,
    /// How to print diagnostics: `rich` (source excerpt with a caret; the default on a
    /// terminal) or `plain` (one line each; the default otherwise).
    #[arg(long, value_name = "FORMAT")]
    diagnostics: Option<DiagnosticFormat>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum DiagnosticFormat {
    Rich,
    Plain,
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    let mut overlays = Vec::new();
    for path in &cli.overlays {
        match std::fs::read_to_string(path) {
            Ok(text) => overlays.push(SourceText {
                name: path.display().to_string(),
                text,
            }),
            Err(e) => {
                eprintln!(
                    "{}:1:1: error: cannot read the overlay: {e}",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
        }
    }
    let enclosing = (!cli.module_only && !cli.standalone && !cli.workspace_member)
        .then(|| generator::write::enclosing_workspace(&cli.out))
        .flatten();
    let options = Options {
        crate_name: cli.crate_name.clone(),
        layout: if cli.module_only {
            Layout::Module
        } else {
            Layout::Crate
        },
        selection: Selection {
            tags: cli.tags.clone(),
            operation_ids: cli.operations.clone(),
        },
        runtime: match &cli.runtime_crate {
            Some(at) => RuntimeSource::Crate(at.clone()),
            None => RuntimeSource::Vendored,
        },
        workspace_member: cli.workspace_member || enclosing.is_some(),
        overlays,
        example_tests: cli.example_tests,
    };
    let terminal = std::io::stderr().is_terminal();
    let format = cli.diagnostics.unwrap_or(if terminal {
        DiagnosticFormat::Rich
    } else {
        DiagnosticFormat::Plain
    });
    // Read once: the text is generated from and quoted by diagnostics (a 47 MB document held
    // twice was a tenth of the peak memory).
    let read = std::fs::read_to_string(&cli.spec);
    let source = read.as_deref().unwrap_or_default();
    if source.len() >= LARGE_DOCUMENT_BYTES {
        return_freed_memory_at_once();
    }
    // A diagnostic quotes the file it names: the spec or one of the overlays.
    let source_of = |d: &generator::Diagnostic| {
        options
            .overlays
            .iter()
            .find(|o| o.name == d.file)
            .map_or(source, |o| o.text.as_str())
    };
    let print = |d: &generator::Diagnostic| match format {
        DiagnosticFormat::Rich => eprintln!("{}", d.render(source_of(d), terminal)),
        DiagnosticFormat::Plain => eprintln!("{d}"),
    };
    let generated = match &read {
        Ok(text) => generator::generate(&cli.spec.display().to_string(), text, &options),
        // The error names the file and why it cannot be read.
        Err(_) => generator::generate_from_path(&cli.spec, &options),
    };
    match generated {
        Ok(output) => {
            output.warnings.iter().for_each(print);
            let warnings = output.warnings.len();
            if warnings > 0 {
                eprintln!(
                    "warning: {} has {warnings} warning{}: the places they name are generated untyped or left out",
                    cli.spec.display(),
                    plural(warnings)
                );
            }
            if cli.deny_warnings && warnings > 0 {
                eprintln!(
                    "error: {} has {warnings} warning{} and --deny-warnings is set; nothing was written",
                    cli.spec.display(),
                    plural(warnings)
                );
                return ExitCode::FAILURE;
            }
            let mode = if cli.check { Mode::Check } else { Mode::Write };
            let report = match sync_dir(&cli.out, &output.files, mode, cli.force) {
                Ok(report) => report,
                Err(e) => {
                    eprintln!("error: cannot write into {}: {e}", cli.out.display());
                    return ExitCode::FAILURE;
                }
            };
            if cli.check {
                return check_summary(&cli.out, &report);
            }
            for path in &report.removed {
                eprintln!("removed {} (no longer generated)", path.display());
            }
            eprintln!(
                "wrote {} files to {} ({} unchanged, {} removed)",
                report.written.len(),
                cli.out.display(),
                report.unchanged.len(),
                report.removed.len()
            );
            if let Some(root) = enclosing {
                eprintln!(
                    "note: {} is inside the cargo workspace at {}: its Cargo.toml has no \
                     [workspace] table, so list it in that workspace's `members` (or generate \
                     with --standalone)",
                    cli.out.display(),
                    root.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            failure.diagnostics.iter().for_each(print);
            let errors = failure
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            eprintln!(
                "error: {}{} has {errors} error{}; nothing was written",
                cli.spec.display(),
                if cli.overlays.is_empty() {
                    ""
                } else {
                    " with its overlays"
                },
                plural(errors)
            );
            ExitCode::FAILURE
        }
    }
}

/// `--check`: 0 when every file is as the document generates it, 1 naming each that is not.
fn check_summary(out: &std::path::Path, report: &Report) -> ExitCode {
    if report.stale.is_empty() {
        eprintln!(
            "{} is up to date ({} files checked)",
            out.display(),
            report.unchanged.len()
        );
        return ExitCode::SUCCESS;
    }
    for path in &report.stale {
        eprintln!("stale: {}", out.join(path).display());
    }
    eprintln!(
        "error: {} of the generated files in {} are stale; generate again without --check",
        report.stale.len(),
        out.display()
    );
    ExitCode::FAILURE
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
