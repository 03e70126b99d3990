# caddy-rejects.bash - testdata/caddy/malformed/bad-lines.log: what each bad
# line gives (see testdata/caddy/README.md), sourced by caddy.sh with $DB4.
check "malformed summary" "analyze: $C/malformed/bad-lines.log: 3 records, 6 rejects, 0 lines already seen (caddy); 1 warning (above)" "$(tail -n 1 <<<"$err")"
# 6 of its 10 lines rejected, each for its own reason: the first is named
check "malformed: most lines rejected, a warning" "analyze: warning: $C/malformed/bad-lines.log: 6 of 10 lines rejected as caddy; most often (1): truncated JSON" \
	"$(grep 'warning:' <<<"$err")"
# the first rejects are named on stderr as file:line: reason (issue 17)
check "malformed: first rejects named" "$(q "$DB4" "SELECT group_concat('analyze: $C/malformed/bad-lines.log:' || line || ': ' || reason, '~') FROM (SELECT * FROM reject ORDER BY id LIMIT 3)")" \
	"$(head -n 3 <<<"$err" | paste -sd '~')"
check "good lines kept" "1 6 10" "$(q "$DB4" "SELECT group_concat(line, ' ') FROM (SELECT line FROM request ORDER BY line)")"
check "reject reasons" "2|truncated JSON
3|field 'status' is not an integer
4|missing field 'request.method'
7|invalid UTF-8
8|invalid JSON: unexpected character where a value belongs at byte 1
9|line longer than 1048576 bytes" "$(q "$DB4" 'SELECT line, reason FROM reject ORDER BY line')"
check "non-JSON excerpt" "panic: runtime error: this is not JSON at all" "$(q "$DB4" 'SELECT excerpt FROM reject WHERE line = 8')"
check "over-long excerpt is short" 1 "$(q "$DB4" 'SELECT length(excerpt) < 300 FROM reject WHERE line = 9')"
check "source counts" "3|6" "$(q "$DB4" 'SELECT records, rejects FROM source')"
