#!/usr/bin/env bash
# Regenerates the Caddy encoder / time_format / duration_format fixtures in
# this folder with the real Caddy 2.6.2 (Debian 12 `caddy`), python3, curl.
# Uses loopback ports 18119 (admin), 18180-18189 (sites), 18190 (upstream).
# Every site gets the same 6 requests (one of them 1.5 s slow upstream).
set -euo pipefail
cd "$(dirname "$0")"

TMPD=.tmp-make
UP_PID="" CADDY_PID=""
cleanup() {
	set +e
	[[ -n $CADDY_PID ]] && kill -TERM "$CADDY_PID" 2>/dev/null && wait "$CADDY_PID" 2>/dev/null
	[[ -n $UP_PID ]] && kill -TERM "$UP_PID" 2>/dev/null && wait "$UP_PID" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
	local i
	for i in $(seq 100); do port_open "$1" && return 0; sleep 0.05; done
	echo "port $1 did not open" >&2
	return 1
}
caddy version | grep -q '^v\?2\.6\.2' || echo "warning: made with Caddy 2.6.2, found $(caddy version)" >&2

rm -rf "$TMPD" ./*.log
mkdir -p "$TMPD"
python3 ../upstream.py 18190 &
UP_PID=$!
wait_port 18190
# TZ: wall_milli and iso8601 print local time; Berlin is +0100 in November
XDG_CONFIG_HOME="$TMPD/config" XDG_DATA_HOME="$TMPD/data" TZ=Europe/Berlin \
	caddy run --config Caddyfile --adapter caddyfile >"$TMPD/caddy-stderr.log" 2>&1 &
CADDY_PID=$!
for p in $(seq 18180 18189); do wait_port "$p" || { cat "$TMPD/caddy-stderr.log" >&2; exit 1; }; done

for p in $(seq 18180 18189); do
	u=http://127.0.0.1:$p
	curl -s -o /dev/null -H 'Cf-Connecting-Ip: 203.0.113.7' -H 'User-Agent: fixture/1.0' "$u/health"
	curl -s -o /dev/null -H 'Cf-Connecting-Ip: 198.51.100.23' -H 'Authorization: Bearer secret-token-xyz' \
		"$u/api/users/12345?token=abc123"
	curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data '{"name":"a"}' "$u/api/items"
	curl -s -o /dev/null "$u/api/users/0"
	curl -s -o /dev/null "$u/api/slow/report"
	curl -s -o /dev/null "$u/api/boom"
done
sleep 0.3
kill -TERM "$CADDY_PID"; wait "$CADDY_PID" || true; CADDY_PID=""

# what any JSON re-serialiser writes: ", " and ": " between tokens
python3 - <<'PY'
import json
with open("json.log") as f, open("whitespace.log", "w") as out:
    for line in f:
        out.write(json.dumps(json.loads(line), ensure_ascii=False) + "\n")
PY
# Caddy >= 2.7 `duration_format ms` is zap's MillisDurationEncoder:
# float64(d) / 1e6, printed by strconv 'f' -1 (shortest, no exponent)
python3 - <<'PY'
import json, re
from decimal import Decimal
with open("json.log") as f, open("duration-ms.log", "w") as out:
    for line in f:
        m = re.search(r'"duration":([0-9.e-]+),', line)
        ns = round(float(m.group(1)) * 1e9)
        ms = "{:f}".format(Decimal(repr(ns / 1e6)))
        out.write(line[:m.start(1)] + ms + line[m.end(1):])
PY
rm json.log
wc -l ./*.log
