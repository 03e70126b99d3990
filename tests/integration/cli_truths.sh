# cli_truths.sh - the command line of a nightly run that tells the truth
# (issue 15): relative and checked --since/--until, --fail-on '' and
# checks, every message with "analyze: ", each --help with its own options,
# the one-shot form with every option and where it wrote, no progress in
# cron.
. "$(dirname "$0")/lib.sh" "$@"

C=$TESTDATA/caddy
DB=$WORK/c.db
"$ANALYZE" ingest --db "$DB" --quiet --strip-prefix /api "$C/access.log"
requests() {
	sed -n 's/^summary requests=\([0-9]*\) .*/\1/p' "$WORK/s.txt"
}

# --- --since / --until ----------------------------------------------------------
# the log is of 2026-11-29 23:21 UTC; now is later than that
run_analyze report --db "$DB" -o "$WORK/s.txt" --since 1h
check "--since 1h: nothing so recent" "0 0" "$status $(requests)"
run_analyze report --db "$DB" -o "$WORK/s.txt" --since 36500d --until 30m
check "--since 36500d --until 30m: all" "0 150" "$status $(requests)"
run_analyze report --db "$DB" -o "$WORK/s.txt" --since 2026-02-30T00:00:00Z
check "Feb 30 refused" "2 analyze: --since: '2026-02-30T00:00:00Z' is not a date of the calendar" "$status $err"
run_analyze report --db "$DB" -o "$WORK/s.txt" --until 2026-11-31T00:00:00Z
check "Nov 31 refused" 2 "$status"
run_analyze report --db "$DB" -o "$WORK/s.txt" --since 2026-11-30T00:00:00
check "no zone, no --tz: refused" "2 analyze: --since: '2026-11-30T00:00:00' has no zone: add Z or an offset (+02:00), or give --tz" "$status $err"
run_analyze report --db "$DB" -o "$WORK/s.txt" --since 2026-11-30T00:00:00 --tz UTC
check "no zone, --tz UTC: after the log" "0 0" "$status $(requests)"
run_analyze report --db "$DB" -o "$WORK/s.txt" --since 2026-11-30T00:00:00 --tz Europe/Berlin
check "no zone, --tz Europe/Berlin: 23:00 UTC, before it" "0 150" "$status $(requests)"
run_analyze report --db "$DB" -o "$WORK/s.txt" --since 2026-11-30T00:00:00+01:00
check "an offset needs no --tz" "0 150" "$status $(requests)"
run_analyze report --db "$DB" -o "$WORK/s.txt" --since 2026-11-30T00:00:00Z --until 2026-11-29T00:00:00Z
check "--since after --until" "2 analyze: --since '2026-11-30T00:00:00Z' is later than --until '2026-11-29T00:00:00Z'" "$status $err"
run_analyze prune --db "$DB" --before 2026-11-30T00:00:00
check "prune --before without a zone" 2 "$status"

# --- --fail-on ------------------------------------------------------------------------
run_analyze report --db "$DB" -o "$WORK/s.txt" --fail-on ''
check "--fail-on '': usage" "2 analyze: --fail-on: no kind given (a kind, any, checks or warnings)" "$status $err"
run_analyze report --db "$DB" -o "$WORK/s.txt" --fail-on ,
check "--fail-on ',': usage" 2 "$status"
I=$WORK/incident.db
"$ANALYZE" ingest --db "$I" --quiet "$TESTDATA/incident/inputs"
failed=$("$ANALYZE" report --db "$I" --format text | sed -n 's/^summary .* checks_failed=\([0-9]*\) .*/\1/p')
run_analyze report --db "$I" -o "$WORK/s.txt" --fail-on checks
check "--fail-on checks: FAILs on the board ($failed) -> 1" 1 "$status"
run_analyze report --db "$DB" -o "$WORK/s.txt" --fail-on checks
check "--fail-on checks: none failed -> 0" "0 0" "$status $(sed -n 's/^summary .* checks_failed=\([0-9]*\) .*/\1/p' "$WORK/s.txt")"

# --- every message starts with "analyze: " ---------------------------------------------
for args in "ingest --frob x" "ingest -z x" "report -o" "report --db" "prune --before" \
	"report --since" "report.html --nope"; do
	run_analyze $args
	check "'$args': usage" 2 "$status"
	check "'$args': every line says analyze:" 0 "$(grep -vc '^analyze: ' <<<"$err" || true)"
done
run_analyze ingest --frob x
check "getopt's message, ours" "analyze: ingest: unknown option '--frob'" "$(head -n 1 <<<"$err")"
run_analyze report -o
check "a missing value" "analyze: report: option '-o' needs a value" "$(head -n 1 <<<"$err")"

