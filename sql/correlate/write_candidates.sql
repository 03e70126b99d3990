-- Rows a writing request may have made, for the assignment (db_writes.c)
-- to choose from: its window (widened by the tolerance ?1; ?2 is the
-- coarsest write-time resolution) meets the row's write time,
-- which lies in [written_us, written_us + resolution), and an identifier of
-- its path is a value of the row. When a request has several candidates it
-- keeps those of the table its path names (POST .../messages writes
-- messages), then those sharing its deepest identifier (the channel beats
-- the guild): write_candidates.c keeps those as the rows stream, a
-- request at a time (a correlated max() over the candidates was quadratic
-- in them; grouping, joining back or a window function sorted them all).
-- A row's identifiers are read out of its JSON once (vals), not once for
-- every request of its time. What the
-- result needs of the request and the row rides along in cand: joining back
-- to db_write chose a scan of it per request. The requests are
-- read once in rowid order and each looks up the few rows of its time
-- (db_write_by_time): driven from the rows, each row re-read thousands of
-- requests at random from a TEMP table bigger than the cache.
WITH vals AS MATERIALIZED (
	SELECT dw.id AS dw_id, j.value AS value, '/' || j.value || '/' AS seg
	FROM db_write dw
	CROSS JOIN json_each(dw.row_json) j
	WHERE j.type = 'text' AND length(j.value) >= 4
), cand AS (
	SELECT dw.id AS dw_id, w.id AS r_id, j.value AS shared, w.start_us, w.end_us, w.route,
		dw.table_name, dw.written_us, dw.resolution_us,
		instr(w.p, j.seg) AS depth,
		coalesce(instr(w.p, '/' || dw.table_name || '/') > 0, 0) AS named
	FROM (SELECT id, path || '/' AS p, start_us, end_us, route FROM window_request
	      WHERE method IN ('POST', 'PUT', 'PATCH', 'DELETE')) w
	CROSS JOIN db_write dw ON dw.written_us BETWEEN w.start_us - ?2 - ?1 AND w.end_us + ?1
		AND w.start_us <= dw.written_us + dw.resolution_us + ?1
	CROSS JOIN vals j ON j.dw_id = dw.id
	WHERE instr(w.p, j.seg) > 0
)
SELECT dw_id, r_id, shared, table_name, written_us, resolution_us, start_us, end_us, route,
	named, depth
FROM cand
ORDER BY r_id   -- as made: the requests are the outer loop, in rowid order
