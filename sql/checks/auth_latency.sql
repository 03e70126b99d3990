-- The authentication path: authenticate_with_token timing totals. The
-- narrow rows are added up first (the bare column takes the first slowest
-- in the window's order); only the slowest one's event is read for its
-- file and line.
WITH t AS (
	SELECT count(*) AS n, max(p.ms) AS slowest, w.id AS event_id
	FROM window_event w JOIN phase p ON p.event_id = w.id
	WHERE w.name_id = (SELECT id FROM text_value
			   WHERE value = 'debug.auth.authenticate_with_token.timing')
	  AND p.phase_id = (SELECT id FROM text_value WHERE value = 'total')
)
SELECT CASE WHEN n = 0 THEN 'UNKNOWN' WHEN slowest >= 1000 THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN n = 0 THEN 'no authenticate_with_token timing events'
	ELSE printf('%d token checks, slowest %.0f ms', n, slowest) END,
	s.path, e.line
FROM t
LEFT JOIN event e ON e.id = t.event_id
LEFT JOIN source s ON s.id = e.source_id
