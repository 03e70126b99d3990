#!/usr/bin/env bash
# Regenerates the real Caddy access-log fixtures in this folder.
#
# Needs: caddy 2.6.2 (Debian 12 package), python3 (stdlib only), curl, gzip.
# Uses loopback ports 127.0.0.1:18019 (Caddy admin), 18080-18085 (Caddy sites)
# and 18090 (upstream.py).  Re-runnable: every output is deleted and rebuilt.
# Takes about 30 seconds.  See README.md for what each output file contains.
set -euo pipefail
cd "$(dirname "$0")"

UP_PORT=18090
MAIN=18080 ISO=18081 NANO=18082 LROT=18083 ROLL=18084 NUL=18085
PORTS=(18019 "$MAIN" "$ISO" "$NANO" "$LROT" "$ROLL" "$NUL" "$UP_PORT")
TMPD=.tmp-make            # relative on purpose: Caddy echoes these paths into its log
UP_PID="" CADDY_PID=""
burst=()

cleanup() {
	set +e
	[[ -n $CADDY_PID ]] && kill -TERM "$CADDY_PID" 2>/dev/null && wait "$CADDY_PID" 2>/dev/null
	[[ -n $UP_PID ]] && kill -TERM "$UP_PID" 2>/dev/null && wait "$UP_PID" 2>/dev/null
	for p in "${burst[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
	local i
	for i in $(seq 100); do port_open "$1" && return 0; sleep 0.05; done
	echo "port $1 did not open" >&2
	return 1
}

for p in "${PORTS[@]}"; do
	if port_open "$p"; then echo "port 127.0.0.1:$p is busy; refusing to run" >&2; exit 1; fi
done
command -v caddy >/dev/null && caddy version | grep -q '^v\?2\.6\.2' ||
	echo "warning: fixtures were made with Caddy 2.6.2, found: $(caddy version 2>&1)" >&2

# ---- clean previous outputs -------------------------------------------------
rm -rf "$TMPD" rotated
rm -f access.log access-iso8601.log access-nano.log caddy-process.log \
	upstream-requests.log curl-timing.log
mkdir -p "$TMPD" rotated/logrotate rotated/roller rotated/copytruncate-nul
# A long-running server's log file already exists when Caddy starts; Caddy's
# writer (lumberjack) then opens it O_APPEND, which copytruncate needs.  If
# Caddy has to create the file itself it opens it *without* O_APPEND, and after
# a copytruncate it keeps writing at its old offset: the file then starts with
# a run of NUL bytes.  rotated/copytruncate-nul/ keeps that case on purpose.
: >rotated/logrotate/access.log
printf '# t_send\tt_done\tport\tmethod\tpath\thttp_code\tcurl_time_total\tcurl_exit\tnote\n' >curl-timing.log

# ---- processes ----------------------------------------------------------------
start_upstream() {
	python3 upstream.py "$UP_PORT" upstream-requests.log &
	UP_PID=$!
	wait_port "$UP_PORT"
}
stop_upstream() {
	kill -TERM "$UP_PID"
	wait "$UP_PID" 2>/dev/null || true
	UP_PID=""
}

start_upstream
# Caddy's stderr (2 lines before the log config takes over, one of them with
# the absolute path of caddy-process.log) is kept out of the fixtures.
# TZ only affects time_format iso8601 (the only encoder that prints local time);
# it makes access-iso8601.log carry a real, non-zero UTC offset.
XDG_CONFIG_HOME="$TMPD/config" XDG_DATA_HOME="$TMPD/data" TZ=Europe/Berlin \
	caddy run --config Caddyfile --adapter caddyfile >"$TMPD/caddy-stderr.log" 2>&1 &
CADDY_PID=$!
for p in $MAIN $ISO $NANO $LROT $ROLL $NUL; do
	wait_port "$p" || { cat "$TMPD/caddy-stderr.log" >&2; exit 1; }
done

