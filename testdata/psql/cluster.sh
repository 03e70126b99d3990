# cluster.sh - sourced by border/make.sh and dated/make.sh: a throwaway
# PostgreSQL 15 cluster on 127.0.0.1, in a temp dir that is stopped and
# removed when the script exits. As root, initdb and pg_ctl run as the
# postgres user. The client environment is fixed (C.UTF-8, UTC, no psqlrc,
# no pager), so a capture changes only where a script says so.
#
# cluster_start NAME PORT [SERVER-OPTION...]: sets TMP; its data in $TMP/data
PGBIN=/usr/lib/postgresql/15/bin
[ -x "$PGBIN/initdb" ] || { echo "make.sh: needs postgresql-15" >&2; exit 1; }
export LC_ALL=C.UTF-8 LANG=C.UTF-8 PGCLIENTENCODING=UTF8 TZ=UTC
unset PSQLRC PAGER PSQL_PAGER PGTZ PGAPPNAME || true

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cluster_stop() {
	as_pg "$PGBIN/pg_ctl" -D "$TMP/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
cluster_start() {
	local name=$1 port=$2
	shift 2
	export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
	TMP=$(mktemp -d -t "psql-$name.XXXXXX")
	trap cluster_stop EXIT
	chmod 755 "$TMP"
	mkdir "$TMP/data"
	chown postgres: "$TMP/data" 2>/dev/null || true
	as_pg "$PGBIN/initdb" -D "$TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
	as_pg "$PGBIN/pg_ctl" -D "$TMP/data" -l "$TMP/data/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$TMP/data' -c fsync=off $*" \
		start >/dev/null
}
