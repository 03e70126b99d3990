#!/usr/bin/env bash
# tracing.sh - the real binary on testdata/tracing: every form ingests its
# 130 events with exact values, phases and request ids; malformed lines are
# rejects with reasons; a gzip copy stores the same rows; a re-run adds
# nothing. Usage: bash tracing.sh <analyze> <testdata-dir> <work-dir>
set -euo pipefail

analyze=$1
td=$2/tracing
work=$3
rm -rf "$work"
mkdir -p "$work"
db=$work/x.db
fails=0

check() {       # check <what> <expected> <actual>
	if [ "$2" == "$3" ]; then
		echo "ok   $1"
	else
		echo "FAIL $1"
		echo "     expected: $2"
		echo "     actual:   $3"
		fails=$((fails + 1))
	fi
}

q() {
	sqlite3 -batch -noheader "${2:-$db}" "$1"
}

# the event of a file at a line: "<column> FROM event_v WHERE ..." helpers
src() {
	echo "(SELECT id FROM source WHERE path LIKE '%/$1')"
}

forms=(json/nested.log json/flat.log json/nospan.log json/utctime.log json/offset.log
       text/full.log text/full-ansi.log text/compact.log text/compact-ansi.log
       pretty/pretty.log docker/json-file.log docker/json-file-ansi.log
       docker/compose.log docker/compose-ansi.log docker/compose-mixed.log
       pretty/pretty-ansi.log journal/short-iso.log journal/short-iso-precise-notime.log
       journal/json.log journal/json-ansi.log journal/json-notime.log)
files=()
for f in "${forms[@]}"; do
	files+=("$td/$f")
done
malformed=("$td/malformed/json.log" "$td/malformed/text.log" "$td/malformed/docker.log")

"$analyze" ingest --db "$db" "${files[@]}" "${malformed[@]}" 2>"$work/ingest.err"

# --- counts per file -------------------------------------------------------
for f in "${forms[@]}"; do
	rejects=0
	[ "$f" == docker/compose-mixed.log ] && rejects=29
	check "$f: format, events, rejects" "tracing|130|$rejects" \
		"$(q "SELECT format, (SELECT count(*) FROM event_v WHERE source_id = s.id),
			(SELECT count(*) FROM reject WHERE source_id = s.id)
		      FROM source s WHERE path LIKE '%/$f'")"
	check "$f: phases, starts" "79|2" \
		"$(q "SELECT (SELECT count(*) FROM phase_v WHERE source_id = s.id),
			(SELECT sum(is_start) FROM event_v WHERE source_id = s.id)
		      FROM source s WHERE path LIKE '%/$f'")"
done
check "summary lines" "$(( ${#forms[@]} + 3 ))" "$(grep -c ' records, ' "$work/ingest.err")"

# --- json/nested.log: exact values -------------------------------------------
n=$(src json/nested.log)
check "nested 57: the search timing event" \
	'DEBUG|filament_server::search|debug.search.enqueue_search_command.timing||{"event":"debug.search.enqueue_search_command.timing","wait_for_apply":true,"send_ms":0,"ack_wait_ms":4631,"total_ms":4631}|enqueue_search_command|{"ack_wait":4631,"channel_id":"01HZX9C3M4R8T2V6B1N5Q7W0YA","send":0,"wait_for_apply":true}|5d6e7f80-91a2-43b4-c5d6-e7f8091a2b3c|POST|/channels/01HZX9C3M4R8T2V6B1N5Q7W0YA/messages|0' \
	"$(q "SELECT level, target, name, message, fields_json, span_name, span_json, request_id,
		method, uri, is_start FROM event_v WHERE source_id = $n AND line = 57")"
check "nested 57: the event's name is kept once, its fields refer to it" \
	'{"event":"\/n","wait_for_apply":true,"send_ms":0,"ack_wait_ms":4631,"total_ms":4631}' \
	"$(q "SELECT fields_json FROM event WHERE source_id = $n AND line = 57")"
check "nested 57: phases" "ack_wait=4631.0 send=0.0 total=4631.0" \
	"$(q "SELECT group_concat(phase || '=' || ms, ' ') FROM (SELECT phase, ms FROM phase_v
	      WHERE source_id = $n AND line = 57 ORDER BY phase)")"
