-- The longest timing phase of a second or more the server logged for
-- request row ?1, its total aside (wait_phases holds them all).
SELECT nm.value, ph.value, wp.ms, s.path, e.line
FROM wait_phase wp
JOIN event e ON e.id = wp.event_id
JOIN source s ON s.id = e.source_id
JOIN text_value ph ON ph.id = wp.phase_id
LEFT JOIN text_value nm ON nm.id = e.name_id
WHERE wp.request_row = ?1
ORDER BY wp.ms DESC, wp.event_id, wp.seq
LIMIT 1
