-- Timing events of other requests of the same route ?3 whose wait
-- overlapped [?1, ?2] (server clock; an event is logged when its wait
-- ends): the longest search-ack or fan-out wait they report (wait_phases
-- holds them all).
SELECT nm.value, ph.value, wp.ms, s.path, e.line
FROM wait_phase wp
JOIN event e ON e.id = wp.event_id
JOIN text_value ph ON ph.id = wp.phase_id
LEFT JOIN text_value nm ON nm.id = e.name_id
JOIN source s ON s.id = e.source_id
WHERE wp.route = ?3 AND wp.ts_us BETWEEN ?1 AND ?2 + 60000000 AND wp.ts_us - wp.ms * 1000 <= ?2
ORDER BY wp.ms DESC, wp.event_id, wp.seq
LIMIT 1
