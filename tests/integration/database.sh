# database.sh - opening the database (issue 17 #4 and #8, issue 15): two
# first runs at once both succeed, a foreign or newer file is refused and
# left byte-identical, report and prune never create a database, and an
# empty one says so; a report while an ingest writes reads on one
# connection and says the same.
. "$(dirname "$0")/lib.sh" "$@"

C=$TESTDATA/caddy
T=$TESTDATA/tracing/json/nested.log
per_copy=$(grep -c '"logger":"http.log.access' "$C/access.log")
events=$("$ANALYZE" ingest --db "$WORK/events.db" "$T" 2>&1 >/dev/null | sed -n 's/.*: \([0-9]*\) records.*/\1/p')

# race "ARGS A" "ARGS B": two analyze runs started at once; their exit
# statuses in $sa and $sb, their stderr in a.err and b.err
race() {
	"$ANALYZE" $1 2>"$WORK/a.err" &
	local a=$!
	"$ANALYZE" $2 2>"$WORK/b.err" &
	local b=$!
	set +e
	wait "$a"
	sa=$?
	wait "$b"
	sb=$?
	set -e
}

# --- #4: two processes create the same new database ------------------------
bad=0
lost=0
for round in $(seq 12); do
	DB=$WORK/race$round.db
	race "ingest --db $DB --quiet $C/access.log" "ingest --db $DB --quiet $T"
	if [ "$sa" -ne 0 ] || [ "$sb" -ne 0 ]; then
		bad=$((bad + 1))
		cat "$WORK/a.err" "$WORK/b.err" >&2
	fi
	[ "$(q "$DB" 'SELECT count(*) FROM request')|$(q "$DB" 'SELECT count(*) FROM event')" = "$per_copy|$events" ] ||
		lost=$((lost + 1))
done
check "#4: concurrent first ingests all exit 0" 0 "$bad"
check "#4: neither ingest is lost" 0 "$lost"
check "#4: the schema once" "$(ls "$TESTDATA"/../sql/schema/[0-9]*.sql | sed -n "\$s|.*/0*\([0-9]*\)_.*|\1|p")" "$(q "$WORK/race1.db" 'PRAGMA user_version')"

# an ingest and a report at once: the ingest always lands; the report
# either waits for it or finds no database yet, never a half-made one
bad=0
for round in $(seq 8); do
	DB=$WORK/pair$round.db
	race "ingest --db $DB --quiet $C/access.log" "report --db $DB --format text -o $WORK/pair.txt"
	[ "$sa" -eq 0 ] && [ "$(q "$DB" 'SELECT count(*) FROM request')" = "$per_copy" ] || bad=$((bad + 1))
	case $sb in
	0) ;;
	4) grep -q "does not exist" "$WORK/b.err" || bad=$((bad + 1)) ;;
	*) bad=$((bad + 1)) ;;
	esac
done
check "#4: ingest + report pairs" 0 "$bad"

# a report while an ingest holds the write lock: no more connections can
# be pinned to its snapshot (store/twin.c), so it does all on one, and
# says the same as with the side's thread (the incident: every kind)
DB=$WORK/held.db
"$ANALYZE" ingest --db "$DB" --quiet "$TESTDATA/incident/inputs"
"$ANALYZE" report --db "$DB" --format json -o "$WORK/free.json"
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(30)' "$DB" >"$WORK/held.out" &
holder=$!
for _ in $(seq 100); do [ -s "$WORK/held.out" ] && break; sleep 0.1; done
run_analyze report --db "$DB" --format json -o "$WORK/held.json"
kill "$holder"
wait "$holder" 2>/dev/null || true
check "write lock held: the report exits 0" "0 held" "$status $(cat "$WORK/held.out")"
check "write lock held: the report is the same" "$(sha256sum <"$WORK/free.json")" "$(sha256sum <"$WORK/held.json")"

