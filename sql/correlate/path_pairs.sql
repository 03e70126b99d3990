-- Unambiguous method + path pairs for the offset when no ids are shared:
-- the window's events with a method and a path (after the prefix ?1), in
-- time order (window_event's rowids), for path_sweep.c to match with the
-- one request of that method and path that starts within the longest
-- request and the tolerance of the event, whatever the offset.
SELECT we.id, e.ts_us, e.method, ?1 || url_path(e.uri)
FROM window_event we
JOIN event e ON e.id = we.id
WHERE e.method IS NOT NULL AND e.uri IS NOT NULL
ORDER BY we.rowid