# ---- request helpers ------------------------------------------------------------
G1=01HZX3K7Q8W2N5R4T6Y9B1C3D5 C1=01HZX3M0A2B4C6D8E0F1G2H3J4
G2=01HZX4A1B2C3D4E5F6G7H8J9K0 C2=01HZX4B9C8D7E6F5G4H3J2K1M0
MSG1=/api/guilds/$G1/channels/$C1/messages
MSG2=/api/guilds/$G2/channels/$C2/messages
FILE=/api/files/9f86d081884c7d659a2feaa0c55ad015
ITEM=/api/items/3f2b8c1e-7a4d-4e9b-9c2a-5d6e7f8a9b0c
IPS=(203.0.113.7 198.51.100.23 203.0.113.42 2001:db8::17 198.51.100.200 203.0.113.99 2001:db8::a1)
UAS=(
	"Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36"
	"FilamentDesktop/0.9.3 (Electron 27)"
	"okhttp/4.12.0"
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
)
JSON=(-H "Content-Type: application/json")
N=0        # running client counter -> deterministic header variety
H=()

# client [i]: set H to the headers of client number i (default: next one)
client() {
	local i=${1:-$N} ip
	N=$((N + 1))
	ip=${IPS[i % ${#IPS[@]}]}
	H=(-H "Cf-Connecting-Ip: $ip" -H "User-Agent: ${UAS[i % ${#UAS[@]}]}")
	if ((i % 4 == 0)); then H+=(-H "Authorization: Bearer secret-token-xyz"); fi
	if ((i % 5 == 1)); then H+=(-H "Cookie: session=abc"); fi
	if ((i % 6 == 2)); then H+=(-H "X-Forwarded-For: 10.0.0.5, $ip"); fi
	if ((i % 7 == 3)); then H+=(-H "X-Real-Ip: $ip"); fi
	if ((i % 9 == 4)); then H+=(-H "X-Request-Id: $(cat /proc/sys/kernel/random/uuid)"); fi
	return 0
}

# req PORT METHOD PATH NOTE [curl args...]: one request, timed from the client side
req() {
	local port=$1 method=$2 path=$3 note=$4 out rc=0 t0 t1
	shift 4
	local m=(-X "$method")
	[[ $method == GET ]] && m=()
	[[ $method == HEAD ]] && m=(--head)
	t0=$(date +%s.%N)
	out=$(curl -s -o /dev/null --max-time "${MAXT:-10}" -w '%{http_code}\t%{time_total}' \
		"${m[@]}" "$@" "http://127.0.0.1:$port$path") || rc=$?
	t1=$(date +%s.%N)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t0" "$t1" "$port" "$method" "$path" "$out" "$rc" "$note" >>curl-timing.log
	return 0
}

# one pass over the route table, each request from the next client
mix() {
	local port=$1
	client; req "$port" GET /health mix "${H[@]}"
	client; req "$port" GET "$MSG1?limit=50" mix "${H[@]}"
	client; req "$port" POST "$MSG1" mix "${H[@]}" "${JSON[@]}" --data '{"content":"hello from the fixture","nonce":"'"$N"'"}'
	client; req "$port" POST /api/auth/refresh mix "${H[@]}" "${JSON[@]}" --data '{"refresh_token":"rt-0000"}'
	client; req "$port" POST /api/voice/token mix "${H[@]}" "${JSON[@]}" --data '{"channel_id":"'"$C1"'"}'
	client; req "$port" POST /api/voice/leave mix "${H[@]}" "${JSON[@]}" --data '{"channel_id":"'"$C1"'"}'
	client; req "$port" GET /api/users/12345 mix "${H[@]}"
	client; req "$port" PUT /api/users/12345 mix "${H[@]}" "${JSON[@]}" --data '{"name":"alice"}'
	client; req "$port" PATCH /api/users/12345 mix "${H[@]}" "${JSON[@]}" --data '{"bio":"hi"}'
	client; req "$port" GET "$FILE" mix "${H[@]}"
	client; req "$port" GET "$ITEM" mix "${H[@]}"
	client; req "$port" HEAD /api/users/12345 mix "${H[@]}"
	client; req "$port" OPTIONS "$MSG2" mix "${H[@]}" -H "Origin: https://app.example.com" -H "Access-Control-Request-Method: POST"
	client; req "$port" GET /api/users/0 mix "${H[@]}"
	client; req "$port" POST /api/items mix "${H[@]}" "${JSON[@]}" --data '{"kind":"note"}'
	client; req "$port" DELETE "$FILE" mix "${H[@]}"
	client; req "$port" GET "$MSG2" mix "${H[@]}"
	client; req "$port" GET /api/does/not/exist mix "${H[@]}"
	return 0
}

echo "== main traffic -> access.log" >&2
for _ in 1 2 3 4; do mix $MAIN; done

# redaction bait, probes, odd headers, slow/hanging/failing routes
client; req $MAIN GET "$MSG1?token=abc123&limit=50" bait-token "${H[@]}"
client; req $MAIN POST "/api/auth/login?password=hunter2" bait-password "${H[@]}" "${JSON[@]}" --data '{"username":"alice","password":"hunter2"}'
client; req $MAIN GET "/api/users/12345?api_key=K" bait-api_key "${H[@]}"
client; req $MAIN GET "$ITEM?q=hello%20world" query-q "${H[@]}"
req $MAIN GET /api/users/12345 bait-auth-cookie -H "Cf-Connecting-Ip: 203.0.113.7" \
	-H "Authorization: Bearer secret-token-xyz" -H "Cookie: session=abc" -H "User-Agent: FilamentDesktop/0.9.3 (Electron 27)"
req $MAIN GET "/api/users/12345" xss-ua -H "Cf-Connecting-Ip: 198.51.100.66" -H "User-Agent: <script>alert(1)</script>"
req $MAIN GET "$MSG1?limit=50" unicode-ua -H "Cf-Connecting-Ip: 2001:db8::42" -H "User-Agent: Mozilla/5.0 (ünïcode ✓)"
req $MAIN GET /health invalid-utf8-ua -H "User-Agent: $(printf 'Latin1-Agent/1.0 (caf\xe9)')"
req $MAIN GET /api/users/12345 incoming-request-id -H "Cf-Connecting-Ip: 203.0.113.7" \
	-H "X-Request-Id: 0b6f3c52-8d1e-4f7a-9b2c-3e4d5f6a7b8c"
req $MAIN GET /api/users/12345 multi-value-header -H "Cf-Connecting-Ip: 203.0.113.7" \
	-H "Accept: application/json" -H "Accept: text/plain" -H "X-Forwarded-For: 10.1.1.1" -H "X-Forwarded-For: 10.2.2.2"
req $MAIN GET /api/slow/report slow-1.5s -H "Cf-Connecting-Ip: 198.51.100.23" -H "User-Agent: okhttp/4.12.0"
req $MAIN GET /api/hang/export hang-past-caddy-timeout -H "Cf-Connecting-Ip: 203.0.113.42"
req $MAIN GET /api/boom upstream-500 -H "Cf-Connecting-Ip: 203.0.113.7"
MAXT=0.5 req $MAIN GET /api/slow/abandoned client-gave-up-after-0.5s -H "Cf-Connecting-Ip: 2001:db8::17"
req $MAIN GET /nope/no-api-prefix no-prefix-404 -H "Cf-Connecting-Ip: 203.0.113.7"
sleep 1.2 # let the abandoned slow request finish upstream

echo "== concurrent burst" >&2
burst=()
for i in 1 2 3 4 5 6; do
	client; req $MAIN POST "$MSG1" burst "${H[@]}" "${JSON[@]}" --data '{"content":"burst '"$i"'"}' &
	burst+=($!)
done
for i in 1 2 3; do
	client; req $MAIN POST /api/voice/token burst "${H[@]}" "${JSON[@]}" --data '{"channel_id":"'"$C2"'"}' &
	burst+=($!)
	client; req $MAIN GET "$MSG1?limit=50" burst "${H[@]}" &
	burst+=($!)
done
client; req $MAIN GET /health burst "${H[@]}" &
burst+=($!)
wait "${burst[@]}"

echo "== upstream down -> 502" >&2
stop_upstream
client; req $MAIN GET /health upstream-down "${H[@]}"
client; req $MAIN GET "$MSG1?limit=50" upstream-down "${H[@]}"
client; req $MAIN POST "$MSG1" upstream-down "${H[@]}" "${JSON[@]}" --data '{"content":"lost?"}'
client; req $MAIN POST /api/auth/login upstream-down "${H[@]}" "${JSON[@]}" --data '{"username":"bob","password":"pw"}'
client; req $MAIN GET /api/users/12345 upstream-down "${H[@]}"
client; req $MAIN HEAD /health upstream-down "${H[@]}"
start_upstream
client; req $MAIN GET /health upstream-back "${H[@]}"
client; req $MAIN GET "$MSG1?limit=50" upstream-back "${H[@]}"

echo "== login storm (upstream limiter shares one bucket)" >&2
for i in 0 1 2 3 4 5; do
	client $i; req $MAIN POST /api/auth/login login-storm "${H[@]}" "${JSON[@]}" --data '{"username":"user'"$i"'","password":"pw"}'
done
for _ in 1 2; do mix $MAIN; done

echo "== format variants" >&2
for port in $ISO $NANO; do
	mix "$port"
	req "$port" GET /api/slow/report slow-1.5s -H "Cf-Connecting-Ip: 198.51.100.23"
	req "$port" GET /api/boom upstream-500 -H "Cf-Connecting-Ip: 203.0.113.7"
done

echo "== logrotate-style rotation (copytruncate + gzip)" >&2
lr=rotated/logrotate
mix $LROT
cp $lr/access.log $lr/access.log.1 && : >$lr/access.log # rotation 1
sha_rot1=$(sha256sum <$lr/access.log.1 | cut -d' ' -f1)
mix $LROT
req $LROT GET /api/slow/report slow-1.5s -H "Cf-Connecting-Ip: 198.51.100.23"
sha_live_before_rot2=$(sha256sum <$lr/access.log | cut -d' ' -f1)
mv $lr/access.log.1 $lr/access.log.2 && gzip -n $lr/access.log.2 # rotation 2
cp $lr/access.log $lr/access.log.1 && : >$lr/access.log
mix $LROT

echo "== copytruncate on a file Caddy created itself -> leading NULs" >&2
cn=rotated/copytruncate-nul
for i in 1 2 3 4 5; do client; req $NUL GET /health copytruncate-nul "${H[@]}"; done
cp $cn/access.log $cn/access.log.1 && : >$cn/access.log
for i in 1 2 3; do client; req $NUL GET /api/users/12345 copytruncate-nul "${H[@]}"; done

echo "== Caddy roller (roll_size 1MiB)" >&2
# Caddy's roller only rolls at >= 1 MiB, so pad a few requests with a big
# header (X-Padding) until the file is just below 1 MiB, then normal requests
# push it over.  Leaves: access.log (live, small) + access-<UTC time>.log.gz.
rl=rotated/roller
LIMIT=1048576
for i in $(seq 200); do
	compgen -G "$rl/access-*.log*" >/dev/null && break
	size=$(stat -c %s $rl/access.log 2>/dev/null || echo 0)
	left=$((LIMIT - size))
	client
	if ((left > 4000)); then
		pad=$((left - 2500)); ((pad > 60000)) && pad=60000
		req $ROLL GET "$MSG1?limit=50" roller-padded "${H[@]}" -H "X-Padding: $(head -c "$pad" /dev/zero | tr '\0' x)"
	else
		req $ROLL GET "$MSG1?limit=50" roller "${H[@]}"
	fi
	sleep 0.05
done
for i in $(seq 50); do # lumberjack gzips the rolled file in the background
	compgen -G "$rl/access-*.log.gz" >/dev/null && ! compgen -G "$rl/access-*.log" >/dev/null && break
	sleep 0.1
done
for i in 1 2 3 4 5; do client; req $ROLL GET /health roller "${H[@]}"; done

echo "== stop" >&2
sleep 0.3
kill -TERM "$CADDY_PID"
wait "$CADDY_PID" || true
CADDY_PID=""
stop_upstream

printf '%s  %s\n%s  %s\n' "$sha_rot1" "rotated/logrotate/access.log.2.gz (decompressed) == live access.log at rotation 1" \
	"$sha_live_before_rot2" "rotated/logrotate/access.log.1 == live access.log at rotation 2" >rotated/logrotate/SHA256SUMS.txt

./malformed/make-malformed.sh

for f in access.log access-iso8601.log access-nano.log caddy-process.log upstream-requests.log \
	curl-timing.log rotated/logrotate/access.log rotated/logrotate/access.log.1 rotated/roller/access.log \
	rotated/copytruncate-nul/access.log rotated/copytruncate-nul/access.log.1 \
	malformed/bad-lines.log; do
	printf '%6d  %s\n' "$(wc -l <"$f")" "$f"
done
for f in rotated/logrotate/access.log.2.gz rotated/roller/access-*.log.gz; do
	printf '%6d  %s (decompressed)\n' "$(gzip -dc "$f" | wc -l)" "$f"
done
