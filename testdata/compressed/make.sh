#!/bin/sh
# make.sh - rotated copies of ../caddy/access.log as logrotate's compresscmd
# writes them, made by the real tools (Debian 12: xz-utils 5.4, bzip2 1.0.8,
# zstd 1.5.4), and copies cut part way (a rotation interrupted, a disk full).
# Each holds three copies of the log (450 lines) in two streams back to back
# (lines 1-200, then the rest), as `cat a.xz b.xz`, pbzip2 or a resumed
# compression write them; the cut copies end 75% into the bytes, inside the
# second stream, so the first stream's lines at least are kept.
set -eu
cd "$(dirname "$0")"
cat ../caddy/access.log ../caddy/access.log ../caddy/access.log >lines.tmp
for tool in "xz -9" "bzip2 -1" "zstd -q -19"; do
	ext=${tool%% *}
	[ "$ext" = bzip2 ] && ext=bz2
	[ "$ext" = zstd ] && ext=zst
	head -n 200 lines.tmp | $tool -c >"access.log.1.$ext"
	tail -n +201 lines.tmp | $tool -c >>"access.log.1.$ext"
	size=$(wc -c <"access.log.1.$ext")
	head -c $((size * 3 / 4)) "access.log.1.$ext" >"cut.log.1.$ext"
done
rm lines.tmp
