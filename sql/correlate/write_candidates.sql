-- Rows a writing request may have made, for the assignment (db_writes.c)
-- to choose from: its window (widened by the tolerance ?1; ?2 is the
-- coarsest write-time resolution) meets the row's write time,
-- which lies in [written_us, written_us + resolution), and an identifier of
-- its path is a value of the row. When a request has several candidates it
-- keeps those of the table its path names (POST .../messages writes
-- messages), then those sharing its deepest identifier (the channel beats
-- the guild). The per-request bests are grouped once and joined back: a
-- correlated max() over the candidates was quadratic in them. What the
-- result needs of the request and the row rides along in cand: joining back
-- to db_write chose a scan of it per request. The requests are
-- read once in rowid order and each looks up the few rows of its time
-- (db_write_by_time): driven from the rows, each row re-read thousands of
-- requests at random from a TEMP table bigger than the cache.
WITH cand AS MATERIALIZED (
	SELECT dw.id AS dw_id, w.id AS r_id, j.value AS shared, w.start_us, w.end_us, w.route,
		dw.table_name, dw.written_us, dw.resolution_us,
		instr(w.path || '/', '/' || j.value || '/') AS depth,
		coalesce(instr(w.path || '/', '/' || dw.table_name || '/') > 0, 0) AS named
	FROM window_request w
	CROSS JOIN db_write dw ON dw.written_us BETWEEN w.start_us - ?2 - ?1 AND w.end_us + ?1
		AND w.start_us <= dw.written_us + dw.resolution_us + ?1
	CROSS JOIN json_each(dw.row_json) j ON j.type = 'text' AND length(j.value) >= 4
	WHERE w.method IN ('POST', 'PUT', 'PATCH', 'DELETE')
	  AND instr(w.path || '/', '/' || j.value || '/') > 0
), most_named AS (
	SELECT r_id, max(named) AS named FROM cand GROUP BY r_id
), named AS MATERIALIZED (
	SELECT c.* FROM cand c JOIN most_named m ON m.r_id = c.r_id AND m.named = c.named
), deepest AS (
	SELECT r_id, max(depth) AS depth FROM named GROUP BY r_id
)
INSERT INTO write_cand
SELECT n.dw_id, n.r_id, n.shared, n.table_name, n.written_us, n.resolution_us,
	n.start_us, n.end_us, n.route
FROM named n JOIN deepest d ON d.r_id = n.r_id AND d.depth = n.depth
GROUP BY n.dw_id, n.r_id
ORDER BY n.dw_id, n.r_id
