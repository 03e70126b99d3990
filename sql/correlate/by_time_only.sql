-- Events inside a request span that gave neither id nor path: the single
-- request whose window holds the event, if there is just one. Low confidence.
INSERT OR IGNORE INTO link (event_id, request_row, method)
SELECT event_id, min(request_row), 'time_only'
FROM (
	SELECT e.id AS event_id, w.id AS request_row
	FROM unlinked u
	CROSS JOIN event e ON e.id = u.id       -- CROSS: drive from the few unlinked
	JOIN window_request w ON w.start_us BETWEEN e.ts_us - ?1 - ?3 - ?2 AND e.ts_us - ?1 + ?2
		AND w.end_us >= e.ts_us - ?1 - ?2
	WHERE e.method IS NULL AND e.spans_json LIKE '%"name":"request"%'
)
GROUP BY event_id HAVING count(*) = 1
