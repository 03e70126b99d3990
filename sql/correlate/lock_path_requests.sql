-- Requests in flight when a waiting statement started at ?1 (proxy clock,
-- ?2 of slack; ?3 the longest request) whose path carries the literal ?4.
-- A request answered normally had its statements done before its answer:
-- it lasted until the last capture that saw this one waiting (?5). Only a
-- request cut off (408, 499, 504) may leave its statement waiting behind.
SELECT w.id, w.start_us
FROM window_request w
WHERE w.start_us BETWEEN ?1 - ?3 - ?2 AND ?1 + ?2 AND w.end_us >= ?1 - ?2
  AND (w.status IN (408, 499, 504) OR w.end_us >= ?5 - ?2)
  AND instr(w.path || '/', '/' || ?4 || '/') > 0
