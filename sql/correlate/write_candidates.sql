-- Rows a writing request may have made: its window (widened by the
-- tolerance ?1; ?2 is the longest request) meets the row's write time,
-- which lies in [written_us, written_us + resolution), and an identifier of
-- its path is a value of the row. When a request has several candidates it
-- keeps those of the table its path names (POST .../messages writes
-- messages), then those sharing its deepest identifier (the channel beats
-- the guild).
WITH cand AS (
	SELECT dw.id AS dw_id, w.id AS r_id, j.value AS shared,
		instr(w.path || '/', '/' || j.value || '/') AS depth,
		coalesce(instr(w.path || '/', '/' || dw.table_name || '/') > 0, 0) AS named
	FROM db_write dw
	JOIN window_request w ON w.start_us BETWEEN dw.written_us - ?2 - ?1 AND dw.written_us + dw.resolution_us + ?1
		AND w.end_us >= dw.written_us - ?1
	JOIN json_each(dw.row_json) j ON j.type = 'text' AND length(j.value) >= 4
	WHERE w.method IN ('POST', 'PUT', 'PATCH', 'DELETE')
	  AND instr(w.path || '/', '/' || j.value || '/') > 0
), named AS (
	SELECT * FROM cand c WHERE named = (SELECT max(named) FROM cand o WHERE o.r_id = c.r_id)
)
INSERT OR IGNORE INTO write_link (db_write_id, request_row, method, shared)
SELECT dw_id, r_id, 'shared_id', shared FROM named c
WHERE depth = (SELECT max(depth) FROM named o WHERE o.r_id = c.r_id)