# --- each --help lists its own options ---------------------------------------------
opts() {
	"$ANALYZE" "$@" --help | sed -n 's/^  \(-., \)\{0,1\}--\([a-z-]*\).*/\2/p' | tr '\n' ' ' | sed 's/ $//'
}
check "ingest --help" "db format strip-prefix tz duration-unit quiet help" "$(opts ingest)"
check "report --help" "db since until tz format output strip-prefix window timeout-budget baseline baseline-since baseline-until fail-on help" "$(opts report)"
check "prune --help" "db before quiet help" "$(opts prune)"
check "one-shot --help: every option of both" "db format duration-unit strip-prefix tz since until window timeout-budget baseline baseline-since baseline-until fail-on quiet help" "$(opts r.html)"
check "one-shot --help: every report extension" 1 \
	"$("$ANALYZE" r.html --help | grep -c '^usage: analyze FILE.html|FILE.json|FILE.txt|FILE.csv ')"
check "report --help: csv and the baseline" 1 \
	"$("$ANALYZE" report --help | grep -c -- '--format html|json|text|csv.*\[--baseline D | --baseline-since T --baseline-until T\]')"

# --- the one-shot form takes them and says where it wrote ---------------------------
run_analyze "$WORK/one.TXT" --db "$WORK/one.db" --format caddy --strip-prefix /api --tz UTC \
	--since 2026-11-29T00:00:00 --until 30m --fail-on checks "$C/access.log"
check "one-shot with every option: exit" 0 "$status"
check "one-shot: where it wrote" "analyze: wrote $WORK/one.TXT" "$(tail -n 1 <<<"$err")"
check "one-shot: the window applied" 150 "$(sed -n 's/^summary requests=\([0-9]*\) .*/\1/p' "$WORK/one.TXT")"
run_analyze "$WORK/one.txt" --db "$WORK/one.db" --quiet
check "one-shot --quiet: silent" "0 " "$status $err"

# --- the one-shot form's baseline: the same model as report's --------------------
I=$TESTDATA/incident/inputs
for b in "--baseline 40s" "--baseline-since 2026-11-29T23:54:45Z --baseline-until 2026-11-29T23:55:25Z"; do
	# shellcheck disable=SC2086
	run_analyze "$WORK/base.json" --db "$WORK/base.db" --quiet --since 2026-11-29T23:55:25Z $b "$I"
	check "one-shot $b: exit" 0 "$status"
	# shellcheck disable=SC2086
	"$ANALYZE" report --db "$WORK/base.db" --since 2026-11-29T23:55:25Z $b -o "$WORK/base-report.json"
	check "one-shot $b: the baseline as report gives it" \
		"$(jq -c .overview "$WORK/base-report.json")" "$(jq -c .overview "$WORK/base.json")"
	check "one-shot $b: bounds and changed routes" '"2026-11-29T23:54:45.000Z 2026-11-29T23:55:25.000Z" true' \
		"$(jq -c '"\(.overview.baseline.since) \(.overview.baseline.until)"' "$WORK/base.json") $(jq '.overview.baseline.changed > 0' "$WORK/base.json")"
done
run_analyze "$WORK/base.csv" --db "$WORK/base.db" --quiet --since 2026-11-29T23:55:25Z --baseline 40s
check "one-shot FILE.csv with a baseline" "0 overview,baseline,since,2026-11-29T23:54:45.000Z" \
	"$status $(tr -d '\r' <"$WORK/base.csv" | grep '^overview,baseline,since,')"
# refused as report refuses them, before anything is ingested
for bad in "--baseline 40s:analyze: --baseline: needs --since: the baseline is the D before it" \
	"--baseline-since 2026-11-29T23:54:45Z:analyze: --baseline-since: needs --baseline-until too" \
	"--since 2026-11-29T23:55:25Z --baseline 40s --baseline-until 2026-11-29T23:55:25Z:analyze: --baseline: give it, or --baseline-since and --baseline-until, not both" \
	"--baseline-since 2026-11-29T23:55:25Z --baseline-until 2026-11-29T23:54:45Z:analyze: --baseline-since '2026-11-29T23:55:25Z' is not before --baseline-until '2026-11-29T23:54:45Z'"; do
	# shellcheck disable=SC2086
	run_analyze "$WORK/bad.html" --db "$WORK/bad.db" ${bad%%:analyze*} "$C/access.log"
	check "one-shot ${bad%%:analyze*}: refused" "2 analyze:${bad#*:analyze:}" "$status $err"
	check "one-shot ${bad%%:analyze*}: nothing ingested, nothing written" "0 0" \
		"$([ -e "$WORK/bad.db" ] && echo 1 || echo 0) $([ -e "$WORK/bad.html" ] && echo 1 || echo 0)"
done

# --- no progress in cron ------------------------------------------------------------------
run_analyze ingest --db "$WORK/p.db" "$C/access.log"
check "stderr not a terminal: no carriage returns" 0 "$(grep -c $'\r' <<<"$err" || true)"

finish
