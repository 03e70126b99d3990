-- pg_stat_activity captures per interval ?3: the most backends active, the
-- most of them waiting (a wait event other than Client or Activity, the
-- idle kinds), and the most backends of any state, in any capture of the
-- interval, and how many captures the interval holds. A capture that groups rows
-- (a "count" column, e.g. SELECT state, wait_event_type, count(*) ...)
-- counts each row that many times.
WITH s AS (
	SELECT id, capture_us,
		(SELECT key FROM json_each(columns_json) WHERE value = 'state') AS i_state,
		(SELECT key FROM json_each(columns_json) WHERE value = 'wait_event_type') AS i_wait,
		(SELECT key FROM json_each(columns_json) WHERE value = 'count') AS i_count
	FROM snapshot
	WHERE shape = 'pg_stat_activity' AND capture_us IS NOT NULL
	  AND (?1 IS NULL OR capture_us >= ?1) AND (?2 IS NULL OR capture_us < ?2)
), per_capture AS (
	SELECT s.capture_us,
		coalesce(sum(CASE WHEN json_extract(r.cells_json, ('$[' || s.i_state || ']')) = 'active'
			THEN coalesce(CAST(json_extract(r.cells_json, ('$[' || s.i_count || ']')) AS INTEGER), 1)
			ELSE 0 END), 0) AS active,
		coalesce(sum(CASE WHEN json_extract(r.cells_json, ('$[' || s.i_state || ']')) = 'active'
			AND coalesce(json_extract(r.cells_json, ('$[' || s.i_wait || ']')), '')
				NOT IN ('', 'Client', 'Activity')
			THEN coalesce(CAST(json_extract(r.cells_json, ('$[' || s.i_count || ']')) AS INTEGER), 1)
			ELSE 0 END), 0) AS waiting,
		coalesce(sum(CASE WHEN r.snapshot_id IS NULL THEN 0
			ELSE coalesce(CAST(json_extract(r.cells_json, ('$[' || s.i_count || ']')) AS INTEGER), 1)
			END), 0) AS backends
	FROM s LEFT JOIN snapshot_row r ON r.snapshot_id = s.id
	GROUP BY s.id
)
SELECT capture_us / ?3 * ?3 AS t, max(active), max(waiting), max(backends), count(*)
FROM per_capture GROUP BY 1 ORDER BY 1
