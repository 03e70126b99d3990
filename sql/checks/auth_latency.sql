-- The authentication path: authenticate_with_token timing totals.
WITH t AS (
	SELECT p.ms, s.path, e.line
	FROM window_event w JOIN phase p ON p.event_id = w.id JOIN event e ON e.id = w.id
	JOIN source s ON s.id = e.source_id
	WHERE w.name_id = (SELECT id FROM text_value
			   WHERE value = 'debug.auth.authenticate_with_token.timing')
	  AND p.phase_id = (SELECT id FROM text_value WHERE value = 'total')
)
SELECT CASE WHEN count(*) = 0 THEN 'UNKNOWN' WHEN max(ms) >= 1000 THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN count(*) = 0 THEN 'no authenticate_with_token timing events'
	ELSE printf('%d token checks, slowest %.0f ms', count(*), max(ms)) END,
	path, line
FROM t
