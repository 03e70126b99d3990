# bulk_indexes.sh - a file about as large as what a database holds of its
# format drops that format's indexes for its ingest and gets them built
# again at the end of the run (store_bulk_prepare); a small one keeps them.
# Either way every row is stored once and the report is that of a fresh
# database given both files.
. "$(dirname "$0")/lib.sh" "$@"

C=$TESTDATA/caddy/access.log
T=$TESTDATA/tracing/json/nested.log
head -n 75 "$C" >"$WORK/c1.log"
tail -n +76 "$C" >"$WORK/c2.log"                 # as large as c1: a bulk increment
head -n 1 "$WORK/c2.log" | sed 's/"ts":[0-9.]*/"ts":1795996000.5/' >"$WORK/c3.log"  # one line
head -n 65 "$T" >"$WORK/t1.log"
tail -n +66 "$T" >"$WORK/t2.log"
indexes() { q "$1" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master
	WHERE type = 'index' AND name IN ('request_by_key', 'proxy_event_by_ts', 'event_by_ts',
	'event_by_key') ORDER BY name)"; }
all_indexes="event_by_key event_by_ts proxy_event_by_ts request_by_key"

DB=$WORK/inc.db
run_analyze ingest -q --db "$DB" "$WORK/c1.log" "$WORK/t1.log"
check "first load: exit" 0 "$status"
check "first load: the indexes" "$all_indexes" "$(indexes "$DB")"
run_analyze ingest -q --db "$DB" "$WORK/c2.log" "$WORK/t2.log"
check "bulk increment: exit" 0 "$status"
check "bulk increment: the indexes are back" "$all_indexes" "$(indexes "$DB")"
run_analyze ingest -q --db "$DB" "$WORK/c3.log"
check "small increment: exit" 0 "$status"
check "small increment: the indexes stay" "$all_indexes" "$(indexes "$DB")"

# killed after a bulk file's commit, before the indexes were built again:
# the next run, even over files it already has, builds them
q "$DB" "DROP INDEX request_by_key; DROP INDEX event_by_key" >/dev/null
run_analyze ingest -q --db "$DB" "$WORK/c2.log"
check "after a kill between commit and index build: exit" 0 "$status"
check "after a kill between commit and index build: the indexes" "$all_indexes" "$(indexes "$DB")"

FRESH=$WORK/fresh.db
run_analyze ingest -q --db "$FRESH" "$WORK/c1.log" "$WORK/t1.log" "$WORK/c2.log" "$WORK/t2.log" \
	"$WORK/c3.log"
rows='SELECT (SELECT count(*) FROM request), (SELECT count(DISTINCT line || source_id) FROM request),
	(SELECT count(*) FROM event), (SELECT count(*) FROM phase), (SELECT count(*) FROM reject)'
check "every row once" "$(q "$FRESH" "$rows")" "$(q "$DB" "$rows")"
check "the request-id index is used" 1 \
	"$(q "$DB" "EXPLAIN QUERY PLAN SELECT id FROM request WHERE request_key = 1" | grep -c request_by_key)"
run_analyze report --db "$DB" -o "$WORK/inc.json"
run_analyze report --db "$FRESH" -o "$WORK/fresh.json"
strip='del(.generated_at, .database)'
check "the report of a fresh load" "$(jq -S "$strip" "$WORK/fresh.json" | md5sum)" \
	"$(jq -S "$strip" "$WORK/inc.json" | md5sum)"
finish
