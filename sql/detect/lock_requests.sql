-- The timed-out requests (408, 504, or the budget ?5 spent) whose captured
-- lock wait (lock_wait_link, at least ?6 sure) was on holder ?1's lock of
-- ?2 within [?3, ?4], oldest first.
SELECT r.request_id, l.method, l.confidence, w.route, s.path, r.line
FROM lock_wait_link l
JOIN window_request w ON w.id = l.request_row
JOIN request r ON r.id = l.request_row
JOIN source s ON s.id = r.source_id
WHERE l.holder_pid = ?1 AND coalesce(l.relation, '') = coalesce(?2, '')
  AND l.last_us >= ?3 AND l.first_us <= ?4 AND l.confidence >= ?6
  AND (w.status IN (408, 504) OR (?5 > 0 AND w.duration_us >= ?5))
ORDER BY w.start_us, w.id
