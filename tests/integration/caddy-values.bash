# caddy-values.bash - exact values of chosen rows of testdata/caddy/access.log
# (line numbers from testdata/caddy/README.md), sourced by caddy.sh with $DB
# holding that file ingested with --strip-prefix /api.

row() { q "$DB" "SELECT $2 FROM request_v WHERE line = $1"; }

# line 1: the first request, GET /health
check "l1 times" "1795994472423689|1795994472428380|4691" "$(row 1 'start_us, end_us, duration_us')"
check "l1 fields" "GET|127.0.0.1:18080|/health|/health||HTTP/1.1|200|2|127.0.0.1|56356" \
	"$(row 1 'method, host, uri, route, query, proto, status, size, remote_ip, remote_port')"
check "l1 client" "203.0.113.7|||Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0" \
	"$(row 1 'cf_connecting_ip, x_forwarded_for, x_real_ip, user_agent')"
check "l1 request id from the response" "f5f6f7d3-4b9c-42fa-8e53-bac3faa167e6" "$(row 1 request_id)"
check "l1 no client_ip in Caddy 2.6" "" "$(row 1 client_ip)"

# line 3: POST with ULIDs in the path, incoming X-Forwarded-For
check "l3 route" "/api/guilds/01HZX3K7Q8W2N5R4T6Y9B1C3D5/channels/01HZX3M0A2B4C6D8E0F1G2H3J4/messages|/guilds/{id}/channels/{id}/messages" \
	"$(row 3 'path, route')"
check "l3 forwarded" "203.0.113.42|10.0.0.5, 203.0.113.42|201" "$(row 3 'cf_connecting_ip, x_forwarded_for, status')"

# line 74: the password in the query is redacted, the path kept
check "l74 redacted" "/api/auth/login?password=REDACTED|password=REDACTED|/auth/login|2001:db8::17" \
	"$(row 74 'uri, query, route, x_real_ip')"
# line 78: the XSS probe is stored as it came (escaping is the report's job)
check "l78 user agent" "<script>alert(1)</script>" "$(row 78 user_agent)"
check "l79 non-ASCII user agent" "Mozilla/5.0 (ünïcode ✓)" "$(row 79 user_agent)"
check "l80 no Cf-Connecting-Ip" "1" "$(row 80 'cf_connecting_ip IS NULL')"
# line 81: the incoming id, propagated back in the response
check "l81 propagated id" "0b6f3c52-8d1e-4f7a-9b2c-3e4d5f6a7b8c" "$(row 81 request_id)"
# line 82: a header sent twice is joined
check "l82 repeated header" "10.1.1.1, 10.2.2.2" "$(row 82 x_forwarded_for)"
# line 83: the slow request; ts is its end, ts - duration its start
check "l83 slow" "1795994477465410|1795994478967610|1502200|/slow/report" \
	"$(row 83 'start_us, end_us, duration_us, route')"
# line 84: Caddy's own 504 has no upstream request id
check "l84 gateway timeout" "504|3000837|1" "$(row 84 'status, duration_us, request_id IS NULL')"
check "l86 client gave up" "0|0|502635" "$(row 86 'status, size, duration_us')"
check "l101 502 while upstream down" "502|1" "$(row 101 'status, request_id IS NULL')"
check "statuses" "0:1 200:91 201:15 204:12 404:13 408:6 429:4 500:1 502:6 504:1" \
	"$(q "$DB" "SELECT group_concat(status || ':' || n, ' ') FROM (SELECT status, count(*) n FROM request GROUP BY status ORDER BY status)")"

# the other time and duration forms
DBF=$WORK/forms.db
"$ANALYZE" ingest -q --db "$DBF" "$C/access-iso8601.log" "$C/access-nano.log"
check "iso8601 ts with +0100 offset" "1795994486383000" \
	"$(q "$DBF" "SELECT end_us FROM request r JOIN source s ON s.id = r.source_id WHERE s.path LIKE '%iso8601.log' AND line = 1")"
check "string duration" "1501254|/api/slow/report" \
	"$(q "$DBF" "SELECT duration_us, uri FROM request r JOIN source s ON s.id = r.source_id WHERE s.path LIKE '%iso8601.log' AND line = 19")"
check "unix_nano ts and nano duration" "1795994491795774|1344|1795994491794430" \
	"$(q "$DBF" "SELECT end_us, duration_us, start_us FROM request r JOIN source s ON s.id = r.source_id WHERE s.path LIKE '%nano.log' AND line = 1")"
check "nano slow request" "1501236" \
	"$(q "$DBF" "SELECT duration_us FROM request r JOIN source s ON s.id = r.source_id WHERE s.path LIKE '%nano.log' AND line = 19")"

# Caddy's other loggers are proxy events, redacted, not rejects
DBP=$WORK/process.db
"$ANALYZE" ingest -q --db "$DBP" "$C/caddy-process.log"
check "proxy events" "24|0|0" "$(q "$DBP" 'SELECT (SELECT count(*) FROM proxy_event), (SELECT count(*) FROM request), (SELECT count(*) FROM reject)')"
check "upstream errors" "7" "$(q "$DBP" "SELECT count(*) FROM proxy_event WHERE logger = 'http.log.error.log0'")"
check "unnamed root logger" "5" "$(q "$DBP" 'SELECT count(*) FROM proxy_event WHERE logger IS NULL')"
check "502 error line" "error|dial tcp 127.0.0.1:18090: connect: connection refused|1795994485189943" \
	"$(q "$DBP" 'SELECT level, msg, ts_us FROM proxy_event WHERE line = 14')"
check "error line keeps its request" 1 \
	"$(q "$DBP" "SELECT json_extract(fields_json, '\$.request.headers.Cf-Connecting-Ip[0]') = '203.0.113.99' FROM proxy_event WHERE line = 14")"
