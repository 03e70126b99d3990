#!/usr/bin/env bash
# Regenerates the bundled end-to-end incident in inputs/ (and expected/ plus the
# generated part of README.md, via expected.py) with real programs:
#
#   driver.py (python3 clients, Cf-Connecting-Ip per real client)
#     -> Caddy 2.6.2 (Caddyfile: JSON access log, strip /api, XFF from CF header)
#       -> server/ (Rust stand-in app server, real tracing-subscriber JSON log)
#         -> PostgreSQL 15 (throwaway cluster), captured with real psql
#
# Needs (Debian 12): caddy, postgresql-15, cargo + rustc, librust-tracing-dev,
# librust-tracing-subscriber-dev, librust-http-dev, python3 (stdlib only).
# Uses loopback only: 127.0.0.1:19019 (Caddy admin), 19080 (Caddy), 19081 (app),
# 19432 (PostgreSQL).  Re-runnable: every output is deleted and rebuilt.
# Takes about 3 minutes (the request schedule alone is ~2m50s).
#
#   bash make.sh          the incident: inputs/, expected/ (the default)
#   bash make.sh burst    the second recording: burst/inputs/, burst/expected/
#                         (login burst without request ids, fan-out stall with
#                         concurrent writers, a table lock; ~2 minutes)
#   bash make.sh wedges   the third recording: wedges/inputs/, wedges/expected/
#                         (a table lock on a read path, a gateway-dispatch and a
#                         search-ack wedge, retries after 408s, near misses;
#                         ~3.5 minutes)
set -euo pipefail
cd "$(dirname "$0")"

SCENARIO=${1:-main}
case $SCENARIO in
main) OUTD=. ;;
burst) OUTD=burst ;;
wedges) OUTD=wedges ;;
*) echo "usage: bash make.sh [main|burst|wedges]" >&2; exit 2 ;;
esac

PGMAJOR=15
PGBIN=/usr/lib/postgresql/$PGMAJOR/bin
CADDY_ADMIN=19019 CADDY_PORT=19080 APP_PORT=19081 PG_PORT=19432
# relative on purpose: Caddy echoes its config path into its log.  Caddy runs
# in $OUTD, so its Caddyfile-relative paths (inputs/caddy/...) land there.
TMPD=$OUTD/.tmp-make
INCIDENT_AFTER=60 # seconds from the schedule start to the incident (driver.py INCIDENT_AT)

