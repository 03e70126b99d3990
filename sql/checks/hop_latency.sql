-- Proxy vs backend: the duration Caddy logged against the latency the
-- server's own trace layer logged for the same request ("finished
-- processing request", latency "60 ms"). Where they differ by a second or
-- more for a share of requests, the time went between the two hops.
-- Row: verdict, summary, evidence source, line.
WITH server AS (
	SELECT l.request_row, json_extract(e.fields_json, '$.latency') AS latency
	FROM link l CROSS JOIN event e ON e.id = l.event_id     -- CROSS: drive from the links
	WHERE e.message_id = (SELECT id FROM text_value WHERE value = 'finished processing request')
), pairs AS MATERIALIZED (
	SELECT r.duration_us / 1000.0 - CAST(latency AS REAL) *
		CASE WHEN latency LIKE '%µs' THEN 0.001
		     WHEN latency LIKE '%ns' THEN 0.000001
		     WHEN latency LIKE '%ms' THEN 1
		     WHEN latency LIKE '%s' THEN 1000
		     ELSE 1 END AS gap_ms,
		r.source_id, r.line
	FROM server JOIN request r ON r.id = server.request_row
	WHERE latency IS NOT NULL
), worst AS (
	SELECT source_id, line FROM pairs ORDER BY gap_ms DESC LIMIT 1
)
SELECT CASE WHEN n = 0 THEN 'UNKNOWN'
	WHEN slow >= 3 AND slow * 20 >= n THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN n = 0 THEN 'no server request latency linked to a proxy request'
	ELSE printf('%d requests: %d took a second or more longer at the proxy than in the server (at most %.0f ms)',
		    n, slow, top) END,
	(SELECT s.path FROM worst JOIN source s ON s.id = worst.source_id), (SELECT line FROM worst)
FROM (SELECT count(*) AS n, sum(gap_ms >= 1000) AS slow, max(gap_ms) AS top FROM pairs)