check "nested 57: phase rows carry the event's request id and name" \
	"3|5d6e7f80-91a2-43b4-c5d6-e7f8091a2b3c|debug.search.enqueue_search_command.timing" \
	"$(q "SELECT count(*), e.request_id, p.event_name FROM phase_v p JOIN event_v e ON e.id = p.event_id
	      WHERE e.source_id = $n AND e.line = 57")"
check "nested 57: span list root to leaf" "request,handler,enqueue_search_command" \
	"$(q "SELECT group_concat(json_extract(value, '$.name')) FROM event_v, json_each(spans_json)
	      WHERE source_id = $n AND line = 57")"
check "nested 35: duplicate \"name\": span name and field apart" \
	'handler|{"name":"create_guild"}|2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' \
	"$(q "SELECT span_name, span_json, request_id FROM event_v WHERE source_id = $n AND line = 35")"
check "nested 36: the XSS name is stored as text" '<script>alert(1)</script>' \
	"$(q "SELECT json_extract(fields_json, '$.name') FROM event_v WHERE source_id = $n AND line = 36")"
check "nested 1 and 3: process starts" "1|db.init|database pool ready,3||listening" \
	"$(q "SELECT group_concat(line || '|' || ifnull(name, '') || '|' || message) FROM event_v
	      WHERE source_id = $n AND is_start = 1")"
check "nested 101: message with quotes and newline" 'he said "hi"
second line' "$(q "SELECT message FROM event_v WHERE source_id = $n AND line = 101")"
check "nested 106: non-ASCII and a float" 'héllo ✓ 日本|0.35|real' \
	"$(q "SELECT message, json_extract(fields_json, '$.min_score'),
		json_type(fields_json, '$.min_score') FROM event_v WHERE source_id = $n AND line = 106")"
check "nested 105: booleans stay booleans" "false" \
	"$(q "SELECT json_type(fields_json, '$.wait_for_apply') FROM event_v WHERE source_id = $n AND line = 105")"
check "nested 96: the 20 KB blob" "20000" \
	"$(q "SELECT length(json_extract(fields_json, '$.blob')) FROM event_v WHERE source_id = $n AND line = 96")"
check "nested: events with a request id" "87" \
	"$(q "SELECT count(request_id) FROM event_v WHERE source_id = $n")"
check "nested: events in a request span without one" "4,5,12,13,14,15,16,17,27,28,29,44,45,46,47,52,53,68,69,70,71,72,73,74,75,76,92,93,126,127,128,129,130" \
	"$(q "SELECT group_concat(line) FROM (SELECT line FROM event_v WHERE source_id = $n
	      AND request_id IS NULL AND method IS NOT NULL ORDER BY line)")"
check "nested 46: directory.join.rate_limit limiter=ip" "directory.join.rate_limit|ip|POST" \
	"$(q "SELECT name, json_extract(fields_json, '$.limiter'), method FROM event_v
	      WHERE source_id = $n AND line = 46")"
check "nested 13: auth.rate_limit fields" "auth.rate_limit|WARN|login|172.21.0.4|peer" \
	"$(q "SELECT name, level, json_extract(fields_json, '$.route'),
		json_extract(fields_json, '$.client_ip'), json_extract(fields_json, '$.client_ip_source')
	      FROM event_v WHERE source_id = $n AND line = 13")"
