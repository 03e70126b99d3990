# stray_timeouts.sh - on a long log, 408s answered in milliseconds (a client
# giving up, a handler's own 408) are scattered among the real timeouts. They
# are not the server's timeout: the budget stays the real one, the clusters
# stay the incident's own (largest first), and the stray ones are counted
# apart (timeout_budget.below_budget, a line in the text and on the page).
# The stray lines are the incident's own Caddy lines of healthy requests,
# turned into 27 ms 408s at every 7th one.
. "$(dirname "$0")/lib.sh" "$@"

INC=$TESTDATA/incident/inputs
mkdir -p "$WORK/in/caddy"
cp -r "$INC/server" "$INC/psql" "$WORK/in/"
cp "$INC/caddy/access.log.1.gz" "$INC/caddy/caddy.log" "$WORK/in/caddy/"
jq -c 'if .status == 200 and (.ts * 1000 | floor) % 7 == 0 then .status = 408 | .duration = 0.027 else . end' \
	"$INC/caddy/access.log" >"$WORK/in/caddy/access.log"
stray=$(jq -s '[.[] | select(.status == 408 and .duration == 0.027)] | length' "$WORK/in/caddy/access.log")
check "the fixture has stray 408s" 1 "$([ "$stray" -ge 5 ] && echo 1 || echo 0)"

run_analyze ingest -q --db "$WORK/inc.db" "$INC"
run_analyze report --db "$WORK/inc.db" --format json -o "$WORK/inc.json"
run_analyze ingest -q --db "$WORK/stray.db" "$WORK/in"
check "ingest exit" 0 "$status"
run_analyze report --db "$WORK/stray.db" --format json -o "$WORK/stray.json"
check "report exit" 0 "$status"

check "budget is the real one" "$(jq .timeout_budget.ms "$WORK/inc.json")" "$(jq .timeout_budget.ms "$WORK/stray.json")"
check "budget inferred" true "$(jq .timeout_budget.inferred "$WORK/stray.json")"
check "below budget: the stray ones" "$stray" "$(jq .timeout_budget.below_budget "$WORK/stray.json")"
check "no stray 408 below budget without them" 0 "$(jq .timeout_budget.below_budget "$WORK/inc.json")"
check "clusters: the incident's own" "$(jq -c '[.findings.timeout_clusters[] | [.route, .count, .request_ids]]' "$WORK/inc.json")" \
	"$(jq -c '[.findings.timeout_clusters[] | [.route, .count, .request_ids]]' "$WORK/stray.json")"
check "clusters largest first" "$(jq -c '[.findings.timeout_clusters[].count] | sort | reverse' "$WORK/stray.json")" \
	"$(jq -c '[.findings.timeout_clusters[].count]' "$WORK/stray.json")"

run_analyze report --db "$WORK/stray.db" --format text
check "text line" 1 "$(echo "$out" | grep -c "^timeouts_below_budget count=$stray budget=10000ms$")"
run_analyze report --db "$WORK/inc.db" --format text
check "no text line without them" 0 "$(echo "$out" | grep -c "^timeouts_below_budget")"
run_analyze report --db "$WORK/stray.db" -o "$WORK/stray.html"
check "page note" 1 "$(grep -c "<p class=\"note\">$stray other 408s were answered in less than half" "$WORK/stray.html")"
finish
