-- Restarts and gaps in the server log: start lines (a start logs several:
-- db.init, "listening") more than 5 s after the log began and after any
-- earlier start line, and silences longer than ?1 µs while the proxy kept
-- logging requests.
WITH ev AS (
	SELECT e.ts_us, e.is_start, s.path, e.line
	FROM window_event w JOIN event e ON e.id = w.id JOIN source s ON s.id = e.source_id
), starts AS (
	SELECT * FROM ev e1 WHERE is_start = 1 AND ts_us > (SELECT min(ts_us) FROM ev) + 5000000
	  AND NOT EXISTS (SELECT 1 FROM ev e2 WHERE e2.is_start = 1 AND e2.ts_us < e1.ts_us
			  AND e2.ts_us >= e1.ts_us - 5000000)
), gaps AS (
	SELECT ts_us - prev AS gap, ts_us, path, line FROM (
		SELECT ts_us, lag(ts_us) OVER (ORDER BY ts_us) AS prev, path, line FROM ev)
	WHERE ts_us - prev > ?1
	  AND EXISTS (SELECT 1 FROM window_request wr JOIN request r ON r.id = wr.id
		      WHERE r.end_us BETWEEN prev AND ts_us)
)
SELECT CASE WHEN (SELECT count(*) FROM ev) = 0 THEN 'UNKNOWN'
	WHEN (SELECT count(*) FROM starts) + (SELECT count(*) FROM gaps) > 0 THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN (SELECT count(*) FROM ev) = 0 THEN 'no server log'
	ELSE printf('%d restarts, %d gaps over %d s in the server log while requests went on',
		    (SELECT count(*) FROM starts), (SELECT count(*) FROM gaps), ?1 / 1000000) END,
	coalesce((SELECT path FROM starts LIMIT 1), (SELECT path FROM gaps LIMIT 1)),
	coalesce((SELECT line FROM starts LIMIT 1), (SELECT line FROM gaps LIMIT 1))