check "nested: the timing events' phases" "ack_wait|2|4631.0
audit|1|
auth|1|
broadcast|1|
close_slow_connections|3|
dispatch|3|
limiter|1|
resolve|1|
send|2|1.0
total|24|
username_lookup|18|
verify|18|" \
	"$(q "SELECT phase, count(*), CASE WHEN phase IN ('ack_wait', 'send') THEN max(ms) ELSE '' END
	      FROM phase_v WHERE source_id = $n AND event_name LIKE 'debug.%.timing' GROUP BY phase")"

# --- the request join works across forms ---------------------------------------
check "request ids agree: nested, full text, pretty, json-file" "87|87|87|87" \
	"$(q "SELECT count(*) FROM event_v a JOIN event_v b ON b.line = a.line AND b.request_id = a.request_id
	      WHERE a.source_id = $n AND b.source_id = $n;
	      SELECT count(*) FROM event_v a JOIN event_v b ON b.request_id = a.request_id
		AND b.line = a.line + (a.line >= 102)
	      WHERE a.source_id = $n AND b.source_id = $(src text/full.log);
	      SELECT count(*) FROM event_v a JOIN event_v b ON b.request_id = a.request_id
		AND b.name IS a.name AND b.message IS a.message
		AND json_extract(b.fields_json, '$.status') IS json_extract(a.fields_json, '$.status')
	      WHERE a.source_id = $n AND b.source_id = $(src pretty/pretty.log);
	      SELECT count(*) FROM event_v a JOIN event_v b ON b.request_id = a.request_id
		AND b.line = a.line + (a.line >= 97)
	      WHERE a.source_id = $n AND b.source_id = $(src docker/json-file.log)" | paste -sd'|')"

# --- flat and nospan -----------------------------------------------------------------
f=$(src json/flat.log)
check "flat 57: only the innermost span, no list" "enqueue_search_command||" \
	"$(q "SELECT span_name, spans_json, request_id FROM event_v WHERE source_id = $f AND line = 57")"
check "flat 63: db.write has lost the request span" "db.write|handler|" \
	"$(q "SELECT name, span_name, request_id FROM event_v WHERE source_id = $f AND line = 63")"
check "flat: events with a request id" "78" "$(q "SELECT count(request_id) FROM event_v WHERE source_id = $f")"
check "nospan 57: thread and file" "tokio-runtime-worker|ThreadId(3)|src/main.rs|133" \
	"$(q "SELECT thread_name, thread_id, file, file_line FROM event_v WHERE source_id = $(src json/nospan.log)
	      AND line = 57")"
check "utctime and offset: same instants as their own text says" "1|1" \
	"$(q "SELECT count(*) = 130 FROM event_v WHERE source_id = $(src json/utctime.log) AND ts_us > 0;
	      SELECT min(ts_us) > 0 AND max(ts_us) - min(ts_us) < 1000000 FROM event_v
	      WHERE source_id = $(src json/offset.log)" | paste -sd'|')"
check "offset 1: +02:00 read as UTC" "2026-11-29 23:09:13" \
	"$(q "SELECT datetime(ts_us / 1000000, 'unixepoch') FROM event_v WHERE source_id = $(src json/offset.log)
	      AND line = 1")"

# --- text, pretty, docker ---------------------------------------------------------------
for f in text/full.log text/full-ansi.log docker/compose.log docker/compose-ansi.log; do
	s=$(src $f)
	check "$f 101: the split message, 102 is no event" 'he said "hi"
second line|0|1' \
		"$(q "SELECT message, (SELECT count(*) FROM event_v WHERE source_id = $s AND line = 102),
			(SELECT count(*) FROM event_v WHERE source_id = $s AND line = 103)
		      FROM event_v WHERE source_id = $s AND line = 101")"
	check "$f 57: phases and request id" "3|5d6e7f80-91a2-43b4-c5d6-e7f8091a2b3c" \
		"$(q "SELECT count(*), max(e.request_id) FROM phase_v p JOIN event_v e ON e.id = p.event_id WHERE p.source_id = $s AND p.line = 57")"
done
check "full 100: Debug content unescaped" 'he said "hi"
second line' "$(q "SELECT json_extract(fields_json, '$.content') FROM event_v
	WHERE source_id = $(src text/full.log) AND line = 100")"
check "full 5: a bare value with a space" "0 ms|200" \
	"$(q "SELECT json_extract(fields_json, '$.latency'), json_extract(fields_json, '$.status')
	      FROM event_v WHERE source_id = $(src text/full.log) AND line = 5")"
check "compact-ansi 36: span fields split off by colour" \
	'guild.create|<script>alert(1)</script>|{"name":"create_guild"}|2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' \
	"$(q "SELECT name, json_extract(fields_json, '$.name'), span_json, request_id FROM event_v
	      WHERE source_id = $(src text/compact-ansi.log) AND line = 36")"
check "compact 36: the event's own name kept first" \
	'<script>alert(1)</script>|2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' \
	"$(q "SELECT json_extract(fields_json, '$.name'), request_id FROM event_v
	      WHERE source_id = $(src text/compact.log) AND line = 36")"
p=$(src pretty/pretty.log)
check "pretty 225: the search timing record" \
	"debug.search.enqueue_search_command.timing|5d6e7f80-91a2-43b4-c5d6-e7f8091a2b3c|src/main.rs|133|3" \
	"$(q "SELECT name, request_id, file, file_line, (SELECT count(*) FROM phase_v WHERE event_id = event_v.id)
	      FROM event_v WHERE source_id = $p AND line = 225")"
check "pretty 404: the split message" 'he said "hi"
second line' "$(q "SELECT message FROM event_v WHERE source_id = $p AND line = 404")"
check "pretty: records start at" "139|383|442|451" \
	"$(q "SELECT group_concat(line, '|') FROM (SELECT line FROM event_v WHERE source_id = $p AND
	      (name = 'guild.create' OR name = 'gateway.frame.oversized' OR level = 'ERROR') ORDER BY line)")"
j=$(src docker/json-file.log)
check "json-file 96+97: the 16 KiB split joined, the wrapper time kept" "1|0|20000|1" \
	"$(q "SELECT count(*), (SELECT count(*) FROM event_v WHERE source_id = $j AND line = 97),
		length(json_extract(fields_json, '$.blob')), wrapper_ts_us - ts_us BETWEEN 90 AND 110
	      FROM event_v WHERE source_id = $j AND line = 96")"
check "json-file 102: message with newline in one record" 'he said "hi"
second line' "$(q "SELECT message FROM event_v WHERE source_id = $j AND line = 102")"
check "json-file-ansi 102+103: the message's second line is its own record" 'he said "hi"
second line|0' \
	"$(q "SELECT message, (SELECT count(*) FROM event_v WHERE source_id = e.source_id AND line = 103)
	      FROM event_v e WHERE source_id = $(src docker/json-file-ansi.log) AND line = 102")"
m=$(src docker/compose-mixed.log)
check "compose-mixed: caddy lines rejected by name" "29|line of compose service 'caddy-1' is not tracing output" \
	"$(q "SELECT count(*), max(reason) FROM reject WHERE source_id = $m")"
check "compose-mixed: 408 responses at" "78,86,101,106" \
	"$(q "SELECT group_concat(line) FROM (SELECT line FROM event_v WHERE source_id = $m AND
	      json_extract(fields_json, '$.status') = 408 ORDER BY line)")"

# --- malformed ---------------------------------------------------------------------------
check "malformed/json.log" "2|truncated JSON;field 'timestamp' is not a string;missing field 'level';missing field 'timestamp';field 'timestamp' is not a time;invalid UTF-8;field 'fields' is not an object;not a JSON object|3" \
	"$(q "SELECT count(*) FROM event_v WHERE source_id = $(src malformed/json.log);
	      SELECT group_concat(reason, ';') FROM (SELECT reason FROM reject
		WHERE source_id = $(src malformed/json.log) ORDER BY line);
	      SELECT count(*) FROM phase_v WHERE source_id = $(src malformed/json.log)" | paste -sd'|')"
check "malformed/text.log" "1,2,6|4 invalid UTF-8,5 timestamp is not a time" \
	"$(q "SELECT group_concat(line) FROM event_v WHERE source_id = $(src malformed/text.log);
	      SELECT group_concat(line || ' ' || reason) FROM reject WHERE source_id = $(src malformed/text.log)" |
	   paste -sd'|')"
