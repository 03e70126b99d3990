-- Requests in flight when a waiting statement started at ?1 (proxy clock,
-- ?2 of slack; ?3 the longest request) whose path carries the literal ?4.
SELECT w.id, w.start_us
FROM window_request w
WHERE w.start_us BETWEEN ?1 - ?3 - ?2 AND ?1 + ?2 AND w.end_us >= ?1 - ?2
  AND instr(w.path || '/', '/' || ?4 || '/') > 0
