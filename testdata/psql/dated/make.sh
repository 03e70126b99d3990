#!/usr/bin/env bash
# Regenerates the dated captures in this directory with the real psql 15:
# \watch titles as psql prints them under the C, en_US, en_GB, de_DE and
# fr_FR locales (LC_TIME alone, and the whole locale: then psql's messages,
# footers and interval are translated too), with and without a zone, 12-
# and 24-hour, after a \pset title; shell loops that put an ISO 8601 time
# and '|', a tab or a space before each sample; and sessions that date
# themselves with a one-row `SELECT now() AS sampled_at`.
#
# The locales are compiled with localedef into the temp dir (LOCPATH), so
# the machine's own locale setup is left alone; they need Debian's
# `locales` package (the sources in /usr/share/i18n).
#
# Usage: bash make.sh        (as root: initdb/pg_ctl run as the postgres user)
set -euo pipefail
cd "$(dirname "$0")"

[ -d /usr/share/i18n/locales ] || { echo "make.sh: needs the locales package" >&2; exit 1; }
command -v localedef >/dev/null || { echo "make.sh: needs localedef (libc-bin)" >&2; exit 1; }
. ../cluster.sh
cluster_start dated 15436 -c timezone=UTC
mkdir "$TMP/locale"

for l in en_US en_GB de_DE fr_FR; do
	localedef -i "$l" -f UTF-8 "$TMP/locale/$l.UTF-8" 2>/dev/null || true
	[ -d "$TMP/locale/$l.UTF-8" ] || { echo "make.sh: localedef $l failed" >&2; exit 1; }
done

P() { "$PGBIN/psql" -X "$@"; }
# the query every \watch runs: one clock reading and a pg_stat_activity summary
WQ="SELECT now(), state, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 2 ORDER BY 2"

# watch OUT SECONDS INTERVAL [ENV...]: \watch for SECONDS, stopped by SIGINT
# as a person stops it; the locale variables come from ENV.
watch() {
	local out=$1 secs=$2 every=$3 rc=0
	shift 3
	printf '%s \\watch %s\n' "$WQ" "$every" >"$TMP/watch.sql"
	env -u LC_ALL -u LANG LOCPATH="$TMP/locale" "$@" \
		timeout -s INT "$secs" "$PGBIN/psql" -X -f "$TMP/watch.sql" >"$out" || rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 124 ] || { echo "make.sh: watch $out exited $rc" >&2; exit 1; }
}
watch watch_en_US.txt 2.5 1 LC_TIME=en_US.UTF-8 TZ=UTC
watch watch_en_US_newyork.txt 2.5 1 LANG=en_US.UTF-8 TZ=America/New_York
watch watch_en_US_kolkata.txt 2.5 1 LANG=en_US.UTF-8 TZ=Asia/Kolkata
watch watch_en_GB.txt 2.5 1 LANG=en_GB.UTF-8 TZ=Europe/London
watch watch_de_DE.txt 2.5 0,5 LANG=de_DE.UTF-8 TZ=Europe/Berlin
watch watch_de_DE_lc_time.txt 2.5 1 LC_TIME=de_DE.UTF-8 TZ=Europe/Berlin
watch watch_fr_FR.txt 2.5 1 LANG=fr_FR.UTF-8 TZ=Europe/Paris
watch watch_c_halfsecond.txt 1.8 0.5 LC_ALL=C TZ=UTC
# \pset title: the user's title, a tab, then the time
printf '\\pset title lock-watch\n%s \\watch 1\n' "$WQ" >"$TMP/titled.sql"
rc=0
env -u LC_ALL LOCPATH="$TMP/locale" LANG=en_US.UTF-8 TZ=UTC \
	timeout -s INT 2.5 "$PGBIN/psql" -X -q -f "$TMP/titled.sql" >watch_en_US_titled.txt || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 124 ]

# shell loops: a sample a line, the time first
for i in 1 2 3; do
	printf '%s|%s\n' "$(date -u +%FT%T.%3NZ)" "$(P -At -F '|' -c \
		"SELECT 'active=' || count(*) FILTER (WHERE state = 'active'),
		        'waiting=' || count(*) FILTER (WHERE wait_event_type = 'Lock'),
		        'total=' || count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")"
	sleep 1
done >loop_pipe.txt
for i in 1 2 3; do
	printf '%s\t%s\n' "$(date -u +%FT%T.%6N%:z)" "$(P -At -F "$(printf '\t')" -c \
		"SELECT count(*) FILTER (WHERE state = 'active'), count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")"
	sleep 1
done >loop_tab.txt
for i in 1 2 3; do
	printf '%s %s\n' "$(date -u +%FT%TZ)" "$(P -At -F ' ' -c \
		"SELECT 'active=' || count(*) FILTER (WHERE state = 'active'), 'total=' || count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")"
	sleep 1
done >loop_space.txt

# a capture script that dates itself: a clock reading, then what it samples
cat >"$TMP/stamped.sql" <<'EOF'
SELECT now() AS sampled_at;
SELECT state, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 1;
SELECT locktype, mode, granted FROM pg_locks WHERE locktype = 'virtualxid' ORDER BY 1, 2 LIMIT 1;
SELECT pg_sleep(1.1) \g /dev/null
SELECT clock_timestamp();
SELECT state, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 1;
SELECT pg_sleep(1.1) \g /dev/null
SELECT now() AS sampled_at;
SELECT state, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 1;
EOF
P -f "$TMP/stamped.sql" >stamped_session.txt
P -e -f "$TMP/stamped.sql" >stamped_session_echo.txt
P -t -f "$TMP/stamped.sql" >stamped_session_t.txt
echo "make.sh: wrote $(ls ./*.txt | wc -l) captures" >&2
