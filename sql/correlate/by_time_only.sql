-- Events inside a request span that gave neither id nor path: the single
-- request whose window holds the event, if there is just one. Low
-- confidence. As in by_path_time, two candidates per event settle it.
WITH cand AS (
	SELECT e.id AS event_id,
		(SELECT w.rowid FROM window_request w
		 WHERE w.start_us BETWEEN e.ts_us - ?1 - ?3 - ?2 AND e.ts_us - ?1 + ?2
		   AND w.end_us >= e.ts_us - ?1 - ?2
		 ORDER BY w.start_us DESC LIMIT 1) AS first,
		(SELECT w.rowid FROM window_request w
		 WHERE w.start_us BETWEEN e.ts_us - ?1 - ?3 - ?2 AND e.ts_us - ?1 + ?2
		   AND w.end_us >= e.ts_us - ?1 - ?2
		 ORDER BY w.start_us DESC LIMIT 1 OFFSET 1) AS second
	FROM unlinked u
	CROSS JOIN event e ON e.id = u.id       -- CROSS: drive from the few unlinked
	WHERE e.method IS NULL AND e.spans_json LIKE '%"name":"request"%'
)
INSERT OR IGNORE INTO link (event_id, request_row, method)
SELECT cand.event_id, w.id, 'time_only'
FROM cand JOIN window_request w ON w.rowid = cand.first
WHERE cand.second IS NULL
ORDER BY cand.event_id
