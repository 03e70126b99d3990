# progress.sh - on a terminal an ingest shows how far it is through a file
# (percent of its bytes) and about how long is left; not on a terminal
# (cron), nothing of it is printed (issue 15).
. "$(dirname "$0")/lib.sh" "$@"

C=$TESTDATA/caddy
BIG=$WORK/big.log
for _ in $(seq 1500); do cat "$C/access.log"; done >"$BIG"   # 225 000 lines, 158 MB: longer than a progress interval

# script(1) gives the ingest a terminal for its stderr
script -qec "'$ANALYZE' ingest --db '$WORK/tty.db' '$BIG'" /dev/null | tr '\r' '\n' >"$WORK/tty.out"
check "terminal: percent and time left" 1 \
	"$([ "$(grep -c "big.log: [0-9]*% of [0-9.]* MB, [0-9]* lines, about [0-9]* s left" "$WORK/tty.out")" -gt 0 ] && echo 1 || echo 0)"
check "terminal: the summary line after it" 1 "$(grep -c 'analyze: .*big.log: 225000 records, 0 rejects' "$WORK/tty.out")"

run_analyze ingest --db "$WORK/cron.db" "$BIG"
check "cron: one summary line, no progress" "analyze: $BIG: 225000 records, 0 rejects, 0 lines already seen (caddy)" "$err"
rm -f "$BIG"

finish
