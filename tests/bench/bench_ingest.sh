#!/usr/bin/env bash
# bench_ingest.sh BUILD_DIR [MB] [RUNS] [caddy|tracing] - ingest speed and
# memory against yajl's json_verify and cat on the same generated log (a
# Caddy access log, or the server's tracing JSON), in one go. Prints
# medians; machines are shared and noisy, so read the ratios.
set -euo pipefail
build=${1:?usage: bench_ingest.sh BUILD_DIR [MB] [RUNS] [caddy|tracing]}
mb=${2:-1000}
runs=${3:-5}
family=${4:-caddy}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$build/bench
mkdir -p "$work"
log=$work/$family-${mb}m.log
bench=$build/tests/bench

if [ ! -s "$log" ]; then
	case $family in
	caddy) "$bench/gen_caddy" "$root/testdata/caddy/access.log" $((mb * 1000000)) >"$log" ;;
	tracing) "$bench/gen_tracing" $((mb * 1000000 / 620)) >"$log" ;;   # ~620 bytes a request
	*) echo "bench: unknown family '$family'" >&2; exit 2 ;;
	esac
fi
bytes=$(stat -L -c %s "$log")         # -L: the log may be a link to a shared copy
lines=$(wc -l <"$log")

. "$here/lib.sh"

rm -f "$work"/*.times
for i in $(seq "$runs"); do
	time_of cat sh -c "cat '$log' >/dev/null"
	time_of json_verify sh -c "json_verify -q -s <'$log'"
	rm -f "$work/b.db" "$work/b.db-wal" "$work/b.db-shm"
	time_of ingest "$build/analyze" ingest -q --db "$work/b.db" --strip-prefix /api "$log"
	time_of rerun "$build/analyze" ingest -q --db "$work/b.db" --strip-prefix /api "$log"
done
table=request
[ "$family" = tracing ] && table=event
rows=$(sqlite3 "$work/b.db" "SELECT count(*) FROM $table")
[ "$rows" -eq "$lines" ] || { echo "bench: $rows rows for $lines lines" >&2; exit 1; }

jv=$(cut -d' ' -f1 "$work/json_verify.times" | median)
printf 'input: %s MB, %s lines of %s log\n' $((bytes / 1000000)) "$lines" "$family"
printf '%-12s %9s %9s %12s %10s %14s\n' what wall_s MB/s lines/s peak_MB x_json_verify
for name in cat json_verify ingest rerun; do
	wall=$(cut -d' ' -f1 "$work/$name.times" | median)
	rss=$(cut -d' ' -f2 "$work/$name.times" | median)
	awk -v n="$name" -v w="$wall" -v r="$rss" -v b="$bytes" -v l="$lines" -v j="$jv" 'BEGIN {
		printf "%-12s %9.3f %9.1f %12.0f %10.1f %14.2f\n", n, w, b / 1e6 / w, l / w, r / 1024, j / w }'
done
ingest=$(cut -d' ' -f1 "$work/ingest.times" | median)
rerun=$(cut -d' ' -f1 "$work/rerun.times" | median)
awk -v a="$rerun" -v b="$ingest" 'BEGIN { printf "re-run over the same file: %.2f%% of the first ingest\n", 100 * a / b }'
