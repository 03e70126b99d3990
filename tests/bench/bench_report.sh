#!/usr/bin/env bash
# bench_report.sh BUILD_DIR [REQUESTS] [RUNS] [ids|noids|writes] -
# correlation and findings over REQUESTS generated proxy requests (default
# 1 M) and their server events (1.5 per request): the time and peak RSS of
# `analyze report`. With noids, the server events carry no request id, only
# their request's method and path at its midpoint: the path + time joins do
# the linking (on busy paths they find every event ambiguous). With writes,
# 500 captured message rows (one a second) share their guild and channel
# with every POST to the busiest route: the write joins and the post-write
# stalls at scale.
set -euo pipefail
build=${1:?usage: bench_report.sh BUILD_DIR [REQUESTS] [RUNS] [ids|noids|writes]}
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
				uri = (SELECT CASE WHEN substr(path, 1, 5) = '/api/' THEN substr(path, 5) ELSE path END
					FROM m WHERE eid = event.id),       -- the server's path: /api off
				ts_us = (SELECT (start_us + end_us) / 2 FROM m WHERE eid = event.id)
			WHERE id IN (SELECT eid FROM m);
			UPDATE event SET request_key = NULL, request_id = NULL;"
	fi
	db=$work/report-$n-noids.db
elif [ "$ids" = writes ]; then
	if [ ! -s "$work/report-$n-writes.db" ]; then
		cp "$db" "$work/report-$n-writes.db"
		sqlite3 "$work/report-$n-writes.db" "
			INSERT INTO source (path, format, head_hash, bytes, lines, tail_hash, tail_len,
				first_ingest_us, last_ingest_us) VALUES ('writes.txt', 'psql', 1, 0, 0, 0, 0, 0, 0);
			INSERT INTO snapshot (source_id, line, form, shape)
				VALUES ((SELECT max(id) FROM source), 1, 'copy', 'messages');
			WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 499)
			INSERT INTO db_write (snapshot_id, source_id, line, table_name, key, written_us,
				resolution_us, row_json)
			SELECT (SELECT max(id) FROM snapshot), (SELECT max(id) FROM source), i + 2, 'messages',
				printf('01M8X%021d', i), (SELECT min(start_us) FROM request) + i * 1000000, 1000,
				json_object('id', printf('01M8X%021d', i), 'guild_id', '01HZX3K7Q8W2N5R4T6Y9B1C3D5',
					'channel_id', '01HZX3M0A2B4C6D8E0F1G2H3J4', 'content', 'hello world')
			FROM k;"
	fi
	db=$work/report-$n-writes.db
fi
printf 'requests: %s, server events: %s\n' "$(sqlite3 "$db" 'SELECT count(*) FROM request')" \
	"$(sqlite3 "$db" 'SELECT count(*) FROM event')"
for i in $(seq "$runs"); do
	"$bench/peak_rss" "$build/analyze" report --db "$db" -o "$work/report.json" 2>&1 | tail -1
done | sed 's/wall_s=\([0-9.]*\) peak_rss_kb=\([0-9]*\)/\1 \2/' | sort -n |
	awk '{ w[NR] = $1; r[NR] = $2 } END { m = int((NR + 1) / 2);
		printf "report: median %.2f s, peak RSS %.1f MB (%d runs)\n", w[m], r[m] / 1024, NR }'
jq -c '{linked: .correlation.linked_events, clusters: (.findings.timeout_clusters | length),
	write_links: .correlation.db_writes.shared_id, stalls: (.findings.post_write_stalls | length)}' "$work/report.json"
