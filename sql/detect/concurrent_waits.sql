-- Timing events of other requests of the same route ?3 whose wait
-- overlapped [?1, ?2] (server clock; an event is logged when its wait
-- ends): the longest search-ack or fan-out wait they report.
SELECT p.event_name, p.phase, p.ms, s.path, p.line
FROM window_event we
JOIN phase p ON p.event_id = we.id
JOIN source s ON s.id = p.source_id
JOIN link l ON l.event_id = we.id
JOIN window_request w ON w.id = l.request_row AND w.route = ?3
WHERE we.ts_us BETWEEN ?1 AND ?2 + 60000000 AND we.ts_us - p.ms * 1000 <= ?2
  AND p.phase IN ('ack_wait', 'dispatch')
ORDER BY p.ms DESC, p.id
LIMIT 1
