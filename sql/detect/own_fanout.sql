-- The request's own fan-out trouble after its write (?2, server clock):
-- full or closed gateway queues logged inside request row ?1
-- (fanout_events holds them all).
SELECT nm.value, f.ts_us, s.path, e.line
FROM fanout_event f
JOIN event e ON e.id = f.event_id
JOIN source s ON s.id = e.source_id
JOIN text_value nm ON nm.id = f.name_id
WHERE f.request_row = ?1 AND f.ts_us >= ?2
ORDER BY f.ts_us, f.event_id
LIMIT 1
