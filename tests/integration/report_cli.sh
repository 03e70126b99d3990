# report_cli.sh - the command line fit for cron: --help/--version, errors
# that name their option or file and their exit codes, --fail-on, the
# one-shot form, the text summary, and prune removing what it should and
# nothing else.
. "$(dirname "$0")/lib.sh" "$@"

C=$TESTDATA/caddy
DB=$WORK/r.db

# --- help and version -----------------------------------------------------
run_analyze --help
check "--help exit" 0 "$status"
check "--help names prune" 1 "$(grep -c '^  prune ' <<<"$out")"
check "--help names the one-shot form" 1 "$(grep -c '^       analyze FILE.html|FILE.json|FILE.txt' <<<"$out")"
run_analyze --version
check "--version" "0 analyze" "$status ${out% *}"
# each command lists the statuses it can exit with, and only those
all='0 ok, 1 --fail-on findings, 2 usage, 3 input, 4 database, 5 internal'
for cmd in "ingest:0 ok, 2 usage, 3 input, 4 database, 5 internal" "report:$all" \
	"prune:0 ok, 2 usage, 4 database, 5 internal" "report.html:$all"; do
	codes=${cmd#*:}
	cmd=${cmd%%:*}
	run_analyze $cmd -h
	check "$cmd -h is --help" 0 "$status"
	run_analyze $cmd --help
	check "$cmd --help exit" 0 "$status"
	check "$cmd --help usage" 1 "$(grep -c "^usage: analyze " <<<"$out")"
	check "$cmd --help exit codes" "exit status: $codes" "$(grep '^exit status: ' <<<"$out")"
done

# --- errors name the option or file at fault ------------------------------
run_analyze frobnicate
check "unknown command" "2 analyze: unknown command 'frobnicate' (or a report file: FILE.html, FILE.json, FILE.txt, FILE.csv); analyze --help lists them" "$status $err"
run_analyze
check "no command: one line, analyze: first" "2 analyze: no command given (analyze --help lists them)" "$status $err"
run_analyze report --db "$DB" --format pdf
check "bad --format" "2 analyze: --format: unknown format 'pdf' (json, html, text, csv)" "$status $err"
run_analyze report --db "$DB" -o "$WORK/r.pdf"
check "-o with no known extension" "2 analyze: -o: cannot tell the format from '$WORK/r.pdf' (use .html, .json, .txt or .csv, or --format)" "$status $err"
run_analyze report --db "$DB" --since yesterday
check "bad --since" "2 analyze: --since: 'yesterday' is not a time (RFC 3339, epoch seconds, or a duration ago such as 30m, 1h or 7d)" "$status $err"
run_analyze report --db "$DB" --window soon
check "bad --window" "2 analyze: --window: 'soon' is not a duration (e.g. 60s, 1m30s)" "$status $err"
run_analyze report --db "$DB" --fail-on timeout
check "bad --fail-on" "2 analyze: --fail-on: unknown kind 'timeout' (timeout_clusters, limiter_collapses, post_write_stalls, lock_waits, timeouts, retried_timeouts, any, checks, warnings)" "$status $err"
run_analyze prune --db "$DB"
check "prune without --before" "2 analyze: prune: --before is required" "$status $(head -1 <<<"$err")"
run_analyze prune --db "$DB" --before someday
check "bad --before" "2 analyze: --before: 'someday' is not a time (RFC 3339, epoch seconds, or a duration ago such as 30m, 1h or 7d)" "$status $err"
run_analyze report --db "$WORK/no/such/dir/x.db"
check "database that cannot be opened" 4 "$status"
check "database error names the file" 1 "$(grep -c "$WORK/no/such/dir/x.db" <<<"$err")"
run_analyze ingest --db "$DB" --quiet --strip-prefix /api "$C/access.log"
run_analyze report --db "$DB" -o "$WORK/no/such/dir/r.html"
check "output that cannot be written" "3 analyze: '$WORK/no/such/dir/r.html': No such file or directory" "$status $err"

# --- a store error stops the run with 4, whatever its message starts with --
# (the status once came from the message's first word, "database": this
# one went down as an unreadable input, 3, and the next file was ingested)
B=$WORK/broken.db
T=$TESTDATA/tracing/json/nested.log
"$ANALYZE" ingest --db "$B" --quiet "$C/malformed/bad-lines.log"
q "$B" 'DROP TABLE phase'
requests=$(q "$B" 'SELECT count(*) FROM request')
run_analyze ingest --db "$B" "$T" "$C/access.log"
check "a statement that cannot be prepared: exit 4" 4 "$status"
check "...names the file and the statement" 1 "$(grep -c "^analyze: '$T': cannot prepare 'ingest/insert_phase'" <<<"$err")"
check "...and stops: no later file is tried" 1 "$(wc -l <<<"$err")"
check "...nor ingested" "$requests" "$(q "$B" 'SELECT count(*) FROM request')"
run_analyze "$WORK/broken.json" --db "$B" "$T"
check "one-shot stops at the store error" 4 "$status"
check "...and writes no report" 0 "$([ -e "$WORK/broken.json" ] && echo 1 || echo 0)"

# --- --fail-on: the bundled Caddy log has 408 clusters and nothing else ----
for kinds in "" limiter_collapses post_write_stalls limiter_collapses,post_write_stalls; do
	run_analyze report --db "$DB" -o "$WORK/r.json" ${kinds:+--fail-on "$kinds"}
	check "--fail-on '$kinds' without such findings" 0 "$status"
done
for kinds in timeout_clusters any limiter_collapses,timeout_clusters; do
	run_analyze report --db "$DB" -o "$WORK/r.json" --fail-on "$kinds"
	check "--fail-on $kinds with findings" 1 "$status"
	check "--fail-on $kinds still writes the report" 1 "$([ -s "$WORK/r.json" ] && echo 1)"
done

# --- progress: each stage on a terminal, nothing when stderr is not one ------
run_analyze report --db "$DB" -o "$WORK/r.json"
check "no progress off a terminal" "0|" "$status|$err"
script -qec "'$ANALYZE' report --db '$DB' -o '$WORK/r-tty.json'" /dev/null >"$WORK/tty.out"
check "progress on a terminal" 1 "$(grep -c 'analyze: report: linking requests, server events and database writes' "$WORK/tty.out")"
check "progress names the check board" 1 "$(grep -c 'analyze: report: check board' "$WORK/tty.out")"
check "progress line cleared at the end" 1 "$(tail -c 4 "$WORK/tty.out" | grep -c $'\r\033\[K')"
check "the report is the same" "$(jq -S . "$WORK/r.json")" "$(jq -S . "$WORK/r-tty.json")"

# --- the format follows the extension; the text summary line by line -----
run_analyze report --db "$DB" -o "$WORK/r.txt"
check "text exit" 0 "$status"
check "text summary" "summary requests=150 sources=1 warnings=0 timeout_clusters=4 limiter_collapses=0 post_write_stalls=0 lock_waits=0 timeouts=7 retried_timeouts=0 checks=8 checks_failed=0 checks_unknown=8 clock_offset=server+0ms clock_offset=database+0ms
timeout_cluster POST /guilds/{id}/channels/{id}/messages 2026-11-29T23:21:13.084Z..23:21:25.174Z count=3 share=0.167 budget=1200ms p95=1220ms
timeout_cluster POST /voice/token 2026-11-29T23:21:14.316Z..23:21:25.123Z count=2 share=0.400 budget=1200ms p95=1202ms
timeout_cluster POST /voice/leave 2026-11-29T23:21:15.535Z..23:21:16.736Z count=1 share=1.000 budget=1200ms p95=1201ms
timeout_cluster GET /hang/export 2026-11-29T23:21:18.983Z..23:21:21.984Z count=1 share=1.000 budget=1200ms p95=3000ms
timeout POST /guilds/{id}/channels/{id}/messages 2026-11-29T23:21:13.084Z status=408 duration=1201ms cluster=1 kind=unknown phase=- blocked_by=- request_id=15c25481-4428-416a-8d00-d12d7f0d1f62
timeout POST /voice/token 2026-11-29T23:21:14.316Z status=408 duration=1201ms cluster=2 kind=unknown phase=- blocked_by=- request_id=1ce23168-34ff-49ee-8b10-eb71757f14fb
timeout POST /voice/leave 2026-11-29T23:21:15.535Z status=408 duration=1201ms cluster=3 kind=unknown phase=- blocked_by=- request_id=ee24de83-c7ed-43c6-ad51-8111d9b78bb0
timeout GET /hang/export 2026-11-29T23:21:18.983Z status=504 duration=3000ms cluster=4 kind=unknown phase=- blocked_by=- request_id=-
timeout POST /voice/token 2026-11-29T23:21:23.920Z status=408 duration=1202ms cluster=2 kind=unknown phase=- blocked_by=- request_id=45715894-3141-4eaa-b9bc-23d53166f7ce
timeout POST /guilds/{id}/channels/{id}/messages 2026-11-29T23:21:23.921Z status=408 duration=1206ms cluster=1 kind=unknown phase=- blocked_by=- request_id=9fc3ddcb-6835-4a0e-a923-a7bb82b180e3
timeout POST /guilds/{id}/channels/{id}/messages 2026-11-29T23:21:23.954Z status=408 duration=1220ms cluster=1 kind=unknown phase=- blocked_by=- request_id=6467f12d-7bb4-4e64-b226-34d0ca61c9c7
timeouts_by_kind post_write=0 lock_wait=0 pool_wait=0 pre_write=0 unknown=7" "$(grep -v '^route ' "$WORK/r.txt")"
# (the busiest routes' lines, after the summary line: their values are
# checked against the raw log in overview.sh)
check "text summary: route lines second" "route" "$(sed -n 2p "$WORK/r.txt" | cut -d' ' -f1)"
run_analyze report --db "$DB" --format text
check "--format text to stdout" "$(cat "$WORK/r.txt")" "$out"
run_analyze report --db "$DB" -o "$WORK/r.html"
check "html by extension" 1 "$(grep -c '^<!DOCTYPE html>' "$WORK/r.html")"
check "html under 5 MB" 1 "$([ "$(wc -c <"$WORK/r.html")" -lt 5242880 ] && echo 1)"
run_analyze report --db "$DB" -o "$WORK/r.out" --format html
check "--format beats the extension" 1 "$(grep -c '^<!DOCTYPE html>' "$WORK/r.out")"

# --- one-shot: ingest, then report; the database from ANALYZE_DB ----------
export ANALYZE_DB=$WORK/oneshot.db
run_analyze "$WORK/one.txt" --strip-prefix /api "$C/access.log" --fail-on any
check "one-shot exit (findings)" 1 "$status"
check "one-shot ingest line, then where it wrote" "analyze: $C/access.log: 150 records, 0 rejects, 0 lines already seen (caddy)
analyze: wrote $WORK/one.txt" "$err"
check "one-shot report" "$(cat "$WORK/r.txt")" "$(cat "$WORK/one.txt")"
check "one-shot used ANALYZE_DB" 150 "$(q "$ANALYZE_DB" 'SELECT count(*) FROM request')"
run_analyze "$WORK/one.html"
check "one-shot without PATH reports the database" "0 1" "$status $(grep -c '<section id="checks">' "$WORK/one.html")"
run_analyze "$WORK/one.json" "$WORK/missing.log"
check "one-shot with an unreadable input" 3 "$status"
check "one-shot names the input" 1 "$(grep -c "$WORK/missing.log" <<<"$err")"
check "one-shot still reports" 1 "$([ -s "$WORK/one.json" ] && echo 1)"
unset ANALYZE_DB

# --- prune: what it should and nothing else --------------------------------
P=$WORK/prune.db
"$ANALYZE" ingest --db "$P" --quiet --strip-prefix /api "$C/access.log" \
	"$C/malformed/bad-lines.log" "$TESTDATA/tracing/json/nested.log" \
	"$TESTDATA/psql/session" "$TESTDATA/psql/dump"
tables="request proxy_event event phase snapshot snapshot_row db_write reject source source_file"
counts() {
	local t
	for t in $tables; do printf '%s=%s ' "$t" "$(q "$P" "SELECT count(*) FROM $t")"; done
}
before=$(counts)
run_analyze prune --db "$P" --before 2001-01-01T00:00:00Z
check "prune before everything: exit" 0 "$status"
check "prune before everything removes nothing" "$before" "$(counts)"
check "prune summary" "analyze: pruned before 2001-01-01T00:00:00.000Z: 0 requests, 0 proxy events, 0 server events (0 phases), 0 psql results (0 rows, 0 db writes), 0 rejects" "$err"

T=1795994479000000      # 23:21:19 UTC: the middle of the Caddy log; server and psql are older
keep_requests=$(q "$P" "SELECT count(*) FROM request WHERE end_us >= $T")
keep_snapshots=$(q "$P" "SELECT count(*) FROM snapshot s WHERE capture_us >= $T OR (capture_us IS NULL AND NOT EXISTS (SELECT 1 FROM db_write w WHERE w.snapshot_id = s.id))")
keep_rejects=$(q "$P" "SELECT count(*) FROM reject r WHERE r.line > (SELECT coalesce(max(line), 0) FROM request q WHERE q.source_id = r.source_id AND q.end_us < $T)")
sources=$(q "$P" 'SELECT count(*) FROM source')
files=$(q "$P" 'SELECT count(*) FROM source_file')
run_analyze prune --db "$P" --before $((T / 1000000))
check "prune exit" 0 "$status"
check "prune counts each phase, not each event's list" 1 "$(grep -c ' 130 server events (79 phases), ' <<<"$err")"
check "no request older than T" 0 "$(q "$P" "SELECT count(*) FROM request WHERE end_us < $T")"
check "every request from T on" "$keep_requests" "$(q "$P" 'SELECT count(*) FROM request')"
check "older server events and their phases" "0|0" "$(q "$P" 'SELECT (SELECT count(*) FROM event), (SELECT count(*) FROM phase)')"
check "older db writes" 0 "$(q "$P" 'SELECT count(*) FROM db_write')"
check "psql results: untimed ones stay" "$keep_snapshots" "$(q "$P" 'SELECT count(*) FROM snapshot')"
check "no orphan snapshot rows" 0 "$(q "$P" 'SELECT count(*) FROM snapshot_row WHERE snapshot_id NOT IN (SELECT id FROM snapshot)')"
check "rejects after the last pruned line stay" "$keep_rejects" "$(q "$P" 'SELECT count(*) FROM reject')"
check "sources stay" "$sources" "$(q "$P" 'SELECT count(*) FROM source')"
check "fingerprints stay" "$files" "$(q "$P" 'SELECT count(*) FROM source_file')"
run_analyze ingest --db "$P" "$C/access.log"
check "pruned content is not ingested again" "analyze: $C/access.log: unchanged since the last ingest, skipped" "$err"
check "...and adds nothing" "$keep_requests" "$(q "$P" 'SELECT count(*) FROM request')"
run_analyze prune --db "$P" --before 1s --quiet
check "prune --before 1s (a duration ago: the data is older)" "0 " "$status $err"
check "...removes everything older" 0 "$(q "$P" 'SELECT count(*) FROM request')"
check "...in a database that still opens and reports" 0 "$("$ANALYZE" report --db "$P" --format text >/dev/null; echo $?)"

finish