check "malformed/docker.log" "1,4|2 field 'time' is not a time,3 truncated JSON" \
	"$(q "SELECT group_concat(line) FROM event_v WHERE source_id = $(src malformed/docker.log);
	      SELECT group_concat(line || ' ' || reason) FROM reject WHERE source_id = $(src malformed/docker.log)" |
	   paste -sd'|')"

# --- gzip copy equals; re-run adds nothing -----------------------------------------------
"$analyze" ingest --db "$work/gz.db" "$td/json/nested.log.gz" 2>/dev/null
cols="line, ts_us, level, target, name, message, fields_json, span_name, span_json, spans_json,
      request_id, method, uri, is_start"
check "nested.log.gz stores the same events" \
	"$(q "SELECT $cols FROM event_v WHERE source_id = $n ORDER BY line" | md5sum)" \
	"$(q "SELECT $cols FROM event_v ORDER BY line" "$work/gz.db" | md5sum)"
check "nested.log.gz stores the same phases" \
	"$(q "SELECT line, event_name, phase, ms FROM phase_v WHERE source_id = $n ORDER BY event_id, seq" | md5sum)" \
	"$(q "SELECT line, event_name, phase, ms FROM phase_v ORDER BY event_id, seq" "$work/gz.db" | md5sum)"
before=$(q "SELECT (SELECT count(*) FROM event_v), (SELECT count(*) FROM phase_v), (SELECT count(*) FROM reject)")
"$analyze" ingest --db "$db" "${files[@]}" "${malformed[@]}" 2>/dev/null
check "a re-run adds nothing" "$before" \
	"$(q "SELECT (SELECT count(*) FROM event_v), (SELECT count(*) FROM phase_v), (SELECT count(*) FROM reject)")"

