# caddy.sh - `analyze ingest` on real Caddy 2.6.2 output (testdata/caddy):
# row counts, exact values, idempotency, resume, rotated copies, rejects,
# failures that name their file, credentials, and a kill mid-ingest.
. "$(dirname "$0")/lib.sh" "$@"

C=$TESTDATA/caddy
DB=$WORK/caddy.db
access_lines=$(grep -c '"logger":"http.log.access' "$C/access.log")

# --- a first ingest -------------------------------------------------------
run_analyze ingest --db "$DB" --strip-prefix /api "$C/access.log"
check "first ingest exit" 0 "$status"
check "requests" "$access_lines" "$(q "$DB" 'SELECT count(*) FROM request')"
check "summary line" "analyze: $C/access.log: $access_lines records, 0 rejects, 0 lines already seen (caddy)" "$err"
check "no rejects" 0 "$(q "$DB" 'SELECT count(*) FROM reject')"
check "provenance: every line once" "$access_lines|1|$access_lines" \
	"$(q "$DB" 'SELECT count(DISTINCT line), min(line), max(line) FROM request')"
check "start = end - duration" 0 \
	"$(q "$DB" 'SELECT count(*) FROM request WHERE start_us != end_us - duration_us')"

schema_version=$(ls "$TESTDATA"/../sql/schema/[0-9]*.sql | sed -n "\$s|.*/0*\([0-9]*\)_.*|\1|p")
check "schema version" "$schema_version" "$(q "$DB" "PRAGMA user_version")"
check "WAL mode" wal "$(q "$DB" 'PRAGMA journal_mode')"

# --- exact values of chosen rows (see testdata/caddy/README.md) -----------
. "$(dirname "$0")/caddy-values.bash"

# --- idempotent: the same file again adds nothing -------------------------
run_analyze ingest --db "$DB" "$C/access.log"
check "re-run exit" 0 "$status"
check "re-run summary" "analyze: $C/access.log: unchanged since the last ingest, skipped" "$err"
check "re-run adds nothing" "$access_lines" "$(q "$DB" 'SELECT count(*) FROM request')"
run_analyze ingest --db "$DB" --quiet "$C/access.log"
check "--quiet prints nothing" "" "$err"

# --- resume: a file that grew adds only its new lines ---------------------
DB2=$WORK/resume.db
head -n 60 "$C/access.log" >"$WORK/live.log"
run_analyze ingest --db "$DB2" "$WORK/live.log"
first=$(q "$DB2" 'SELECT count(*) FROM request')
tail -n +61 "$C/access.log" >>"$WORK/live.log"
run_analyze ingest --db "$DB2" "$WORK/live.log"
check "resume exit" 0 "$status"
check "resume adds the rest" "$access_lines" "$(q "$DB2" 'SELECT count(*) FROM request')"
check "resume summary" "analyze: $WORK/live.log: $((access_lines - first)) records, 0 rejects, 60 lines already seen (caddy)" "$err"
check "resumed lines keep their numbers" "$(wc -l <"$C/access.log")" "$(q "$DB2" 'SELECT max(line) FROM request')"
check "one source for the grown file" 1 "$(q "$DB2" 'SELECT count(*) FROM source')"

# --- rotated copies: renamed, gzipped, grown before rotation --------------
DB3=$WORK/rotate.db
head -n 50 "$C/access.log" >"$WORK/app.log"
run_analyze ingest --db "$DB3" "$WORK/app.log"
cp "$C/access.log" "$WORK/app.log"               # it grew to the whole file...
mv "$WORK/app.log" "$WORK/app.log.1"             # ...then logrotate renamed it
gzip -n -c "$WORK/app.log.1" >"$WORK/app.log.1.gz"  # and later compressed it
tail -n 5 "$C/access.log" >"$WORK/app.log"       # a new live file
run_analyze ingest --db "$DB3" "$WORK/app.log.1.gz"
check "gzipped rotated copy exit" 0 "$status"
check "gzipped copy adds only the new tail" "$access_lines" "$(q "$DB3" 'SELECT count(*) FROM request')"
run_analyze ingest --db "$DB3" "$WORK/app.log.1"
check "renamed copy adds nothing" "$access_lines" "$(q "$DB3" 'SELECT count(*) FROM request')"
check "renamed copy: all seen" "analyze: $WORK/app.log.1: 0 records, 0 rejects, $(wc -l <"$C/access.log") lines already seen (caddy)" "$err"
run_analyze ingest --db "$DB3" "$WORK/app.log"
check "new live file is new content" $((access_lines + 5)) "$(q "$DB3" 'SELECT count(*) FROM request')"
check "sources" 2 "$(q "$DB3" 'SELECT count(*) FROM source')"

