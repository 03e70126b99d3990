-- Timing events of other requests inside [?1, ?2] (server clock): the
-- longest search-ack or fan-out wait they report.
SELECT p.event_name, p.phase, p.ms, s.path, p.line
FROM event e
JOIN phase p ON p.event_id = e.id
JOIN source s ON s.id = p.source_id
WHERE e.ts_us BETWEEN ?1 AND ?2 AND p.phase IN ('ack_wait', 'dispatch')
ORDER BY p.ms DESC, p.id
LIMIT 1
