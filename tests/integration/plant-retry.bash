# plant-retry.bash - sourced by incident.sh and kinds.sh: the bundled
# incident has a stalled author who posts again to the same channel 55 s
# later, saying something else (no retry). plant_retry SRC DST FACTS finds
# that pair in SRC's raw rows (the first stalled row of FACTS' post-write
# stalls with a later row of the same author and channel, 10-70 s after),
# copies SRC to DST and gives the later row the first one's content: a
# retry that wrote the same message twice. Sets $first_key and $retry_key.
plant_retry() {
	local src=$1 dst=$2 facts=$3 keys pair
	keys=$(jq -r '[.post_write_stalls[].write.key | "\u0027" + . + "\u0027"] | join(",")' "$facts")
	pair=$(sqlite3 -separator ' ' "$src" "
		SELECT s.key, d.key FROM db_write s JOIN db_write d
		  ON d.table_name = s.table_name AND d.key <> s.key
		 AND json_extract(d.row_json, '\$.channel_id') = json_extract(s.row_json, '\$.channel_id')
		 AND json_extract(d.row_json, '\$.author_id') = json_extract(s.row_json, '\$.author_id')
		 AND d.written_us BETWEEN s.written_us + 10000000 AND s.written_us + 70000000
		WHERE s.key IN ($keys)
		ORDER BY s.written_us, d.written_us LIMIT 1")
	first_key=${pair% *}
	retry_key=${pair#* }
	cp "$src" "$dst"
	[ -n "$pair" ] || return 0
	sqlite3 "$dst" "UPDATE db_write SET row_json = json_set(row_json, '\$.content',
		(SELECT json_extract(row_json, '\$.content') FROM db_write WHERE key = '$first_key'))
		WHERE key = '$retry_key'"
}
