-- Timing events of other requests of the same route ?3 whose wait
-- overlapped [?1, ?2] (server clock; an event is logged when its wait
-- ends): the longest wait they report (wait_phases holds them all), in a
-- phase request row ?4 did not itself report: a phase it got through did
-- not stall it.
SELECT nm.value, ph.value, wp.ms, s.path, e.line
FROM wait_phase wp
JOIN event e ON e.id = wp.event_id
JOIN text_value ph ON ph.id = wp.phase_id
LEFT JOIN text_value nm ON nm.id = e.name_id
JOIN source s ON s.id = e.source_id
WHERE wp.route = ?3 AND wp.ts_us BETWEEN ?1 AND ?2 + 60000000 AND wp.ts_us - wp.ms * 1000 <= ?2
  AND wp.phase_id NOT IN (SELECT p.phase_id FROM link l JOIN phase p ON p.event_id = l.event_id
			  WHERE l.request_row = ?4)
ORDER BY wp.ms DESC, wp.event_id, wp.seq
LIMIT 1
