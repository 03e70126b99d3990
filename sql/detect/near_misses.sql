-- Requests to route ?1 that overlapped a cluster's span [?2, ?3], did not
-- time out, yet took ?4 or more (a large share of the budget): the stall's
-- reach beyond the 408s. Slowest first.
SELECT r.request_id, w.duration_us, w.status, s.path, r.line
FROM window_request w
JOIN request r ON r.id = w.id
JOIN source s ON s.id = r.source_id
WHERE w.route = ?1 AND w.end_us >= ?2 AND w.start_us <= ?3
  AND w.status NOT IN (408, 504) AND w.duration_us >= ?4
ORDER BY w.duration_us DESC, w.id
