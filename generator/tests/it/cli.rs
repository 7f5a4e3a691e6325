//! The `generator` command: exit 0 when the crate is written, 1 on any bad document (every
//! fixture of `tests/fixtures/bad/`), never 101 (a panic); diagnostics on stderr naming
//! FILE:LINE:COLUMN, one line each in `plain` form.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder for one test's output.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("generator-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Runs the command from the package folder (so `tests/...` paths are what users type).
fn generator(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .current_dir(manifest_dir())
        .output()
        .expect("the generator binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn bad_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(manifest_dir().join("tests/fixtures/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            format!(
                "tests/fixtures/bad/{}",
                p.file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    names.sort();
    assert!(names.len() > 15);
    names
}

/// `FILE:LINE:COLUMN: error|warning: ...`
fn is_plain_diagnostic(line: &str, file: &str) -> bool {
    let Some(rest) = line.strip_prefix(file).and_then(|r| r.strip_prefix(':')) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let numeric =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    numeric(parts.next())
        && numeric(parts.next())
        && parts
            .next()
            .is_some_and(|r| r.starts_with(" error: ") || r.starts_with(" warning: "))
}

#[test]
fn a_good_document_exits_0_and_writes_the_crate() {
    let out = scratch("good");
    let output = generator(&[
        "--spec",
        "../spec/auth0.yaml",
        "--out",
        out.to_str().unwrap(),
        "--crate-name",
        "my-client",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-client\""), "{manifest}");
    for file in [
        "lib.rs",
        "client.rs",
        "models.rs",
        "operations.rs",
        "runtime/mod.rs",
        "runtime/form.rs",
    ] {
        assert!(out.join("src").join(file).is_file(), "src/{file}");
    }
    // The API sends no multipart body: the copy of the runtime leaves that part out.
    assert!(!out.join("src/runtime/multipart.rs").exists());
    let on_disk = generator::write::files_under(&out).len();
    assert!(
        stderr(&output).contains(&format!("wrote {on_disk} files")),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn runtime_crate_makes_the_crate_depend_on_the_runtime_instead_of_copying_it() {
    let out = scratch("runtime-crate");
    let output = generator(&[
        "--spec",
        "../spec/auth0.yaml",
        "--out",
        out.to_str().unwrap(),
        "--runtime-crate",
        "../runtime",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest
            .contains("openapi-client-runtime = { path = \"../runtime\", features = [\"form\"] }"),
        "{manifest}"
    );
    assert!(!manifest.contains("base64"), "{manifest}");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("pub use ::openapi_client_runtime as runtime;"),
        "{lib}"
    );
    assert!(!out.join("src/runtime").exists());

    let versioned = scratch("runtime-version");
    let output = generator(&[
        "--spec",
        "../spec/auth0.yaml",
        "--out",
        versioned.to_str().unwrap(),
        "--runtime-crate",
        "0.1",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(versioned.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("openapi-client-runtime = { version = \"0.1\", features = [\"form\"] }"),
        "{manifest}"
    );
    std::fs::remove_dir_all(&out).unwrap();
    std::fs::remove_dir_all(&versioned).unwrap();
}

#[test]
fn module_only_writes_src_generated_alone() {
    let out = scratch("module");
    let output = generator(&[
        "--spec",
        "../spec/auth0.yaml",
        "--out",
        out.to_str().unwrap(),
        "--module-only",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(out.join("src/generated/mod.rs").is_file());
    assert!(!out.join("Cargo.toml").exists());
    assert!(!out.join("src/lib.rs").exists());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn every_bad_document_exits_1_with_located_one_line_errors_and_writes_nothing() {
    for fixture in bad_fixtures() {
        let out = scratch("bad");
        let output = generator(&[
            "--spec",
            &fixture,
            "--out",
            out.to_str().unwrap(),
            "--diagnostics",
            "plain",
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{fixture}:\n{err}");
        assert!(!out.exists(), "{fixture}: something was written");
        let lines: Vec<&str> = err.lines().collect();
        let (summary, diagnostics) = lines.split_last().expect("some output");
        assert!(
            summary.starts_with(&format!("error: {fixture} has ")),
            "{fixture}: {summary}"
        );
        assert!(!diagnostics.is_empty(), "{fixture}: no diagnostic");
        for line in diagnostics {
            assert!(
                is_plain_diagnostic(line, &fixture),
                "{fixture}: not a one-line FILE:LINE:COLUMN diagnostic: {line}"
            );
        }
        assert!(
            diagnostics.iter().any(|l| l.contains(": error: ")),
            "{fixture}: no error"
        );
    }
}

#[test]
fn stderr_that_is_not_a_terminal_gets_plain_diagnostics() {
    let output = generator(&[
        "--spec",
        "tests/fixtures/warnings/unknown-parameter-style.yaml",
        "--out",
        scratch("default").to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "tests/fixtures/warnings/unknown-parameter-style.yaml:8:20: warning: paths./pets.get: \
         operation `listPets` (`GET /pets`) is left out of the client: it has no faithful form (see the warnings on it)\n\
         tests/fixtures/warnings/unknown-parameter-style.yaml:15:18: warning: paths./pets.get.parameters[1].style: \
         unknown parameter style `spaceDelimted` (hint: did you mean `spaceDelimited`?)\n\
         warning: tests/fixtures/warnings/unknown-parameter-style.yaml has 2 warnings: the places they name are generated untyped or left out\n\
         error: tests/fixtures/warnings/unknown-parameter-style.yaml has 2 warnings and --deny-warnings is set; nothing was written\n"
    );
}

#[test]
fn rich_diagnostics_quote_the_line_with_a_caret() {
    let output = generator(&[
        "--spec",
        "tests/fixtures/warnings/unknown-parameter-style.yaml",
        "--out",
        scratch("rich").to_str().unwrap(),
        "--diagnostics",
        "rich",
        "--deny-warnings",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("--> tests/fixtures/warnings/unknown-parameter-style.yaml:15:18"),
        "{err}"
    );
    assert!(err.contains("15 |           style: spaceDelimted"), "{err}");
    assert!(
        err.contains("- hint: did you mean `spaceDelimited`?"),
        "{err}"
    );
}

#[test]
fn warnings_are_printed_and_the_crate_is_still_written() {
    let out = scratch("warnings");
    let output = generator(&[
        "--spec",
        "tests/fixtures/warnings/empty-responses.yaml",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.starts_with("tests/fixtures/warnings/empty-responses.yaml:9:18: warning: "),
        "{err}"
    );
    assert!(out.join("src/client.rs").is_file());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn warnings_are_counted_and_deny_warnings_makes_them_errors() {
    let out = scratch("deny-warnings");
    let spec = "tests/fixtures/compile/degraded.yaml";
    let args = ["--spec", spec, "--out", out.to_str().unwrap()];
    let output = generator(&args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    let warnings = err.lines().filter(|l| l.contains(": warning: ")).count();
    assert!(warnings > 10, "{err}");
    assert!(
        err.contains(&format!(
            "\nwarning: {spec} has {warnings} warnings: the places they name are generated untyped or left out\n"
        )),
        "{err}"
    );
    std::fs::remove_dir_all(&out).unwrap();
    let output = generator(&[&args[..], &["--deny-warnings"]].concat());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.trim_end().ends_with(&format!(
            "error: {spec} has {warnings} warnings and --deny-warnings is set; nothing was written"
        )),
        "{err}"
    );
    assert!(!out.exists(), "something was written");
}

#[test]
fn a_missing_spec_or_an_unwritable_out_exits_1() {
    let output = generator(&["--spec", "no/such/spec.yaml", "--out", "unused"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.starts_with("no/such/spec.yaml:1:1: error: (document root): cannot read the file"),
        "{err}"
    );

    // `--out` names a file, so the folder cannot be made.
    let file = scratch("out-is-a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let output = generator(&[
        "--spec",
        "../spec/auth0.yaml",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(&format!("cannot write into {}", file.display())),
        "{}",
        stderr(&output)
    );
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn selecting_an_unknown_tag_or_operation_exits_1() {
    let output = generator(&[
        "--spec",
        "../spec/auth0.yaml",
        "--out",
        scratch("select").to_str().unwrap(),
        "--tag",
        "NoSuchTag",
        "--operation",
        "noSuchOperation",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("no operation has the tag `NoSuchTag`"),
        "{err}"
    );
    assert!(
        err.contains("no operation has the operationId `noSuchOperation`"),
        "{err}"
    );
}

#[test]
fn help_mentions_every_flag_and_the_exit_statuses() {
    let output = generator(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8_lossy(&output.stdout);
    for flag in [
        "--spec <FILE>",
        "--out <DIR>",
        "--crate-name <NAME>",
        "--module-only",
        "--tag <TAG>",
        "--operation <OPERATION_ID>",
        "--diagnostics <FORMAT>",
        "--overlay <FILE>",
        "--check",
        "--force",
        "--workspace-member",
        "--standalone",
        "--help",
        "--version",
    ] {
        assert!(
            help.contains(flag),
            "--help does not mention {flag}:\n{help}"
        );
    }
    assert!(help.contains("rich") && help.contains("plain"), "{help}");
    assert!(
        help.contains("Exit status: 0") && help.contains("1 when"),
        "{help}"
    );
}

#[test]
fn usage_errors_are_not_panics() {
    for args in [
        &[][..],
        &["--spec"][..],
        &["--spec", "x.yaml", "--out", "y", "--diagnostics", "fancy"][..],
        &["--unknown-flag"][..],
    ] {
        let output = generator(args);
        // clap's usage errors exit 2; what matters is that nothing panics (101).
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

fn cargo_metadata(dir: &Path) -> Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(dir)
        .output()
        .expect("cargo runs")
}

fn generate_auth0_into(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "--spec",
        "../spec/auth0.yaml",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    generator(&args)
}

#[test]
fn files_the_generator_did_not_write_are_left_alone_unless_forced() {
    let out = scratch("foreign");
    std::fs::create_dir_all(out.join("src")).unwrap();
    let mine = "[package]\nname = \"mine\"\n";
    std::fs::write(out.join("Cargo.toml"), mine).unwrap();
    std::fs::write(out.join("src/lib.rs"), "pub fn mine() {}\n").unwrap();

    let refused = generate_auth0_into(&out, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(
        message.contains("Cargo.toml") && message.contains("src/lib.rs"),
        "names both files: {message}"
    );
    assert!(message.contains("--force"), "{message}");
    assert_eq!(
        std::fs::read_to_string(out.join("Cargo.toml")).unwrap(),
        mine
    );
    assert!(!out.join("src/client.rs").exists(), "nothing was written");

    let forced = generate_auth0_into(&out, &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(std::fs::read_to_string(out.join("src/lib.rs"))
        .unwrap()
        .contains("@generated"));
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_second_run_writes_only_what_changed_and_removes_what_is_no_longer_generated() {
    let out = scratch("sync");
    let first = generate_auth0_into(&out, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let lib = out.join("src/lib.rs");
    let modified = std::fs::metadata(&lib).unwrap().modified().unwrap();
    // A module an earlier version of the document produced, and a file of the user's.
    let stale = out.join("src/old_module.rs");
    std::fs::write(
        &stale,
        "// @generated by openapi-rust-generator from `auth0.yaml`. Do not edit by hand:\n",
    )
    .unwrap();
    let own = out.join("src/notes.rs");
    std::fs::write(&own, "// my notes\n").unwrap();

    let check = generate_auth0_into(&out, &["--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("old_module.rs"),
        "{}",
        stderr(&check)
    );
    assert!(stale.exists(), "--check writes nothing");

    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = generate_auth0_into(&out, &[]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("wrote 0 files"),
        "{}",
        stderr(&second)
    );
    assert!(!stale.exists(), "the stale generated module is removed");
    assert!(own.exists(), "a file without the marker is kept");
    assert_eq!(
        std::fs::metadata(&lib).unwrap().modified().unwrap(),
        modified,
        "an unchanged file is not rewritten"
    );

    let up_to_date = generate_auth0_into(&out, &["--check"]);
    assert_eq!(up_to_date.status.code(), Some(0), "{}", stderr(&up_to_date));

    std::fs::write(&lib, "// @generated by openapi-rust-generator\n// edited\n").unwrap();
    let edited = generate_auth0_into(&out, &["--check"]);
    assert_eq!(edited.status.code(), Some(1));
    assert!(stderr(&edited).contains("lib.rs"), "{}", stderr(&edited));
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_crate_generated_inside_a_workspace_is_a_member_of_it() {
    let root = scratch("workspace");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"clients/auth0\"]\n",
    )
    .unwrap();
    let out = root.join("clients/auth0");
    let generated = generate_auth0_into(&out, &["--crate-name", "auth0-client"]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    assert!(
        stderr(&generated).contains("members"),
        "{}",
        stderr(&generated)
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("[workspace]"), "{manifest}");
    // cargo sees one workspace with the generated crate in it (two roots would be an error).
    let metadata = cargo_metadata(&out);
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let text = String::from_utf8_lossy(&metadata.stdout);
    assert!(text.contains("\"name\":\"auth0-client\""), "{text}");
    assert!(
        text.contains(&format!(
            "\"workspace_root\":\"{}\"",
            root.canonicalize().unwrap().display()
        )),
        "{text}"
    );

    // --standalone: a workspace of its own, which this enclosing workspace must then exclude.
    let standalone = root.join("standalone");
    let generated = generate_auth0_into(&standalone, &["--standalone"]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    let manifest = std::fs::read_to_string(standalone.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("[workspace]"), "{manifest}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_crate_generated_outside_any_workspace_is_its_own_workspace() {
    let out = scratch("alone");
    let generated = generate_auth0_into(&out, &[]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    let metadata = cargo_metadata(&out);
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let text = String::from_utf8_lossy(&metadata.stdout);
    assert!(
        text.contains(&format!(
            "\"workspace_root\":\"{}\"",
            out.canonicalize().unwrap().display()
        )),
        "{text}"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn overlays_change_the_document_before_it_is_generated() {
    let out = scratch("overlay");
    let generated = generate_auth0_into(
        &out,
        &["--overlay", "tests/fixtures/overlays/drop-logout.yaml"],
    );
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap();
    assert!(
        !client.contains("fn auth0_logout"),
        "the removed operation is gone"
    );
    assert!(client.contains("fn get_auth0_user_info"));
    assert!(
        client.contains("description set by an overlay"),
        "the merged description documents the method"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_bad_overlay_is_located_in_its_own_file_and_nothing_is_written() {
    let out = scratch("bad-overlay");
    let refused = generate_auth0_into(
        &out,
        &[
            "--overlay",
            "tests/fixtures/overlays/bad-target.yaml",
            "--diagnostics",
            "plain",
        ],
    );
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(
        message.contains("tests/fixtures/overlays/bad-target.yaml:6:23: error: actions[0].target:"),
        "{message}"
    );
    assert!(!out.exists(), "nothing was written");
    let missing = generate_auth0_into(&out, &["--overlay", "no/such/overlay.yaml"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no/such/overlay.yaml"));
}
