# caddy_forms.sh - every encoder, time_format and duration_format form in
# testdata/caddy/forms (real Caddy 2.6.2 output, made by its make.sh):
# detected without --format, 6 requests each, no rejects, and exact times
# and durations of lines 1 (GET /health) and 5 (the 1.5 s slow request).
. "$(dirname "$0")/lib.sh" "$@"

F=$TESTDATA/caddy/forms

# form FILE "line1 end|duration" "line5 end|duration" [ingest options]
form() {
	local file=$1 one=$2 five=$3 db=$WORK/$1${4:-}.db
	shift 3
	run_analyze ingest --db "$db" "$@" "$F/$file"
	check "$file: exit" 0 "$status"
	check "$file: summary" "analyze: $F/$file: 6 records, 0 rejects, 0 lines already seen (caddy)" "$err"
	check "$file: line 1" "$one|GET|/health|200" \
		"$(q "$db" 'SELECT end_us, duration_us, method, uri, status FROM request_v WHERE line = 1')"
	check "$file: line 5" "$five|/api/slow/report" \
		"$(q "$db" 'SELECT end_us, duration_us, uri FROM request_v WHERE line = 5')"
	check "$file: start = end - duration" 0 \
		"$(q "$db" 'SELECT count(*) FROM request WHERE start_us != end_us - duration_us')"
}

# {"level": "info", "ts": 1796323501.444671, ...}: a re-serialiser's spacing
form whitespace.log "1796323501444671|2342" "1796323503029616|1502050"
check "whitespace: headers read" "203.0.113.7|fixture/1.0" \
	"$(q "$WORK/whitespace.log.db" 'SELECT cf_connecting_ip, user_agent FROM request_v WHERE line = 1')"
check "whitespace: query redacted" "/api/users/12345?token=REDACTED" \
	"$(q "$WORK/whitespace.log.db" 'SELECT uri FROM request_v WHERE line = 2')"
# console: "2026/12/03 18:45:03.074<TAB>ESC[34mINFOESC[0m<TAB>http.log.access.log1<TAB>..."
form console.log "1796323503074000|2048" "1796323504659000|1502212"
form console-plain.log "1796323504705000|1656" "1796323506288000|1501830"
# format filter { wrap console }, User-Agent deleted by the filter
form filter-console.log "1796323506332000|1665" "1796323507917000|1501988"
check "filter-console: deleted header is absent" "1" \
	"$(q "$WORK/filter-console.log.db" 'SELECT count(*) = 6 FROM request WHERE user_agent_id IS NULL')"
# time_format forms; duration_format seconds (default), nano, string
form common_log.log "1796323507000000|2000" "1796323509000000|1502194"
form wall_milli-ns.log "1796323509587000|1913" "1796323511171000|1501952"
form unix_milli_float-nano.log "1796323511212207|1988" "1796323512799400|1502003"
form rfc3339_nano-string.log "1796323512841969|1736" "1796323514429748|1501786"
form iso8601-seconds.log "1796323514476000|2364" "1796323516063000|1502294"
# duration_format ms (Caddy 2.7+): 1502.050351 is 1.5 s, inferred from the digits
form duration-ms.log "1796323501444671|2342" "1796323503029616|1502050"
form duration-ms.log "1796323501444671|2342" "1796323503029616|1502050" --duration-unit ms
# the unit said wrongly: 9 decimals cannot be milliseconds, each line says so
run_analyze ingest --db "$WORK/wrong-unit.db" --duration-unit ms "$F/whitespace.log"
check "wrong unit: rejects" "6|field 'duration' has more digits than milliseconds can have: seconds? (--duration-unit)" \
	"$(q "$WORK/wrong-unit.db" 'SELECT count(*), reason FROM reject GROUP BY reason')"
check "wrong unit: and a file warning" "analyze: warning: $F/whitespace.log: durations read as milliseconds look like seconds: 6 of 6 have more fraction digits than milliseconds can have (--duration-unit s?)" \
	"$(grep 'warning:' <<<"$err")"
run_analyze ingest --db "$WORK/bad-unit.db" --duration-unit h "$F/whitespace.log"
check "--duration-unit h: usage error" "2|analyze: --duration-unit: 'h' is not s, ms or ns" "$status|$err"

# wall times without a zone are UTC (as Caddy 2.6 writes them); --tz says
# otherwise (time_local in newer Caddy)
run_analyze ingest --db "$WORK/tz.db" --tz Europe/Berlin "$F/console.log"
check "--tz: wall time is local" "1796319903074000" \
	"$(q "$WORK/tz.db" 'SELECT end_us FROM request WHERE line = 1')"
