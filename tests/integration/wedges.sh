# wedges.sh - the third recording of the bundled incident (testdata/incident/wedges,
# made by `bash make.sh wedges`: real Caddy, the stand-in server, PostgreSQL 15,
# real psql): a table lock on a read path (guild_members, ACCESS EXCLUSIVE,
# held 15 s by an idle psql session), a gateway-dispatch wedge and a
# search-ack wedge (408s after the row committed), retries after committed
# 408s that duplicate the row, near misses, a slow export outside every
# cluster, and \watch captures under LC_TIME=en_US.UTF-8 and C, a pg_locks
# \watch, a shell sampling loop and a capture script dated by sampled_at.
# `analyze report --format json` must find what expected.py computed from the
# recorder's own records (wedges/expected/facts.json).
. "$(dirname "$0")/lib.sh" "$@"

W=$TESTDATA/incident/wedges
FACTS=$W/expected/facts.json
DB=$WORK/wedges.db
OUT=$WORK/report.json

# --- ingested whole, reported, the JSON the documented model --------------
report_recording "$W/inputs"


check "requests" "$(f .requests.caddy_lines)" "$(r .correlation.requests)"

# --- 408 clusters: three on POST messages (lock, dispatch, search), one on joins
for key in route methods count request_ids; do
	check "clusters: $key" "$(f "[.timeout_clusters[] | .$key | if type == \"array\" then sort else . end] | sort")" \
		"$(r "[.findings.timeout_clusters[] | .$key | if type == \"array\" then sort else . end] | sort")"
done

# --- every timed-out request explained ----------------------------------------
check "timeouts: the set" "$(f '[.timeouts[].request_id] | sort')" "$(r '[.findings.timeouts[].request_id] | sort')"
check "timeouts: each one's kind" "$(f '[.timeouts[] | [.request_id, .kind]] | sort')" \
	"$(r '[.findings.timeouts[] | [.request_id, .kind]] | sort')"
check "timeouts: each one's stalled phase" "$(f '[.timeouts[] | [.request_id, .stalled_phase]] | sort')" \
	"$(r '[.findings.timeouts[] | [.request_id, .stalled_phase]] | sort')"
check "timeouts: each one's own row (or none)" "$(f '[.timeouts[] | [.request_id, .own_row.table, .own_row.key]] | sort')" \
	"$(r '[.findings.timeouts[] | [.request_id, .write.table, .write.key]] | sort')"
check "timeouts: each one's blocker (or none)" "$(f '[.timeouts[] | [.request_id, .blocking_pid, .relation]] | sort')" \
	"$(r '[.findings.timeouts[] | [.request_id, .blocked_by.pid, .blocked_by.relation]] | sort')"
check "timeouts: lock waiters' holder" \
	"$(f '.lock_episodes[0].holder as $h | [.timeouts[] | select(.kind == "lock_wait") | [.request_id, $h.application_name, $h.state]] | sort')" \
	"$(r '[.findings.timeouts[] | select(.kind == "lock_wait") | [.request_id, .blocked_by.application_name, .blocked_by.state]] | sort')"
check "post-write stalls: exactly the post_write 408s, by their own rows" \
	"$(f '[.timeouts[] | select(.kind == "post_write") | [.request_id, .own_row.key]] | sort')" \
	"$(r '[.findings.post_write_stalls[] | [.request_id, .write.key]] | sort')"

# --- the lock episode: guild_members, the ops-migration session, its waiters --
check "one lock episode" "$(f '.lock_episodes | length')" "$(r '.findings.lock_waits | length')"
check "lock episode: relation, mode, holder pid, application, state" \
	"$(f '[.lock_episodes[0] | .relation, .mode, .holder.pid, .holder.application_name, .holder.state]')" \
	"$(r '[.findings.lock_waits[0] | .relation, .mode, .holder.pid, .holder.application_name, .holder.state]')"
check "lock episode: holder query" "$(f '.lock_episodes[0].holder.query')" "$(r '.findings.lock_waits[0].holder.query')"
check "lock episode: waited modes" "$(f '.lock_episodes[0].waited_modes | sort')" "$(r '.findings.lock_waits[0].waited_modes | sort')"
check "lock episode: its timed-out waiters" "$(f '.lock_episodes[0].request_ids | sort')" \
	"$(r '[.findings.lock_waits[0].requests[]?.request_id] | sort')"
check "lock episode: timed_out" "$(f '.lock_episodes[0].request_ids | length')" "$(r '.findings.lock_waits[0].timed_out')"
check "lock episode: inside the lock's hold" "inside" "$(/usr/bin/python3 - "$FACTS" "$OUT" <<'PY'
import json, sys
from datetime import datetime
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
f, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
h, e = f["lock_episodes"][0], (r["findings"].get("lock_waits") or [{}])[0]
if not e:
    print("no episode")
else:
    ok = t(h["locked_at"]) - 1 <= t(e["start"]) <= t(h["locked_at"]) + 2 and \
        t(h["committed_at"]) - 2 <= t(e["end"]) <= t(h["committed_at"]) + 1
    print("inside" if ok else "%s..%s vs %s..%s" % (e["start"], e["end"], h["locked_at"], h["committed_at"]))
