# paths.sh - what a log folder holds besides logs (issue 17 #5, #6, issue
# 15): directory symlinks followed once and never into a loop, a FIFO,
# socket or device in a folder named and skipped, a FIFO named on the
# command line read like stdin, stdin deduplicated by content, a file that
# is not a log skipped in a folder but a failure when named.
. "$(dirname "$0")/lib.sh" "$@"

C=$TESTDATA/caddy
per_copy=$(grep -c '"logger":"http.log.access' "$C/access.log")

# --- #5: two self-symlinks, and a link to a sibling ------------------------
D=$WORK/logs
mkdir -p "$D/sub"
cp "$C/access.log" "$D/sub/access.log"
ln -s . "$D/self"
ln -s .. "$D/sub/up"
ln -s sub "$D/again"
timeout 30 "$ANALYZE" ingest --db "$WORK/loop.db" "$D" 2>"$WORK/loop.err" && status=0 || status=$?
err=$(head -c 100000 "$WORK/loop.err")
check "#5: symlink loops end" 0 "$status"
check "#5: the log read once" "$per_copy|1|1" \
	"$(q "$WORK/loop.db" 'SELECT count(*), (SELECT count(*) FROM source), (SELECT count(*) FROM source_file) FROM request')"
check "#5: each link back named once" 3 "$(grep -c 'a directory already read (a symlink loop, or named twice), skipped$' <<<"$err")"
check "#5: a few lines, not a million" 4 "$(wc -l <<<"$err")"

# --- #6: a FIFO (and a socket) among the logs -------------------------------
F=$WORK/fifo-dir
mkdir -p "$F"
cp "$C/access.log" "$F/a.log"
mkfifo "$F/b.pipe"
cp "$C/access.log" "$F/c.log"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$F/d.sock"
timeout 20 "$ANALYZE" ingest --db "$WORK/fifo.db" "$F" 2>"$WORK/fifo.err" && status=0 || status=$?
err=$(cat "$WORK/fifo.err")
check "#6: a FIFO in a folder does not block" 0 "$status"
check "#6: named and skipped" 1 "$(grep -c "^analyze: '$F/b.pipe': a FIFO, not a regular file, skipped\$" <<<"$err")"
check "#6: a socket too" 1 "$(grep -c "^analyze: '$F/d.sock': a socket, not a regular file, skipped\$" <<<"$err")"
check "#6: the files after it are read" 1 "$(grep -c "^analyze: $F/c.log: unchanged since the last ingest, skipped\$" <<<"$err")"

# a FIFO named on the command line is a stream, like stdin
mkfifo "$WORK/named.pipe"
head -n 20 "$C/access.log" >"$WORK/named.pipe" &
writer=$!
timeout 20 "$ANALYZE" ingest --db "$WORK/named.db" "$WORK/named.pipe" 2>"$WORK/named.err" && status=0 || status=$?
wait "$writer" || true
check "#6: a named FIFO is read" "0 20" "$status $(q "$WORK/named.db" 'SELECT count(*) FROM request')"

# --- stdin is deduplicated by content ----------------------------------------
S=$WORK/stdin.db
# through a pipe: a redirected file would be a regular file on fd 0
cat "$C/access.log" | "$ANALYZE" ingest --db "$S" --quiet -
set +e
err=$(cat "$C/access.log" | "$ANALYZE" ingest --db "$S" - 2>&1)
set -e
check "stdin twice: stored once" "$per_copy 1" "$(q "$S" 'SELECT count(*) FROM request') $(q "$S" 'SELECT count(*) FROM source')"
check "stdin twice: said" "analyze: (stdin): unchanged since the last ingest, skipped" "$err"
"$ANALYZE" ingest --db "$S" --quiet "$C/access.log"
check "stdin then the file: once" "$per_copy" "$(q "$S" 'SELECT count(*) FROM request')"
F2=$WORK/file-first.db
"$ANALYZE" ingest --db "$F2" --quiet "$C/access.log"
cat "$C/access.log" | "$ANALYZE" ingest --db "$F2" --quiet -
check "the file then stdin: once" "$per_copy" "$(q "$F2" 'SELECT count(*) FROM request')"
head -n 30 "$C/access.log" | "$ANALYZE" ingest --db "$F2" --quiet -
check "other content on stdin is new" "$((per_copy + 30))" "$(q "$F2" 'SELECT count(*) FROM request')"

# --- a file that is not a log ---------------------------------------------------
N=$WORK/mixed
mkdir -p "$N"
cp "$C/access.log" "$N/access.log"
(cd "$N" && sha256sum access.log >SHA256SUMS)
printf 'Logs of the proxy, rotated nightly.\n' >"$N/README"
run_analyze ingest --db "$WORK/mixed.db" "$N"
check "not a log in a folder: the run goes on" 0 "$status"
check "not a log in a folder: named" 2 "$(grep -c "': not a log analyze recognises, skipped\$" <<<"$err")"
check "not a log in a folder: the log read" "$per_copy" "$(q "$WORK/mixed.db" 'SELECT count(*) FROM request')"
run_analyze ingest --db "$WORK/mixed.db" "$N/README"
check "not a log named on the command line fails" 3 "$status"
check "...with the reason" "analyze: '$N/README': format not recognised from its first lines (use --format)" "$err"

finish