# two ingests of the same file at once on an existing database: once
DB=$WORK/twice.db
"$ANALYZE" ingest --db "$DB" --quiet "$T"
bad=0
for round in $(seq 4); do
	cp "$C/access.log" "$WORK/same$round.log"
	race "ingest --db $DB --quiet $WORK/same$round.log" "ingest --db $DB --quiet $WORK/same$round.log"
	bad=$((bad + (sa != 0) + (sb != 0)))
done
check "two ingests of one file at once: both exit 0" 0 "$bad"
check "two ingests of one file at once: stored once" "$per_copy" "$(q "$DB" 'SELECT count(*) FROM request')"

# --- #8: a foreign SQLite file is refused and left byte-identical ----------
F=$WORK/foreign.db
sqlite3 "$F" 'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)'
before=$(sha256sum <"$F")
run_analyze ingest --db "$F" "$C/access.log"
check "#8: foreign ingest exit" 4 "$status"
check "#8: foreign message" "analyze: database '$F': not an analyze database (it holds other tables)" "$err"
run_analyze report --db "$F" -o "$WORK/f.txt"
check "#8: foreign report exit" 4 "$status"
check "#8: foreign file byte-identical" "$before" "$(sha256sum <"$F")"
check "#8: no WAL left beside it" "" "$(ls "$F-wal" "$F-shm" 2>/dev/null || true)"

N=$WORK/newer.db
"$ANALYZE" ingest --db "$N" --quiet "$C/access.log"
sqlite3 "$N" 'PRAGMA journal_mode = DELETE; PRAGMA user_version = 999' >/dev/null
before=$(sha256sum <"$N")
run_analyze ingest --db "$N" "$C/access.log"
check "#8: newer schema refused" 4 "$status"
check "#8: newer file byte-identical" "$before" "$(sha256sum <"$N")"
check "#8: our databases carry the application id" 1095650394 "$(q "$WORK/race1.db" 'PRAGMA application_id')"

# --- report and prune never create a database ------------------------------
M=$WORK/typo.db
run_analyze report --db "$M" -o "$WORK/m.txt"
check "missing database: report exit" "4 analyze: database '$M' does not exist (see --db and ANALYZE_DB)" "$status $err"
check "missing database: not created" 0 "$(ls "$WORK" | grep -c '^typo\.db')"
ANALYZE_DB=$M run_analyze report -o "$WORK/m.txt"
check "missing database via ANALYZE_DB: exit" 4 "$status"
run_analyze prune --db "$M" --before 14d
check "missing database: prune exit" 4 "$status"
check "missing database: still not created" 0 "$(ls "$WORK" | grep -c '^typo\.db')"
check "missing database: no report written" 0 "$(ls "$WORK" | grep -c '^m\.txt')"

# --- a database with no sources says so -------------------------------------
E=$WORK/empty.db
"$ANALYZE" ingest --db "$E" --quiet "$WORK/nothing" 2>/dev/null || true
: >"$WORK/empty.log"
"$ANALYZE" ingest --db "$E" --quiet "$WORK/empty.log"
run_analyze report --db "$E" -o "$WORK/e.txt"
check "no sources: said" "0 analyze: database '$E' has no sources: nothing was ingested" "$status $err"
run_analyze report --db "$E" -o "$WORK/e.txt" --fail-on any
check "no sources: --fail-on exits non-zero" 3 "$status"

# --- free space is checked up front ------------------------------------------
# a sparse file far larger than the disk: refused before anything is stored
H=$WORK/huge.log
cp "$C/access.log" "$H"
truncate -s 4T "$H"
timeout 20 "$ANALYZE" ingest --db "$WORK/space.db" "$H" "$C/access.log" 2>"$WORK/space.err" && status=0 || status=$?
check "free space: exit 4" 4 "$status"
check "free space: a clear message" 1 "$(grep -c "^analyze: '$H': not enough free space for the database '$WORK/space.db': [0-9]* MB free, about [0-9]* MB needed (1.4 times what this file may add; see docs/cron.md)\$" "$WORK/space.err")"
check "free space: nothing stored" 0 "$(q "$WORK/space.db" 'SELECT count(*) FROM source')"
rm -f "$H"

finish
