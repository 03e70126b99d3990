#!/usr/bin/env bash
# Regenerates every fixture in this directory from gen/ (a small Rust program
# using the Debian-packaged tracing / tracing-subscriber crates, offline).
# Re-runnable from any cwd.  See README.md for what each file is.
set -euo pipefail
cd "$(dirname "$0")"

# --- dependencies (Debian 12 packages) --------------------------------------
# librust-tracing-subscriber-dev pulls in every optional feature's crates
# (serde_json, tracing-serde, ansi_term, time, ...); librust-http-dev gives
# the real http::Method/Uri/Version used in the request span.
PKGS=(librust-tracing-dev librust-tracing-subscriber-dev librust-http-dev python3 gzip)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# any cargo works (rustup's, or Debian's cargo 0.66 / rustc 1.63); Cargo.lock is v3
command -v cargo >/dev/null 2>&1 || missing+=(cargo)
if ((${#missing[@]})); then
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    echo "make.sh: installing ${missing[*]}" >&2
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}" \
        || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; }
fi

# --- build offline into a throw-away target dir ------------------------------
# gen/.cargo/config.toml replaces crates-io by the directory source
# /usr/share/cargo/registry and sets net.offline.
CARGO_TARGET_DIR=$(mktemp -d)
export CARGO_TARGET_DIR
trap 'rm -rf "$CARGO_TARGET_DIR"' EXIT
(cd gen && cargo build --offline --locked --quiet)
GEN=$CARGO_TARGET_DIR/debug/tracing-fixtures

# --- outputs ----------------------------------------------------------------
mkdir -p json text pretty docker
"$GEN" json-nested       > json/nested.log
"$GEN" json-flat         > json/flat.log
"$GEN" json-nospan       > json/nospan.log
"$GEN" json-utctime      > json/utctime.log
"$GEN" json-offset       > json/offset.log
"$GEN" text-full         > text/full.log
"$GEN" text-full-ansi    > text/full-ansi.log
"$GEN" text-compact      > text/compact.log
"$GEN" text-compact-ansi > text/compact-ansi.log
"$GEN" pretty            > pretty/pretty.log
"$GEN" pretty-ansi       > pretty/pretty-ansi.log

gzip -n -9 -c json/nested.log > json/nested.log.gz

python3 docker/wrap-json-file.py json/nested.log stdout > docker/json-file.log
python3 docker/wrap-json-file.py text/full-ansi.log stdout > docker/json-file-ansi.log
python3 docker/compose-logs.py plain text/full.log      > docker/compose.log
python3 docker/compose-logs.py color text/full-ansi.log > docker/compose-ansi.log
python3 docker/compose-logs.py mixed text/full.log      > docker/compose-mixed.log
journal/make.sh
(cd bunyan && python3 make-bunyan.py)

# --- sanity checks (facts README.md relies on) ------------------------------
fail() { echo "make.sh: check failed: $*" >&2; exit 1; }
grep -q '"total_ms":"[0-9]*"' json/nested.log || fail 'u128 *_ms not written as JSON string'
grep -q $'\x1b\\[' text/full-ansi.log || fail 'no ANSI escapes in text/full-ansi.log'
grep -q $'\x1b\\[' pretty/pretty-ansi.log || fail 'no ANSI escapes in pretty/pretty-ansi.log'
! grep -q $'\x1b' text/full.log json/nested.log || fail 'unexpected ANSI escapes'
[ "$(grep -c '"log":"[^"]' docker/json-file.log)" -gt "$(wc -l < json/nested.log)" ] \
    || fail 'no split (partial) record in docker/json-file.log'
python3 - <<'EOF' || fail 'invalid JSON line'
import json
for p in ['json/nested.log', 'json/flat.log', 'json/nospan.log', 'json/utctime.log',
          'json/offset.log', 'docker/json-file.log', 'docker/json-file-ansi.log']:
    with open(p, encoding='utf-8') as f:
        for i, line in enumerate(f, 1):
            json.loads(line)
EOF
if grep -rlE '/(work|home|root|tmp)/' json text pretty docker/*.log >/dev/null 2>&1; then
    fail 'absolute path leaked into an output'
fi

wc -l json/*.log text/*.log pretty/*.log docker/*.log
du -sh --exclude=gen .