PY
)"

# --- retries after a committed 408: the duplicates; none for the lock waiters' retries
check "retried timeouts: pairs and rows" \
	"$(f '[.retried_timeouts[] | [.request_id, .retry_request_id, .write.key, .retry_write.key]] | sort')" \
	"$(r '[.findings.retried_timeouts[]? | [.request_id, .retry.request_id, .write.key, .retry.write.key]] | sort')"
check "retried timeouts: delays (ms, +-5)" "ok" "$(/usr/bin/python3 - "$FACTS" "$OUT" <<'PY'
import json, sys
f, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
got = {x.get("request_id"): x.get("delay_ms") for x in r["findings"].get("retried_timeouts") or []}
bad = ["%s: %s vs %s" % (x["request_id"], x["delay_ms"], got.get(x["request_id"])) for x in f["retried_timeouts"]
       if got.get(x["request_id"]) is None or abs(got[x["request_id"]] - x["delay_ms"]) > 5]
print("; ".join(bad) or "ok")
PY
)"
check "a retry after a lock-wait 408 is no duplicate" "[]" \
	"$(jq -c --slurpfile f "$FACTS" '[.findings.retried_timeouts[]? | .request_id | select(. as $id | [$f[0].retries_without_duplicate[].request_id] | index($id))]' "$OUT")"

# --- near misses per cluster (count, slowest); the slow export is none --------
check "near misses per cluster" "ok" "$(/usr/bin/python3 - "$FACTS" "$OUT" <<'PY'
import json, sys
f, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rc = r["findings"].get("timeout_clusters") or []
bad = []
for n in f["near_misses"]:
    ids = set(next(c["request_ids"] for c in f["timeout_clusters"]
                   if c["route"] == n["cluster"]["route"] and c["start"] == n["cluster"]["start"]))
    c = [c for c in rc if ids & set(c.get("request_ids") or [])]
    if len(c) != 1:
        bad.append("%s %s: %d report clusters" % (n["cluster"]["route"], n["cluster"]["start"], len(c)))
        continue
    nm = c[0].get("near_misses") or {}
    want = (n["count"], n["slowest"]["request_id"] if n["slowest"] else None,
            round(n["slowest"]["duration_ms"]) if n["slowest"] else None)
    s = nm.get("slowest") or {}
    have = (nm.get("count"), s.get("request_id"), s.get("duration_ms"))
    if want[:2] != have[:2] or (want[2] is not None and (have[2] is None or abs(have[2] - want[2]) > 1)):
        bad.append("%s %s: want %s, got %s" % (n["cluster"]["route"], n["cluster"]["start"], want, have))
print("; ".join(bad) or "ok")
PY
)"
check "the slow export is no near miss" "[]" \
	"$(jq -c --slurpfile f "$FACTS" '[.findings.timeout_clusters[].near_misses.slowest?.request_id | select(. as $id | [$f[0].slow_outside_clusters[].request_id] | index($id))]' "$OUT")"

# --- every snapshot's capture time, to its source's precision -----------------
# (the capture script's one-row sampled_at results date the result after them)
for file in $(jq -r '.captures | keys[]' "$FACTS"); do
	q "$DB" "SELECT ifnull(s.capture_us, 'NULL') FROM snapshot s JOIN source o ON o.id = s.source_id
		WHERE o.path LIKE '%/$file' AND ifnull(s.columns_json, '') <> '[\"sampled_at\"]' ORDER BY s.line" >"$WORK/got.txt"
	check "capture times: $file" "ok" "$(/usr/bin/python3 - "$FACTS" "$file" "$WORK/got.txt" <<'PY'
import json, sys
want = json.load(open(sys.argv[1]))["captures"][sys.argv[2]]["capture_us"]
got = [l.strip() for l in open(sys.argv[3]) if l.strip()]
got = [None if g == "NULL" else int(g) for g in got]
if got == want:
    print("ok")
else:
    bad = [i for i, (w, g) in enumerate(zip(want, got)) if w != g]
    i = bad[0] if bad else min(len(want), len(got))
    print("%d snapshots (%d dated), want %d; first difference at #%d: want %s, got %s" % (
        len(got), sum(g is not None for g in got), len(want), i + 1,
        want[i] if i < len(want) else "-", got[i] if i < len(got) else "-"))
PY
)"
done

# --- a report over the healthy window (captures, no waiter) has no lock episode
run_analyze report --db "$DB" --since "$(jq -r .healthy_window.start "$FACTS")" --until "$(jq -r .healthy_window.end "$FACTS")" \
	--format json -o "$WORK/healthy.json"
check "healthy window: report exit" 0 "$status"
check "healthy window: no lock_waits" 0 "$(jq '.findings.lock_waits | length' "$WORK/healthy.json")"
check "healthy window: no timeouts" 0 "$(jq '.findings.timeouts | length' "$WORK/healthy.json")"

# --- the check board --------------------------------------------------------------
for id in db_locks post_write_boundary; do
	check "check $id" FAIL "$(jq -r --arg id "$id" '.checks[] | select(.id == $id) | .verdict' "$OUT")"
done

finish
