#!/usr/bin/env bash
# Regenerates the \pset border 0 / 2, linestyle unicode and tuples-only (-t)
# captures in this directory with the real psql 15: the messages table of
# ../csv/messages.csv (itself a capture of ../make.sh's cluster, loaded back
# unchanged: NULL and '' kept apart by psql's CSV) in a throwaway PostgreSQL
# 15 cluster, then printed in each style. The rows are those of ../aligned/messages.txt, so the tests can ask
# for the same cells.
#
# Usage: bash make.sh        (as root: initdb/pg_ctl run as the postgres user)
set -euo pipefail
cd "$(dirname "$0")"

. ../cluster.sh
cluster_start border 15433

P() { "$PGBIN/psql" -X -v ON_ERROR_STOP=1 "$@"; }
P -q -c "CREATE TABLE messages (id TEXT PRIMARY KEY, guild_id TEXT, channel_id TEXT,
	author_id TEXT, content TEXT, created_at_unix BIGINT NOT NULL)"
P -q -c "\\copy messages FROM '../csv/messages.csv' CSV HEADER"

MQ="SELECT * FROM messages ORDER BY id"
P -P border=2 -c "$MQ" >messages_border2.txt
# wrapped needs the headers to fit in `columns` (see ../make.sh): three columns
P -P border=2 -P format=wrapped -P columns=60 \
	-c "SELECT id, content, created_at_unix FROM messages ORDER BY id" >messages_border2_wrapped_60.txt
P -P border=0 -c "$MQ" >messages_border0.txt
# \pset linestyle unicode: the same rows drawn with box characters
for b in 0 1 2; do
	P -P border=$b -P linestyle=unicode -c "$MQ" >messages_unicode_border$b.txt
done
P -P linestyle=unicode -P format=wrapped -P columns=60 \
	-c "SELECT id, content, created_at_unix FROM messages ORDER BY id" >messages_unicode_wrapped_60.txt
# tuples only (-t): the rows without header or footer; with -e the echoed
# query names the columns
P -t -c "$MQ" >messages_t.txt
P -t -e -c "SELECT id, guild_id, channel_id, author_id, content, created_at_unix AS created FROM messages ORDER BY id" \
	>messages_t_echo.txt
echo "make.sh: wrote $(ls ./*.txt | wc -l) captures" >&2