# --- --format tracing forces the parser; a Caddy log is then all rejects ------------------
"$analyze" ingest --db "$work/forced.db" --format tracing "$td/json/flat.log" 2>/dev/null
check "--format tracing" "tracing|130" "$(q "SELECT format, records FROM source" "$work/forced.db")"

# --- journalctl: the fmt line inside, the journal's time as the wrapper's --
# (and as the event's when the fmt line has none: without_time())
jv() {  # jv FILE LINE: time, journal time, level, target, name, message
	q "SELECT ts_us, wrapper_ts_us, level, target, name, message FROM event_v
	   WHERE source_id = $(src "$1") AND line = $2"
}
check "journal short-iso 1" "1795993753843202|1795993753000000|INFO|filament_server::db|db.init|database pool ready" \
	"$(jv journal/short-iso.log 1)"
check "journal short-iso-precise, no fmt time 1" "1795993753843202|1795993753843202|INFO|filament_server::db|db.init|database pool ready" \
	"$(jv journal/short-iso-precise-notime.log 1)"
check "journal -o json 1" "1795993753802956|1795993753802956|INFO|filament_server::db|db.init|database pool ready" \
	"$(jv journal/json.log 1)"
check "journal -o json, MESSAGE as bytes (ANSI) 1" "1795993753848684|1795993753848684|INFO|filament_server::db|db.init|database pool ready" \
	"$(jv journal/json-ansi.log 1)"
check "journal -o json, no fmt time 1" "1795993753843202|1795993753843202|INFO|filament_server::db|db.init|database pool ready" \
	"$(jv journal/json-notime.log 1)"
check "journal: same events as the bare text" "$(q "SELECT group_concat(ts_us || name, ',') FROM event_v WHERE source_id = $(src text/full.log)")" \
	"$(q "SELECT group_concat(ts_us || name, ',') FROM event_v WHERE source_id = $(src journal/short-iso.log)")"
# journalctl -o short (the default): no year, journalctl's local time. The
# year is the file's mtime's (a date more than a day after it: the year
# before), the zone --tz's (else UTC)
mkdir -p "$work/short"
cp "$td"/journal/short*.log "$work/short/"
touch -d "2026-11-30T00:00:00Z" "$work/short/short.log" "$work/short/short-precise-berlin-notime.log"
touch -d "2027-01-01T00:00:05Z" "$work/short/short-newyear-notime.log"
sv() {  # sv DB FILE LINE: time, journal time, level, name
	q "SELECT ts_us, wrapper_ts_us, level, name FROM event_v WHERE source_id =
	   (SELECT id FROM source WHERE path LIKE '%/short/$2') AND line = $3" "$1"
}
"$analyze" ingest --db "$work/short.db" "$work/short/short.log" "$work/short/short-newyear-notime.log" 2>"$work/short.err"
check "journal short: sniffed, all read" "2|0" \
	"$(grep -c ': 130 records, 0 rejects, 0 lines already seen (tracing)$' "$work/short.err")|$(q 'SELECT count(*) FROM reject' "$work/short.db")"
check "journal short 1: fmt time, journal time to the second" "1795993753843202|1795993753000000|INFO|db.init" \
	"$(sv "$work/short.db" short.log 1)"
