-- Timing events of other requests of the same route ?3 whose wait
-- overlapped [?1, ?2] (server clock; an event is logged when its wait
-- ends): the longest search-ack or fan-out wait they report.
SELECT nm.value, ph.value, p.ms, s.path, e.line
FROM window_event we
JOIN phase p ON p.event_id = we.id
JOIN event e ON e.id = we.id
JOIN text_value ph ON ph.id = p.phase_id
LEFT JOIN text_value nm ON nm.id = e.name_id
JOIN source s ON s.id = e.source_id
JOIN link l ON l.event_id = we.id
JOIN window_request w ON w.id = l.request_row AND w.route = ?3
WHERE we.ts_us BETWEEN ?1 AND ?2 + 60000000 AND we.ts_us - p.ms * 1000 <= ?2
  AND p.phase_id IN (SELECT id FROM text_value WHERE value IN ('ack_wait', 'dispatch'))
ORDER BY p.ms DESC, p.event_id, p.seq
LIMIT 1