run_analyze ingest --db "$WORK/tz-iso.db" --tz Asia/Tokyo "$F/iso8601-seconds.log"
check "--tz: a time with an offset keeps it" "1796323514476000" \
	"$(q "$WORK/tz-iso.db" 'SELECT end_us FROM request WHERE line = 1')"

# a rename filter took "status" away from every line: each line says so
run_analyze ingest --db "$WORK/renamed.db" "$F/renamed-status.log"
check "renamed: summary" "analyze: $F/renamed-status.log: 0 records, 6 rejects, 0 lines already seen (caddy); 1 warning (above)" "$(tail -1 <<<"$err")"
check "renamed: the file warned of" "analyze: warning: $F/renamed-status.log: field 'status' is missing on every access line (6): renamed or deleted by a log filter?" "$(grep 'warning:' <<<"$err")"
check "renamed: the first reject named" "analyze: $F/renamed-status.log:1: missing field 'status'" "$(head -1 <<<"$err")"
check "renamed: reason" "6|missing field 'status'" \
	"$(q "$WORK/renamed.db" 'SELECT count(*), reason FROM reject GROUP BY reason')"
check "renamed: warning stored" "1|field 'status' is missing on every access line (6): renamed or deleted by a log filter?" \
	"$(q "$WORK/renamed.db" 'SELECT line, reason FROM file_warning')"
run_analyze ingest --quiet --db "$WORK/renamed-q.db" "$F/renamed-status.log"
check "renamed: --quiet still warns" "0|analyze: warning: $F/renamed-status.log: field 'status' is missing on every access line (6): renamed or deleted by a log filter?" "$status|$err"
run_analyze report --db "$WORK/renamed.db" --format json -o "$WORK/renamed.json"
check "renamed: report lists it" "field 'status' is missing on every access line (6): renamed or deleted by a log filter?" \
	"$(jq -r '.sources[0].warnings[]' "$WORK/renamed.json")"
run_analyze report --db "$WORK/renamed.db" --format text -o "$WORK/renamed.txt"
check "renamed: summary counts it" "warnings=1" "$(grep -o 'warnings=[0-9]*' "$WORK/renamed.txt")"
check "renamed: summary line" "warning $F/renamed-status.log field 'status' is missing on every access line (6): renamed or deleted by a log filter?" \
	"$(sed -n 2p "$WORK/renamed.txt")"
run_analyze report --db "$WORK/renamed.db" --format text -o /dev/null
check "warnings: no failure by default" 0 "$status"
run_analyze report --db "$WORK/renamed.db" --format text -o /dev/null --fail-on warnings
check "warnings: --fail-on warnings fails" 1 "$status"
run_analyze report --db "$WORK/renamed.db" --format text -o /dev/null --fail-on any
check "warnings: not in --fail-on any" 0 "$status"
# only some lines renamed (3 of one file, then 3 of another): rejects, no warning
{ head -3 "$F/renamed-status.log"; sed -n 4,6p "$F/whitespace.log"; } >"$WORK/some-renamed.log"
run_analyze ingest --db "$WORK/some.db" "$WORK/some-renamed.log"
check "some renamed: rejects, no warning" "3 rejects|0|0" \
	"$(grep -o '3 rejects' <<<"$err")|$(grep -c 'warning' <<<"$err")|$(q "$WORK/some.db" 'SELECT count(*) FROM file_warning')"

# --duration-unit s on duration_format ms: read as told, but warned of
run_analyze ingest --db "$WORK/forced-s.db" --duration-unit s "$F/duration-ms.log"
check "forced s on ms: warning" "analyze: warning: $F/duration-ms.log: durations read as seconds look like milliseconds: none of the 6 has the 7 to 9 fraction digits of Caddy's seconds, 2 exceed the file's own time span (1.607974 s), median 1.431748 s (--duration-unit ms?)" \
	"$(grep 'warning:' <<<"$err")"
check "forced s on ms: read as told" "1502050351" "$(q "$WORK/forced-s.db" 'SELECT duration_us FROM request WHERE line = 5')"
check "forced s on ms: summary" "analyze: $F/duration-ms.log: 6 records, 0 rejects, 0 lines already seen (caddy); 1 warning (above)" "$(tail -1 <<<"$err")"
# the right unit, forced or inferred: no warning
for args in "--duration-unit s whitespace.log" "duration-ms.log" "--duration-unit ms duration-ms.log"; do
	set -- $args
	file=${*: -1}
	run_analyze ingest --db "$WORK/right-$RANDOM.db" "${@:1:$#-1}" "$F/$file"
	check "right unit ($args): no warning" 0 "$(grep -c 'warning' <<<"$err")"
done

finish