check "journal short: same events as the bare text" "$(q "SELECT group_concat(ts_us || name, ',') FROM event_v WHERE source_id = $(src text/full.log)")" \
	"$(q "SELECT group_concat(ts_us || name, ',') FROM event_v WHERE source_id =
	      (SELECT id FROM source WHERE path LIKE '%/short/short.log')" "$work/short.db")"
# Dec 31 23:59:59 in a file last written on Jan 1 2027: 2026, not 2027
check "journal short, New Year: Dec 31 is last year's" "1798761599000000|1798761599000000|INFO|db.init" \
	"$(sv "$work/short.db" short-newyear-notime.log 1)"
check "journal short, New Year: Jan 01 is this year's" "1798761600000000|1798761600000000|DEBUG|" \
	"$(sv "$work/short.db" short-newyear-notime.log 71)"
# -o short-precise in Europe/Berlin: --tz says the zone; without it, UTC (an hour off)
"$analyze" ingest -q --db "$work/berlin.db" --tz Europe/Berlin "$work/short/short-precise-berlin-notime.log"
check "journal short-precise --tz Europe/Berlin 1" "1795993753843202|1795993753843202|INFO|db.init" \
	"$(sv "$work/berlin.db" short-precise-berlin-notime.log 1)"
"$analyze" ingest -q --db "$work/berlin-utc.db" "$work/short/short-precise-berlin-notime.log"
check "journal short-precise without --tz: read as UTC" "1795997353843202" \
	"$(q 'SELECT ts_us FROM event_v WHERE line = 1' "$work/berlin-utc.db")"
# mtime in June 2027: a Nov 29 line is the November before
touch -d "2027-06-01T00:00:00Z" "$work/short/short.log"
"$analyze" ingest -q --db "$work/june.db" "$work/short/short.log"
check "journal short, file of June 2027: Nov 29 2026" "1795993753000000" \
	"$(q 'SELECT wrapper_ts_us FROM event_v WHERE line = 1' "$work/june.db")"
# month names as journalctl prints them under LC_TIME=de_DE.UTF-8 and
# fr_FR.UTF-8 (make-locales.sh: GNU date's "%b", glibc's names), every
# month once, day i of month i: each line's time to the microsecond, the
# same under every name; -o short to the second
touch -d "2026-12-31T00:00:00Z" "$work"/short/short-*-de-notime.log "$work"/short/short-*fr-notime.log
"$analyze" ingest --db "$work/locale.db" "$work"/short/short-precise-de-notime.log \
	"$work"/short/short-precise-fr-notime.log "$work"/short/short-fr-notime.log 2>"$work/locale.err"
check "journal short, de and fr: sniffed, all read" "3|0" \
	"$(grep -c ': 12 records, 0 rejects, 0 lines already seen (tracing)$' "$work/locale.err")|$(q 'SELECT count(*) FROM reject' "$work/locale.db")"
lt() {  # lt FILE: every line's time, in line order
	q "SELECT group_concat(ts_us, ',') FROM (SELECT ts_us FROM event_v WHERE source_id =
	   (SELECT id FROM source WHERE path LIKE '%/short/$1') ORDER BY line)" "$work/locale.db"
}
precise=1767308953843202,1770073753843232,1772579353843239,1775344153843507,1778022553843523,1780787353843636,1783465753843652,1786230553843659,1788995353843738,1791673753843747,1794438553843754,1797116953843819
check "journal short-precise, de_DE (Jan..Mär..Dez)" "$precise" "$(lt short-precise-de-notime.log)"
check "journal short-precise, fr_FR (janv...déc.)" "$precise" "$(lt short-precise-fr-notime.log)"
check "journal short, fr_FR: to the second" "1767308953000000,1770073753000000,1772579353000000,1775344153000000,1778022553000000,1780787353000000,1783465753000000,1786230553000000,1788995353000000,1791673753000000,1794438553000000,1797116953000000" \
	"$(lt short-fr-notime.log)"
check "journal short, fr_FR: the rest of the line" "INFO|db.init|database pool ready" \
	"$(q "SELECT level, name, message FROM event_v WHERE line = 1 AND source_id =
	      (SELECT id FROM source WHERE path LIKE '%/short/short-fr-notime.log')" "$work/locale.db")"
