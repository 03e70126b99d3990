-- Database pool saturation: active backends per pg_stat_activity snapshot
-- (a row per backend, or a summary with a count column), against ?1.
WITH snap AS (
	SELECT s.id, s.source_id, s.line,
		(SELECT key FROM json_each(s.columns_json) WHERE value = 'state') AS state_col,
		(SELECT key FROM json_each(s.columns_json) WHERE value IN ('count', 'n', 'backends')) AS count_col
	FROM snapshot s WHERE s.shape = 'pg_stat_activity'
), active AS (
	SELECT snap.id, snap.source_id, snap.line,
		sum(CASE WHEN json_extract(r.cells_json, '$[' || snap.state_col || ']') = 'active'
			THEN coalesce(CAST(json_extract(r.cells_json, '$[' || snap.count_col || ']') AS INTEGER), 1)
			ELSE 0 END) AS n
	FROM snap JOIN snapshot_row r ON r.snapshot_id = snap.id
	WHERE snap.state_col IS NOT NULL
	GROUP BY snap.id
)
SELECT CASE WHEN (SELECT count(*) FROM snap) = 0 THEN 'UNKNOWN'
	WHEN max(n) >= ?1 THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN (SELECT count(*) FROM snap) = 0 THEN 'no pg_stat_activity captures'
	ELSE printf('%d pg_stat_activity snapshots, at most %d active backends (pool %d)', count(*), max(n), ?1) END,
	(SELECT path FROM source WHERE id = source_id), line
FROM active
