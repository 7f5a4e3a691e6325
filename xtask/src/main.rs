//! Project automation: `cargo xtask codegen [--check]`.
//!
//! `codegen` regenerates every checked-in generated module ([`TARGETS`]: the client in
//! `generated-client/src/generated/` from `spec/auth0.yaml`, and one module of `fixtures-client`
//! per feature fixture), writing only the files whose contents changed (so an unchanged spec
//! costs no rebuild), then compile-checks the crates. `--check` writes nothing and fails naming
//! every stale file.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use generator::write::{ensure_file_contents, files_under, FileState, Mode};
use generator::{Layout, Options, RuntimeSource};

/// One OpenAPI document and the module of a workspace crate it is generated into.
#[derive(Debug, Clone, Copy)]
struct Target {
    /// The document, relative to the workspace root.
    spec: &'static str,
    /// The crate (a workspace member) the module belongs to.
    crate_dir: &'static str,
    /// The module's folder inside the crate; every file in it is generated.
    module_dir: &'static str,
}

/// The generator writes a module layout under this folder; each target moves it to its own.
const GENERATED_PREFIX: &str = "src/generated/";

const fn fixture(spec: &'static str, module_dir: &'static str) -> Target {
    Target {
        spec,
        crate_dir: "fixtures-client",
        module_dir,
    }
}

/// Everything `cargo xtask codegen` keeps in line with its document.
const TARGETS: &[Target] = &[
    Target {
        spec: "spec/auth0.yaml",
        crate_dir: "generated-client",
        module_dir: "src/generated",
    },
    fixture("generator/tests/fixtures/compile/bodies.yaml", "src/bodies"),
    fixture("generator/tests/fixtures/compile/exact.yaml", "src/exact"),
    fixture(
        "generator/tests/fixtures/compile/degraded.yaml",
        "src/degraded",
    ),
    fixture(
        "generator/tests/fixtures/compile/no-servers.yaml",
        "src/no_servers",
    ),
    fixture(
        "generator/tests/fixtures/compile/openapi31.yaml",
        "src/openapi31",
    ),
    fixture(
        "generator/tests/fixtures/compile/parameters.yaml",
        "src/parameters",
    ),
    fixture("generator/tests/fixtures/compile/refs.yaml", "src/refs"),
    fixture(
        "generator/tests/fixtures/compile/schemas.yaml",
        "src/schemas",
    ),
    fixture(
        "generator/tests/fixtures/compile/security.yaml",
        "src/security",
    ),
    fixture(
        "generator/tests/fixtures/compile/servers.yaml",
        "src/servers",
    ),
    fixture(
        "generator/tests/fixtures/compile/streams.yaml",
        "src/streams",
    ),
];

