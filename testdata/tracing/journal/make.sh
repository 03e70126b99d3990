#!/usr/bin/env bash
# Makes the journalctl fixtures in this folder from the real tracing output
# next door (see wrap-journal.py for why journald itself is not used).
set -euo pipefail
cd "$(dirname "$0")"
w() { python3 wrap-journal.py "$@"; }
w short-iso ../text/full.log >short-iso.log
w short-iso-precise notime ../text/full.log >short-iso-precise-notime.log
# -o short, the default: no year (analyze takes the file's mtime's), local time
w short ../text/full.log >short.log
w short-precise notime tz=Europe/Berlin ../text/full.log >short-precise-berlin-notime.log
w short notime at=2026-12-31T23:59:59.998Z ../text/full.log >short-newyear-notime.log
w json ../json/nested.log >json.log
w json ../text/full-ansi.log >json-ansi.log
w json notime ../text/full.log >json-notime.log
./make-locales.sh >/dev/null     # -o short under LC_TIME=de_DE/fr_FR: real date(1)
wc -l ./*.log
