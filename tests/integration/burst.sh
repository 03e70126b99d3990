# burst.sh - the second recording of the bundled incident (testdata/incident/burst,
# made by `bash make.sh burst`: real Caddy, the stand-in server, PostgreSQL 15):
# a login burst on the peer-keyed limiter without request ids, a fan-out stall
# with concurrent writers per channel, and 408s waiting on a table lock before
# their write. `analyze report --format json` must find what expected.py
# computed from the recorder's own records (burst/expected/facts.json).
. "$(dirname "$0")/lib.sh" "$@"

B=$TESTDATA/incident/burst
FACTS=$B/expected/facts.json
DB=$WORK/burst.db
OUT=$WORK/report.json

# --- ingested whole, reported, the JSON the documented model --------------
report_recording "$B/inputs"


check "requests" "$(f .requests.caddy_lines)" "$(r .correlation.requests)"

# --- 408 clusters (the fan-out stalls and the lock waits are one POST messages cluster)
check "cluster routes" "$(f '[.timeout_clusters[].route] | sort')" "$(r '[.findings.timeout_clusters[].route] | sort')"
for key in route methods count request_ids; do
	check "clusters: $key" "$(f "[.timeout_clusters[] | .$key | if type == \"array\" then sort else . end] | sort")" \
		"$(r "[.findings.timeout_clusters[] | .$key | if type == \"array\" then sort else . end] | sort")"
done

# --- post-write stalls: each names its own row; exactly the facts' set -------
# (each stall in the report, looked up among the facts' 408s by request id)
while IFS=$'\t' read -r rid got; do
	[ -n "$rid" ] || continue
	want=$(jq -c --arg id "$rid" '[.timeouts[] | select(.request_id == $id) | [.own_row.table, .own_row.key]] | first // "not a 408 of the facts"' "$FACTS")
	check "stall $rid names its own row" "$want" "$got"
done < <(jq -r '.findings.post_write_stalls[] | [.request_id // "null", ([.write.table, .write.key] | tojson)] | @tsv' "$OUT")
check "stall rows" "$(f '[.post_write_stalls[] | [.request_id, .write.table, .write.key]] | sort')" \
	"$(r '[.findings.post_write_stalls[] | [.request_id, .write.table, .write.key]] | sort')"
check "stall set" "$(f '[.post_write_stalls[].request_id] | sort')" "$(r '[.findings.post_write_stalls[].request_id] | sort')"
check "no lock-waiting 408 is a stall" "[]" \
	"$(jq -c --slurpfile f "$FACTS" '[.findings.post_write_stalls[].request_id] as $s | [$f[0].lock_waits[].request_id | select(. as $id | $s | index($id))]' "$OUT")"
