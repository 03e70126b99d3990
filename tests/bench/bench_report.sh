#!/usr/bin/env bash
# bench_report.sh BUILD_DIR [REQUESTS] [RUNS] [ids|noids] - correlation and
# findings over REQUESTS generated proxy requests (default 1 M) and their
# server events (1.5 per request): the time and peak RSS of `analyze
# report`. With noids, the server events carry no request id, only their
# request's method and path at its midpoint: the path + time joins do the
# linking (on busy paths they find every event ambiguous).
set -euo pipefail
build=${1:?usage: bench_report.sh BUILD_DIR [REQUESTS] [RUNS] [ids|noids]}
n=${2:-1000000}
runs=${3:-3}
ids=${4:-ids}
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
if [ "$ids" = noids ]; then
	if [ ! -s "$work/report-$n-noids.db" ]; then
		cp "$db" "$work/report-$n-noids.db"
		sqlite3 "$work/report-$n-noids.db" "
			CREATE TEMP TABLE m AS SELECT e.id AS eid, r.method, r.path, r.start_us, r.end_us
				FROM event e JOIN request_v r ON r.request_key = e.request_key;
			CREATE INDEX temp.m_by_eid ON m(eid);
			UPDATE event SET method = (SELECT method FROM m WHERE eid = event.id),
				uri = (SELECT substr(path, 5) FROM m WHERE eid = event.id),
				ts_us = (SELECT (start_us + end_us) / 2 FROM m WHERE eid = event.id)
			WHERE id IN (SELECT eid FROM m);
			UPDATE event SET request_key = NULL, request_id = NULL;"
	fi
	db=$work/report-$n-noids.db
fi
printf 'requests: %s, server events: %s\n' "$(sqlite3 "$db" 'SELECT count(*) FROM request')" \
	"$(sqlite3 "$db" 'SELECT count(*) FROM event')"
for i in $(seq "$runs"); do
	"$bench/peak_rss" "$build/analyze" report --db "$db" -o "$work/report.json" 2>&1 | tail -1
done | sed 's/wall_s=\([0-9.]*\) peak_rss_kb=\([0-9]*\)/\1 \2/' | sort -n |
	awk '{ w[NR] = $1; r[NR] = $2 } END { m = int((NR + 1) / 2);
		printf "report: median %.2f s, peak RSS %.1f MB (%d runs)\n", w[m], r[m] / 1024, NR }'
jq -c '{linked: .correlation.linked_events, clusters: (.findings.timeout_clusters | length)}' "$work/report.json"
