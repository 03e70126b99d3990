#!/usr/bin/env bash
# bench_report.sh BUILD_DIR [REQUESTS] [RUNS] - correlation and findings
# over REQUESTS generated proxy requests (default 1 M) and their server
# events (1.5 per request): the time and peak RSS of `analyze report`.
set -euo pipefail
build=${1:?usage: bench_report.sh BUILD_DIR [REQUESTS] [RUNS]}
n=${2:-1000000}
runs=${3:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$build/bench
bench=$build/tests/bench
mkdir -p "$work"
db=$work/report-$n.db
if [ ! -s "$db" ]; then
	"$bench/gen_caddy" "$root/testdata/caddy/access.log" $((n * 720)) >"$work/req-all.log"
	head -n "$n" "$work/req-all.log" >"$work/req.log"
	rm -f "$work/req-all.log"
	"$bench/gen_tracing" "$(wc -l <"$work/req.log")" >"$work/events.log"
	"$build/analyze" ingest -q --db "$db" --strip-prefix /api "$work/req.log" "$work/events.log"
	rm -f "$work/req.log" "$work/events.log"
fi
printf 'requests: %s, server events: %s\n' "$(sqlite3 "$db" 'SELECT count(*) FROM request')" \
	"$(sqlite3 "$db" 'SELECT count(*) FROM event')"
for i in $(seq "$runs"); do
	"$bench/peak_rss" "$build/analyze" report --db "$db" -o "$work/report.json" 2>&1 | tail -1
done | sed 's/wall_s=\([0-9.]*\) peak_rss_kb=\([0-9]*\)/\1 \2/' | sort -n |
	awk '{ w[NR] = $1; r[NR] = $2 } END { m = int((NR + 1) / 2);
		printf "report: median %.2f s, peak RSS %.1f MB (%d runs)\n", w[m], r[m] / 1024, NR }'
jq -c '{linked: .correlation.linked_events, clusters: (.findings.timeout_clusters | length)}' "$work/report.json"
