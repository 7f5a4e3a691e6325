//! The generator in process, stage by stage: `cargo bench -p openapi-rust-generator`.
//!
//! Inputs: `spec/auth0.yaml`, the Pieces OS document (`spec/pieces-os.yaml`, or
//! `$PIECES_OS_SPEC` to try another), and
//! that document scaled to 1x, 4x and 16x its operations (`support/scale.rs`; JSON text).
//! Stages: `load` (text to positioned nodes), `model` (nodes to the intermediate form),
//! `emit` (intermediate form to tokens), `format` (tokens to text: syn + prettyplease), and
//! `total` (`generator::generate`, all four).

#[path = "support/scale.rs"]
mod scale;

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use generator::diagnostics::Diagnostics;
use generator::emit::{self, EmitOptions, Layout};
use generator::model::Selection;
use generator::{load, model, Options};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn pieces_os_path() -> PathBuf {
    std::env::var_os("PIECES_OS_SPEC")
        .map_or_else(|| workspace().join("spec/pieces-os.yaml"), PathBuf::from)
}

fn emit_options() -> EmitOptions {
    EmitOptions {
        crate_name: "api-client".into(),
        layout: Layout::Crate,
        source_name: "bench.yaml".into(),
    }
}

fn stages(c: &mut Criterion, name: &str, text: &str) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(text.len() as u64));
    if text.len() > 1_000_000 {
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(20));
    }
    let mut diags = Diagnostics::new(name);
    let document = load::load(text, &mut diags).expect("the input loads");
    let api = model::build(&document, &Selection::default(), &mut diags);
    assert!(!diags.has_errors(), "{name} has errors: {:?}", diags.list);

    group.bench_function("load", |b| {
        b.iter(|| load::load(text, &mut Diagnostics::new(name)).unwrap())
    });
    group.bench_function("model", |b| {
        b.iter(|| {
            model::build(
                &document,
                &Selection::default(),
                &mut Diagnostics::new(name),
            )
        })
    });
    group.bench_function("emit", |b| {
        b.iter(|| emit::emit_tokens(&api, &emit_options()))
    });
    group.bench_function("format", |b| {
        // Fresh tokens each time: a clone would share them, and syn would copy them whole.
        b.iter_batched(
            || emit::emit_tokens(&api, &emit_options()),
            emit::format,
            BatchSize::LargeInput,
        )
    });
    group.bench_function("total", |b| {
        b.iter(|| generator::generate(name, text, &Options::default()).unwrap())
    });
    group.finish();
}

fn auth0(c: &mut Criterion) {
    let text = std::fs::read_to_string(workspace().join("spec/auth0.yaml")).unwrap();
    stages(c, "auth0", &text);
}

fn pieces_os(c: &mut Criterion) {
    let path = pieces_os_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipping pieces-os: {} not found (set PIECES_OS_SPEC)",
            path.display()
        );
        return;
    };
    stages(c, "pieces-os", &text);
}

/// The whole run on 1x, 4x and 16x the Pieces OS operations: time per byte should stay flat.
fn scaling(c: &mut Criterion) {
    let path = pieces_os_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipping scaling: {} not found (set PIECES_OS_SPEC)",
            path.display()
        );
        return;
    };
    let mut diags = Diagnostics::new("pieces-os");
    let document = load::load(&text, &mut diags).unwrap();
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    for n in [1, 4, 16] {
        let json = scale::scaled_json(&document.root, n);
        group.throughput(Throughput::Elements(n as u64 * 430));
        group.bench_function(format!("{n}x"), |b| {
            b.iter(|| generator::generate("scaled.json", &json, &Options::default()).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, auth0, pieces_os, scaling);
criterion_main!(benches);
