-- A request that shares no identifier with any row may still have made one:
-- when a row is the only one of its table written in the request's window,
-- and that request is the only such claimant of the row. Low confidence
-- (0.5). ?1: time tolerance, ?2: the longest request. Counted by grouping, not by
-- a correlated count per candidate (quadratic in them).
WITH cand AS MATERIALIZED (
	SELECT dw.id AS dw_id, r.id AS r_id, dw.table_name AS tbl
	FROM db_write dw
	JOIN window_request w ON w.start_us BETWEEN dw.written_us - ?2 - ?1 AND dw.written_us + dw.resolution_us + ?1
		AND w.end_us >= dw.written_us - ?1
	JOIN request r ON r.id = w.id
	WHERE w.method IN ('POST', 'PUT', 'PATCH', 'DELETE')
	  AND NOT EXISTS (SELECT 1 FROM write_link wl WHERE wl.request_row = r.id)
	  AND NOT EXISTS (SELECT 1 FROM write_link wl WHERE wl.db_write_id = dw.id)
), per_table AS (
	SELECT r_id, tbl, count(*) AS n FROM cand GROUP BY r_id, tbl
), single AS MATERIALIZED (
	SELECT c.* FROM cand c JOIN per_table p ON p.r_id = c.r_id AND p.tbl IS c.tbl
	WHERE p.n = 1
)
INSERT OR IGNORE INTO write_link (db_write_id, request_row, method, shared, confidence)
SELECT dw_id, r_id, 'single_candidate', NULL, 0.5 FROM single
WHERE dw_id IN (SELECT dw_id FROM single GROUP BY dw_id HAVING count(*) = 1)
ORDER BY dw_id, r_id
