-- Proxy vs backend: the duration Caddy logged against the latency the
-- server's own trace layer logged for the same request ("finished
-- processing request", latency "60 ms": window_event's latency_ms). Where
-- they differ by a second or more for a share of requests, the time went
-- between the two hops.
-- Row: verdict, summary, evidence source, line.
-- The proxy's duration is read off the window's narrow copy of the
-- request, and off the wide row only for a request outside the window
-- (an event's request may have begun before it); the file and line only
-- for the worst pair.
WITH pairs AS MATERIALIZED (
	SELECT coalesce(w.duration_us, (SELECT r.duration_us FROM request r
					WHERE r.id = l.request_row)) / 1000.0 - we.latency_ms AS gap_ms,
		l.request_row, we.id
	FROM window_event we
	JOIN link l ON l.event_id = we.id
	LEFT JOIN window_request w ON w.id = l.request_row
	WHERE we.latency_ms IS NOT NULL
), worst AS (
	SELECT r.source_id, r.line FROM request r
	WHERE r.id = (SELECT request_row FROM pairs ORDER BY gap_ms DESC, id LIMIT 1)  -- ties: the first event
)
SELECT CASE WHEN n = 0 THEN 'UNKNOWN'
	WHEN slow >= 3 AND slow * 20 >= n THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN n = 0 THEN 'no server request latency linked to a proxy request'
	ELSE printf('%d requests: %d took a second or more longer at the proxy than in the server (at most %.0f ms)',
		    n, slow, top) END,
	(SELECT s.path FROM worst JOIN source s ON s.id = worst.source_id), (SELECT line FROM worst)
FROM (SELECT count(*) AS n, sum(gap_ms >= 1000) AS slow, max(gap_ms) AS top FROM pairs)
