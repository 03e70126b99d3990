-- The rows of dated pg_stat_activity and pg_locks captures, a snapshot at a
-- time, with the columns lock waits are read from picked by name (capture
-- scripts name them differently: blocked_by, pg_blocking_pids, ...), those
-- captured in [?1, ?2) (NULL: unbounded).
WITH caps AS (
	SELECT s.id, s.capture_us, s.shape, s.source_id, s.columns_json FROM snapshot s
	WHERE s.shape IN ('pg_stat_activity', 'pg_locks') AND s.capture_us IS NOT NULL
	  AND s.columns_json IS NOT NULL
	  AND (?1 IS NULL OR s.capture_us >= ?1) AND (?2 IS NULL OR s.capture_us < ?2)
), col AS (
	SELECT c.id, j.value AS name, j.key AS ix FROM caps c, json_each(c.columns_json) j
), pick AS (
	SELECT c.*,
		(SELECT min(ix) FROM col WHERE col.id = c.id AND name = 'pid') AS pid,
		(SELECT min(ix) FROM col WHERE col.id = c.id AND name IN ('blocked_by',
			'pg_blocking_pids', 'blocking_pids', 'blocked_by_pids', 'blocking_pid')) AS blocked_by,
		(SELECT min(ix) FROM col WHERE col.id = c.id AND name = 'wait_event_type') AS wait_type,
		(SELECT min(ix) FROM col WHERE col.id = c.id AND name = 'application_name') AS app,
		(SELECT min(ix) FROM col WHERE col.id = c.id AND name = 'state') AS state,
		(SELECT min(ix) FROM col WHERE col.id = c.id AND name = 'query') AS query,
		(SELECT min(ix) FROM col WHERE col.id = c.id AND name IN ('xact_age', 'query_age',
			'age', 'duration', 'wait_age')) AS age,
		(SELECT min(ix) FROM col WHERE col.id = c.id AND name IN ('relname', 'relation',
			'locked_relation', 'table_name')) AS relation,
		(SELECT min(ix) FROM col WHERE col.id = c.id AND name = 'mode') AS mode,
		(SELECT min(ix) FROM col WHERE col.id = c.id AND name = 'granted') AS granted
	FROM caps c
)
SELECT p.id, p.capture_us, p.shape, p.source_id, r.line,
	json_extract(r.cells_json, '$[' || p.pid || ']'),
	json_extract(r.cells_json, '$[' || p.blocked_by || ']'),
	json_extract(r.cells_json, '$[' || p.wait_type || ']'),
	json_extract(r.cells_json, '$[' || p.app || ']'),
	json_extract(r.cells_json, '$[' || p.state || ']'),
	json_extract(r.cells_json, '$[' || p.query || ']'),
	json_extract(r.cells_json, '$[' || p.age || ']'),
	json_extract(r.cells_json, '$[' || p.relation || ']'),
	json_extract(r.cells_json, '$[' || p.mode || ']'),
	json_extract(r.cells_json, '$[' || p.granted || ']')
FROM pick p JOIN snapshot_row r ON r.snapshot_id = p.id
WHERE p.pid IS NOT NULL
ORDER BY p.capture_us, p.id, r.row_no
