-- Proxy vs backend: the duration Caddy logged against the latency the
-- server's own trace layer logged for the same request ("finished
-- processing request", latency "60 ms"). Where they differ by a second or
-- more for a share of requests, the time went between the two hops.
-- Row: verdict, summary, evidence source, line.
WITH server AS (
	SELECT l.request_row, e.line, e.source_id,
		CAST(json_extract(e.fields_json, '$.latency') AS REAL) *
		CASE WHEN json_extract(e.fields_json, '$.latency') LIKE '%µs' THEN 0.001
		     WHEN json_extract(e.fields_json, '$.latency') LIKE '%ns' THEN 0.000001
		     WHEN json_extract(e.fields_json, '$.latency') LIKE '%ms' THEN 1
		     WHEN json_extract(e.fields_json, '$.latency') LIKE '%s' THEN 1000
		     ELSE 1 END AS latency_ms
	FROM link l JOIN event e ON e.id = l.event_id
	WHERE e.message = 'finished processing request' AND json_extract(e.fields_json, '$.latency') IS NOT NULL
), pairs AS (
	SELECT r.duration_us / 1000.0 - server.latency_ms AS gap_ms, s.path, r.line
	FROM server JOIN request r ON r.id = server.request_row JOIN source s ON s.id = r.source_id
), worst AS (
	SELECT path, line FROM pairs ORDER BY gap_ms DESC LIMIT 1
)
SELECT CASE WHEN n = 0 THEN 'UNKNOWN'
	WHEN slow >= 3 AND slow * 20 >= n THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN n = 0 THEN 'no server request latency linked to a proxy request'
	ELSE printf('%d requests: %d took a second or more longer at the proxy than in the server (at most %.0f ms)',
		    n, slow, top) END,
	(SELECT path FROM worst), (SELECT line FROM worst)
FROM (SELECT count(*) AS n, sum(gap_ms >= 1000) AS slow, max(gap_ms) AS top FROM pairs)
