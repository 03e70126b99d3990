# rotation.sh - what logrotate and live writers do to a file while and
# between ingests (issue 17 #1-#3, issue 15's half line): nothing is lost,
# nothing is stored twice.
. "$(dirname "$0")/lib.sh" "$@"

C=$TESTDATA/caddy
per_copy=$(grep -c '"logger":"http.log.access' "$C/access.log")

# --- #3: a last line without its newline is held back, then read whole ------
DB=$WORK/half.db
head -n 10 "$C/access.log" >"$WORK/half.log"
line11=$(sed -n 11p "$C/access.log")
printf '%s' "${line11:0:200}" >>"$WORK/half.log"          # the writer is mid-line
run_analyze ingest --db "$DB" "$WORK/half.log"
check "half line: exit" 0 "$status"
check "half line: not a reject" "10|0" "$(q "$DB" 'SELECT count(*), (SELECT count(*) FROM reject) FROM request')"
check "half line: the summary says so" 1 "$(grep -c 'its last line (200 bytes, no newline yet) is read when complete' <<<"$err")"
printf '%s\n' "${line11:200}" >>"$WORK/half.log"          # ...and finishes it
run_analyze ingest --db "$DB" "$WORK/half.log"
check "half line: completed next run" "11|0|11" \
	"$(q "$DB" 'SELECT count(*), (SELECT count(*) FROM reject), max(line) FROM request')"
check "half line: one source" 1 "$(q "$DB" 'SELECT count(*) FROM source')"

# --- #2: a writer without O_APPEND after copytruncate: a NUL hole ----------
DB=$WORK/hole.db
head -c $((2 * 1024 * 1024 + 17)) /dev/zero >"$WORK/hole.log"   # over READER_MAX_LINE
cat "$C/access.log" >>"$WORK/hole.log"
run_analyze ingest --db "$DB" "$WORK/hole.log"
check "NUL hole: exit" 0 "$status"
check "NUL hole: every line, no reject" "$per_copy|0" "$(q "$DB" 'SELECT count(*), (SELECT count(*) FROM reject) FROM request')"
check "NUL hole: counted" 1 "$(grep -c "; $((2 * 1024 * 1024 + 17)) bytes of NUL padding skipped" <<<"$err")"
check "NUL hole: line numbers from the first real line" "1|$per_copy" "$(q "$DB" 'SELECT min(line), max(line) FROM request')"

# --- #1: copytruncate while the ingest reads the live file -----------------
# The ingest is stopped (SIGSTOP) part way through the file, logrotate's
# copytruncate runs (copy, then truncate in place), the ingest goes on.
LIVE=$WORK/access.log
copies=600
total=$((copies * per_copy))

# start_and_stop DB: an ingest of $LIVE in the background ($pid), stopped
# once it has read 4 MiB of it; $pos is where it stopped, $size the file's size
start_and_stop() {
	local fd= n
	for _ in $(seq "$copies"); do cat "$C/access.log"; done >"$LIVE"
	size=$(stat -c %s "$LIVE")
	pos=0
	"$ANALYZE" ingest --db "$1" "$LIVE" 2>"$WORK/ct.err" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if [ -z "$fd" ]; then
			for n in 3 4 5 6 7 8 9 10 11 12; do
				if [ /proc/$pid/fd/$n -ef "$LIVE" ] 2>/dev/null; then fd=$n; fi
			done
			continue
		fi
		read -r _ pos <"/proc/$pid/fdinfo/$fd" 2>/dev/null || break
		if [ "$pos" -ge $((4 * 1024 * 1024)) ]; then
			kill -STOP "$pid"
			read -r _ pos <"/proc/$pid/fdinfo/$fd"
			break
		fi
	done
	check "$1: caught part way" 1 "$([ "$pos" -gt 0 ] && [ "$pos" -lt "$size" ] && echo 1 || echo 0)"
}

# go_on: the stopped ingest goes on to its end; its status in $status
go_on() {
	kill -CONT "$pid" 2>/dev/null || true
	set +e
	wait "$pid"
	status=$?
	set -e
}

# rotated_copy_adds_the_rest DB: after the rotation, the next night
rotated_copy_adds_the_rest() {
	local first
	first=$(q "$1" 'SELECT count(*) FROM request')
	check "$1: part read" 1 "$([ "$first" -lt "$total" ] && echo 1 || echo 0)"
	run_analyze ingest --db "$1" "$WORK"/access.log*
	check "$1: second ingest exit" 0 "$status"
	check "$1: the rotated copy is the part read + a tail" 1 \
		"$(grep -c "^analyze: $LIVE.1: $((total - first)) records, 0 rejects, $first lines already seen (caddy)\$" <<<"$err")"
	check "$1: every line once" "$((total + 3))|0" \
		"$(q "$1" 'SELECT count(*), (SELECT count(*) FROM reject) FROM request')"
	check "$1: lines 1..N of the copy" "$total|1|$total" \
		"$(q "$1" "SELECT count(DISTINCT line), min(line), max(line) FROM request r JOIN source s ON s.id = r.source_id WHERE s.path = '$LIVE.1'")"
	rm -f "$LIVE" "$LIVE.1"
}

DB=$WORK/copytruncate.db
start_and_stop "$DB"
cp "$LIVE" "$LIVE.1"            # copytruncate: copy...
: >"$LIVE"                      # ...then truncate the live file in place
go_on
check "copytruncate: first ingest exit" 0 "$status"
check "copytruncate: the summary says so" 1 "$(grep -c 'truncated while read (a rotated copy adds the rest)' "$WORK/ct.err")"
tail -n 3 "$C/access.log" >"$LIVE"   # the writer goes on in the live file
rotated_copy_adds_the_rest "$DB"

# #1 and #2 at once: the writer does not append, and writes at its old
# offset before the ingest reads on: the rest of the live file is a NUL
# hole, then new lines, which are not the old content's
DB=$WORK/hole-under.db
start_and_stop "$DB"
cp "$LIVE" "$LIVE.1"
: >"$LIVE"
tail -n 3 "$C/access.log" | dd of="$LIVE" oflag=seek_bytes seek="$size" conv=notrunc status=none
go_on
check "rewritten under the ingest: exit" 0 "$status"
check "rewritten under the ingest: said" 1 "$(grep -c 'truncated while read (a rotated copy adds the rest)' "$WORK/ct.err")"
rotated_copy_adds_the_rest "$DB"
check "rewritten under the ingest: the live file's hole is padding" 1 \
	"$(grep -c "^analyze: $LIVE: 3 records, 0 rejects, 0 lines already seen (caddy); $size bytes of NUL padding skipped\$" <<<"$err")"

finish
