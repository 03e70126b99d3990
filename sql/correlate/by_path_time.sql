-- Events that carry method and path but no request id: the one request
-- with that method and path (prefix ?1 in front) whose window, shifted by
-- the clock offset ?2 and widened by ?3, holds the event; ?4 is the longest
-- request, which bounds the index range. Per event at most two candidates
-- are read (only: the one, or NULL), latest start first: on a busy path the
-- requests still in flight come first, and two of them settle it.
WITH cand AS (
	SELECT e.id AS event_id,
		(SELECT CASE WHEN count(*) = 1 THEN max(r) END FROM (
			SELECT w.rowid AS r FROM window_request w
			WHERE w.path = ?1 || url_path(e.uri) AND w.method = e.method
			  AND w.start_us BETWEEN e.ts_us - ?2 - ?4 - ?3 AND e.ts_us - ?2 + ?3
			  AND w.end_us >= e.ts_us - ?2 - ?3
			ORDER BY w.start_us DESC LIMIT 2)) AS only
	FROM unlinked u
	CROSS JOIN event e ON e.id = u.id       -- CROSS: drive from the few unlinked
	WHERE e.method IS NOT NULL AND e.uri IS NOT NULL
)
INSERT OR IGNORE INTO link (event_id, request_row, method)
SELECT cand.event_id, w.id, 'path_time'
FROM cand JOIN window_request w ON w.rowid = cand.only
ORDER BY cand.event_id
