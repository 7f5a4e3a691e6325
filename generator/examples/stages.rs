//! Where one run's time goes, stage by stage, on a document of any size (the criterion
//! benchmarks repeat each stage many times, too long for a 50 MB document):
//!
//! `cargo run --release -p openapi-rust-generator --example stages -- FILE`
//!
//! Prints the wall time of reading the file, `load`, `model` (on a thread with the model's
//! stack, as `generator::generate` runs it), `emit` (tokens and formatting on every core) and the
//! size of what was written in memory, and after each stage the peak resident memory so far
//! (`VmHWM`, Linux only). Wall times: take them at a low load (`uptime`).

use std::time::Instant;

use generator::diagnostics::Diagnostics;
use generator::emit::{self, EmitOptions};
use generator::model::Selection;
use generator::{load, model};

/// The CLI's allocator (`src/main.rs`), so that the stages cost what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("usage: stages FILE");
    let started = Instant::now();
    let mut lap = {
        let mut last = started;
        move |stage: &str| {
            let now = Instant::now();
            eprintln!(
                "{stage:>6}: {:8.1} ms, peak RSS so far {}",
                (now - last).as_secs_f64() * 1e3,
                peak_rss()
            );
            last = now;
        }
    };
    let text = std::fs::read_to_string(&path).expect("the file reads");
    lap("read");
    let mut diags = Diagnostics::new(&path);
    let document = load::load(&text, &mut diags).expect("the document loads");
    lap("load");
    let api = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(scope, || {
                model::build(&document, &Selection::default(), &mut diags)
            })
            .expect("a thread for the model")
            .join()
            .expect("the model stage")
    });
    lap("model");
    drop(document);
    let files = emit::emit(
        &api,
        &EmitOptions {
            source_name: "stages".into(),
            ..EmitOptions::default()
        },
    );
    lap("emit");
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    eprintln!(
        " total: {:8.1} ms; {} operations, {} types; {} files, {lines} lines, {bytes} bytes",
        started.elapsed().as_secs_f64() * 1e3,
        api.operations.len(),
        api.types.len(),
        files.len(),
    );
}

/// The process's peak resident memory so far (`VmHWM` in `/proc/self/status`).
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.0} MB", kb / 1024.0))
        })
        .unwrap_or_else(|| "unknown".into())
}
