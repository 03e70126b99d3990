# compressed.sh - rotated copies compressed by xz, bzip2 and zstd (issue 15),
# fixtures in testdata/compressed made by the real tools (make.sh there):
# read by magic bytes, two streams back to back, a resumed source, and a
# cut file that keeps every complete line before the cut (what xzcat,
# bzcat, zstdcat show), names itself and exits 3, night after night.
. "$(dirname "$0")/lib.sh" "$@"

Z=$TESTDATA/compressed
C=$TESTDATA/caddy

# what a row is made of, for the first copy of the log
rows() {
	q "$1" 'SELECT group_concat(line || ":" || start_us || ":" || end_us || ":" || status || ":" || uri, " ") FROM (SELECT * FROM request WHERE line <= 150 ORDER BY line)'
}
"$ANALYZE" ingest --db "$WORK/plain.db" --quiet "$C/access.log"
plain=$(rows "$WORK/plain.db")

for ext in xz bz2 zst; do
	case $ext in
	xz) cat=xzcat name=xz ;;
	bz2) cat=bzcat name=bzip2 ;;
	zst) cat=zstdcat name=zstd ;;
	esac
	DB=$WORK/$ext.db
	run_analyze ingest --db "$DB" "$Z/access.log.1.$ext"
	check "$ext: exit" 0 "$status"
	check "$ext: every line, two streams" "analyze: $Z/access.log.1.$ext: 450 records, 0 rejects, 0 lines already seen (caddy)" "$err"
	check "$ext: the same rows as the plain log" "$plain" "$(rows "$DB")"
	run_analyze ingest --db "$DB" "$Z/access.log.1.$ext"
	check "$ext: a re-run skips it" "analyze: $Z/access.log.1.$ext: unchanged since the last ingest, skipped" "$err"

	# by content, not name: the part already read as a plain file + a tail
	DB=$WORK/$ext-resume.db
	head -n 100 "$C/access.log" >"$WORK/live-$ext.log"
	"$ANALYZE" ingest --db "$DB" --quiet "$WORK/live-$ext.log"
	cp "$Z/access.log.1.$ext" "$WORK/rotated-$ext.dat"
	run_analyze ingest --db "$DB" "$WORK/rotated-$ext.dat"
	check "$ext: magic bytes, not the name; resumed" "analyze: $WORK/rotated-$ext.dat: 350 records, 0 rejects, 100 lines already seen (caddy)" "$err"

	# cut part way: the complete lines before the cut, then exit 3
	DB=$WORK/$ext-cut.db
	kept=$({ $cat "$Z/cut.log.1.$ext" 2>/dev/null || true; } | wc -l)
	run_analyze ingest --db "$DB" "$Z/cut.log.1.$ext" "$C/malformed/bad-lines.log"
	check "$ext cut: exit 3" 3 "$status"
	check "$ext cut: named, with what was kept" 1 \
		"$(grep -c "^analyze: '$Z/cut.log.1.$ext': truncated $name stream (the $kept records before it are kept)\$" <<<"$err")"
	check "$ext cut: what ${cat} shows, whole lines only" "$kept|0" \
		"$(q "$DB" 'SELECT count(*), (SELECT count(*) FROM reject WHERE source_id = 1) FROM request WHERE source_id = 1')"
	check "$ext cut: the next file still read" 1 "$(grep -c "bad-lines.log: 3 records" <<<"$err")"
	run_analyze ingest --db "$DB" "$Z/cut.log.1.$ext"
	check "$ext cut: named again the next night" "3 1" "$status $(grep -c "truncated $name stream" <<<"$err")"
	check "$ext cut: nothing twice" "$kept" "$(q "$DB" 'SELECT count(*) FROM request WHERE source_id = 1')"
	run_analyze ingest --db "$DB" "$Z/access.log.1.$ext"
	check "$ext cut: the whole copy adds the rest" "0 450 1" \
		"$status $(q "$DB" 'SELECT count(*) FROM request WHERE source_id = 1') $(q "$DB" "SELECT count(*) FROM source WHERE path LIKE '%.log.1.$ext'")"
done

finish