# --- the real rotated sets made by make.sh (logrotate and Caddy's roller) --
for set in logrotate roller; do
	DBR=$WORK/set-$set.db
	run_analyze ingest --db "$DBR" "$C/rotated/$set"/access*
	check "$set set exit" 0 "$status"
	total=0
	for f in "$C/rotated/$set"/access*; do
		total=$((total + $(gzip -dcf "$f" | grep -c '"logger":"http.log.access' || true)))
	done
	n=$(q "$DBR" 'SELECT count(*) FROM request')
	check "$set set: every line once" "$total" "$n"
	check "$set set: no duplicates" "$n" "$(q "$DBR" 'SELECT count(DISTINCT ifnull(request_id, line) || end_us) FROM request')"
	run_analyze ingest --db "$DBR" "$C/rotated/$set"/access*
	check "$set set re-run adds nothing" "$n" "$(q "$DBR" 'SELECT count(*) FROM request')"
done

# --- rejects: file, line, reason; the run goes on -------------------------
DB4=$WORK/bad.db
run_analyze ingest --db "$DB4" "$C/malformed/bad-lines.log"
check "malformed exit" 0 "$status"
. "$(dirname "$0")/caddy-rejects.bash"

# --- failures name the file; the other files still ingest -----------------
DB5=$WORK/fail.db
gzip -n -c "$C/access.log" | head -c 5000 >"$WORK/truncated.log.gz"
run_analyze ingest --db "$DB5" "$WORK/missing.log" "$WORK/truncated.log.gz" "$C/access.log"
check "failure exit" 3 "$status"
check "missing file named" 1 "$(grep -c "analyze: '$WORK/missing.log': No such file or directory" <<<"$err")"
check "truncated gzip named" 1 "$(grep -c "analyze: '$WORK/truncated.log.gz': truncated gzip stream" <<<"$err")"
check "nothing of the truncated file" "$access_lines" "$(q "$DB5" 'SELECT count(*) FROM request')"
check "no source for the truncated file" 1 "$(q "$DB5" 'SELECT count(*) FROM source')"
printf 'hello\nworld\n' >"$WORK/notes.txt"
run_analyze ingest --db "$DB5" "$WORK/notes.txt"
check "unknown format exit" 3 "$status"
check "unknown format message" "analyze: '$WORK/notes.txt': format not recognised from its first lines (use --format)" "$err"
# Caddy's own process log without an http.* logger line (admin, tls, the
# nameless root logger: the real lines of caddy-process.log) is still Caddy's
grep -v '"logger":"http\.' "$C/caddy-process.log" >"$WORK/process-only.log"
run_analyze ingest --db "$DB5" "$WORK/process-only.log"
check "process log alone is caddy" "0|analyze: $WORK/process-only.log: 11 records, 0 rejects, 0 lines already seen (caddy)" "$status|$err"
# the client's TSV next to the logs looks like psql -At output line by line,
# but no line is one only psql writes
run_analyze ingest --db "$DB5" "$C/curl-timing.log"
check "a TSV is not psql output" "3|analyze: '$C/curl-timing.log': format not recognised from its first lines (use --format)" "$status|$err"
run_analyze ingest --db "$DB5" --format nonsense "$C/access.log"
check "bad --format is a usage error" 2 "$status"
run_analyze ingest --db "$DB5"
check "no PATH is a usage error" 2 "$status"

