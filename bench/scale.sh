#!/usr/bin/env bash
# Cost against document size: the Pieces OS document with its paths, operations and components
# copied to 1x, 4x and 16x (generator/examples/scale_spec.rs), each run through the CLI:
# wall and CPU time (hyperfine) and peak memory (/usr/bin/time). Linear growth means the
# per-operation figures stay flat. Usage: bench/scale.sh [FACTORS...] (default: 1 4 16)
source "$(dirname "$0")/common.sh"
need hyperfine hyperfine
[ $# -gt 0 ] || set -- 1 4 16
factors=("$@")
cargo build --release --quiet -p openapi-rust-generator --bin generator --example scale_spec
BIN="$TARGET/release/generator"
machine
results=()
for n in "${factors[@]}"; do
    doc="$WORK/pieces-${n}x.json"
    "$TARGET/release/examples/scale_spec" "$PIECES" "$n" "$doc"
    ops=$((430 * n))
    hyperfine --style basic --warmup 1 --runs 5 --export-json "$WORK/scale-$n.json" \
        --command-name "${n}x ($ops operations, $(($(wc -c <"$doc") / 1024)) KB)" \
        "$BIN --spec $doc --out $WORK/scale-$n-out"
    rss=$(peak_rss_mb "$BIN" --spec "$doc" --out "$WORK/scale-$n-out")
    results+=("$(python3 - "$WORK/scale-$n.json" "$n" "$ops" "$rss" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
n, ops, rss = sys.argv[2], int(sys.argv[3]), sys.argv[4]
wall, cpu = statistics.median(r["times"]), r["user"] + r["system"]  # cpu: mean
print(f"{n:>3}x {ops:>6} ops: wall {wall*1000:8.0f} ms, cpu {cpu*1000:8.0f} ms, "
      f"{cpu*1e6/ops:7.0f} µs cpu/op, peak RSS {rss} MB")
PY
)")
done
printf '%s\n' "${results[@]}"
