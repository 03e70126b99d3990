-- Fan-out and search-ack backpressure: long dispatch or ack waits in the
-- timing events, and full or closed fan-out queues.
WITH t AS (
	SELECT p.ms, ph.value AS phase, s.path, e.line
	FROM window_event w JOIN phase p ON p.event_id = w.id JOIN event e ON e.id = w.id
	JOIN text_value ph ON ph.id = p.phase_id JOIN source s ON s.id = e.source_id
	WHERE p.phase_id IN (SELECT id FROM text_value WHERE value IN ('dispatch', 'ack_wait'))
), q AS (
	SELECT s.path, e.line FROM window_event w JOIN event e ON e.id = w.id
	JOIN source s ON s.id = e.source_id
	WHERE w.name_id IN (SELECT id FROM text_value WHERE value LIKE 'gateway.%fanout.full_queue'
			    OR value LIKE 'gateway.%fanout.closed')
)
SELECT CASE WHEN count(*) = 0 AND (SELECT count(*) FROM q) = 0 THEN 'UNKNOWN'
	WHEN max(ms) >= 1000 OR (SELECT count(*) FROM q) > 0 THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN count(*) = 0 AND (SELECT count(*) FROM q) = 0 THEN 'no fan-out or search timing events'
	ELSE printf('%d dispatch/ack waits, longest %.0f ms (%s); %d full or closed fan-out queues',
		    count(*), coalesce(max(ms), 0), coalesce(phase, '-'), (SELECT count(*) FROM q)) END,
	coalesce(path, (SELECT path FROM q LIMIT 1)), coalesce(line, (SELECT line FROM q LIMIT 1))
FROM t
