#!/usr/bin/env bash
# Regenerates the captures in this directory with the real psql 15: one
# interactive-style session (-a echoes every line) under the whole de_DE
# and fr_FR locales, where psql translates its own messages (\timing,
# \x, \pset, footers, "Null display is"), and expanded records drawn with
# \pset linestyle unicode. The locales are compiled with localedef into the
# temp dir (LOCPATH); they need Debian's `locales` package.
#
# Usage: bash make.sh        (as root: initdb/pg_ctl run as the postgres user)
set -euo pipefail
cd "$(dirname "$0")"

[ -d /usr/share/i18n/locales ] || { echo "make.sh: needs the locales package" >&2; exit 1; }
. ../cluster.sh
cluster_start translated 15437
mkdir "$TMP/locale"
for l in de_DE fr_FR; do
	localedef -i "$l" -f UTF-8 "$TMP/locale/$l.UTF-8" 2>/dev/null || true
	[ -d "$TMP/locale/$l.UTF-8" ] || { echo "make.sh: localedef $l failed" >&2; exit 1; }
done

cat >"$TMP/session.sql" <<'SQL'
\timing on
SELECT count(*) FROM generate_series(1, 3);
\x
SELECT 1 AS id, 'audit' AS action;
\x
\pset null (null)
SELECT NULL AS role, '' AS note;
\pset linestyle unicode
\x
SELECT 7 AS id, E'first line\nsecond line' AS content, 'x│y…' AS raw;
\timing off
SQL
for l in de_DE fr_FR; do
	env -u LC_ALL LOCPATH="$TMP/locale" LANG=$l.UTF-8 \
		"$PGBIN/psql" -X -a -f "$TMP/session.sql" >"session_$l.txt"
done
"$PGBIN/psql" -X -x -P linestyle=unicode \
	-c "SELECT 7 AS id, E'first line\nsecond line' AS content, 'x│y…' AS raw UNION ALL SELECT 8, 'z', NULL" \
	>expanded_unicode.txt
echo "make.sh: wrote $(ls ./*.txt | wc -l) captures" >&2
