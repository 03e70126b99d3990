#!/usr/bin/env bash
# Regenerates the psql capture fixtures in this directory from a real,
# throwaway PostgreSQL 15 cluster (initdb in a mktemp dir, 127.0.0.1:15432).
# Everything is captured with the real psql 15 / pg_dump 15.  The hand-written
# cases in malformed/ are NOT touched.  README.md describes every file; the part
# between the GENERATED markers is rewritten by this script with the values of
# the run (ULIDs, times, watch titles, lock rows ...).
#
# Usage: bash make.sh        (as root: initdb/pg_ctl run as the postgres user)
set -euo pipefail
cd "$(dirname "$0")"

PGMAJOR=15
PGBIN=/usr/lib/postgresql/$PGMAJOR/bin     # Debian's package layout
PORT=15432
DB=filament
OUTDIRS=(aligned unaligned csv expanded watch session dump explain)

log() { printf '[make.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- tools
apt_install() {
    [ "$(id -u)" = 0 ] || die "need root to apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/psql" ] || [ ! -x "$PGBIN/pg_dump" ]; then
    log "installing postgresql-$PGMAJOR"
    apt_install "postgresql-$PGMAJOR" "postgresql-client-$PGMAJOR"
fi
[ -e /usr/share/zoneinfo/Europe/Berlin ] || apt_install tzdata
command -v script >/dev/null || apt_install bsdutils
command -v gzip >/dev/null || apt_install gzip
"$PGBIN/psql" --version | grep -q "(PostgreSQL) $PGMAJOR\." || die "psql is not version $PGMAJOR"

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT on 127.0.0.1 is already in use"
fi

# ---------------------------------------------------------------- environment
# C.UTF-8: client_encoding UTF8 (so psql measures 'héllo ✓' in characters) and
# strftime("%c") in \watch titles is the C form "Sun Nov 29 23:02:00 2026".
export LC_ALL=C.UTF-8 LANG=C.UTF-8 PGCLIENTENCODING=UTF8
unset PGSERVICE PGSERVICEFILE PGOPTIONS PGTZ PGDATESTYLE PGPASSWORD PGPASSFILE PGSSLMODE PSQLRC PSQL_PAGER PAGER PGAPPNAME || true
export TZ=UTC
export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=postgres PGDATABASE=$DB

TMP=$(mktemp -d -t psql-fixtures.XXXXXX)
DATA=$TMP/data
BGPIDS=()

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- env TZ=UTC LC_ALL=C.UTF-8 "$@"; else "$@"; fi
}
cleanup() {
    local rc=$?
    set +e
    for p in "${BGPIDS[@]}"; do kill "$p" 2>/dev/null; done
    if [ -f "$DATA/postmaster.pid" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t 20 stop >/dev/null 2>&1 ||
            as_pg "$PGBIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1
    fi
    if [ "$rc" != 0 ] && [ -f "$TMP/server.log" ]; then
        log "server log tail:"; tail -n 30 "$TMP/server.log" >&2
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

P() { "$PGBIN/psql" -X -v ON_ERROR_STOP=1 "$@"; }
Q() { P -qAt -c "$1"; }             # one value, no decoration

# ---------------------------------------------------------------- cluster
chown postgres: "$TMP" 2>/dev/null || true
chmod 700 "$TMP"
log "initdb in a temp dir"
as_pg "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$TMP/initdb.log" 2>&1 ||
    { cat "$TMP/initdb.log" >&2; die "initdb failed"; }
as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$TMP/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories='$TMP' -c timezone=UTC -c log_timezone=UTC -c fsync=off" \
    start >/dev/null
P -q -d postgres -c "CREATE DATABASE $DB"

for d in "${OUTDIRS[@]}"; do rm -rf "$d"; mkdir -p "$d"; done

# ---------------------------------------------------------------- schema
P -q <<'SQL'
-- ULID: 48-bit ms timestamp (10 Crockford base32 chars) + 80 random bits (16 chars)
CREATE FUNCTION ulid_at(ts timestamptz) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  ms  bigint := floor(extract(epoch FROM ts) * 1000)::bigint;
  out text := '';
BEGIN
  FOR i IN 1..10 LOOP
    out := substr(alphabet, (ms % 32)::int + 1, 1) || out;
    ms := ms / 32;
  END LOOP;
  FOR i IN 1..16 LOOP
    out := out || substr(alphabet, floor(random() * 32)::int + 1, 1);
  END LOOP;
  RETURN out;
END $$;

CREATE FUNCTION ulid_ms(u text) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE ms bigint := 0;
BEGIN
  FOR i IN 1..10 LOOP
    ms := ms * 32 + strpos('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(u, i, 1)) - 1;
  END LOOP;
  RETURN ms;
END $$;

-- id and created_at_unix from ONE clock reading taken when the row is written
CREATE FUNCTION stamp_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ts timestamptz := clock_timestamp();
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := ulid_at(ts);
    NEW.created_at_unix := floor(extract(epoch FROM ts))::bigint;
  END IF;
  RETURN NEW;
END $$;

CREATE TABLE messages (
  id TEXT PRIMARY KEY,            -- ULID
  guild_id TEXT,
  channel_id TEXT,
  author_id TEXT,
  content TEXT,
  created_at_unix BIGINT NOT NULL
);
CREATE INDEX messages_guild_created_idx ON messages (guild_id, created_at_unix);

CREATE TABLE audit_logs (
  id TEXT PRIMARY KEY,            -- ULID
  guild_id TEXT,
  actor_id TEXT,
  action TEXT,
  target_id TEXT,
  created_at_unix BIGINT NOT NULL
);

CREATE TABLE guild_members (
  guild_id TEXT,
  user_id TEXT,
  joined_at timestamptz NOT NULL DEFAULT now(),
  role TEXT NULL,
  PRIMARY KEY (guild_id, user_id)
);

CREATE TRIGGER messages_stamp BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION stamp_row();
CREATE TRIGGER audit_logs_stamp BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION stamp_row();
SQL

# guild / channel / user ids: ULIDs minted "earlier" (real clock minus an offset)
mint() { Q "SELECT ulid_at(clock_timestamp() - interval '$1')"; }
G1=$(mint '41 days'); G2=$(mint '12 days')
C1=$(mint '41 days 1 minute'); C2=$(mint '40 days'); C3=$(mint '12 days 2 minutes')
U1=$(mint '90 days'); U2=$(mint '60 days'); U3=$(mint '33 days'); U4=$(mint '5 days')
IDV=(-v g1="$G1" -v g2="$G2" -v c1="$C1" -v c2="$C2" -v c3="$C3" -v u1="$U1" -v u2="$U2" -v u3="$U3" -v u4="$U4")

log "seeding tricky rows"
P -q -o /dev/null "${IDV[@]}" <<'SQL'
INSERT INTO messages (guild_id, channel_id, author_id, content) VALUES (:'g1', :'c1', :'u1', 'hello world');
SELECT pg_sleep(0.03);
INSERT INTO messages (guild_id, channel_id, author_id, content) VALUES (:'g1', :'c1', :'u2', 'a | b | c');
SELECT pg_sleep(0.03);
INSERT INTO messages (guild_id, channel_id, author_id, content) VALUES (:'g1', :'c2', :'u3', E'first line\nsecond line');
SELECT pg_sleep(0.03);
INSERT INTO messages (guild_id, channel_id, author_id, content) VALUES (:'g1', :'c1', :'u1', 'she said "hi", then left');
SELECT pg_sleep(0.03);
INSERT INTO messages (guild_id, channel_id, author_id, content) VALUES (:'g2', :'c3', :'u4', '');
SELECT pg_sleep(0.03);
INSERT INTO messages (guild_id, channel_id, author_id, content) VALUES (:'g2', :'c3', :'u1', NULL);
SELECT pg_sleep(0.03);
INSERT INTO messages (guild_id, channel_id, author_id, content) VALUES (:'g1', :'c2', :'u2', 'héllo ✓');
SELECT pg_sleep(0.03);
INSERT INTO messages (guild_id, channel_id, author_id, content) VALUES (:'g1', :'c1', :'u3', E'tab\there, backslash C:\\temp\\new');
SELECT pg_sleep(0.03);
INSERT INTO messages (guild_id, channel_id, author_id, content) VALUES (:'g2', :'c3', :'u4', 'Long message for the wrapped format: the search index ack never arrived and the client got a 408 anyway.');

INSERT INTO audit_logs (guild_id, actor_id, action, target_id) VALUES (:'g1', :'u1', 'guild.update', :'g1');
SELECT pg_sleep(0.03);
INSERT INTO audit_logs (guild_id, actor_id, action, target_id) VALUES (:'g1', :'u1', 'member.role.set', :'u2');
SELECT pg_sleep(0.03);
INSERT INTO audit_logs (guild_id, actor_id, action, target_id) VALUES (:'g2', :'u4', 'channel.create', :'c3');
SELECT pg_sleep(0.03);
INSERT INTO audit_logs (guild_id, actor_id, action, target_id) VALUES (:'g2', :'u4', 'invite.revoke', NULL);

INSERT INTO guild_members (guild_id, user_id, joined_at, role) VALUES
  (:'g1', :'u1', now() - interval '41 days', 'owner'),
  (:'g1', :'u2', now() - interval '3 days 4 hours', NULL),
  (:'g1', :'u3', now() - interval '2 hours 13 minutes 7.25 seconds', ''),
  (:'g2', :'u1', now() - interval '11 days', NULL),
  (:'g2', :'u3', now() - interval '26 minutes', 'modérateur');
INSERT INTO guild_members (guild_id, user_id, role) VALUES (:'g1', :'u4', 'admin');   -- DEFAULT now()
INSERT INTO guild_members (guild_id, user_id, role) VALUES (:'g2', :'u4', 'owner');
SQL

# ---------------------------------------------------------------- phase A: sessions (before the workload)
log "session captures"
cat >"$TMP/session.sql" <<EOF
-- incident 2026: did the writes land?
\\timing on
SELECT count(*) FROM messages;
SELECT count(*) FROM audit_logs;
BEGIN;
INSERT INTO messages (guild_id, channel_id, author_id, content)
VALUES ('$G1', '$C1', '$U3', 'session insert 1'),
       ('$G1', '$C1', '$U3', 'session insert 2')
RETURNING id, created_at_unix;
INSERT INTO audit_logs (guild_id, actor_id, action, target_id) VALUES ('$G1', '$U3', 'message.create', NULL);
COMMIT;
SELECT count(*) FROM messages;
SELECT count(*) FROM audit_logs;
SELECT id, author_id, content, created_at_unix FROM messages ORDER BY id DESC LIMIT 3;
\\timing off
SELECT guild_id, count(*) AS n, max(created_at_unix) AS last_write FROM messages GROUP BY guild_id ORDER BY guild_id;
EOF
P -a -f "$TMP/session.sql" >session/session_echo_all_timing.txt 2>"$TMP/session.err"

cat >"$TMP/session_e.sql" <<EOF
\\timing on
SELECT count(*) FROM messages;
SELECT action, count(*) FROM audit_logs GROUP BY action ORDER BY action;
SELECT id, created_at_unix, to_timestamp(created_at_unix) AS created_at FROM audit_logs ORDER BY id LIMIT 2;
EOF
P -e -f "$TMP/session_e.sql" >session/session_echo_queries.txt 2>"$TMP/session_e.err"

# ---------------------------------------------------------------- phase B: workload + live captures
log "workload"
writer_sql() { # $1 = iterations, $2 = label, $3 = sleep seconds, $4 = offset into the id rotation
    local guilds=("$G1" "$G1" "$G2") chans=("$C1" "$C2" "$C3") users=("$U1" "$U2" "$U3" "$U4")
    local actions=(message.create message.create message.create message.edit)
    local i n k g c u
    for i in $(seq -w 1 "$1"); do
        n=$((10#$i + $4)); k=$((n % 3)); g=${guilds[$k]}; c=${chans[$k]}; u=${users[$((n % 4))]}
        echo "INSERT INTO messages (guild_id, channel_id, author_id, content) VALUES ('$g', '$c', '$u', '$2 $i') RETURNING id \\gset"
        echo "INSERT INTO audit_logs (guild_id, actor_id, action, target_id) VALUES ('$g', '$u', '${actions[$((n % 4))]}', :'id');"
        echo "SELECT pg_sleep($3);"
    done
}
writer_sql 20 'workload message' 0.4 0 >"$TMP/writer.sql"
writer_sql 10 'workload burst' 0.7 1 >"$TMP/writer2.sql"
PGAPPNAME=filament-server P -q -o /dev/null -f "$TMP/writer.sql" 2>"$TMP/writer.err" &
WRITER=$!; BGPIDS+=("$WRITER")
sleep 0.3
PGAPPNAME=filament-server P -q -o /dev/null -f "$TMP/writer2.sql" 2>"$TMP/writer2.err" &
WRITER2=$!; BGPIDS+=("$WRITER2")

cat >"$TMP/watch.sql" <<'EOF'
SELECT now(), state, wait_event_type, count(*) FROM pg_stat_activity WHERE datname=current_database() GROUP BY 2,3 \watch 1
EOF
WATCH_SECS=3.5
watch_run() { # $1 = output file, rest = env assignments
    local out=$1; shift
    local rc=0
    env "$@" timeout -s INT "$WATCH_SECS" "$PGBIN/psql" -X -f "$TMP/watch.sql" >"$out" 2>>"$TMP/watch.err" || rc=$?
    [ "$rc" = 124 ] || [ "$rc" = 0 ] || { log "watch into $out exited $rc"; return 1; }
}

sleep 0.7
W=()
watch_run watch/watch_tz_utc.txt TZ=UTC & W+=($!)
watch_run watch/watch_tz_berlin.txt TZ=Europe/Berlin & W+=($!)
watch_run watch/watch_tz_berlin_pgtz.txt TZ=Europe/Berlin PGTZ=Europe/Berlin & W+=($!)
(
    rc=0
    timeout -s INT "$WATCH_SECS" "$PGBIN/psql" -X -f "$TMP/watch.sql" 2>>"$TMP/watch.err" |
        while IFS= read -r l; do echo "$(date -u +%FT%T.%3NZ) $l"; done || rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 124 ]
) >watch/watch_prefixed_utc.txt & W+=($!)
(
    i=0
    while [ $i -lt 4 ]; do
        date -u +%FT%TZ
        "$PGBIN/psql" -X -At -c 'select count(*) from messages'
        sleep 1
        i=$((i + 1))
    done
) >watch/shell_loop_count.txt 2>>"$TMP/watch.err" & W+=($!)
BGPIDS+=("${W[@]}")

sleep 0.5
log "taking SHARE lock on messages"
PGAPPNAME=ops-maintenance P -q -o /dev/null 2>"$TMP/locker.err" <<'SQL' &
BEGIN;
LOCK TABLE messages IN SHARE MODE;
SELECT pg_sleep(5);
COMMIT;
SQL
LOCKER=$!; BGPIDS+=("$LOCKER")

waiting=0
for _ in $(seq 1 40); do   # wait (up to 4 s) until both writers queue behind the lock
    waiting=$(Q "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'messages'::regclass")
    [ "$waiting" -ge 2 ] && break
    sleep 0.1
done
[ "$waiting" -gt 0 ] || die "writer never blocked on the SHARE lock"
log "capturing while the lock is held"
P -c "SELECT l.locktype, l.mode, l.granted, c.relname, a.pid, a.state, a.query FROM pg_locks l LEFT JOIN pg_class c ON c.oid=l.relation LEFT JOIN pg_stat_activity a ON a.pid=l.pid" \
    >aligned/pg_locks_during_lock.txt
P -c "SELECT state, wait_event_type, wait_event, count(*) FROM pg_stat_activity GROUP BY 1,2,3" \
    >aligned/pg_stat_activity_summary.txt
P -c "SELECT count(*) FROM messages" \
  -c "SELECT count(*) FROM audit_logs" \
  -c "SELECT guild_id, count(*), min(created_at_unix), max(created_at_unix) FROM messages GROUP BY guild_id ORDER BY guild_id" \
    >aligned/counts_during_lock.txt
XQ="SELECT pid, state, wait_event_type, wait_event, query_start, xact_start, backend_start, query FROM pg_stat_activity WHERE datname = current_database() ORDER BY pid"
P -x -c "$XQ" >expanded/pg_stat_activity_x.txt
P -x -A -c "$XQ" >expanded/pg_stat_activity_x_unaligned.txt
LOCK_CAPTURE_UTC=$(date -u +%FT%T.%3NZ)

for p in "${W[@]}"; do wait "$p" || die "a watch capture failed: $(cat "$TMP/watch.err")"; done
wait "$LOCKER" || die "locker failed: $(cat "$TMP/locker.err")"
log "waiting for the writer"
wait "$WRITER" || die "writer failed: $(cat "$TMP/writer.err")"
wait "$WRITER2" || die "writer2 failed: $(cat "$TMP/writer2.err")"
BGPIDS=()
gzip -n -k -f watch/watch_tz_utc.txt

# ---------------------------------------------------------------- phase C: static captures
P -q -c "ANALYZE"
log "static captures"
MQ="SELECT * FROM messages ORDER BY id"
P -c "$MQ" >aligned/messages.txt
P -c "SELECT * FROM guild_members ORDER BY guild_id, user_id" >aligned/guild_members.txt
P -P null='(null)' -c "SELECT * FROM guild_members ORDER BY guild_id, user_id" >aligned/guild_members_null.txt
# wrapped only wraps when the column headers alone fit in `columns`: with all six
# columns of messages (headers + borders = 68 > 60) psql 15 silently prints plain
# aligned output, so the wrapped captures select fewer columns.  With 3 columns
# only content is wrapped; with 4 the ULID columns are split across lines too.
P -P format=wrapped -P columns=60 -c "SELECT id, content, created_at_unix FROM messages ORDER BY id" \
    >aligned/messages_wrapped_60.txt
P -P format=wrapped -P columns=60 -c "SELECT id, author_id, content, created_at_unix FROM messages ORDER BY id" \
    >aligned/messages_wrapped_60_split_ids.txt

P -A -c "$MQ" >unaligned/messages_A.txt
P -A -t -c "$MQ" >unaligned/messages_A_t.txt
P -A -F ',' -c "$MQ" >unaligned/messages_A_F_comma.txt
P -A -F $'\t' -c "$MQ" >unaligned/messages_A_F_tab.txt
P -A --pset footer=off -c "$MQ" >unaligned/messages_A_footer_off.txt

P --csv -c "$MQ" >csv/messages.csv
P --csv -c "SELECT * FROM audit_logs ORDER BY id" >csv/audit_logs.csv

DUMPT=(-t messages -t audit_logs -t guild_members)
"$PGBIN/pg_dump" --data-only "${DUMPT[@]}" >dump/data_only_copy.sql
"$PGBIN/pg_dump" --data-only --inserts "${DUMPT[@]}" >dump/data_only_inserts.sql
"$PGBIN/pg_dump" --data-only --column-inserts "${DUMPT[@]}" >dump/data_only_column_inserts.sql

P -c "EXPLAIN (ANALYZE, BUFFERS) SELECT id, author_id, content, created_at_unix FROM messages WHERE guild_id = '$G1' ORDER BY created_at_unix DESC LIMIT 50" \
    >explain/messages_by_guild.txt
P -c "EXPLAIN (ANALYZE, BUFFERS) SELECT m.id, m.created_at_unix, a.action, a.created_at_unix AS audit_at FROM messages m JOIN audit_logs a ON a.target_id = m.id WHERE m.guild_id = '$G1' ORDER BY m.created_at_unix DESC LIMIT 50" \
    >explain/messages_join_audit_logs.txt

# interactive-looking capture: psql on a pty (script(1)), input typed slowly on
# stdin so the pty echo lands after each prompt.  CRs and script's own
# "Script started/done" lines are removed.
log "tty capture"
tty_input() {
    sleep 0.8
    for l in '\timing on' \
             "SELECT count(*) FROM messages;" \
             "SELECT id, content, created_at_unix FROM messages WHERE content LIKE 'workload%' ORDER BY id LIMIT 3;" \
             '\x' \
             "SELECT id, action, target_id, created_at_unix FROM audit_logs ORDER BY id DESC LIMIT 2;" \
             '\q'; do
        printf '%s\n' "$l"; sleep 0.4
    done
}
if tty_input | PATH="$PGBIN:$PATH" script -q -e -c "psql -X -n -P pager=off" "$TMP/tty.raw" >/dev/null 2>&1 &&
    grep -q 'filament=# SELECT count' "$TMP/tty.raw"; then
    tr -d '\r' <"$TMP/tty.raw" | grep -vE '^Script (started|done) on ' >session/interactive_tty.txt
else
    log "script(1) capture did not come out clean; skipping session/interactive_tty.txt"
fi

# ---------------------------------------------------------------- README values
log "writing README values"
nrows() { Q "SELECT count(*) FROM $1"; }
decode_bash() { # independent Crockford decode of the first 10 chars
    local a=0123456789ABCDEFGHJKMNPQRSTVWXYZ u=$1 ms=0 c p i
    for ((i = 0; i < 10; i++)); do c=${u:i:1}; p=${a%%"$c"*}; ms=$((ms * 32 + ${#p})); done
    echo "$ms"
}
rowinfo() { # $1 label, $2 WHERE ... ORDER BY ... (first row taken)
    local id cu
    IFS='|' read -r id cu < <(Q "SELECT id, created_at_unix FROM messages $2 LIMIT 1")
    local ms; ms=$(decode_bash "$id")
    [ "$ms" = "$(Q "SELECT ulid_ms('$id')")" ] || die "ULID decode mismatch for $id"
    [ $((ms / 1000)) = "$cu" ] || die "created_at_unix $cu != ULID ms $ms / 1000"
    local iso; iso=$(date -u -d "@$((ms / 1000))" +%FT%T).$(printf '%03d' $((ms % 1000)))Z
    local content; content=$(Q "SELECT replace(replace(coalesce(content,'<NULL>'), E'\n', '\\n'), E'\t', '\\t') FROM messages WHERE id='$id'")
    printf -- '- %s: id `%s`, created_at_unix `%s`, ULID ms `%s` (%s), content `%s`\n' "$1" "$id" "$cu" "$ms" "$iso" "$content"
}
footers() { { grep -E '^\([0-9]+ rows?\)$' "$1" || true; } | tr -d '()' | awk '{print $1}' | paste -sd+ -; }
cnt() { grep -cE "$1" "$2" || true; }

MSGS=$(nrows messages); AUD=$(nrows audit_logs); GM=$(nrows guild_members)
GEN=$TMP/generated.md
{
    echo "Generated by make.sh at $(date -u +%FT%TZ) with $("$PGBIN/psql" --version)."
    echo "Server: PostgreSQL $(Q 'SHOW server_version'), timezone=$(Q 'SHOW timezone'), encoding $(Q 'SHOW server_encoding'), lc_collate $(Q 'SHOW lc_collate')."
    echo
    echo "Final table sizes (what aligned/messages.txt, csv/, unaligned/, dump/ show): messages=$MSGS, audit_logs=$AUD, guild_members=$GM."
    echo
    echo "Ids used (ULIDs minted with an earlier clock): g1=\`$G1\` g2=\`$G2\` c1=\`$C1\` c2=\`$C2\` c3=\`$C3\` u1=\`$U1\` u2=\`$U2\` u3=\`$U3\` u4=\`$U4\`."
    echo
    echo "### Files"
    echo
    echo "| file | lines | bytes | result rows |"
    echo "| --- | ---: | ---: | --- |"
    while IFS= read -r f; do
        r=$(footers "$f")
        case $f in
            unaligned/messages_A_t.txt|unaligned/messages_A_footer_off.txt) r="$MSGS (no footer)" ;;
            csv/messages.csv) r="$MSGS (+ header line)" ;;
            csv/audit_logs.csv) r="$AUD (+ header line)" ;;
            expanded/pg_stat_activity_x.txt) r="$(cnt '^-\[ RECORD [0-9]+ \]' "$f") records" ;;
            session/interactive_tty.txt) r="$r, then $(cnt '^-\[ RECORD [0-9]+ \]' "$f") expanded records" ;;
            expanded/pg_stat_activity_x_unaligned.txt) r="$(cnt '^pid\|' "$f") records" ;;
            dump/data_only_copy.sql) r="COPY rows: $(awk '/^COPY /{t=$2; next} /^\\\.$/{t=""; next} t!=""{n[t]++} END{for(k in n) printf "%s=%d ", k, n[k]}' "$f")" ;;
            dump/*) r="$(cnt '^INSERT INTO' "$f") INSERT statements" ;;
            watch/*.gz) r="gzip -n -k copy of ${f%.gz}" ;;
            watch/watch_*.txt) r="$(cnt '\(every 1s\)' "$f") iterations; rows per iteration: $(grep -oE '\([0-9]+ rows?\)$' "$f" | tr -dc '0-9\n' | paste -sd' ' -)" ;;
            watch/shell_loop_count.txt) r="$(cnt '^[0-9]{4}-' "$f") iterations" ;;
        esac
        [ -n "$r" ] || r="-"
        printf '| %s | %s | %s | %s |\n' "$f" "$(wc -l <"$f")" "$(wc -c <"$f")" "$r"
    done < <(find "${OUTDIRS[@]}" -type f | LC_ALL=C sort)
    echo
    echo "### Chosen messages rows (ULID first 10 chars = ms since epoch; created_at_unix = floor(ms/1000))"
    echo
    echo "Content shown with a real newline as \\n and a real TAB as \\t."
    echo
    rowinfo "pipe cell" "WHERE content = 'a | b | c'"
    rowinfo "multi-line cell" "WHERE content LIKE E'%\\n%'"
    rowinfo "first workload row" "WHERE content LIKE 'workload%' ORDER BY id"
    # the workload row written right after the SHARE lock was released (largest gap to its predecessor)
    rowinfo "first row after the lock (largest gap)" "WHERE id = (SELECT id FROM (SELECT id, ulid_ms(id) - lag(ulid_ms(id)) OVER (ORDER BY id) AS gap FROM messages WHERE content LIKE 'workload%') s ORDER BY gap DESC NULLS LAST LIMIT 1)"
    echo
    echo "Largest gap between consecutive workload ULIDs (the writer sat behind the lock): $(Q "SELECT max(gap) FROM (SELECT ulid_ms(id) - lag(ulid_ms(id)) OVER (ORDER BY id) AS gap FROM messages WHERE content LIKE 'workload%') s") ms."
    echo "Lock captures taken at about $LOCK_CAPTURE_UTC (UTC)."
    echo
    echo "### \\watch title lines (verbatim)"
    echo
    for f in watch/watch_tz_utc.txt watch/watch_tz_berlin.txt watch/watch_tz_berlin_pgtz.txt watch/watch_prefixed_utc.txt; do
        echo "$f:"
        echo '```'
        grep '(every 1s)' "$f"
        echo '```'
    done
    echo "First now() cell of each watch file: $(for f in watch/watch_tz_utc.txt watch/watch_tz_berlin.txt watch/watch_tz_berlin_pgtz.txt; do printf '%s `%s`  ' "$f" "$(grep -m1 -oE '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+[+-][0-9]{2}' "$f")"; done)"
    echo
    echo "watch/shell_loop_count.txt (verbatim):"
    echo '```'
    cat watch/shell_loop_count.txt
    echo '```'
    echo
    echo "### Lock rows with granted = f (aligned/pg_locks_during_lock.txt, verbatim)"
    echo
    echo '```'
    grep -E '^ *[a-z]+ *\| *[A-Za-z]+Lock *\| f ' aligned/pg_locks_during_lock.txt || true
    echo '```'
    echo "SHARE lock holder row(s):"
    echo '```'
    grep -E '\| ShareLock +\| t +\| messages' aligned/pg_locks_during_lock.txt || true
    echo '```'
    echo
    echo "### pg_stat_activity summary (aligned/pg_stat_activity_summary.txt, verbatim)"
    echo
    echo '```'
    cat aligned/pg_stat_activity_summary.txt
    echo '```'
    echo
    echo "### NULL vs '' (guild_members)"
    echo
    echo "Default (NULL and '' both print as nothing) — aligned/guild_members.txt:"
    echo '```'
    cat aligned/guild_members.txt
    echo '```'
    echo "With \\pset null '(null)' — aligned/guild_members_null.txt:"
    echo '```'
    cat aligned/guild_members_null.txt
    echo '```'
    echo "guild_members role NULL: $(Q "SELECT string_agg('(' || guild_id || ', ' || user_id || ')', ' ' ORDER BY guild_id, user_id) FROM guild_members WHERE role IS NULL"); role '': $(Q "SELECT string_agg('(' || guild_id || ', ' || user_id || ')', ' ' ORDER BY guild_id, user_id) FROM guild_members WHERE role = ''")."
    echo
    echo "messages content '': id \`$(Q "SELECT id FROM messages WHERE content = ''")\`; content NULL: id \`$(Q "SELECT id FROM messages WHERE content IS NULL")\`."
    echo "In messages: one content is '' (g2/c3/u4, seeded 5th) and one is NULL (g2/c3/u1, seeded 6th); csv/messages.csv shows both as an empty field (psql --csv does not distinguish them), the COPY dump shows \`\\N\` vs an empty field, the INSERT dumps show NULL vs ''."
} >"$GEN"

[ -f README.md ] || die "README.md missing"
grep -q '^<!-- BEGIN GENERATED -->$' README.md || die "README.md has no GENERATED markers"
awk -v gen="$GEN" '
    /^<!-- BEGIN GENERATED -->$/ { print; while ((getline l < gen) > 0) print l; skip = 1; next }
    /^<!-- END GENERATED -->$/   { skip = 0 }
    !skip { print }
' README.md >"$TMP/README.md"
cat "$TMP/README.md" >README.md

for f in "$TMP"/*.err; do
    if [ -s "$f" ]; then log "stderr from $(basename "$f"):"; sed 's/^/    /' "$f" >&2; fi
done
log "done: $(du -sh . | cut -f1) in $(find . -type f | wc -l) files"