check "stalled phase is the fan-out" "$(f '[.post_write_stalls[] | [.request_id, "realtime fan-out"]] | sort')" \
	"$(r '[.findings.post_write_stalls[] | [.request_id, (.stalled_phase | split(" (")[0] | split(":")[0])]] | sort')"

# --- every timed-out request explained: its kind (the facts' post_write_stall
# is the report's post_write), the lock waiters blocked by the holder
check "timeouts: each one's kind" \
	"$(f '[.timeouts[] | [.request_id, (if .kind == "post_write_stall" then "post_write" else .kind end)]] | sort')" \
	"$(r '[.findings.timeouts[] | [.request_id, .kind]] | sort')"
check "timeouts: lock waiters blocked by the holder" "$(f '[.lock_waits[] | [.request_id, .blocking_pid, .relation]] | sort')" \
	"$(r '[.findings.timeouts[] | select(.kind == "lock_wait") | [.request_id, .blocked_by.pid, .blocked_by.relation]] | sort')"
check "timeouts: post-write ones name their own row" "$(f '[.post_write_stalls[] | [.request_id, .write.key]] | sort')" \
	"$(r '[.findings.timeouts[] | select(.kind == "post_write") | [.request_id, .write.key]] | sort')"

# --- the lock episode: the backfill's LOCK TABLE, and exactly the 408s whose
# own INSERT queued behind it (a lock-waiting 408 is no post-write stall, above)
check "one lock episode" 1 "$(r '.findings.lock_waits | length')"
check "lock episode: relation, holder pid, application" \
	"$(f '[.lock_waits[0].relation, .lock_holder.pid, .lock_holder.application_name, .lock_holder.states[0]]')" \
	"$(r '[.findings.lock_waits[0] | .relation, .holder.pid, .holder.application_name, .holder.state]')"
check "lock episode: waited modes" "$(f '[.lock_waits[].waited_mode] | unique')" "$(r '.findings.lock_waits[0].waited_modes | sort')"
check "lock episode: its timed-out waiters" "$(f '[.lock_waits[].request_id] | sort')" \
	"$(r '[.findings.lock_waits[0].requests[].request_id] | sort')"
check "lock episode: each waiter by its own row" "$(f '[.lock_waits[] | "own_row"]')" \
	"$(r '[.findings.lock_waits[0].requests[].link]')"
# seen from the first capture after LOCK TABLE to the last before COMMIT
check "lock episode: inside the lock's hold" "inside" "$(/usr/bin/python3 - "$FACTS" "$OUT" <<'PY2'
import json, sys
from datetime import datetime
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
f, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
h, e = f["lock_holder"], r["findings"]["lock_waits"][0]
ok = t(h["locked_at"]) - 1 <= t(e["start"]) <= t(h["locked_at"]) + 2 and \
	t(h["committed_at"]) - 2 <= t(e["end"]) <= t(h["committed_at"])
print("inside" if ok else "%s..%s vs %s..%s" % (e["start"], e["end"], h["locked_at"], h["committed_at"]))
PY2
)"

# --- limiter collapse: one, the peer-keyed login bucket, the exact clients ----
check "one collapse" 1 "$(r '.findings.limiter_collapses | length')"
check "the collapse is the peer-keyed login bucket" \
	"$(f '[.login_collapse.bucket | .limiter, .route, .bucket_ip, .client_ip_source]')" \
	"$(r '[.findings.limiter_collapses[] | select(.client_ip_source == "peer") | .limiter, .route, .bucket_ip, .client_ip_source]')"
check "collapse: clients" "$(f '.login_collapse.clients | sort')" \
	"$(r '[.findings.limiter_collapses[] | select(.limiter == "auth.rate_limit")][0].clients // [] | sort')"
check "collapse: distinct clients" "$(f .login_collapse.distinct_clients)" \
	"$(r '[.findings.limiter_collapses[] | select(.limiter == "auth.rate_limit")][0].distinct_clients')"
check "collapse: early victims" "$(f '.login_collapse.early_victims | sort')" \
	"$(r '[[.findings.limiter_collapses[] | select(.limiter == "auth.rate_limit")][0].early_rejections[]?.client_ip] | unique')"
check "collapse: later-attempt rejections are no early victims" "[]" \
	"$(jq -c --slurpfile f "$FACTS" '[[.findings.limiter_collapses[].early_rejections[]?.client_ip] | unique | .[] | select(. as $c | $f[0].login_collapse.late_rejected_only | index($c))]' "$OUT")"
check "per-client limited client is no collapse" 0 \
	"$(jq -c --slurpfile f "$FACTS" '[.findings.limiter_collapses[] | select(.limiter == "directory.join.rate_limit" or .bucket_ip == $f[0].per_client_limited[0].bucket_ip)] | length' "$OUT")"

# --- the check board: the three failures the recording shows --------------------
for id in limiter_keying db_locks post_write_boundary; do
	check "check $id" FAIL "$(jq -r --arg id "$id" '.checks[] | select(.id == $id) | .verdict' "$OUT")"
done

finish
