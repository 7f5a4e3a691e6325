//! Project automation: `cargo xtask codegen [--check]`.
//!
//! `codegen` regenerates `generated-client/src/generated/` from `spec/auth0.yaml`, writing only
//! the files whose contents changed (so an unchanged spec costs no rebuild), then
//! compile-checks the crate. `--check` writes nothing and fails naming every stale file.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use generator::{Layout, Options};

const SPEC: &str = "spec/auth0.yaml";
const CLIENT_CRATE: &str = "generated-client";
const GENERATED_DIR: &str = "generated-client/src/generated";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["codegen"] => codegen(Mode::Write),
        ["codegen", "--check"] => codegen(Mode::Check),
        _ => Err(
            "usage: cargo xtask codegen [--check]\n\n  codegen          regenerate generated-client from spec/auth0.yaml and compile-check it\n  codegen --check  write nothing; fail naming every stale generated file".into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Write,
    Check,
}

/// What happened to each generated file.
#[derive(Debug, Default)]
struct Report {
    written: Vec<PathBuf>,
    unchanged: Vec<PathBuf>,
    stale: Vec<PathBuf>,
    removed: Vec<PathBuf>,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn codegen(mode: Mode) -> Result<(), String> {
    let started = Instant::now();
    let root = workspace_root();
    let report = sync_generated(&root, mode)?;
    let generated_in = started.elapsed();
    match mode {
        Mode::Check => {
            if report.stale.is_empty() {
                println!(
                    "generated-client is up to date with {SPEC} ({} files checked)",
                    report.unchanged.len()
                );
                Ok(())
            } else {
                let names: Vec<String> = report
                    .stale
                    .iter()
                    .map(|p| format!("  {}", p.display()))
                    .collect();
                Err(format!(
                    "generated-client is stale; these files differ from what {SPEC} generates:\n{}\nrun `cargo xtask codegen` and commit the result",
                    names.join("\n")
                ))
            }
        }
        Mode::Write => {
            for path in &report.written {
                println!("  wrote      {}", path.display());
            }
            for path in &report.removed {
                println!("  removed    {}", path.display());
            }
            println!(
                "generated {} files from {SPEC} in {:.0?}: {} written, {} unchanged",
                report.written.len() + report.unchanged.len(),
                generated_in,
                report.written.len(),
                report.unchanged.len()
            );
            let check_started = Instant::now();
            cargo(
                &root,
                &["check", "--quiet", "-p", CLIENT_CRATE, "--all-targets"],
            )?;
            cargo(
                &root,
                &[
                    "clippy",
                    "--quiet",
                    "-p",
                    CLIENT_CRATE,
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ],
            )?;
            println!(
                "checked {CLIENT_CRATE} (cargo check, clippy -D warnings) in {:.1?}; total {:.1?}",
                check_started.elapsed(),
                started.elapsed()
            );
            Ok(())
        }
    }
}

/// Generates the client and brings `generated-client/src/generated/` in line with it.
fn sync_generated(root: &Path, mode: Mode) -> Result<Report, String> {
    let spec_path = root.join(SPEC);
    let options = Options {
        crate_name: CLIENT_CRATE.into(),
        layout: Layout::Module,
        ..Options::default()
    };
    let text =
        std::fs::read_to_string(&spec_path).map_err(|e| format!("cannot read {SPEC}: {e}"))?;
    let output = generator::generate(SPEC, &text, &options).map_err(|failure| {
        let lines: Vec<String> = failure
            .diagnostics
            .iter()
            .map(|d| d.render(&text, false))
            .collect();
        format!(
            "{}\n{SPEC} has errors; nothing was generated",
            lines.join("\n")
        )
    })?;
    for warning in &output.warnings {
        eprintln!("{warning}");
    }
    let mut report = Report::default();
    let client_dir = root.join(CLIENT_CRATE);
    let mut expected = Vec::new();
    for file in &output.files {
        let path = client_dir.join(&file.path);
        expected.push(path.clone());
        let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        match ensure_file_contents(&path, &file.contents, mode)? {
            FileState::Unchanged => report.unchanged.push(relative),
            FileState::Written => report.written.push(relative),
            FileState::Stale => report.stale.push(relative),
        }
    }
    // A file the generator no longer produces would otherwise linger as dead code.
    let generated_dir = root.join(GENERATED_DIR);
    for path in files_under(&generated_dir) {
        if !expected.contains(&path) {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            match mode {
                Mode::Check => report.stale.push(relative),
                Mode::Write => {
                    std::fs::remove_file(&path)
                        .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
                    report.removed.push(relative);
                }
            }
        }
    }
    Ok(report)
}

#[derive(Debug, PartialEq, Eq)]
enum FileState {
    Unchanged,
    Written,
    Stale,
}

/// Writes `contents` to `path` only if they differ, so modification times (and cargo's
/// rebuild decisions) stay put when nothing changed. In check mode, reports instead of writing.
fn ensure_file_contents(path: &Path, contents: &str, mode: Mode) -> Result<FileState, String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(FileState::Unchanged);
    }
    if mode == Mode::Check {
        return Ok(FileState::Stale);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(FileState::Written)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn cargo(root: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed", args.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test command catches a spec edited without regenerating the client.
    #[test]
    fn generated_client_is_up_to_date_with_the_spec() {
        let report = sync_generated(&workspace_root(), Mode::Check).unwrap();
        assert!(
            report.stale.is_empty(),
            "stale generated files (run `cargo xtask codegen`): {:?}",
            report.stale
        );
        assert!(!report.unchanged.is_empty());
    }

    #[test]
    fn ensure_file_contents_writes_only_on_change() {
        let dir = std::env::temp_dir().join(format!("xtask-ensure-{}", std::process::id()));
        let path = dir.join("a/b.rs");
        assert_eq!(
            ensure_file_contents(&path, "x", Mode::Check).unwrap(),
            FileState::Stale
        );
        assert!(!path.exists(), "check mode must not write");
        assert_eq!(
            ensure_file_contents(&path, "x", Mode::Write).unwrap(),
            FileState::Written
        );
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(
            ensure_file_contents(&path, "x", Mode::Write).unwrap(),
            FileState::Unchanged
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            modified
        );
        assert_eq!(
            ensure_file_contents(&path, "y", Mode::Check).unwrap(),
            FileState::Stale
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
