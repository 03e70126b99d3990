-- Proxy vs backend: the time Caddy measured against the server's own total
-- for the same request. Far apart: the time went between them (queueing,
-- the network, the proxy). Row: verdict, summary, evidence source, line.
WITH pairs AS (
	SELECT r.duration_us / 1000.0 - p.ms AS gap_ms, s.path, r.line
	FROM link l
	JOIN phase p ON p.event_id = l.event_id AND p.phase = 'total'
	JOIN request r ON r.id = l.request_row
	JOIN source s ON s.id = r.source_id
	WHERE r.status < 400
)
SELECT CASE WHEN count(*) = 0 THEN 'UNKNOWN' WHEN max(gap_ms) >= 1000 THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN count(*) = 0 THEN 'no server timing event is linked to a proxy request'
	ELSE printf('%d requests: the proxy''s duration exceeds the server''s total by %.0f ms at most',
		    count(*), max(gap_ms)) END,
	path, line
FROM pairs