/// The crates holding generated modules, each checked once.
fn crates() -> Vec<&'static str> {
    let mut crates: Vec<&str> = TARGETS.iter().map(|t| t.crate_dir).collect();
    crates.dedup();
    crates
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--deny-warnings` may come anywhere after the command.
    let deny_warnings = args.iter().any(|a| a == "--deny-warnings");
    let rest: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "--deny-warnings")
        .collect();
    let result = match rest.as_slice() {
        ["codegen"] => codegen(Mode::Write, deny_warnings),
        ["codegen", "--check"] => codegen(Mode::Check, deny_warnings),
        _ => Err(
            "usage: cargo xtask codegen [--check] [--deny-warnings]\n\n  codegen          regenerate generated-client (from spec/auth0.yaml) and fixtures-client\n                   (from generator/tests/fixtures/compile/) and compile-check them\n  codegen --check  write nothing; fail naming every stale generated file\n  --deny-warnings  fail when the client's own document (spec/auth0.yaml) has a warning\n                   (the fixtures have warnings on purpose)".into(),
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

fn codegen(mode: Mode, deny_warnings: bool) -> Result<(), String> {
    let started = Instant::now();
    let root = workspace_root();
    let mut report = Report::default();
    for target in TARGETS {
        sync_generated(&root, target, mode, deny_warnings, &mut report)?;
    }
    let generated_in = started.elapsed();
    let specs = TARGETS.len();
    match mode {
        Mode::Check => {
            if report.stale.is_empty() {
                println!(
                    "generated code is up to date with its {specs} documents ({} files checked)",
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
                    "generated code is stale; these files differ from what their documents generate:\n{}\nrun `cargo xtask codegen` and commit the result",
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
                "generated {} files from {specs} documents in {:.0?}: {} written, {} unchanged",
                report.written.len() + report.unchanged.len(),
                generated_in,
                report.written.len(),
                report.unchanged.len()
            );
            let check_started = Instant::now();
            let mut packages = Vec::new();
            for krate in crates() {
                packages.extend(["-p", krate]);
            }
            // Clippy type-checks everything `cargo check` would, then lints: running both
            // would check every changed crate twice.
            let mut clippy = vec!["clippy", "--quiet"];
            clippy.extend(&packages);
            clippy.extend(["--all-targets", "--", "-D", "warnings"]);
            cargo(&root, &clippy)?;
            println!(
                "checked {} (cargo clippy -D warnings) in {:.1?}; total {:.1?}",
                crates().join(", "),
                check_started.elapsed(),
                started.elapsed()
            );
            Ok(())
        }
    }
}

/// Generates one target and brings its module folder in line with it.
fn sync_generated(
    root: &Path,
    target: &Target,
    mode: Mode,
    deny_warnings: bool,
    report: &mut Report,
) -> Result<(), String> {
    let spec = target.spec;
    let spec_path = root.join(spec);
    let options = Options {
        crate_name: target.crate_dir.into(),
        layout: Layout::Module,
        // The workspace's crates depend on the runtime crate (with the features each needs);
        // no copy of it is checked in.
        runtime: RuntimeSource::Crate("../runtime".into()),
        ..Options::default()
    };
    let text =
        std::fs::read_to_string(&spec_path).map_err(|e| format!("cannot read {spec}: {e}"))?;
    let output = generator::generate(spec, &text, &options).map_err(|failure| {
        let lines: Vec<String> = failure
            .diagnostics
            .iter()
            .map(|d| d.render(&text, false))
            .collect();
        format!(
            "{}\n{spec} has errors; nothing was generated",
            lines.join("\n")
        )
    })?;
    // The fixtures exercise warnings on purpose; only the client's own spec must be clean.
    if target.crate_dir == "generated-client" {
        for warning in &output.warnings {
            eprintln!("{warning}");
        }
        if deny_warnings && !output.warnings.is_empty() {
            return Err(format!(
                "{spec} has {} warning(s) and --deny-warnings is set; nothing was generated",
                output.warnings.len()
            ));
        }
    }
    let module_dir = root.join(target.crate_dir).join(target.module_dir);
    let mut expected = Vec::new();
    for file in &output.files {
        let inner = file.path.strip_prefix(GENERATED_PREFIX).ok_or_else(|| {
            format!(
                "the generator wrote `{}`, outside {GENERATED_PREFIX}",
                file.path
            )
        })?;
        let path = module_dir.join(inner);
        expected.push(path.clone());
        let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        match ensure_file_contents(&path, &file.contents, mode).map_err(|e| e.to_string())? {
            FileState::Unchanged => report.unchanged.push(relative),
            FileState::Written => report.written.push(relative),
            FileState::Stale => report.stale.push(relative),
        }
    }
    // A file the generator no longer produces would otherwise linger as dead code.
    for path in files_under(&module_dir) {
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
    Ok(())
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

    /// The test command catches a spec (or the generator) changed without regenerating.
    #[test]
    fn generated_client_is_up_to_date_with_the_spec() {
        let mut report = Report::default();
        for target in TARGETS {
            sync_generated(&workspace_root(), target, Mode::Check, false, &mut report).unwrap();
        }
        assert!(
            report.stale.is_empty(),
            "stale generated files (run `cargo xtask codegen`): {:?}",
            report.stale
        );
        assert!(!report.unchanged.is_empty());
    }

    /// Every feature fixture with a checked-in module is declared by fixtures-client.
    #[test]
    fn fixtures_client_declares_every_generated_module() {
        let root = workspace_root();
        let lib = std::fs::read_to_string(root.join("fixtures-client/src/lib.rs")).unwrap();
        for target in TARGETS.iter().filter(|t| t.crate_dir == "fixtures-client") {
            let module = target.module_dir.trim_start_matches("src/");
            // Generated code is formatted by the generator; `cargo fmt` must leave it as it is.
            assert!(
                lib.contains(&format!("#[rustfmt::skip]\npub mod {module};")),
                "fixtures-client/src/lib.rs does not declare `#[rustfmt::skip] pub mod {module};`"
            );
            assert!(
                root.join(target.spec).exists(),
                "{} is missing",
                target.spec
            );
        }
    }
}
