#!/usr/bin/env bash
# bench_all.sh BUILD_DIR [RUNS] - every row of the "fast at scale" table in
# one go, each as the median of RUNS (default 3) beside yajl's json_verify
# over the same input in the same go: Caddy and tracing ingest (speed as a
# share of json_verify's, peak RSS, database size against the input), the
# report over 1 M requests + 1.5 M events (ids, noids, writes; time as a
# multiple of json_verify over 1 GB of Caddy log), the nightly increment
# (the second half of a log into a database holding the first half, against
# a fresh ingest of that half) and the one-shot `analyze report.html` over
# 1 GB (BENCH_MB) of Caddy log and its server's tracing log. Machines are shared and
# noisy: read the ratios. Needs some 10 GB of disk under BUILD_DIR/bench.
set -euo pipefail
build=${1:?usage: bench_all.sh BUILD_DIR [RUNS]}
runs=${2:-3}
mb=${BENCH_MB:-1000}                    # smaller for a quick try: BENCH_MB=20 BENCH_REQUESTS=20000
requests=${BENCH_REQUESTS:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=$build/tests/bench
data=$build/bench
work=$data/all
mkdir -p "$work"
. "$here/lib.sh"
analyze=$build/analyze

# the inputs: the same files bench_ingest.sh makes, and a tracing log
# whose request ids are the Caddy log's (bench_ids.h), for the one shot
caddy=$data/caddy-${mb}m.log
tracing=$data/tracing-${mb}m.log
matched=$data/tracing-matched-${mb}m.log
[ -s "$caddy" ] || "$bench/gen_caddy" "$root/testdata/caddy/access.log" $((mb * 1000000)) >"$caddy"
[ -s "$tracing" ] || "$bench/gen_tracing" $((mb * 1000000 / 620)) >"$tracing"
[ -s "$matched" ] || "$bench/gen_tracing" "$(wc -l <"$caddy")" >"$matched"
half=$(($(wc -l <"$caddy") / 2))
first=$work/first-${mb}m.log second=$work/second-${mb}m.log     # the halves of this size
[ -s "$first" ] || head -n "$half" "$caddy" >"$first"
[ -s "$second" ] || tail -n +$((half + 1)) "$caddy" >"$second"
fresh_db "$work/first.db"
"$analyze" ingest -q --db "$work/first.db" --strip-prefix /api "$first"
size() { stat -L -c %s "$1"; }      # -L: a log may be a link to a shared copy

rm -f "$work"/*.times
for i in $(seq "$runs"); do
	time_of jv_caddy sh -c "json_verify -q -s <'$caddy'"
	time_of jv_tracing sh -c "json_verify -q -s <'$tracing'"
	time_of jv_both sh -c "json_verify -q -s <'$caddy' && json_verify -q -s <'$matched'"
	for f in caddy tracing; do
		fresh_db "$work/$f.db"
		eval "log=\$$f"
		time_of "ingest_$f" "$analyze" ingest -q --db "$work/$f.db" --strip-prefix /api "$log"
	done
	cp "$work/first.db" "$work/inc.db"
	rm -f "$work/inc.db-wal" "$work/inc.db-shm"
	time_of increment "$analyze" ingest -q --db "$work/inc.db" --strip-prefix /api "$second"
	fresh_db "$work/half.db"
	time_of half "$analyze" ingest -q --db "$work/half.db" --strip-prefix /api "$second"
	fresh_db "$work/oneshot.db"
	time_of oneshot "$analyze" "$work/oneshot.html" --db "$work/oneshot.db" --strip-prefix /api \
		-q "$caddy" "$matched"
done
for v in ids noids writes; do
	"$here/bench_report.sh" "$build" "$requests" "$runs" "$v" >"$work/report_$v.out"
done

# ratio A B: A / B to two places
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { printf '%-34s %9s %9s %9s %9s  %s\n' "$@"; }
jvc=$(wall jv_caddy)
row what wall_s x_jv peak_MB db/input target
for f in caddy tracing; do
	eval "log=\$$f"
	row "$f ingest ($(($(size "$log") / 1000000)) MB)" "$(wall "ingest_$f")" \
		"$(ratio "$(wall "jv_$f")" "$(wall "ingest_$f")")" "$(rss_mb "ingest_$f")" \
		"$(ratio "$(size "$work/$f.db")" "$(size "$log")")" \
		"$([ $f = caddy ] && echo 'x_jv >= 0.7' || echo 'x_jv >= 0.5, db <= 0.40, <= 64 MB')"
done
for v in ids noids writes; do
	line=$(grep '^report:' "$work/report_$v.out")
	w=$(sed 's/.*median \([0-9.]*\) s.*/\1/' <<<"$line")
	m=$(sed 's/.*RSS \([0-9.]*\) MB.*/\1/' <<<"$line")
	row "report $requests requests ($v)" "$w" "$(ratio "$w" "$jvc")" "$m" - \
		"$([ $v = ids ] && echo '<= 5 s (<= 1.5 x jv_caddy), <= 64 MB' || echo '<= 8 s')"
done
row "nightly increment (2nd half)" "$(wall increment)" "$(ratio "$(wall increment)" "$(wall half)")" \
	"$(rss_mb increment)" - "<= 1.1 x a fresh ingest of the half ($(wall half) s)"
row "one shot report.html (2 logs)" "$(wall oneshot)" "$(ratio "$(wall oneshot)" "$(wall jv_both)")" \
	"$(rss_mb oneshot)" - "<= 15 s (<= 2.5 x jv of both: $(wall jv_both) s)"
echo "(x_jv: ingest rows are json_verify's time / ours, higher is faster; report and one-shot rows are ours / json_verify's, lower is faster; the increment row is ours / a fresh ingest)"
