//! `generator --spec FILE --out DIR`: writes a client crate for an OpenAPI document.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use generator::{Layout, Options, Selection, Severity};

/// Generates a typed async Rust client crate (reqwest + serde) from an OpenAPI 3.0 or 3.1
/// document. Exit status: 0 when the crate was written, 1 when the document has errors (each
/// printed as FILE:LINE:COLUMN with the place in the document and what is wrong).
#[derive(Parser, Debug)]
#[command(name = "generator", version)]
struct Cli {
    /// The OpenAPI document to read, YAML or JSON.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The folder to write the crate into (created if missing; files we generate are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
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
    /// Treat warnings as errors: write nothing when the document has any (the generator's
    /// old strictness: no part generated untyped or left out).
    #[arg(long)]
    deny_warnings: bool,
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
    let cli = Cli::parse();
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
    };
    let terminal = std::io::stderr().is_terminal();
    let format = cli.diagnostics.unwrap_or(if terminal {
        DiagnosticFormat::Rich
    } else {
        DiagnosticFormat::Plain
    });
    let source = std::fs::read_to_string(&cli.spec).unwrap_or_default();
    let print = |d: &generator::Diagnostic| match format {
        DiagnosticFormat::Rich => eprintln!("{}", d.render(&source, terminal)),
        DiagnosticFormat::Plain => eprintln!("{d}"),
    };
    match generator::generate_from_path(&cli.spec, &options) {
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
            if let Err(e) = generator::write_files(&cli.out, &output.files) {
                eprintln!("error: cannot write into {}: {e}", cli.out.display());
                return ExitCode::FAILURE;
            }
            eprintln!(
                "wrote {} files to {}",
                output.files.len(),
                cli.out.display()
            );
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
                "error: {} has {errors} error{}; nothing was written",
                cli.spec.display(),
                plural(errors)
            );
            ExitCode::FAILURE
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
