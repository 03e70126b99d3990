-- Events that carry method and path but no request id linked them: the
-- one request with that method and path (prefix ?1 in front) whose
-- window, shifted by the clock offset and widened by the tolerance, holds
-- the event (path_sweep.c finds it). In time order: unlinked was filled
-- from window_event in its order.
SELECT e.id, e.ts_us, e.method, ?1 || url_path(e.uri)
FROM unlinked u
CROSS JOIN event e ON e.id = u.id       -- CROSS: drive from the few unlinked
WHERE e.method IS NOT NULL AND e.uri IS NOT NULL
ORDER BY u.rowid
