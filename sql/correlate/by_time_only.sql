-- Events inside a request span that gave neither id nor path: the single
-- request whose window holds the event, if there is just one. Low
-- confidence. As in by_path_time, at most two candidates are read per event.
WITH cand AS (
	SELECT e.id AS event_id,
		(SELECT CASE WHEN count(*) = 1 THEN max(r) END FROM (
			SELECT w.rowid AS r FROM window_request w
			WHERE w.start_us BETWEEN e.ts_us - ?1 - ?3 - ?2 AND e.ts_us - ?1 + ?2
			  AND w.end_us >= e.ts_us - ?1 - ?2
			ORDER BY w.start_us DESC LIMIT 2)) AS only
	FROM unlinked u
	CROSS JOIN event e ON e.id = u.id       -- CROSS: drive from the few unlinked
	JOIN text_value sl ON sl.id = e.spans_id
	WHERE e.method IS NULL AND sl.value LIKE '%"name":"request"%'
)
INSERT OR IGNORE INTO link (event_id, request_row, method)
SELECT cand.event_id, w.id, 'time_only'
FROM cand JOIN window_request w ON w.rowid = cand.only
ORDER BY cand.event_id
