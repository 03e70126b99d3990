-- Unambiguous method + path pairs for the offset when no ids are shared:
-- events whose method and path (after the prefix ?1) match exactly one
-- request within ?2 µs, whatever the offset. Per event at most two
-- candidates are read (only: the one, or NULL), not all of them: on a busy
-- path a million events would otherwise each walk every request of the
-- last minute.
WITH ev AS (
	SELECT e.ts_us, e.method, ?1 || url_path(e.uri) AS path
	FROM window_event we JOIN event e ON e.id = we.id
	WHERE e.method IS NOT NULL AND e.uri IS NOT NULL
), cand AS (
	SELECT ev.ts_us,
		(SELECT CASE WHEN count(*) = 1 THEN max(r) END FROM (
			SELECT w.rowid AS r FROM window_request w
			WHERE w.path = ev.path AND w.method = ev.method
			  AND w.start_us BETWEEN ev.ts_us - ?2 AND ev.ts_us + ?2
			ORDER BY w.start_us LIMIT 2)) AS only
	FROM ev
)
SELECT cand.ts_us - w.end_us, cand.ts_us - w.start_us
FROM cand JOIN window_request w ON w.rowid = cand.only
