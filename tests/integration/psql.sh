# psql.sh - `analyze ingest` on real psql 15 / pg_dump 15 captures
# (testdata/psql, values from its README): exact cells, NULL vs '', row
# counts, capture times in UTC and --tz, db-write times, keys and
# resolutions, shapes, rejects with line numbers, gzip, idempotency.
. "$(dirname "$0")/lib.sh" "$@"

P=$TESTDATA/psql
DB=$WORK/psql.db
NL="'first line' || char(10) || 'second line'"

# sq SQL: one value from the main database
sq() {
	q "$DB" "$1"
}

# in FILE SQL-TAIL: a query over the snapshots of one file (suffix of its path)
snaps() {
	sq "SELECT $2 FROM snapshot s JOIN source f ON f.id = s.source_id
	    WHERE f.path LIKE '%$1' ${3:-} ORDER BY s.id"
}

files=()
for d in aligned unaligned csv expanded session dump explain; do
	files+=("$P"/$d/*)
done
files+=("$P/watch/watch_tz_utc.txt" "$P/watch/watch_prefixed_utc.txt" "$P/watch/shell_loop_count.txt")

# --- everything ingests, recognised as psql --------------------------------
run_analyze ingest --db "$DB" "${files[@]}"
check "ingest exit" 0 "$status"
check "all files psql" "${#files[@]}" "$(grep -c '(psql)$' <<<"$err")"
check "sources" "${#files[@]}" "$(sq 'SELECT count(*) FROM source WHERE format = "psql"')"
check "summary line" "analyze: $P/aligned/messages.txt: 1 records, 0 rejects, 0 lines already seen (psql)" \
	"$(grep '/aligned/messages.txt:' <<<"$err")"
check "snapshot rows = row records" 0 \
	"$(sq 'SELECT count(*) FROM snapshot s WHERE row_count != (SELECT count(*) FROM snapshot_row r WHERE r.snapshot_id = s.id)')"

# --- aligned: the separator's columns cut cells ----------------------------
M="aligned/messages.txt"
check "messages rows" "41|41" "$(snaps $M 'row_count, footer_rows')"
cell() {        # cell FILE ID INDEX: a cell of the row whose first cell is ID
	sq "SELECT json_extract(r.cells_json, '\$[$3]') FROM snapshot_row r JOIN source f ON f.id = r.source_id
	    WHERE f.path LIKE '%$1' AND json_extract(r.cells_json, '\$[0]') = '$2'"
}
celltype() {
	sq "SELECT json_type(r.cells_json, '\$[$3]') FROM snapshot_row r JOIN source f ON f.id = r.source_id
	    WHERE f.path LIKE '%$1' AND json_extract(r.cells_json, '\$[0]') = '$2'"
}
check "pipe inside a cell" "a | b | c" "$(cell $M 01M8MS0JSF6ZC9HQGTGH78TNQV 4)"
check "multi-line cell" 1 "$(sq "SELECT count(*) FROM snapshot_row WHERE json_extract(cells_json, '\$[4]') = $NL AND source_id = (SELECT id FROM source WHERE path LIKE '%$M')")"
check "quotes and comma" 'she said "hi", then left' "$(cell $M 01M8MS0JVCPV9KSXTB5W89794P 4)"
check "non-ASCII" "héllo ✓" "$(cell $M 01M8MS0JY9FMM5QZA3BVZ9SME2 4)"
check "backslashes as printed" 'tab     here, backslash C:\temp\new' "$(cell $M 01M8MS0JZ8H8ZF090WWTV73QJM 4)"
check "right-aligned number" 1795993652 "$(cell $M 01M8MS0JSF6ZC9HQGTGH78TNQV 5)"
check "aligned '' is NULL" null "$(celltype $M 01M8MS0JWBGYZFRPW5WZD8ZQ23 4)"
check "aligned NULL is NULL" null "$(celltype $M 01M8MS0JXAPVD8VKY265DETSX8 4)"
check "wrapped: same cells" "$(sq "SELECT group_concat(json_extract(cells_json, '\$[4]'), '~') FROM snapshot_row WHERE source_id = (SELECT id FROM source WHERE path LIKE '%$M')")" \
	"$(sq "SELECT group_concat(json_extract(cells_json, '\$[1]'), '~') FROM snapshot_row WHERE source_id = (SELECT id FROM source WHERE path LIKE '%messages_wrapped_60.txt')")"
check "wrapped ids rejoined" 41 "$(sq "SELECT count(*) FROM snapshot_row WHERE source_id = (SELECT id FROM source WHERE path LIKE '%split_ids.txt') AND length(json_extract(cells_json, '\$[0]')) = 26 AND length(json_extract(cells_json, '\$[1]')) = 26")"

G=aligned/guild_members
role() {
	sq "SELECT ifnull(json_type(cells_json, '\$[3]'), '?') || ':' || ifnull(json_extract(cells_json, '\$[3]'), '')
	    FROM snapshot_row r JOIN source f ON f.id = r.source_id WHERE f.path LIKE '%$1'
	    AND json_extract(cells_json, '\$[0]') = '$2' AND json_extract(cells_json, '\$[1]') = '$3'"
}
check "no marker: '' role is NULL" "null:" "$(role $G.txt 01M5B6Q3N3RAKWM6W4GJP7BDXW 01M5ZSWVQS93VB7F0G8FQV0TZB)"
check "marker: NULL role" "null:" "$(role ${G}_null.txt 01M5B6Q3N3RAKWM6W4GJP7BDXW 01M3T95EQDD1TFFCK36YEGAWKN)"
check "marker: '' role" "text:" "$(role ${G}_null.txt 01M5B6Q3N3RAKWM6W4GJP7BDXW 01M5ZSWVQS93VB7F0G8FQV0TZB)"
check "marker: a role" "text:modérateur" "$(role ${G}_null.txt 01M7NW7YNNETPMQ65BV90X9GEA 01M5ZSWVQS93VB7F0G8FQV0TZB)"

# --- \pset border 2: the same table in a frame gives the same cells ---------
# (border/make.sh printed aligned/messages.txt's rows again with a frame)
B=$WORK/border.db
run_analyze ingest --db "$B" "$P/border/messages_border2.txt" "$P/border/messages_border2_wrapped_60.txt"
check "border 2: exit, no rejects" "0|0" "$status|$(q "$B" 'SELECT count(*) FROM reject')"
check "border 2: rows, footer" "41|41;41|41" \
	"$(q "$B" "SELECT group_concat(row_count || '|' || footer_rows, ';') FROM snapshot")"
cells_of() {    # cells_of DB FILE: every row's cells, in order
	q "$1" "SELECT group_concat(r.cells_json, '~') FROM snapshot_row r JOIN source f ON f.id = r.source_id
	        WHERE f.path LIKE '%$2' ORDER BY r.id"
}
check "border 2: the cells of border 1" "$(cells_of "$DB" aligned/messages.txt)" \
	"$(cells_of "$B" border/messages_border2.txt)"
check "border 2 wrapped: the cells of border 1 wrapped" "$(cells_of "$DB" aligned/messages_wrapped_60.txt)" \
	"$(cells_of "$B" border/messages_border2_wrapped_60.txt)"
check "border 2: columns" '["id","guild_id","channel_id","author_id","content","created_at_unix"]' \
	"$(q "$B" "SELECT columns_json FROM snapshot s JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%border2.txt'")"
# border 0 (no frame, no bars) has nothing a line alone can be told by; the
# first lines together do: a header, a rule of dash runs, rows cut at the
# rule's columns. Sniffed, without --format, and read by the rule's columns
run_analyze ingest --db "$B" "$P/border/messages_border0.txt" "$P/border/messages_unicode_border0.txt"
check "border 0: sniffed, exit, no rejects" "0|2|0" "$status|$(grep -c ' 1 records, 0 rejects, 0 lines already seen (psql)$' <<<"$err")|$(q "$B" 'SELECT count(*) FROM reject')"
check "border 0: the cells of border 1" "$(cells_of "$DB" aligned/messages.txt)" "$(cells_of "$B" border/messages_border0.txt)"
check "border 0 unicode: the cells of border 1" "$(cells_of "$DB" aligned/messages.txt)" \
	"$(cells_of "$B" border/messages_unicode_border0.txt)"
check "border 0: rows, footer, columns" '41|41|["id","guild_id","channel_id","author_id","content","created_at_unix"]' \
	"$(q "$B" "SELECT row_count || '|' || footer_rows || '|' || columns_json FROM snapshot s JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%messages_border0.txt'")"
check "border 0: a row exactly" '["01M8MS0JSF6ZC9HQGTGH78TNQV","01M5B6Q3N3RAKWM6W4GJP7BDXW","01M5B6N931TC6T7FBNV5DZWNB3","01M3T95EQDD1TFFCK36YEGAWKN","a | b | c","1795993652"]' \
	"$(q "$B" "SELECT r.cells_json FROM snapshot_row r JOIN source f ON f.id = r.source_id WHERE f.path LIKE '%messages_border0.txt' AND r.row_no = 2")"
# a rule of dashes whose "rows" cross its gaps is not a border-0 table
printf 'release notes\n------- -----\nthe quick brown fox jumps over\nthe lazy dog again and again\n' >"$WORK/not-border0.txt"
run_analyze ingest --db "$WORK/not-b0.db" "$WORK/not-border0.txt"
check "not border 0: not recognised" "3|analyze: '$WORK/not-border0.txt': format not recognised from its first lines (use --format)" \
	"$status|$err"

# --- \pset linestyle unicode: box characters, the same cells ------------------
U=$WORK/unicode.db
run_analyze ingest --db "$U" "$P/border/messages_unicode_border1.txt" "$P/border/messages_unicode_border2.txt" \
	"$P/border/messages_unicode_wrapped_60.txt"
check "unicode: exit, all psql, no rejects" "0|3|0" "$status|$(grep -c '(psql)$' <<<"$err")|$(q "$U" 'SELECT count(*) FROM reject')"
check "unicode border 1: the cells of border 1" "$(cells_of "$DB" aligned/messages.txt)" \
	"$(cells_of "$U" border/messages_unicode_border1.txt)"
check "unicode border 2: the cells of border 1" "$(cells_of "$DB" aligned/messages.txt)" \
	"$(cells_of "$U" border/messages_unicode_border2.txt)"
check "unicode wrapped: the cells of ascii wrapped" "$(cells_of "$DB" aligned/messages_wrapped_60.txt)" \
	"$(cells_of "$U" border/messages_unicode_wrapped_60.txt)"
check "unicode: rows, footers" "41|41;41|41;41|41" "$(q "$U" "SELECT group_concat(row_count || '|' || footer_rows, ';') FROM snapshot")"

# --- aligned tuples only (-t): rows kept, names from the echoed query ---------
T=$WORK/tuples.db
run_analyze ingest --db "$T" "$P/border/messages_t.txt" "$P/border/messages_t_echo.txt"
check "-t: exit, all psql, no rejects" "0|2|0" "$status|$(grep -c '(psql)$' <<<"$err")|$(q "$T" 'SELECT count(*) FROM reject')"
check "-t: the cells of border 1" "$(cells_of "$DB" aligned/messages.txt)" "$(cells_of "$T" border/messages_t.txt)"
check "-t: rows, no footer, no names" "41|||" \
	"$(q "$T" "SELECT row_count || '|' || ifnull(footer_rows, '') || '|' || ifnull(columns_json, '') || '|' || ifnull(query, '') FROM snapshot s JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%messages_t.txt'")"
check "-t -e: named from the query" '41|["id","guild_id","channel_id","author_id","content","created"]' \
	"$(q "$T" "SELECT row_count || '|' || columns_json FROM snapshot s JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%messages_t_echo.txt'")"
check "-t -e: the cells of border 1" "$(cells_of "$DB" aligned/messages.txt)" "$(cells_of "$T" border/messages_t_echo.txt)"
check "-t -e: named columns give writes" "41|1795993652015000|1000" \
	"$(q "$T" "SELECT count(*) || '|' || (SELECT written_us FROM db_write WHERE key = '01M8MS0JSF6ZC9HQGTGH78TNQV') || '|' || max(resolution_us) FROM db_write")"

# --- shapes -----------------------------------------------------------------
check "counts" "count|1|1
count|1|1
count|2|2" "$(snaps counts_during_lock.txt 'shape, row_count, footer_rows')"
check "activity summary" "pg_stat_activity|9" "$(snaps pg_stat_activity_summary.txt 'shape, row_count')"
check "active waiting on a lock" 2 "$(sq "SELECT json_extract(cells_json, '\$[3]') FROM snapshot_row r JOIN snapshot s ON s.id = r.snapshot_id WHERE s.shape = 'pg_stat_activity' AND json_extract(cells_json, '\$[1]') = 'Lock' AND s.source_id = (SELECT id FROM source WHERE path LIKE '%summary.txt')")"
check "locks" "pg_locks|19" "$(snaps pg_locks_during_lock.txt 'shape, row_count')"
check "ungranted locks" "17166|17201" "$(sq "SELECT group_concat(json_extract(cells_json, '\$[4]'), '|') FROM snapshot_row r JOIN snapshot s ON s.id = r.snapshot_id WHERE s.shape = 'pg_locks' AND json_extract(cells_json, '\$[2]') = 'f'")"
check "query keeps its trailing space" "RETURNING id " "$(sq "SELECT substr(json_extract(cells_json, '\$[6]'), -13) FROM snapshot_row r JOIN snapshot s ON s.id = r.snapshot_id WHERE s.shape = 'pg_locks' AND json_extract(cells_json, '\$[4]') = '17166' AND json_extract(cells_json, '\$[2]') = 'f'")"
check "expanded aligned" "expanded|pg_stat_activity|8" "$(snaps pg_stat_activity_x.txt 'form, shape, row_count')"
check "expanded unaligned" "expanded|pg_stat_activity|8" "$(snaps pg_stat_activity_x_unaligned.txt 'form, shape, row_count')"
check "expanded: blocked writer" "relation|2026-11-29 23:07:33.987287+00" "$(sq "SELECT json_extract(cells_json, '\$[3]') || '|' || json_extract(cells_json, '\$[4]') FROM snapshot_row r JOIN source f ON f.id = r.source_id WHERE f.path LIKE '%pg_stat_activity_x.txt' AND json_extract(cells_json, '\$[0]') = '17166'")"

# --- unaligned and CSV --------------------------------------------------------
check "csv messages" "csv|41||0" "$(snaps csv/messages.csv "form, row_count, footer_rows, (SELECT count(*) FROM reject r WHERE r.source_id = s.source_id)")"
check "csv newline in quotes" 1 "$(sq "SELECT count(*) FROM snapshot_row WHERE json_extract(cells_json, '\$[4]') = $NL AND source_id = (SELECT id FROM source WHERE path LIKE '%csv/messages.csv')")"
check "csv empty is ''" text "$(celltype csv/messages.csv 01M8MS0JXAPVD8VKY265DETSX8 4)"
check "csv audit_logs" "csv|35" "$(snaps csv/audit_logs.csv 'form, row_count')"
check "-A: pipe cell rejected" "unaligned|40|41" "$(snaps messages_A.txt 'form, row_count, footer_rows')"
check "-A -t: no names" "unaligned|40|" "$(snaps messages_A_t.txt 'form, row_count, columns_json')"

# --- explain -------------------------------------------------------------------
check "explain" "explain|14|0.32|0.073" "$(snaps messages_by_guild.txt 'form, row_count, planning_ms, execution_ms')"
check "explain join" "explain|22|0.595|0.129" "$(snaps messages_join_audit_logs.txt 'form, row_count, planning_ms, execution_ms')"

# --- sessions --------------------------------------------------------------------
check "echo -a snapshots" "1 1 2 1 1 3 2" "$(snaps session_echo_all_timing.txt 'row_count' | tr '\n' ' ' | sed 's/ $//')"
check "echoed query" "SELECT count(*) FROM audit_logs;" "$(snaps session_echo_all_timing.txt 'query' 'AND s.line = 12')"
check "echo -e snapshots" "1 5 2" "$(snaps session_echo_queries.txt 'row_count' | tr '\n' ' ' | sed 's/ $//')"
check "tty snapshots" "aligned:1 aligned:3 expanded:2" "$(snaps interactive_tty.txt "form || ':' || row_count" | tr '\n' ' ' | sed 's/ $//')"
check "no session rejects" 0 "$(sq "SELECT count(*) FROM reject r JOIN source f ON f.id = r.source_id WHERE f.path LIKE '%/session/%'")"

# --- \watch and shell loops: capture times -------------------------------------
check "watch UTC times" "1795993653000000:2 1795993654000000:4 1795993655000000:4 1795993656000000:4" \
	"$(snaps watch_tz_utc.txt "capture_us || ':' || row_count" | tr '\n' ' ' | sed 's/ $//')"
check "watch title" "Sun Nov 29 23:07:33 2026 (every 1s)" "$(snaps watch_tz_utc.txt title 'AND s.line = 3')"
check "prefixed watch times" "1795993653444000:3 1795993654442000:4 1795993655478000:4 1795993656442000:4" \
	"$(snaps watch_prefixed_utc.txt "capture_us || ':' || row_count" | tr '\n' ' ' | sed 's/ $//')"
check "shell loop" "1795993653000000:16 1795993654000000:17 1795993655000000:17 1795993656000000:17" \
	"$(sq "SELECT group_concat(s.capture_us || ':' || json_extract(r.cells_json, '\$[0]'), ' ') FROM snapshot s JOIN snapshot_row r ON r.snapshot_id = s.id WHERE s.source_id = (SELECT id FROM source WHERE path LIKE '%shell_loop_count.txt')")"

BDB=$WORK/berlin.db
run_analyze ingest --db "$BDB" --tz Europe/Berlin "$P/watch/watch_tz_berlin.txt" "$P/watch/watch_tz_berlin_pgtz.txt"
check "berlin exit" 0 "$status"
check "--tz Europe/Berlin" "1795993653000000 1795993654000000 1795993655000000 1795993656000000" \
	"$(q "$BDB" "SELECT group_concat(capture_us, ' ') FROM snapshot WHERE source_id = 1")"
check "berlin rows per iteration" "3 4 4 5" "$(q "$BDB" "SELECT group_concat(row_count, ' ') FROM snapshot WHERE source_id = 1")"
check "PGTZ file same times" "1795993653000000 1795993654000000 1795993655000000 1795993656000000" \
	"$(q "$BDB" "SELECT group_concat(capture_us, ' ') FROM snapshot WHERE source_id = 2")"
UDB=$WORK/berlin-as-utc.db
run_analyze ingest --db "$UDB" "$P/watch/watch_tz_berlin.txt"
check "berlin titles read as UTC: an hour off" 1795997253000000 "$(q "$UDB" "SELECT min(capture_us) FROM snapshot")"
run_analyze ingest --db "$WORK/badtz.db" --tz Mars/Olympus "$P/watch/watch_tz_utc.txt"
check "unknown zone is a usage error" 2 "$status"
check "unknown zone named" 1 "$(grep -c "unknown time zone 'Mars/Olympus'" <<<"$err")"

# --- dated captures: \watch titles in every locale psql prints ----------------
# (dated/make.sh; each title's second is that of the now() cell under it)
L=$TESTDATA/psql/dated
LDB=$WORK/dated.db
times() {       # times DB FILE: capture_us of each snapshot, in order
	q "$1" "SELECT group_concat(ifnull(s.capture_us, '-'), ' ') FROM snapshot s JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%/$2'"
}
run_analyze ingest --db "$LDB" "$L"/watch_en_US.txt "$L"/watch_en_US_newyork.txt "$L"/watch_en_US_titled.txt \
	"$L"/watch_en_GB.txt "$L"/watch_de_DE.txt "$L"/watch_de_DE_lc_time.txt "$L"/watch_c_halfsecond.txt
check "locales: exit, all psql, no rejects" "0|7|0" "$status|$(grep -c '(psql)$' <<<"$err")|$(q "$LDB" 'SELECT count(*) FROM reject')"
check "en_US 12-hour UTC" "1796323582000000 1796323583000000 1796323584000000" "$(times "$LDB" watch_en_US.txt)"
check "en_US EST" "1796323584000000 1796323585000000 1796323586000000" "$(times "$LDB" watch_en_US_newyork.txt)"
check "en_US after \\pset title" "1796323602000000 1796323603000000 1796323604000000" "$(times "$LDB" watch_en_US_titled.txt)"
check "en_US title kept" "lock-watch	Thu 03 Dec 2026 06:46:42 PM UTC (every 1s)" \
	"$(q "$LDB" "SELECT title FROM snapshot s JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%titled.txt' AND s.line = 3")"
check "en_GB GMT" "1796323590000000 1796323591000000 1796323592000000" "$(times "$LDB" watch_en_GB.txt)"
check "de_DE CET, alle 0,5s" "1796323592000000 1796323593000000 1796323593000000 1796323594000000 1796323594000000" \
	"$(times "$LDB" watch_de_DE.txt)"
check "de_DE footers (1 Zeile)" "1 1 1 1 1" \
	"$(q "$LDB" "SELECT group_concat(footer_rows, ' ') FROM snapshot s JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%watch_de_DE.txt'")"
check "de_DE LC_TIME only" "1796323595000000 1796323596000000 1796323597000000" "$(times "$LDB" watch_de_DE_lc_time.txt)"
check "C, every 0.5s" "1796323600000000 1796323600000000 1796323601000000 1796323601000000" "$(times "$LDB" watch_c_halfsecond.txt)"
check "every title is its now() second" "0" \
	"$(q "$LDB" "SELECT count(*) FROM snapshot s JOIN snapshot_row r ON r.snapshot_id = s.id WHERE s.capture_us IS NULL OR s.capture_us / 1000000 != CAST(strftime('%s', substr(json_extract(r.cells_json, '\$[0]'), 1, 19)) AS INTEGER)")"
# zone-less (fr_FR) and ambiguous (IST) titles: --tz decides
run_analyze ingest --db "$WORK/fr-utc.db" "$L/watch_fr_FR.txt"
check "fr_FR without --tz: read as UTC" "0|1796327197000000 1796327198000000 1796327199000000" "$status|$(times "$WORK/fr-utc.db" watch_fr_FR.txt)"
run_analyze ingest --db "$WORK/fr.db" --tz Europe/Paris "$L/watch_fr_FR.txt"
check "fr_FR --tz Europe/Paris" "0|1796323597000000 1796323598000000 1796323599000000" "$status|$(times "$WORK/fr.db" watch_fr_FR.txt)"
run_analyze ingest --db "$WORK/ist.db" "$L/watch_en_US_kolkata.txt"
check "IST without --tz: undated, rejected" "0|- - -|1:\\watch title's zone 'IST' is not one offset: give --tz; 8:\\watch title's zone 'IST' is not one offset: give --tz; 15:\\watch title's zone 'IST' is not one offset: give --tz" \
	"$status|$(times "$WORK/ist.db" watch_en_US_kolkata.txt)|$(q "$WORK/ist.db" "SELECT group_concat(line || ':' || reason, '; ') FROM reject")"
run_analyze ingest --db "$WORK/ist-tz.db" --tz Asia/Kolkata "$L/watch_en_US_kolkata.txt"
check "IST --tz Asia/Kolkata: 12 AM the next day" "0|0|1796323587000000 1796323588000000 1796323589000000" \
	"$status|$(q "$WORK/ist-tz.db" 'SELECT count(*) FROM reject')|$(times "$WORK/ist-tz.db" watch_en_US_kolkata.txt)"
# a title whose time psql would never print is a reject, its result undated
run_analyze ingest --db "$WORK/badtitle.db" "$P/malformed/watch_titles_bad.txt"
check "bad titles: rejects" "1:\\watch title's weekday does not match its date; 8:\\watch title's date does not exist; 15:\\watch title's 12-hour clock is out of range; 22:\\watch title's clock is out of range; 29:\\watch title's zone is not one psql prints; 36:\\watch title without a time psql prints" \
	"$(q "$WORK/badtitle.db" "SELECT group_concat(line || ':' || reason, '; ') FROM reject")"
check "bad titles: undated, the good one dated" "- - - - - - 1796323582000000" "$(times "$WORK/badtitle.db" watch_titles_bad.txt)"
check "bad titles: rows kept" "1 2 3 4 5 6 7" \
	"$(q "$WORK/badtitle.db" "SELECT group_concat(json_extract(cells_json, '\$[0]'), ' ') FROM snapshot_row")"

# shell loops: each time-first line a dated sample
run_analyze ingest --db "$WORK/loops.db" "$L/loop_pipe.txt" "$L/loop_tab.txt" "$L/loop_space.txt"
SDB=$WORK/loops.db
check "loops: exit, all psql, no rejects" "0|3|0" "$status|$(grep -c '(psql)$' <<<"$err")|$(q "$SDB" 'SELECT count(*) FROM reject')"
samples() {
	q "$SDB" "SELECT group_concat(s.capture_us || '=' || s.form || ':' || ifnull(s.columns_json, '-') || ':' || r.cells_json, ' ') FROM snapshot s JOIN snapshot_row r ON r.snapshot_id = s.id JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%/$1'"
}
check "loop '|' name=value" '1796323604449000=sample:["active","waiting","total"]:["1","0","1"] 1796323605722000=sample:["active","waiting","total"]:["1","0","1"] 1796323606858000=sample:["active","waiting","total"]:["1","0","1"]' \
	"$(samples loop_pipe.txt)"
check "loop tab, µs and offset" '1796323607980739=sample:-:["1","1"] 1796323609282532=sample:-:["1","1"] 1796323610551120=sample:-:["1","1"]' \
	"$(samples loop_tab.txt)"
check "loop space name=value" '1796323611000000=sample:["active","total"]:["1","1"] 1796323612000000=sample:["active","total"]:["1","1"] 1796323613000000=sample:["active","total"]:["1","1"]' \
	"$(samples loop_space.txt)"

# a session that dates itself: a one-row clock reading dates what follows
run_analyze ingest --db "$WORK/stamped.db" "$L/stamped_session.txt" "$L/stamped_session_echo.txt" "$L/stamped_session_t.txt"
TDB=$WORK/stamped.db
check "stamped: exit, all psql, no rejects" "0|3|0" "$status|$(grep -c '(psql)$' <<<"$err")|$(q "$TDB" 'SELECT count(*) FROM reject')"
check "stamped: sampled_at, clock_timestamp" "- 1796323615098710 1796323615098710 - 1796323616219153 - 1796323617327336" \
	"$(times "$TDB" stamped_session.txt)"
check "stamped -e" "- 1796323617410101 1796323617410101 - 1796323618524038 - 1796323619630066" \
	"$(times "$TDB" stamped_session_echo.txt)"
check "stamped -t: a lone timestamptz" "- 1796323619716758 1796323619716758 - 1796323620847202 - 1796323621953622" \
	"$(times "$TDB" stamped_session_t.txt)"
check "stamped -t: rows" "1 1 1 1 1 1 1" \
	"$(q "$TDB" "SELECT group_concat(row_count, ' ') FROM snapshot s JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%stamped_session_t.txt'")"

# psql's own messages in German and French, and \x with linestyle unicode
X=$TESTDATA/psql/translated
XDB=$WORK/translated.db
run_analyze ingest --db "$XDB" "$X/session_de_DE.txt" "$X/session_fr_FR.txt" "$X/expanded_unicode.txt"
check "translated: exit, all psql, no rejects" "0|3|0" "$status|$(grep -c '(psql)$' <<<"$err")|$(q "$XDB" 'SELECT count(*) FROM reject')"
for l in de_DE fr_FR; do
	check "session $l: results" 'aligned:1:1:["3"] expanded:1::["1","audit"] aligned:1:1:[null,""] expanded:1::["7","first line\nsecond line","x│y…"]' \
		"$(q "$XDB" "SELECT group_concat(s.form || ':' || s.row_count || ':' || ifnull(s.footer_rows, '') || ':' || r.cells_json, ' ') FROM snapshot s JOIN snapshot_row r ON r.snapshot_id = s.id JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%session_$l.txt'")"
done
check "expanded unicode: bar, mark, box characters kept in a value" '["7","first line\nsecond line","x│y…"]~["8","z",null]' \
	"$(cells_of "$XDB" translated/expanded_unicode.txt)"

# --- db writes: ULID ms refine the seconds column --------------------------------
w() {   # w FILE KEY: written_us|resolution_us|table of that key in that file
	sq "SELECT w.written_us || '|' || w.resolution_us || '|' || ifnull(w.table_name, '') FROM db_write w
	    JOIN source f ON f.id = w.source_id WHERE f.path LIKE '%$1' AND w.key = '$2'"
}
check "pipe row write" "1795993652015000|1000|" "$(w $M 01M8MS0JSF6ZC9HQGTGH78TNQV)"
check "multi-line row write" "1795993652045000|1000|" "$(w $M 01M8MS0JTDDCA36991NNB568HG)"
check "first workload write" "1795993652380000|1000|" "$(w $M 01M8MS0K4W1372JCV2R0WD8X7V)"
check "after the lock" "1795993658913000|1000|messages" "$(w dump/data_only_copy.sql 01M8MS0SH173BH60QXDQ9BHQ9V)"
check "writes of messages.txt" 41 "$(sq "SELECT count(*) FROM db_write WHERE source_id = (SELECT id FROM source WHERE path LIKE '%$M')")"
check "copy writes by table" "audit_logs:35 guild_members:7 messages:41" \
	"$(sq "SELECT group_concat(t || ':' || n, ' ') FROM (SELECT table_name t, count(*) n FROM db_write WHERE source_id = (SELECT id FROM source WHERE path LIKE '%data_only_copy.sql') GROUP BY 1 ORDER BY 1)")"
check "timestamptz write" "1795985665074048|1|guild_members" \
	"$(sq "SELECT w.written_us || '|' || w.resolution_us || '|' || w.table_name FROM db_write w JOIN source f ON f.id = w.source_id WHERE f.path LIKE '%data_only_copy.sql' AND json_extract(w.row_json, '\$.user_id') = '01M5ZSWVQS93VB7F0G8FQV0TZB' AND w.key = '01M5B6Q3N3RAKWM6W4GJP7BDXW'")"
check "largest gap behind the lock (ms)" 5327 \
	"$(sq "SELECT max(d) / 1000 FROM (SELECT written_us - lag(written_us) OVER (ORDER BY written_us) d FROM db_write w JOIN source f ON f.id = w.source_id WHERE f.path LIKE '%data_only_copy.sql' AND w.table_name = 'messages' AND json_extract(w.row_json, '\$.content') LIKE 'workload %')")"
check "COPY: '' vs NULL" "text:null" \
	"$(sq "SELECT group_concat(json_type(cells_json, '\$[4]'), ':') FROM (SELECT cells_json FROM snapshot_row r JOIN source f ON f.id = r.source_id WHERE f.path LIKE '%data_only_copy.sql' AND json_extract(cells_json, '\$[0]') IN ('01M8MS0JWBGYZFRPW5WZD8ZQ23', '01M8MS0JXAPVD8VKY265DETSX8') ORDER BY r.id)")"
check "INSERT: '' vs NULL" "text:null" \
	"$(sq "SELECT group_concat(json_type(cells_json, '\$[4]'), ':') FROM (SELECT cells_json FROM snapshot_row r JOIN source f ON f.id = r.source_id WHERE f.path LIKE '%data_only_column_inserts.sql' AND json_extract(cells_json, '\$[0]') IN ('01M8MS0JWBGYZFRPW5WZD8ZQ23', '01M8MS0JXAPVD8VKY265DETSX8') ORDER BY r.id)")"
check "dump shapes" "audit_logs guild_members messages" "$(snaps data_only_copy.sql shape | tr '\n' ' ' | sed 's/ $//')"
check "dumps: no rejects" 0 "$(sq "SELECT count(*) FROM reject r JOIN source f ON f.id = r.source_id WHERE f.path LIKE '%/dump/%'")"

# --- rejects, with line numbers ------------------------------------------------------
RDB=$WORK/rejects.db
rej() {
	q "$RDB" "SELECT group_concat(r.line || ':' || r.reason, '; ') FROM reject r JOIN source f ON f.id = r.source_id WHERE f.path LIKE '%$1'"
}
run_analyze ingest --db "$RDB" "$P/malformed/aligned_wrong_column_count.txt" \
	"$P/malformed/aligned_cut_mid_row_no_footer.txt" "$P/malformed/copy_truncated_no_terminator.sql"
check "malformed exit" 0 "$status"
check "wrong column count" "5:row has 5 of 6 columns; 7:row has 7 cells for 6 columns" "$(rej aligned_wrong_column_count.txt)"
check "wrong column count rows" "3|5" "$(q "$RDB" "SELECT row_count || '|' || footer_rows FROM snapshot WHERE source_id = 1")"
# a last line without its newline is held back for the next run (the file
# may still be being written), so it is no reject (issue 15)
check "cut mid-row" "" "$(rej aligned_cut_mid_row_no_footer.txt)"
check "cut mid-row rows" "3|" "$(q "$RDB" "SELECT row_count || '|' || ifnull(footer_rows, '') FROM snapshot WHERE source_id = 2")"
check "truncated copy" "21:row has 3 fields, COPY lists 6 columns; 17:COPY block of 'messages' has no \\. terminator" \
	"$(rej copy_truncated_no_terminator.sql)"
check "truncated copy rows" 4 "$(q "$RDB" "SELECT row_count FROM snapshot WHERE source_id = 3")"
check "truncated copy writes" "1795993527123000 1795993527164000 1795993527500000 1795993529333000" \
	"$(q "$RDB" "SELECT group_concat(written_us, ' ') FROM db_write WHERE source_id = 3")"
run_analyze ingest --db "$RDB" "$P/malformed/garbage.txt"
check "garbage not recognised" 3 "$status"
check "garbage message" 1 "$(grep -c "^analyze: '$P/malformed/garbage.txt': format not recognised from its first lines (use --format)$" <<<"$err")"
run_analyze ingest --db "$RDB" --format psql "$P/malformed/garbage.txt"
check "garbage forced: exit" 0 "$status"
check "garbage forced: every line rejected" "14|1|15" "$(q "$RDB" "SELECT count(*), min(line), max(line) FROM reject r JOIN source f ON f.id = r.source_id WHERE f.path LIKE '%garbage.txt'")"
check "garbage forced: no snapshot" 0 "$(q "$RDB" "SELECT count(*) FROM snapshot s JOIN source f ON f.id = s.source_id WHERE f.path LIKE '%garbage.txt'")"

# --- gzip: the same content, once -------------------------------------------------------
ZDB=$WORK/gz.db
digest() {
	q "$1" "SELECT group_concat(s.capture_us || ':' || r.row_no || ':' || r.cells_json, '~') FROM snapshot s JOIN snapshot_row r ON r.snapshot_id = s.id ORDER BY r.id"
}
run_analyze ingest --db "$ZDB" "$P/watch/watch_tz_utc.txt.gz"
check "gzip exit" 0 "$status"
check "gzip same rows" "$(q "$DB" "SELECT group_concat(s.capture_us || ':' || r.row_no || ':' || r.cells_json, '~') FROM snapshot s JOIN snapshot_row r ON r.snapshot_id = s.id WHERE s.source_id = (SELECT id FROM source WHERE path LIKE '%watch_tz_utc.txt') ORDER BY r.id")" "$(digest "$ZDB")"
before=$(sq "SELECT count(*) FROM snapshot_row")
run_analyze ingest --db "$DB" "$P/watch/watch_tz_utc.txt.gz"
check "gzip copy adds nothing" "$before" "$(sq "SELECT count(*) FROM snapshot_row")"

# --- idempotent: everything again adds nothing ----------------------------------------------
counts() {
	sq "SELECT (SELECT count(*) FROM snapshot) || '/' || (SELECT count(*) FROM snapshot_row) || '/' || (SELECT count(*) FROM db_write) || '/' || (SELECT count(*) FROM reject)"
}
was=$(counts)
run_analyze ingest --db "$DB" "${files[@]}"
check "re-run exit" 0 "$status"
check "re-run adds nothing" "$was" "$(counts)"
check "re-run skips every file" "${#files[@]}" "$(grep -c 'unchanged since the last ingest, skipped' <<<"$err")"

finish
