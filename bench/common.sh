# Shared by the bench/*.sh scripts: paths, the machine, and page-cache eviction.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PIECES="${PIECES_OS_SPEC:-$ROOT/spec/pieces-os.yaml}"
AUTH0="$ROOT/spec/auth0.yaml"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET/bench"
mkdir -p "$WORK"

need() {
    command -v "$1" >/dev/null || { echo "needs $1 (apt-get install -y $2)" >&2; exit 1; }
}

machine() {
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(uptime | sed 's/.*load/load/')"
}

# Peak resident memory of one run, in MB.
peak_rss_mb() {
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.1f", $1 / 1024 }'
}
