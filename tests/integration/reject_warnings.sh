# reject_warnings.sh - a file read mostly as rejects warns, whatever its
# format: more than half of the lines read this time rejected, or nothing but
# rejects. The warning names the count and the most common reason, is said
# on stderr, stored, reported, and fails `report --fail-on warnings`. Exactly
# half rejected, or a file its parser already warned of, gets none.
. "$(dirname "$0")/lib.sh" "$@"

NESTED=$TESTDATA/tracing/json/nested.log
BAD_JSON="invalid JSON: unexpected character where a value belongs"   # at any byte

# tracing: every line rejected (--format: no sniffer takes it)
printf 'garbage one\ngarbage two\n{"x":1}\n' >"$WORK/all.log"
run_analyze ingest --db "$WORK/all.db" --format tracing "$WORK/all.log"
check "tracing, all rejects: exit" 0 "$status"
check "tracing, all rejects: warning" "analyze: warning: $WORK/all.log: all 3 lines rejected as tracing; most often (3): not a tracing line (json, text or pretty)" \
	"$(grep 'warning:' <<<"$err")"
check "tracing, all rejects: summary" "analyze: $WORK/all.log: 0 records, 3 rejects, 0 lines already seen (tracing); 1 warning (above)" \
	"$(tail -1 <<<"$err")"
check "tracing, all rejects: stored at the first reject" "1|all 3 lines rejected as tracing; most often (3): not a tracing line (json, text or pretty)" \
	"$(q "$WORK/all.db" 'SELECT line, reason FROM file_warning')"
run_analyze ingest --quiet --db "$WORK/all-q.db" --format tracing "$WORK/all.log"
check "tracing, all rejects: --quiet still warns" "analyze: warning: $WORK/all.log: all 3 lines rejected as tracing; most often (3): not a tracing line (json, text or pretty)" "$err"

# tracing: 2 events, then 3 rejects of two reasons: the commoner is named,
# one JSON error whatever its byte (1, then 3)
{ head -2 "$NESTED"; printf 'garbage\n  xyz\n{"x":\n'; } >"$WORK/mixed.log"
run_analyze ingest --db "$WORK/mixed.db" --format tracing "$WORK/mixed.log"
check "tracing, 3 of 5: each reject keeps its byte" "3|$BAD_JSON at byte 1
4|$BAD_JSON at byte 3
5|truncated JSON" "$(q "$WORK/mixed.db" 'SELECT line, reason FROM reject ORDER BY line')"
check "tracing, 3 of 5: warning" "analyze: warning: $WORK/mixed.log: 3 of 5 lines rejected as tracing; most often (2): $BAD_JSON" \
	"$(grep 'warning:' <<<"$err")"
check "tracing, 3 of 5: stored" "3|3 of 5 lines rejected as tracing; most often (2): $BAD_JSON" \
	"$(q "$WORK/mixed.db" 'SELECT line, reason FROM file_warning')"
run_analyze report --db "$WORK/mixed.db" --format text -o "$WORK/mixed.txt"
check "tracing, 3 of 5: summary counts it" "warnings=1" "$(grep -o 'warnings=[0-9]*' "$WORK/mixed.txt")"
check "tracing, 3 of 5: second summary line" "warning $WORK/mixed.log 3 of 5 lines rejected as tracing; most often (2): $BAD_JSON" \
	"$(sed -n 2p "$WORK/mixed.txt")"
run_analyze report --db "$WORK/mixed.db" --format text -o /dev/null --fail-on warnings
check "tracing, 3 of 5: --fail-on warnings" 1 "$status"

# exactly half rejected: rejects, counted, no warning
{ head -2 "$NESTED"; printf 'garbage\n{"x":\n'; } >"$WORK/half.log"
run_analyze ingest --db "$WORK/half.db" --format tracing "$WORK/half.log"
check "tracing, 2 of 4: rejects, no warning" "2 rejects|0|0" \
	"$(grep -o '2 rejects' <<<"$err")|$(grep -c 'warning:' <<<"$err" || true)|$(q "$WORK/half.db" 'SELECT count(*) FROM file_warning')"
run_analyze report --db "$WORK/half.db" --format text -o /dev/null --fail-on warnings
check "tracing, 2 of 4: --fail-on warnings passes" 0 "$status"

# resumed: the lines read this time count, not the file's
head -2 "$NESTED" >"$WORK/grow.log"
run_analyze ingest --db "$WORK/grow.db" "$WORK/grow.log"
check "grown: first part, no warning" 0 "$(grep -c 'warning:' <<<"$err" || true)"
printf 'garbage\ngarbage\n' >>"$WORK/grow.log"
run_analyze ingest --db "$WORK/grow.db" "$WORK/grow.log"
check "grown: the new lines all rejects" "analyze: warning: $WORK/grow.log: all 2 lines rejected as tracing; most often (2): not a tracing line (json, text or pretty)" \
	"$(grep 'warning:' <<<"$err")"
check "grown: stored at the first new reject" "3" "$(q "$WORK/grow.db" 'SELECT line FROM file_warning')"

# psql: a table whose rows are all short; its header made a snapshot
printf ' a | b\n---+---\n 1\n 2\n 3\n' >"$WORK/short.txt"
run_analyze ingest --db "$WORK/short.db" "$WORK/short.txt"
check "psql, 3 of 5: warning" "analyze: warning: $WORK/short.txt: 3 of 5 lines rejected as psql; most often (3): row has 1 of 2 columns" \
	"$(grep 'warning:' <<<"$err")"
check "psql, 3 of 5: summary" "analyze: $WORK/short.txt: 1 records, 3 rejects, 0 lines already seen (psql); 1 warning (above)" \
	"$(tail -1 <<<"$err")"

# caddy: not JSON at all
run_analyze ingest --db "$WORK/caddy.db" --format caddy "$WORK/all.log"
check "caddy, all rejects: warning" "analyze: warning: $WORK/all.log: all 3 lines rejected as caddy; most often (2): $BAD_JSON" \
	"$(grep 'warning:' <<<"$err")"
# caddy: a field missing on every line has its own warning, and only that
run_analyze ingest --db "$WORK/renamed.db" "$TESTDATA/caddy/forms/renamed-status.log"
check "caddy, renamed: one warning, the parser's" "1|field 'status' is missing on every access line (6): renamed or deleted by a log filter?" \
	"$(q "$WORK/renamed.db" 'SELECT count(*), reason FROM file_warning')"
check "caddy, renamed: said once" 1 "$(grep -c 'warning:' <<<"$err")"

# a good file: nothing
run_analyze ingest --db "$WORK/good.db" "$NESTED"
check "good file: no warning" "0|0" \
	"$(grep -c 'warning:' <<<"$err" || true)|$(q "$WORK/good.db" 'SELECT count(*) FROM file_warning')"

finish
