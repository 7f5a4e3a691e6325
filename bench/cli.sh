#!/usr/bin/env bash
# The generator CLI as a whole process, on spec/auth0.yaml and the Pieces OS document:
# wall time cold (binary and input dropped from the page cache, new output folder) and warm
# (hyperfine), and peak memory (/usr/bin/time). Usage: bench/cli.sh
source "$(dirname "$0")/common.sh"
need hyperfine hyperfine
cargo build --release --quiet -p openapi-rust-generator
BIN="$TARGET/release/generator"
machine
for spec in "$AUTH0" "$PIECES"; do
    name="$(basename "$spec" .yaml)"
    out="$WORK/cli-$name"
    echo "== $name ($(wc -c <"$spec") bytes)"
    hyperfine --style basic --warmup 3 --runs 20 \
        --command-name "$name warm" \
        "$BIN --spec $spec --out $out"
    hyperfine --style basic --runs 10 \
        --prepare "rm -rf $out-cold && python3 $ROOT/bench/evict.py $BIN $spec" \
        --command-name "$name cold" \
        "$BIN --spec $spec --out $out-cold"
    echo "$name peak RSS: $(peak_rss_mb "$BIN" --spec "$spec" --out "$out") MB"
done
