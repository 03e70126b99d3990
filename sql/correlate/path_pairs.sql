-- Unambiguous method + path pairs for the offset when no ids are shared:
-- events whose method and path (after the prefix ?1) match exactly one
-- request within ?2 µs, whatever the offset.
SELECT e.ts_us - r.end_us, e.ts_us - r.start_us
FROM window_event w
JOIN event e ON e.id = w.id
JOIN request r ON r.method = e.method
	AND r.start_us BETWEEN e.ts_us - ?2 AND e.ts_us + ?2
	AND url_path(r.uri) = ?1 || url_path(e.uri)
WHERE e.method IS NOT NULL AND e.uri IS NOT NULL
GROUP BY e.id HAVING count(*) = 1
