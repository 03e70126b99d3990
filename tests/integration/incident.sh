# incident.sh - the bundled incident (testdata/incident, made by real Caddy,
# a stand-in server logging through tracing-subscriber, and PostgreSQL 15):
# `analyze report --format json` finds exactly what expected.py computed from
# the raw inputs (testdata/incident/expected/facts.json), validates against
# schemas/report.schema.json, and is byte-identical run to run. Negative
# cases: a healthy window has no findings; a per-client limiter is no
# collapse; a 408 with no write is no stall.
. "$(dirname "$0")/lib.sh" "$@"

I=$TESTDATA/incident
FACTS=$I/expected/facts.json
DB=$WORK/incident.db
OUT=$WORK/report.json

# --- ingested whole, reported, the JSON the documented model --------------
report_recording "$I/inputs"
"$ANALYZE" report --db "$DB" -o "$WORK/again.json"
check "byte-identical rerun" "$(md5sum <"$OUT")" "$(md5sum <"$WORK/again.json")"

# --- correlation ----------------------------------------------------------------
check "prefix detected" '{"value":"/api","detected":true}' "$(r .correlation.strip_prefix)"
check "requests" "$(f .requests.caddy_lines)" "$(r .correlation.requests)"
check "clock offset from ids" '"request_id"' "$(r '.correlation.clock_offsets[0].basis')"
check "clock offset" 0 "$(r '.correlation.clock_offsets[0].offset_ms')"
check "spans without ids still link by path and time" 1 \
	"$(r '.correlation.linked_events.path_time > 0 | if . then 1 else 0 end')"

# --- 408 clusters ---------------------------------------------------------------
check "cluster routes" "$(f '[.timeout_clusters[].route] | sort')" "$(r '[.findings.timeout_clusters[].route] | sort')"
for key in route methods count start end request_ids timeout_budget_ms; do
	check "clusters: $key" "$(f "[.timeout_clusters[] | .$key] | sort")" \
		"$(r "[.findings.timeout_clusters[] | .$key] | sort")"
done
check "budget inferred" "$(f .timeout_budget_ms)" "$(r '.findings.timeout_clusters[0].timeout_budget_ms')"
check "healthy routes meanwhile" "$(f '[.timeout_clusters[0].healthy_routes[]] | sort')" \
	"$(r '[.findings.timeout_clusters[0].healthy_routes[] | (.methods + " " + .route)] | sort')"

# near misses: per cluster, the route's requests overlapping its span that
# answered yet took half the budget or more, counted here straight from the
# proxy's own lines (python over both access logs), not from analyze
check "clusters: near misses" "$(/usr/bin/python3 - "$FACTS" "$TESTDATA/incident/inputs/caddy" <<'PY2'
import gzip, json, re, sys
from datetime import datetime
facts, d = json.load(open(sys.argv[1])), sys.argv[2]
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
lines = []
for name, op in (("access.log.1.gz", gzip.open), ("access.log", open)):
    with op(d + "/" + name, "rt") as fh:
        lines += [json.loads(l) for l in fh if l.strip()]
def route(uri):
    path = uri.split("?")[0]
    path = path[4:] if path.startswith("/api/") else path
    return re.sub(r"/[0-9A-HJKMNP-TV-Z]{26}(?=/|$)", "/{id}", path)
out = []
for c in sorted(facts["timeout_clusters"], key=lambda c: c["route"]):
    budget = facts["timeout_budget_ms"] / 1000
    near = [(l["duration"], l["resp_headers"].get("X-Request-Id", [None])[0]) for l in lines
            if route(l["request"]["uri"]) == c["route"] and l["request"]["method"] in c["methods"]
            and l["status"] not in (408, 504) and l["duration"] >= budget / 2
            and l["ts"] >= t(c["start"]) and l["ts"] - l["duration"] <= t(c["end"])]
    near.sort(reverse=True)
    out.append([c["route"], len(near), near[0][1] if near else None])
print(json.dumps(out, separators=(",", ":")))
PY2
)" "$(r '[.findings.timeout_clusters[] | [.route, .near_misses.count, .near_misses.slowest.request_id]] | sort_by(.[0])')"

# --- limiter collapses ------------------------------------------------------------
check "one collapse" "$(f '.limiter_collapses | length')" "$(r '.findings.limiter_collapses | length')"
for key in limiter route bucket_ip client_ip_source; do
	check "collapse: $key" "$(f ".limiter_collapses[0].$key")" "$(r ".findings.limiter_collapses[0].$key")"
done
check "collapse: early rejections" \
	"$(f '[.limiter_collapses[0].early_rejections[] | [.client_ip, .attempt, .request_id]] | sort')" \
	"$(r '[.findings.limiter_collapses[0].early_rejections[] | [.client_ip, .attempt, .request_id]] | sort')"
check "collapse: rejected clients among its clients" "true" \
	"$(jq -c --slurpfile f "$FACTS" '[.findings.limiter_collapses[0].clients] as $c | ($f[0].limiter_collapses[0].rejected_clients - $c[0]) == []' "$OUT")"