# names no such locale writes: a reject, never another month
{ cat "$work/short/short-precise-fr-notime.log"
  printf 'NOV. 11 23:09:13.843754 app-1 filament-server[4242]:  INFO x\n'
  printf 'ene. 11 23:09:13.843754 app-1 filament-server[4242]:  INFO x\n'
  printf 'Mrz 11 23:09:13.843754 app-1 filament-server[4242]:  INFO x\n'; } >"$work/short/odd-months.log"
touch -d "2026-12-31T00:00:00Z" "$work/short/odd-months.log"
"$analyze" ingest -q --db "$work/odd.db" "$work/short/odd-months.log" 2>/dev/null
check "journal short: unknown month names are rejects" "13|14|15|12" \
	"$(q "SELECT group_concat(line, '|') FROM reject" "$work/odd.db")|$(q 'SELECT count(*) FROM event' "$work/odd.db")"
check "pretty with ANSI 10" "1796324881335723|DEBUG|tower_http::trace::on_request|started processing request|request|src/main.rs|93" \
	"$(q "SELECT ts_us, level, target, message, span_name, file, file_line FROM event_v
	      WHERE source_id = $(src pretty/pretty-ansi.log) AND line = 10")"

# --- tracing-bunyan-formatter: nested.log's events + the layer's START/END -
"$analyze" ingest -q --db "$work/bunyan.db" "$td/bunyan/bunyan.log"
check "bunyan: events, phases, rejects" "132|79|0" \
	"$(q "SELECT (SELECT count(*) FROM event), (SELECT count(*) FROM phase), (SELECT count(*) FROM reject)" "$work/bunyan.db")"
check "bunyan 1" "1795993753802956|INFO|filament_server::db|db.init|database pool ready|src/main.rs|194|1" \
	"$(q "SELECT ts_us, level, target, name, message, file, file_line, is_start FROM event_v WHERE line = 1" "$work/bunyan.db")"
check "bunyan 4: the span's START record" "[REQUEST - START]|request|GET|/health" \
	"$(q "SELECT message, span_name, method, uri FROM event_v WHERE line = 4" "$work/bunyan.db")"
check "bunyan 60: span fields flattened, the request id found" "finished processing request|request|5d6e7f80-91a2-43b4-c5d6-e7f8091a2b3c|POST|201" \
	"$(q "SELECT message, span_name, request_id, method, json_extract(fields_json, '\$.status') FROM event_v WHERE line = 60" "$work/bunyan.db")"
check "bunyan: same times and names as nested.log" \
	"$(q "SELECT group_concat(ts_us || ifnull(name, ''), ',') FROM event_v WHERE source_id = $(src json/nested.log)")" \
	"$(q "SELECT group_concat(ts_us || ifnull(name, ''), ',') FROM event_v WHERE message NOT LIKE '[REQUEST - %]'" "$work/bunyan.db")"

# a phase that is no duration is a reject naming it, not Inf in the store (issue 17 #9)
printf '%s\n' '{"timestamp":"2026-11-29T23:55:51Z","level":"INFO","fields":{"total_ms":"1e999"},"target":"t"}' \
	'{"timestamp":"2026-11-29T23:55:51Z","level":"INFO","fields":{"total_ms":-5},"target":"t"}' \
	'{"timestamp":"2026-11-29T23:55:51Z","level":"INFO","fields":{"total_ms":"4631"},"target":"t"}' >"$work/phases.log"
"$analyze" ingest -q --db "$work/phases.db" "$work/phases.log"
check "phases: out of range rejected" "1|field 'total_ms' is not a duration (0 to a day, in ms)
2|field 'total_ms' is not a duration (0 to a day, in ms)" \
	"$(q "SELECT line, reason FROM reject ORDER BY line" "$work/phases.db")"
check "phases: the good one stored" "3|total|4631.0" "$(q "SELECT line, phase, ms FROM phase_v" "$work/phases.db")"

# JSON spacing and key order do not matter: the sniffer parses
head -n 3 "$td/json/nested.log" | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    print(json.dumps(dict(reversed(list(d.items()))), separators=(", ", " : ")))' >"$work/spaced.log"
"$analyze" ingest --db "$work/spaced.db" "$work/spaced.log" 2>"$work/spaced.err"
check "spaced JSON: detected" "analyze: $work/spaced.log: 3 records, 0 rejects, 0 lines already seen (tracing)" \
	"$(cat "$work/spaced.err")"
