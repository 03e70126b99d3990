-- Unambiguous method + path pairs for the offset when no ids are shared:
-- events whose method and path (after the prefix ?1) match exactly one
-- request within ?2 µs, whatever the offset.
SELECT e.ts_us - w.end_us, e.ts_us - w.start_us
FROM window_event we
JOIN event e ON e.id = we.id
JOIN window_request w ON w.start_us BETWEEN e.ts_us - ?2 AND e.ts_us + ?2
	AND w.method = e.method AND w.path = ?1 || url_path(e.uri)
WHERE e.method IS NOT NULL AND e.uri IS NOT NULL
GROUP BY e.id HAVING count(*) = 1