log() { printf '[make.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- tools
PKGS=(caddy "postgresql-$PGMAJOR" librust-tracing-dev librust-tracing-subscriber-dev librust-http-dev python3 gzip coreutils)
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v cargo >/dev/null 2>&1 || missing+=(cargo)
if ((${#missing[@]})); then
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	log "installing ${missing[*]}"
	$SUDO apt-get install -y --no-install-recommends "${missing[@]}" ||
		{ $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; }
fi
caddy version | grep -q '^v\?2\.6\.2' || log "warning: made with Caddy 2.6.2, found: $(caddy version 2>&1)"
"$PGBIN/psql" --version | grep -q "(PostgreSQL) $PGMAJOR\." || die "psql is not version $PGMAJOR"
if [ "$SCENARIO" != main ] && ! locale -a 2>/dev/null | grep -qix 'en_US\.utf-\?8'; then
	# one \watch capture is taken with LC_TIME=en_US.UTF-8 (its titles' form)
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	dpkg-query -W -f='${Status}' locales 2>/dev/null | grep -q 'install ok installed' ||
		$SUDO apt-get install -y --no-install-recommends locales
	log "generating the en_US.UTF-8 locale"
	$SUDO localedef -i en_US -c -f UTF-8 en_US.UTF-8
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
	local i
	for i in $(seq 200); do port_open "$1" && return 0; sleep 0.05; done
	die "port $1 did not open"
}
for p in $CADDY_ADMIN $CADDY_PORT $APP_PORT $PG_PORT; do
	port_open "$p" && die "port 127.0.0.1:$p is busy; refusing to run"
done

# ---------------------------------------------------------------- environment
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC PGCLIENTENCODING=UTF8
unset PGSERVICE PGSERVICEFILE PGOPTIONS PGTZ PGDATESTYLE PGPASSWORD PGPASSFILE PGSSLMODE PSQLRC PSQL_PAGER PAGER PGAPPNAME || true
export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGDATABASE=filament

TMP=$(mktemp -d -t incident-fixture.XXXXXX)
DATA=$TMP/data
CADDY_PID="" APP_PID=""

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- env TZ=UTC LC_ALL=C.UTF-8 "$@"; else "$@"; fi
}
stop_pid() { # pid: TERM, wait up to 5 s, then KILL
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	local rc=$?
	set +e
	[ -n "$CADDY_PID" ] && stop_pid "$CADDY_PID"
	[ -n "$APP_PID" ] && stop_pid "$APP_PID"
	if [ -f "$DATA/postmaster.pid" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t 20 stop >/dev/null 2>&1 ||
			as_pg "$PGBIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1
	fi
	if [ "$rc" != 0 ]; then
		for f in "$TMP/server.stderr" "$TMP/pg.log" "$TMPD/caddy-stderr.log"; do
			[ -s "$f" ] && { log "tail of $f:"; tail -n 20 "$f" >&2; }
		done
	fi
	rm -rf "$TMP" "$TMPD"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

P() { "$PGBIN/psql" -X -v ON_ERROR_STOP=1 "$@"; }

# ---------------------------------------------------------------- build the stand-in (offline)
log "building server/ offline from /usr/share/cargo/registry"
(cd server && CARGO_TARGET_DIR=$TMP/target cargo build --offline --locked --quiet)
APP=$TMP/target/debug/incident-server

# ---------------------------------------------------------------- clean outputs
rm -rf "$OUTD/inputs" "$TMPD" "$OUTD/expected/facts.json"
mkdir -p "$OUTD/inputs/caddy" "$OUTD/inputs/server" "$OUTD/inputs/psql" "$OUTD/expected" "$TMPD"
# The live log must exist before Caddy starts: then Caddy's writer opens it
# with O_APPEND and the copytruncate rotation does not leave NUL bytes.
: >"$OUTD/inputs/caddy/access.log"
: >"$TMPD/client.tsv"
: >"$TMPD/holder.tsv"

# ---------------------------------------------------------------- PostgreSQL
chown postgres: "$TMP" 2>/dev/null || true
chmod 711 "$TMP"
log "initdb + start PostgreSQL $PGMAJOR on 127.0.0.1:$PG_PORT"
mkdir -p "$DATA" && chown postgres: "$DATA" 2>/dev/null || true
as_pg "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$TMP/initdb.log" 2>&1 ||
	{ cat "$TMP/initdb.log" >&2; die "initdb failed"; }
as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$TMP/pg.log" -w -t 30 \
	-o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories='$DATA' -c timezone=UTC -c log_timezone=UTC -c fsync=off -c max_connections=50" \
	start >/dev/null
P -q -d postgres -c "CREATE ROLE filament LOGIN" -c "CREATE DATABASE filament OWNER filament"

# ---------------------------------------------------------------- Caddy
log "starting Caddy on 127.0.0.1:$CADDY_PORT"
CADDYFILE=Caddyfile; [ "$OUTD" = . ] || CADDYFILE=../Caddyfile
(cd "$OUTD" && XDG_CONFIG_HOME=.tmp-make/config XDG_DATA_HOME=.tmp-make/data \
	exec caddy run --config "$CADDYFILE" --adapter caddyfile) >"$TMPD/caddy-stderr.log" 2>&1 &
CADDY_PID=$!
wait_port $CADDY_PORT

# ---------------------------------------------------------------- app server
START=$(($(date +%s) + 3))
INCIDENT_AT_MS=$(((START + INCIDENT_AFTER) * 1000))
if [ "$SCENARIO" = main ]; then
	SCENARIO_ARGS=(--incident-at "$INCIDENT_AT_MS")
elif [ "$SCENARIO" = burst ]; then # no --incident-at: the built-in incident model is off; see driver.py BURST_*
	# shellcheck disable=SC2207
	SCENARIO_ARGS=(--login-request-id false --member-users 60 --pool-size 16 --private-log "$TMP/private.tsv"
		$(python3 driver.py burst-server-args --start "$START"))
else # wedges: no --incident-at either; see driver.py WEDGES_*
	# shellcheck disable=SC2207
	SCENARIO_ARGS=(--member-users 20 --pool-size 16 --private-log "$TMP/private.tsv"
		$(python3 driver.py wedges-server-args --start "$START"))
fi
start_app() {
	"$APP" --listen 127.0.0.1:$APP_PORT --psql "$PGBIN/psql" \
		--conninfo "host=127.0.0.1 port=$PG_PORT user=filament dbname=filament" \
		"${SCENARIO_ARGS[@]}" --timeout-ms 10000 \
		--login-limit 5 --login-window-ms 10000 --join-limit 3 --join-window-ms 10000 \
		>>"$OUTD/inputs/server/server.log" 2>>"$TMP/server.stderr" &
	APP_PID=$!
	wait_port $APP_PORT
}
start_app

# ---------------------------------------------------------------- the run
export BASE=http://127.0.0.1:$CADDY_PORT PSQL=$PGBIN/psql OUT=$OUTD/inputs CLIENT_LOG=$TMPD/client.tsv TMPD
export HOLDER_LOG=$TMPD/holder.tsv
if [ "$SCENARIO" = main ]; then
	log "schedule starts at $(date -u -d "@$START" +%FT%TZ); incident at +${INCIDENT_AFTER}s; ~155 s"
	python3 driver.py main --start "$START"

	log "restart: stopping the app server"
	stop_pid "$APP_PID"; APP_PID=""
	sleep 0.5
	python3 driver.py down
	sleep 0.5
	log "restart: starting the app server again"
	start_app
	python3 driver.py tail
	sleep 1
elif [ "$SCENARIO" = burst ]; then
	log "burst schedule starts at $(date -u -d "@$START" +%FT%TZ); ~110 s"
	python3 driver.py burst --start "$START"
	sleep 1
else
	log "wedges schedule starts at $(date -u -d "@$START" +%FT%TZ); ~200 s"
	python3 driver.py wedges --start "$START"
	sleep 1
fi

# ---------------------------------------------------------------- final captures
log "final psql captures"
[ "$SCENARIO" = main ] && P -c "SELECT now()" -c "SELECT count(*) FROM messages" >inputs/psql/count_after.txt
# -e echoes the query, as an engineer's capture does: it names the table
P -e -c "SELECT * FROM messages ORDER BY id" >"$OUTD/inputs/psql/messages.txt"
P -e -c "SELECT * FROM audit_logs ORDER BY id" >"$OUTD/inputs/psql/audit_logs.txt"

log "stopping Caddy and the app server"
stop_pid "$CADDY_PID"; CADDY_PID=""
stop_pid "$APP_PID"; APP_PID=""
[ -s "$TMP/server.stderr" ] && { cat "$TMP/server.stderr" >&2; die "the app server wrote to stderr"; }
cp "$TMPD/client.tsv" "$TMP/client.tsv"
cp "$TMPD/holder.tsv" "$TMP/holder.tsv"

# ---------------------------------------------------------------- expected findings + checks
# INCIDENT_KEEP=DIR keeps the private records (to re-run expected.py alone)
[ -n "${INCIDENT_KEEP:-}" ] && mkdir -p "$INCIDENT_KEEP" && cp "$TMP"/*.tsv "$INCIDENT_KEEP"/
log "expected.py"
if [ "$SCENARIO" = main ]; then
	python3 expected.py --client-log "$TMP/client.tsv"
else # the private records: what each client saw, the server's own writes, the lock holder
	python3 expected.py --scenario "$SCENARIO" --client-log "$TMP/client.tsv" --private-log "$TMP/private.tsv" \
		--holder-log "$TMP/holder.tsv"
fi

if grep -rlE '/(work|home|root|tmp)/' "$OUTD/inputs" "$OUTD/expected" README.md >/dev/null 2>&1; then
	die "absolute path leaked into an output: $(grep -rlE '/(work|home|root|tmp)/' "$OUTD/inputs" "$OUTD/expected" README.md)"
fi
find "$OUTD/inputs" "$OUTD/expected" -type f -printf '%8s  %p\n' | sort -k2
du -sb "$OUTD/inputs" | awk '{ if ($1 > 3000000) { print "inputs/ is larger than 3 MB" > "/dev/stderr"; exit 1 } }'
log "done"
