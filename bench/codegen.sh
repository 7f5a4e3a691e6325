#!/usr/bin/env bash
# The `cargo xtask codegen` loop, on a copy of this working tree (so the shared tree's spec and
# generated files are never touched) with a target folder of its own:
#   1. nothing changed: time (hyperfine), and whether any generated file was rewritten (mtimes);
#   2. one description changed in spec/auth0.yaml (alternating between two texts before each
#      run): time to a checked crate.
# The first run builds the copy's dependencies once (minutes); later runs reuse them.
# Usage: bench/codegen.sh
source "$(dirname "$0")/common.sh"
need hyperfine hyperfine
need rsync rsync
COPY="$WORK/codegen-tree"
export CARGO_TARGET_DIR="$WORK/codegen-target"
# Exit 24: a file vanished while copying (a fuzzer's corpus, say); what matters is copied.
rsync -a --delete --exclude /target --exclude /.git --exclude node_modules \
    --exclude /generator/fuzz "$ROOT/" "$COPY/" || [ $? -eq 24 ]
cd "$COPY"
machine
echo "== priming (builds xtask and the checked crates' dependencies once)"
cargo xtask codegen >/dev/null

snapshot() {
    find . -path ./e2e -prune -o -path '*/src/generated*' -type f -printf '%p %T@\n' -o \
        -path './fixtures-client/src/*' -type f -printf '%p %T@\n' | sort
}

echo "== 1. nothing changed"
before="$(snapshot)"
hyperfine --style basic --warmup 1 --runs 10 --command-name "codegen, nothing changed" \
    "cargo xtask codegen"
after="$(snapshot)"
if [ "$before" = "$after" ]; then
    echo "no generated file was rewritten ($(echo "$before" | wc -l) files, mtimes unchanged)"
else
    echo "REWRITTEN:"; diff <(echo "$before") <(echo "$after") || true
fi

echo "== 2. one description changed in spec/auth0.yaml"
cp spec/auth0.yaml "$WORK/auth0.yaml.orig"
cat >"$WORK/flip.py" <<'PY'
import pathlib, sys
spec = pathlib.Path("spec/auth0.yaml")
text = spec.read_text()
a, b = "summary: Read the signed-in user's profile", "summary: Read the signed-in user's profile (edited)"
if b in text:
    text = text.replace(b, a)
elif a in text:
    text = text.replace(a, b)
else:
    sys.exit("the summary to edit is not in spec/auth0.yaml")
spec.write_text(text)
PY
hyperfine --style basic --runs 6 --prepare "python3 $WORK/flip.py" \
    --command-name "codegen, one description changed" "cargo xtask codegen"
cp "$WORK/auth0.yaml.orig" spec/auth0.yaml
cargo xtask codegen | tail -1
