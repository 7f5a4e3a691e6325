#!/usr/bin/env bash
# The generated crates' size and compile cost: lines of code of generated-client/src/generated
# and of a client generated from the Pieces OS document, and `cargo check` time of the latter
# with its dependencies already built (hyperfine, touching src/lib.rs before each run).
# Usage: bench/generated-crate.sh
source "$(dirname "$0")/common.sh"
need hyperfine hyperfine
cargo build --release --quiet -p openapi-rust-generator --bin generator
machine
echo "== lines of code (wc -l), generated-client/src/generated (its runtime is the runtime crate)"
wc -l generated-client/src/generated/*.rs
CRATE="$WORK/pieces-os-client"
rm -rf "$CRATE/src"
"$TARGET/release/generator" --spec "$PIECES" --out "$CRATE" --crate-name pieces-os-client 2>/dev/null
echo "== lines of code (wc -l), the Pieces OS client, with its copy of the runtime (src/runtime/)"
find "$CRATE/src" -name '*.rs' | sort | xargs wc -l
cd "$CRATE"
export CARGO_TARGET_DIR="$WORK/pieces-os-client-target"
echo "== priming: dependencies built once"
cargo check --quiet
hyperfine --style basic --warmup 1 --runs 5 --prepare "touch src/lib.rs" \
    --command-name "cargo check, Pieces OS client (dependencies built)" "cargo check --quiet"