check "per-client limiter is no collapse" 0 \
	"$(r '[.findings.limiter_collapses[] | select(.limiter == "directory.join.rate_limit")] | length')"

# --- post-write stalls -------------------------------------------------------------
check "stalls" "$(f '[.post_write_stalls[].request_id] | sort')" "$(r '[.findings.post_write_stalls[].request_id] | sort')"
check "stall writes" "$(f '[.post_write_stalls[] | [.request_id, .write.table, .write.key, .write.written_at]] | sort')" \
	"$(r '[.findings.post_write_stalls[] | [.request_id, .write.table, .write.key, .write.written_at]] | sort')"
check "408s without a write are no stall" "[]" \
	"$(jq -c --slurpfile f "$FACTS" '[.findings.post_write_stalls[].request_id] as $s | [$f[0].timeouts_not_stalls[].request_id | select(. as $id | $s | index($id))]' "$OUT")"

check "stalled phases" \
	"$(f '[.post_write_stalls[] | [.request_id, (if .write.table == "messages" then "search index ack" else "realtime fan-out" end)]] | sort')" \
	"$(r '[.findings.post_write_stalls[] | [.request_id, (.stalled_phase | split(" (")[0] | split(":")[0])]] | sort')"
check "low-confidence link said so" '["single_candidate"]' \
	"$(r '[.findings.post_write_stalls[] | select(.write.table == "audit_logs") | .write.link]')"

# --- the check board ----------------------------------------------------------------
check "checks" "$(f '.checks_suggested | to_entries | map([.key, .value.suggested]) | sort')" \
	"$(r '[.checks[] | [.id, .verdict]] | sort')"

# --- the text summary, line by line (expected/summary.txt was checked
# against facts.json by hand when the incident was last generated) ----------
"$ANALYZE" report --db "$DB" --format text -o "$WORK/summary.txt"
n=0
while IFS= read -r want; do
	n=$((n + 1))
	check "summary line $n" "$want" "$(sed -n "${n}p" "$WORK/summary.txt")"
done <"$I/expected/summary.txt"
check "summary line count" "$(wc -l <"$I/expected/summary.txt")" "$(wc -l <"$WORK/summary.txt")"

# --- a row written before its request started is another request's --------
# Start the first stall's request 100 ms later, after its own row: the row
# must not stay its write (the old 1 s tolerance kept it), and no other 408
# may take it; the other stalls keep their rows.
first=$(jq -r '.findings.post_write_stalls[0].request_id' "$OUT")
row=$(jq -r '.findings.post_write_stalls[0].write.key' "$OUT")
cp "$DB" "$WORK/late.db"
sqlite3 "$WORK/late.db" "UPDATE request SET start_us = start_us + 100000,
	duration_us = duration_us - 100000 WHERE request_id = '$first'"
run_analyze report --db "$WORK/late.db" -o "$WORK/late.json"
check "late start: no longer a stall" 0 \
	"$(jq --arg id "$first" '[.findings.post_write_stalls[] | select(.request_id == $id)] | length' "$WORK/late.json")"
check "late start: its row is nobody's stall" 0 \
	"$(jq --arg k "$row" '[.findings.post_write_stalls[] | select(.write.key == $k)] | length' "$WORK/late.json")"
check "late start: the other stalls keep their rows" \
	"$(jq -c '[.findings.post_write_stalls[1:][] | [.request_id, .write.key]]' "$OUT")" \
	"$(jq -c '[.findings.post_write_stalls[] | [.request_id, .write.key]]' "$WORK/late.json")"

# --- retried timeouts: a stalled writer's later message is a retry only
# when it says the same thing. In the recording one stalled author posts a
# different message to the same channel 55 s later: no retry. Made to say
# the same thing (on a copy), it is one, with both rows named.
check "retried timeouts: a later, different message is none" 0 "$(r '.findings.retried_timeouts | length')"
. "$(dirname "$0")/plant-retry.bash"
plant_retry "$DB" "$WORK/retry.db" "$FACTS"
check "retried timeouts: the recording has a later post by a stalled author" 1 "$([ -n "$first_key" ] && echo 1 || echo 0)"
run_analyze report --db "$WORK/retry.db" -o "$WORK/retry.json"
check "retried timeouts: the same message again is one" \
	"[\"$(jq -r --arg k "$first_key" '.post_write_stalls[] | select(.write.key == $k) | .request_id' "$FACTS")\",\"$first_key\",\"$retry_key\",1]" \
	"$(jq -c '[.findings.retried_timeouts[] | .request_id, .write.key, .retry.write.key, .retries]' "$WORK/retry.json")"

# --- the server log without request ids: the path + time joins link alone --
cp "$DB" "$WORK/noids.db"
sqlite3 "$WORK/noids.db" "UPDATE event SET request_key = NULL, request_id = NULL"
run_analyze report --db "$WORK/noids.db" -o "$WORK/noids.json"
check "no ids: offset from path pairs" 'path_time|0' \
	"$(jq -r '.correlation.clock_offsets[0] | "\(.basis)|\(.offset_ms)"' "$WORK/noids.json")"
check "no ids: most events linked again" 1 \
	"$(jq '.correlation.linked_events | if .request_id == 0 and .path_time > 400 then 1 else 0 end' "$WORK/noids.json")"
# the login burst's rejections carry no id now: matched in order to the 429s,
# they give the same collapse, clients and early victims as with ids
check "no ids: rejections matched to 429s" 22 "$(jq '.correlation.linked_events.rate_limit_order' "$WORK/noids.json")"
check "no ids: the same collapse" \
	"$(jq -c '[.findings.limiter_collapses[] | del(.evidence, .evidence_total) | .early_rejections |= map(del(.request_id))]' "$OUT")" \
	"$(jq -c '[.findings.limiter_collapses[] | del(.evidence, .evidence_total) | .early_rejections |= map(del(.request_id))]' "$WORK/noids.json")"
check "no ids: the same clusters" "$(r '[.findings.timeout_clusters[] | [.route, .count]]')" \
	"$(jq -c '[.findings.timeout_clusters[] | [.route, .count]]' "$WORK/noids.json")"

# --- docs/sql.md: every example runs on this database, and finds rows --------
# (but the rejects one: the incident has no bad line)
python3 - "$TESTDATA/../docs/sql.md" "$WORK/sql-examples" <<'PY'
import pathlib, re, sys
text = pathlib.Path(sys.argv[1]).read_text()
out = pathlib.Path(sys.argv[2]); out.mkdir(exist_ok=True)
for i, block in enumerate(re.findall(r"```sql\n(.*?)```", text, re.S)):
    (out / f"{i:02d}.sql").write_text(block)
PY
check "docs/sql.md has its examples" 8 "$(ls "$WORK/sql-examples" | wc -l)"
for f in "$WORK"/sql-examples/*.sql; do
	rows=$(sqlite3 -bail "$DB" <"$f" 2>"$WORK/sql.err" | wc -l)
	check "docs/sql.md example $(basename "$f"): no error" "" "$(cat "$WORK/sql.err")"
	grep -q 'FROM reject' "$f" || check "docs/sql.md example $(basename "$f"): rows" 1 "$((rows > 0))"
done

# --- a healthy stretch: no findings, no FAIL ------------------------------------------
HEALTHY_UNTIL=$(jq -r '.timeline[] | select(.what | startswith("login storm")) | .at' "$FACTS")
run_analyze report --db "$DB" --until "$HEALTHY_UNTIL" -o "$WORK/healthy.json"
check "healthy: exit" 0 "$status"
check "healthy: no findings" '[0,0,0]' \
	"$(jq -c '[.findings.timeout_clusters, .findings.limiter_collapses, .findings.post_write_stalls] | map(length)' "$WORK/healthy.json")"
check "healthy: no check fails" '[]' "$(jq -c '[.checks[] | select(.verdict == "FAIL") | .id]' "$WORK/healthy.json")"

# --- a silence in the server log while the proxy kept answering: one gap ------------
# the real server log with 65 s of its lines left out (from the first 408's start)
mkdir -p "$WORK/gap/server"
cp -r "$I/inputs/caddy" "$WORK/gap/"
python3 - "$I/inputs/server/server.log" "$WORK/gap/server/server.log" <<'PY'
import json, sys
lo, hi = "2026-11-29T23:55:51.606", "2026-11-29T23:56:56.606"
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
    for line in src:
        ts = json.loads(line).get("timestamp", "")
        if not lo <= ts < hi:
            out.write(line)
PY
run_analyze ingest --db "$WORK/gap.db" -q "$WORK/gap"
run_analyze report --db "$WORK/gap.db" -o "$WORK/gap.json"
check "gap: restarts check" 'FAIL|1 restart, 1 gap over 60 s in the server log while requests went on' \
	"$(jq -r '.checks[] | select(.id == "restarts") | "\(.verdict)|\(.summary)"' "$WORK/gap.json")"
# before the restart: the gap alone, its evidence the first event after it
run_analyze report --db "$WORK/gap.db" --until 2026-11-29T23:57:10Z -o "$WORK/gap-only.json"
check "gap alone: restarts check" 'FAIL|0 restarts, 1 gap over 60 s in the server log while requests went on' \
	"$(jq -r '.checks[] | select(.id == "restarts") | "\(.verdict)|\(.summary)"' "$WORK/gap-only.json")"
check "gap alone: evidence is the first event after the silence" \
	"server.log:$(grep -n '"timestamp":"2026-11-29T23:56:5[6-9]' "$WORK/gap/server/server.log" | head -1 | cut -d: -f1)" \
	"$(jq -r '.checks[] | select(.id == "restarts") | .evidence[0] | "\(.source | split("/") | last):\(.line)"' "$WORK/gap-only.json")"

finish
