# lib.sh - what the benchmarks share: timing a command with its peak RSS,
# and medians. Sourced; expects $bench (the built helpers) and $work.

# time_of NAME CMD...: runs CMD, appends "wall_s rss_kb" to $work/NAME.times
time_of() {
	local name=$1
	shift
	"$bench/peak_rss" "$@" 2>"$work/.t" >/dev/null
	tail -1 "$work/.t" | sed 's/wall_s=\([0-9.]*\) peak_rss_kb=\([0-9]*\)/\1 \2/' >>"$work/$name.times"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# wall NAME, rss_mb NAME: the medians of what time_of recorded
wall() { cut -d' ' -f1 "$work/$1.times" | median; }
rss_mb() { cut -d' ' -f2 "$work/$1.times" | median | awk '{printf "%.1f", $1 / 1024}'; }

# fresh_db PATH: no database (nor its WAL) at PATH
fresh_db() { rm -f "$1" "$1-wal" "$1-shm"; }
