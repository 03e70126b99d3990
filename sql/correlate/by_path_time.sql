-- Events that carry method and path but no request id: the one request
-- with that method and path (prefix ?1 in front) whose window, shifted by
-- the clock offset ?2 and widened by ?3, holds the event; ?4 is the longest
-- request, which bounds the index range.
INSERT OR IGNORE INTO link (event_id, request_row, method)
SELECT event_id, min(request_row), 'path_time'
FROM (
	SELECT e.id AS event_id, w.id AS request_row
	FROM unlinked u
	CROSS JOIN event e ON e.id = u.id       -- CROSS: drive from the few unlinked
	JOIN window_request w ON w.start_us BETWEEN e.ts_us - ?2 - ?4 - ?3 AND e.ts_us - ?2 + ?3
		AND w.end_us >= e.ts_us - ?2 - ?3
		AND w.method = e.method AND w.path = ?1 || url_path(e.uri)
	WHERE e.method IS NOT NULL AND e.uri IS NOT NULL
)
GROUP BY event_id HAVING count(*) = 1