check "spaced JSON: same events" "$(q "SELECT group_concat(ts_us || name, ',') FROM (SELECT * FROM event_v WHERE source_id = $(src json/nested.log) AND line <= 3 ORDER BY line)")" \
	"$(q "SELECT group_concat(ts_us || name, ',') FROM (SELECT * FROM event_v ORDER BY line)" "$work/spaced.db")"

# journal entries that are not usable: each a reject with its reason
"$analyze" ingest -q --db "$work/journal-bad.db" "$td/malformed/journal.log"
check "journal malformed: events" "1|1795993753802956|ok
6|1795993753802960|no time of its own" \
	"$(q "SELECT line, ts_us, message FROM event_v ORDER BY line" "$work/journal-bad.db")"
check "journal malformed: rejects" "2|missing field 'MESSAGE' in a journal entry
3|field '__REALTIME_TIMESTAMP' is not a time
4|field 'MESSAGE' is not a string or bytes
5|truncated JSON" "$(q "SELECT line, reason FROM reject ORDER BY line" "$work/journal-bad.db")"

# bunyan lines that are not usable, and one with a nested secret
"$analyze" ingest -q --db "$work/bunyan-bad.db" "$td/malformed/bunyan.log"
check "bunyan malformed: events" "1|1795993753802956|ok||{}
6|1795993753500000|y|request|{\"headers\":{\"authorization\":\"REDACTED\"}}" \
	"$(q "SELECT line, ts_us, message, span_name, fields_json FROM event_v ORDER BY line" "$work/bunyan-bad.db")"
check "bunyan malformed: rejects" "2|field 'time' is not a time
3|field 'level' is not a number
4|missing field 'time'
5|truncated JSON" "$(q "SELECT line, reason FROM reject ORDER BY line" "$work/bunyan-bad.db")"
check "bunyan malformed: no secret in the store" 0 \
	"$(q "SELECT count(*) FROM reject WHERE excerpt LIKE '%hunter2%'" "$work/bunyan-bad.db")"

# a NUL inside a message does not cut it (issue 17 #11)
"$analyze" ingest -q --db "$work/nul.db" "$td/malformed/nul.log"
check "nul: message kept whole" 'before\u0000after|nul.test|1795996551000001' \
	"$(q "SELECT message, name, ts_us FROM event_v WHERE line = 1" "$work/nul.db")"
check "nul: no rejects" 0 "$(q "SELECT count(*) FROM reject" "$work/nul.db")"
# a 2 MB line after a good one: over the reader's limit, not "truncated JSON"
{ head -n 1 "$td/malformed/long-line.log"
  python3 -c 'import json; print(json.dumps({"timestamp": "2026-11-29T23:55:52Z", "level": "INFO", "fields": {"message": "x" * 2000000}}))'
  tail -n 1 "$td/malformed/long-line.log"; } >"$work/long.log"
"$analyze" ingest -q --db "$work/long.db" "$work/long.log"
check "long line: its reason" "2|line longer than 1048576 bytes" \
	"$(q "SELECT line, reason FROM reject" "$work/long.db")"
check "long line: the lines around it" "1795996551000002 1795996551000003" \
	"$(q "SELECT group_concat(ts_us, ' ') FROM (SELECT ts_us FROM event ORDER BY line)" "$work/long.db")"

# --- latency_ms: the `latency` field read at ingest as SQL reads the JSON ---------------------
check "latency_ms: some events have one" 1 \
	"$(q "SELECT count(*) > 0 FROM event_v WHERE latency_ms IS NOT NULL")"
check "latency_ms: each as CAST and the unit give it" 0 \
	"$(q "SELECT count(*) FROM (SELECT latency_ms, json_extract(fields_json, '\$.latency') AS l
	      FROM event_v) WHERE latency_ms IS NOT (CAST(l AS REAL) * CASE WHEN l LIKE '%µs' THEN 0.001
	      WHEN l LIKE '%ns' THEN 0.000001 WHEN l LIKE '%ms' THEN 1 WHEN l LIKE '%s' THEN 1000
	      ELSE 1 END)")"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all tracing checks passed"
