#!/usr/bin/env bash
# Peak memory of a 2 GB download streamed through generated code (`download_file_byte_stream`
# of fixtures-client's `streams` module) from a loopback server in the same process: the
# body is never held whole, so memory must stay flat (target: < 64 MB).
# Usage: bench/stream-memory.sh [SIZE_MB]   (PROFILE=dev for an unoptimized build)
source "$(dirname "$0")/common.sh"
need /usr/bin/time time
PROFILE="${PROFILE:-release}"
SIZE_MB="${1:-2048}"
cargo build --quiet --profile "$PROFILE" -p fixtures-client --example stream_download
DIR="$PROFILE"
[ "$PROFILE" = dev ] && DIR=debug
machine
echo "== $SIZE_MB MB streamed ($PROFILE build)"
/usr/bin/time -f 'peak RSS %M KB, %e s wall, %U s user, %S s system' \
    "$TARGET/$DIR/examples/stream_download" "$SIZE_MB"
