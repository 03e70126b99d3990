#!/usr/bin/env bash
# Makes the journalctl -o short fixtures whose month names are German and
# French: journalctl formats its time with strftime "%b %d %H:%M:%S" in the
# locale it runs in, so here the stamps come from the real `date` of GNU
# coreutils under LC_TIME=de_DE.UTF-8 / fr_FR.UTF-8 (glibc's names: Mär, Mai,
# Okt, Dez; janv., févr., avril, juil., août, déc.). The locales are compiled
# from Debian's `locales` package (/usr/share/i18n/locales) into a scratch
# LOCPATH, so nothing on the machine changes.
#
# Line i (1..12) is the i-th line of ../text/full.log without its fmt time
# (fmt().without_time(), as wrap-journal.py's notime), stamped on day i of
# month i of 2026 at that line's own time of day (UTC): every month once,
# every day zero-padded as %d writes it. -o short-precise adds .%06u (here
# %6N); -o short stops at the second.
set -euo pipefail
cd "$(dirname "$0")"
loc=$(mktemp -d)
trap 'rm -rf "$loc"' EXIT
for l in de_DE fr_FR; do
	localedef -i "$l" -f UTF-8 "$loc/$l.UTF-8"
done

lines=$(head -12 ../text/full.log)
# "2026-MM-DDTHH:MM:SS.ffffffZ" of line i: its time of day on day i of month i
stamps() {
	local i=0 t
	while IFS= read -r t; do
		i=$((i + 1))
		printf '2026-%02d-%02dT%sZ\n' "$i" "$i" "${t:11:15}"
	done < <(cut -c1-27 <<<"$lines")
}
# make LOCALE FORMAT > out: the stamps as that locale's date prints them
make() {
	paste -d ' ' \
		<(stamps | env -u LC_ALL LANG=C LC_TIME="$1" LOCPATH="$loc" TZ=UTC date -f - +"$2") \
		<(sed -E 's/^[0-9TZ:.-]+ /app-1 filament-server[4242]: /' <<<"$lines")
}
make de_DE.UTF-8 '%b %d %H:%M:%S.%6N' >short-precise-de-notime.log
make fr_FR.UTF-8 '%b %d %H:%M:%S.%6N' >short-precise-fr-notime.log
make fr_FR.UTF-8 '%b %d %H:%M:%S' >short-fr-notime.log
wc -l short-precise-de-notime.log short-precise-fr-notime.log short-fr-notime.log
