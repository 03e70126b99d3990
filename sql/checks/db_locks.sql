-- Lock waits: pg_locks rows not granted, pg_stat_activity rows waiting on Lock.
WITH caps AS (
	SELECT s.id, s.source_id, s.shape, s.columns_json FROM snapshot s
	WHERE s.shape IN ('pg_locks', 'pg_stat_activity')
), waits AS (
	SELECT c.source_id, r.line
	FROM caps c JOIN snapshot_row r ON r.snapshot_id = c.id
	WHERE (c.shape = 'pg_locks' AND json_extract(r.cells_json, '$[' ||
		(SELECT key FROM json_each(c.columns_json) WHERE value = 'granted') || ']') IN ('f', 'false'))
	   OR (c.shape = 'pg_stat_activity' AND json_extract(r.cells_json, '$[' ||
		(SELECT key FROM json_each(c.columns_json) WHERE value = 'wait_event_type') || ']') = 'Lock')
), first_wait AS (
	SELECT src.path, waits.line FROM waits JOIN source src ON src.id = waits.source_id
	ORDER BY waits.source_id, waits.line LIMIT 1
)
SELECT CASE WHEN (SELECT count(*) FROM caps) = 0 THEN 'UNKNOWN'
	WHEN n > 0 THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN (SELECT count(*) FROM caps) = 0 THEN 'no pg_locks or pg_stat_activity captures'
	WHEN n > 0 THEN printf('%d captured rows waiting on a lock', n)
	ELSE printf('%d captures, no lock waits', (SELECT count(*) FROM caps)) END,
	(SELECT path FROM first_wait), (SELECT line FROM first_wait)
FROM (SELECT count(*) AS n FROM waits)
