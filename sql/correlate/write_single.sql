-- A write no request shares an identifier with: linked only when a single
-- writing request was in flight then (low confidence).
INSERT OR IGNORE INTO write_link (db_write_id, request_row, method, shared)
SELECT db_write_id, min(request_row), 'single_candidate', NULL
FROM (
	SELECT dw.id AS db_write_id, r.id AS request_row
	FROM db_write dw
	JOIN request r ON r.start_us BETWEEN dw.written_us - ?2 - ?1 AND dw.written_us + dw.resolution_us + ?1
		AND r.end_us >= dw.written_us - ?1
	JOIN window_request w ON w.id = r.id
	WHERE r.method IN ('POST', 'PUT', 'PATCH', 'DELETE')
	  AND dw.id NOT IN (SELECT db_write_id FROM write_link)
)
GROUP BY db_write_id HAVING count(*) = 1
