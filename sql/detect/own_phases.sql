-- The timing phases the server logged for request row ?1, longest first.
SELECT p.event_name, p.phase, p.ms, s.path, p.line
FROM link l
JOIN phase_v p ON p.event_id = l.event_id
JOIN source s ON s.id = p.source_id
WHERE l.request_row = ?1 AND p.phase <> 'total'
ORDER BY p.ms DESC, p.event_id, p.seq
LIMIT 1
