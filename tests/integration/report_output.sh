# report_output.sh - `report -o` harms no file (issue 17 #7): never the
# database or its -wal/-shm, a symlink is replaced and its target kept, the
# report is written beside its target and renamed (a failed write keeps the
# last good report); -o extensions are case-insensitive, .htm is HTML.
. "$(dirname "$0")/lib.sh" "$@"

C=$TESTDATA/caddy
DB=$WORK/r.db
"$ANALYZE" ingest --db "$DB" --quiet --strip-prefix /api "$C/access.log"
db_sum=$(sha256sum <"$DB")

# --- the database and its side files ------------------------------------------
run_analyze report --db "$DB" -o "$DB"
check "-o the database: refused" "2 analyze: -o: '$DB' is the database, not a report file" "$status $err"
ln -s r.db "$WORK/alias.txt"
run_analyze report --db "$DB" -o "$WORK/alias.txt"
check "-o a link to the database: refused" "2 analyze: -o: '$WORK/alias.txt' is the database, not a report file" "$status $err"
run_analyze report --db "$DB" -o "$DB-wal.json"
check "-o beside it, another name: fine" 0 "$status"
for side in wal shm; do
	: >"$WORK/$side.probe"
	run_analyze report --db "$DB" --format json -o "$DB-$side"
	check "-o the database's -$side: refused" "2 analyze: -o: '$DB-$side' is the database's $side, not a report file" "$status $err"
done
check "the database is untouched" "$db_sum" "$(sha256sum <"$DB")"
check "the database still opens" "$(grep -c http.log.access "$C/access.log")" "$(q "$DB" 'SELECT count(*) FROM request')"

# --- a symlink at -o is replaced, its target kept ----------------------------
echo "precious" >"$WORK/precious.txt"
ln -s precious.txt "$WORK/summary.txt"
run_analyze report --db "$DB" -o "$WORK/summary.txt"
check "-o a symlink: written" 0 "$status"
check "-o a symlink: its target kept" "precious" "$(cat "$WORK/precious.txt")"
check "-o a symlink: now a regular file" 1 "$([ -f "$WORK/summary.txt" ] && [ ! -L "$WORK/summary.txt" ] && echo 1 || echo 0)"
check "-o a symlink: the report" 1 "$(grep -c '^summary requests=' "$WORK/summary.txt" || true)"

# --- written whole, then renamed -----------------------------------------------
run_analyze report --db "$DB" -o "$WORK/good.html"
good=$(sha256sum <"$WORK/good.html")
check "no temporary file left" "good.html" "$(cd "$WORK" && ls -A | grep 'good' | tr '\n' ' ' | sed 's/ $//')"
# a write that fails part way (a full disk; here a file size limit, which
# fails root's writes too, above the 32 kB -shm and the report's scratch
# database, below the 115 kB page of the Caddy fixture): the last good
# report stays whole
I=$WORK/fixture.db
"$ANALYZE" ingest --db "$I" --quiet "$TESTDATA/caddy/access.log"
run_analyze report --db "$I" -o "$WORK/good.html"
good=$(sha256sum <"$WORK/good.html")
set +e
(trap '' XFSZ; ulimit -f 64; exec "$ANALYZE" report --db "$I" -o "$WORK/good.html") 2>"$WORK/full.err"
status=$?
set -e
check "a failed write: exit 3" 3 "$status"
check "a failed write: named" 1 "$(grep -c "^analyze: '$WORK/good.html': write failed: File too large\$" "$WORK/full.err")"
check "a failed write: the last report kept" "$good" "$(sha256sum <"$WORK/good.html")"
check "a failed write: no temporary file left" "good.html" "$(cd "$WORK" && ls -A | grep 'good' | tr '\n' ' ' | sed 's/ $//')"
check "the report's mode follows the umask" "$(umask -S >/dev/null; touch "$WORK/m"; stat -c %a "$WORK/m")" "$(stat -c %a "$WORK/good.html")"

# --- a device or FIFO is written in place, never replaced -------------------
run_analyze report --db "$DB" --format text -o /dev/null
check "-o /dev/null: exit" 0 "$status"
check "-o /dev/null: still the device" 1 "$([ -c /dev/null ] && echo 1 || echo 0)"
mkfifo "$WORK/out.pipe"
cat "$WORK/out.pipe" >"$WORK/from-pipe.txt" &
reader=$!
run_analyze report --db "$DB" --format text -o "$WORK/out.pipe"
wait "$reader"
check "-o a FIFO: written through it" "0 1" "$status $(grep -c '^summary requests=' "$WORK/from-pipe.txt")"
check "-o a FIFO: still a FIFO" 1 "$([ -p "$WORK/out.pipe" ] && echo 1 || echo 0)"

# --- extensions -------------------------------------------------------------------
for name in R.HTML r.htm R.Json r.TXT; do
	run_analyze report --db "$DB" -o "$WORK/$name"
	check "-o $name: exit" 0 "$status"
done
check ".htm is HTML" 1 "$(grep -c '<!DOCTYPE html>' "$WORK/r.htm" || true)"
check ".HTML is HTML" 1 "$(grep -c '<!DOCTYPE html>' "$WORK/R.HTML" || true)"
check ".TXT is text" 1 "$(grep -c '^summary requests=' "$WORK/r.TXT" || true)"
run_analyze "$WORK/One.HTM" --db "$DB"
check "one-shot: FILE.HTM" 0 "$status"

finish
