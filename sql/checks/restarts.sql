-- Restarts and gaps in the server log: start lines (a start logs several:
-- db.init, "listening") more than 5 s after the log began and after any
-- earlier start line, and silences longer than ?1 µs while the proxy kept
-- logging requests. Row: verdict, summary, evidence source, line.
WITH starts AS (
	SELECT e.ts_us, e.source_id, e.line FROM window_event w JOIN event e ON e.id = w.id
	WHERE w.is_start = 1
), restarts AS (
	SELECT * FROM starts s1
	WHERE s1.ts_us > (SELECT ts_us FROM window_event ORDER BY rowid LIMIT 1) + 5000000
	  AND NOT EXISTS (SELECT 1 FROM starts s2 WHERE s2.ts_us < s1.ts_us
			  AND s2.ts_us >= s1.ts_us - 5000000)
), gaps AS (
	SELECT b.id, a.ts_us AS prev, b.ts_us
	FROM window_event a JOIN window_event b ON b.rowid = a.rowid + 1   -- in time order
	WHERE b.ts_us - a.ts_us > ?1
	  AND EXISTS (SELECT 1 FROM window_request wr WHERE wr.end_us BETWEEN a.ts_us AND b.ts_us)
), first AS (
	SELECT source_id, line FROM restarts
	UNION ALL
	SELECT e.source_id, e.line FROM gaps JOIN event e ON e.id = gaps.id
	LIMIT 1
)
SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM window_event) THEN 'UNKNOWN'
	WHEN (SELECT count(*) FROM restarts) + (SELECT count(*) FROM gaps) > 0 THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN NOT EXISTS (SELECT 1 FROM window_event) THEN 'no server log'
	ELSE printf('%d restart%s, %d gap%s over %d s in the server log while requests went on',
		    (SELECT count(*) FROM restarts), iif((SELECT count(*) FROM restarts) = 1, '', 's'),
		    (SELECT count(*) FROM gaps), iif((SELECT count(*) FROM gaps) = 1, '', 's'),
		    ?1 / 1000000) END,
	(SELECT s.path FROM first JOIN source s ON s.id = first.source_id),
	(SELECT line FROM first)
