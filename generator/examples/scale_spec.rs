//! `cargo run --release -p openapi-rust-generator --example scale_spec -- IN N OUT`: writes a
//! document with N times the paths, operations and components of IN (see
//! `benches/support/scale.rs`), for timing the generator on larger inputs.

#[path = "../benches/support/scale.rs"]
mod scale;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, n, output] = args.as_slice() else {
        eprintln!("usage: scale_spec IN N OUT");
        return ExitCode::FAILURE;
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("N must be a positive number, not `{n}`");
        return ExitCode::FAILURE;
    };
    let text = match std::fs::read_to_string(input) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut diags = generator::diagnostics::Diagnostics::new(input);
    let Some(document) = generator::load::load(&text, &mut diags) else {
        eprintln!("{input} is not an OpenAPI document");
        return ExitCode::FAILURE;
    };
    if let Err(e) = std::fs::write(output, scale::scaled_json(&document.root, n.max(1))) {
        eprintln!("cannot write {output}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
