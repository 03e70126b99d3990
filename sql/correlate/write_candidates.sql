-- Requests that may have made each db write: a writing method, and a window
-- (widened by the tolerance ?1) that meets the write's time, which lies in
-- [written_us, written_us + resolution). `shared` is an identifier of the
-- request's path that is also a value of the written row.
INSERT OR IGNORE INTO write_link (db_write_id, request_row, method, shared)
SELECT db_write_id, request_row, 'shared_id', shared
FROM (
	SELECT dw.id AS db_write_id, r.id AS request_row,
		(SELECT j.value FROM json_each(dw.row_json) j
		 WHERE j.type = 'text' AND length(j.value) >= 4
		   AND instr(url_path(r.uri) || '/', '/' || j.value || '/') > 0
		 LIMIT 1) AS shared
	FROM db_write dw
	JOIN request r ON r.start_us BETWEEN dw.written_us - ?2 - ?1 AND dw.written_us + dw.resolution_us + ?1
		AND r.end_us >= dw.written_us - ?1
	JOIN window_request w ON w.id = r.id
	WHERE r.method IN ('POST', 'PUT', 'PATCH', 'DELETE')
)
WHERE shared IS NOT NULL
