-- The request's own fan-out trouble after its write (?2, server clock):
-- full or closed gateway queues logged inside request row ?1.
SELECT nm.value, e.ts_us, s.path, e.line
FROM link l JOIN event e ON e.id = l.event_id JOIN source s ON s.id = e.source_id
JOIN text_value nm ON nm.id = e.name_id
WHERE l.request_row = ?1 AND e.ts_us >= ?2
  AND (nm.value LIKE 'gateway.%fanout.full_queue' OR nm.value LIKE 'gateway.%fanout.closed')
ORDER BY e.ts_us, e.id
LIMIT 1
