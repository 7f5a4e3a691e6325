//! The provider's npm packages, installed by the tests themselves: a fresh clone needs nothing
//! but Rust, Node.js 20 and npm before `cargo test --workspace`.
//!
//! Several test binaries (or test threads) may start together on a clone without
//! `node_modules`. Each installs into a private folder next to it with `npm ci` (exact versions
//! from `package-lock.json`), then renames that folder's `node_modules` into place. A rename onto
//! an existing folder fails, so the first finished install wins and later ones are discarded:
//! no lock file, nothing half-installed is ever seen at `node_modules`.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// One installer per process: threads of one test binary wait for it instead of racing.
static INSTALL: Mutex<()> = Mutex::new(());

/// What the provider needs; its presence means the install is complete (it is renamed in whole).
fn installed(dir: &Path) -> bool {
    dir.join("node_modules/oidc-provider/package.json")
        .is_file()
}

/// Makes sure `dir/node_modules` holds the packages of `dir/package-lock.json`. Panics with what
/// to install when Node.js (`node`, the program the provider runs with) or npm is missing, or
/// with npm's output when the install fails.
pub fn ensure_installed(dir: &Path, node: &OsStr) {
    let _one_at_a_time = INSTALL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if installed(dir) {
        return;
    }
    require_tool(node);
    require_tool(OsStr::new(npm()));

    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let staging = dir.join(format!(".npm-ci-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&staging).expect("create the npm staging folder");
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(dir.join(file), staging.join(file))
            .unwrap_or_else(|e| panic!("copy {file} into {}: {e}", staging.display()));
    }
    eprintln!(
        "e2e provider: installing its npm packages (npm ci in {}), once",
        dir.display()
    );
    let output = Command::new(npm())
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&staging)
        .output()
        .unwrap_or_else(|e| panic!("cannot run npm: {e}"));
    if !output.status.success() {
        let _ = std::fs::remove_dir_all(&staging);
        panic!(
            "e2e provider: `npm ci` failed in {} ({}):\n{}{}",
            dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Another process may have finished first; then its folder stays and ours goes.
    let _ = std::fs::rename(staging.join("node_modules"), dir.join("node_modules"));
    let _ = std::fs::remove_dir_all(&staging);
    assert!(
        installed(dir),
        "e2e provider: npm ci succeeded but {} has no oidc-provider",
        dir.join("node_modules").display()
    );
}

fn npm() -> &'static str {
    if cfg!(windows) {
        "npm.cmd"
    } else {
        "npm"
    }
}

/// Fails the test, saying what to install, when `tool` cannot be run.
fn require_tool(tool: &OsStr) {
    let runs = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        runs,
        "the end-to-end tests need Node.js 20 or newer with npm on PATH (`{} --version` \
         could not run): install Node.js from https://nodejs.org or your package manager; \
         the tests install their own npm packages",
        Path::new(tool).display()
    );
}