# --- stdin, and gzip recognised by content, not name ----------------------
DB6=$WORK/stdin.db
gzip -n -c "$C/access.log" >"$WORK/compressed.txt"
run_analyze ingest --db "$DB6" - <"$WORK/compressed.txt"
check "gzip on stdin" "$access_lines" "$(q "$DB6" 'SELECT count(*) FROM request')"
check "stdin source name" "-" "$(q "$DB6" 'SELECT path FROM source')"

# --- the database: ANALYZE_DB, newer and foreign files refused ------------
(cd "$WORK" && ANALYZE_DB="$WORK/env.db" "$ANALYZE" ingest -q "$C/access.log")
check "ANALYZE_DB used" "$access_lines" "$(q "$WORK/env.db" 'SELECT count(*) FROM request')"
cp "$DB" "$WORK/newer.db"
q "$WORK/newer.db" 'PRAGMA user_version = 99' >/dev/null
run_analyze ingest --db "$WORK/newer.db" "$C/access.log"
check "newer schema refused" 4 "$status"
check "newer schema message" "analyze: database '$WORK/newer.db': database schema version 99 is newer than this analyze understands ($schema_version): upgrade analyze" "$err"
q "$WORK/foreign.db" 'CREATE TABLE notes (x)' >/dev/null
run_analyze ingest --db "$WORK/foreign.db" "$C/access.log"
check "foreign database refused" 4 "$status"
check "foreign untouched" "notes" "$(q "$WORK/foreign.db" 'SELECT group_concat(name) FROM sqlite_master')"

# --- credentials never reach the database ---------------------------------
for secret in hunter2 abc123 secret-token-xyz session=abc "api_key=K"; do
	check "no '$secret' stored" 0 "$(sqlite3 "$DB" .dump | grep -c -- "$secret" || true)"
done
check "query kept, redacted" 1 "$(q "$DB" "SELECT count(*) > 0 FROM request_v WHERE query LIKE '%token=REDACTED%'")"

# --- a kill mid-ingest leaves the database as before that file ------------
DB7=$WORK/kill.db
cp "$C/access.log" "$WORK/big.log"
for i in $(seq 11); do cat "$WORK/big.log" "$WORK/big.log" >"$WORK/big2.log"; mv "$WORK/big2.log" "$WORK/big.log"; done
big_lines=$((access_lines * 2048))
"$ANALYZE" ingest --db "$DB7" -q "$C/access-nano.log"
before=$(q "$DB7" 'SELECT count(*) FROM request')
"$ANALYZE" ingest --db "$DB7" -q "$WORK/big.log" &
pid=$!
# kill it mid-transaction: once its write-ahead log has grown past 2 MB
for i in $(seq 400); do
	[ "$(stat -c %s "$DB7-wal" 2>/dev/null || echo 0)" -gt 2000000 ] && break
	sleep 0.02
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
check "killed: rows as before" "$before" "$(q "$DB7" 'SELECT count(*) FROM request')"
check "killed: no source row" 1 "$(q "$DB7" 'SELECT count(*) FROM source')"
run_analyze ingest --db "$DB7" -q "$WORK/big.log"
check "rerun after kill exit" 0 "$status"
check "rerun completes, no duplicates" $((before + big_lines)) "$(q "$DB7" 'SELECT count(*) FROM request')"

# --- a report during an ingest sees the store before or after a file, never
# half of it, and neither waits for the other ------------------------------
DB8=$WORK/concurrent.db
"$ANALYZE" ingest --db "$DB8" -q "$C/access.log"
"$ANALYZE" ingest --db "$DB8" -q "$WORK/big.log" &
pid=$!
for i in $(seq 400); do
	[ "$(stat -c %s "$DB8-wal" 2>/dev/null || echo 0)" -gt 2000000 ] && break
	sleep 0.02
done
run_analyze report --db "$DB8" --format json -o "$WORK/during.json"
check "report during an ingest: exit" 0 "$status"
check "report during an ingest: the store before the file" "$access_lines" \
	"$(jq .correlation.requests "$WORK/during.json")"
wait "$pid"
# big.log begins with access.log's content: it continues that source
check "after the ingest: all of it, once" "$big_lines" "$(q "$DB8" 'SELECT count(*) FROM request')"
rm -f "$WORK/big.log"

finish
