-- Pairs made by request id: each bounds the clock offset of the server
-- (event time - proxy time) to [ts - end, ts - start].
SELECT e.ts_us - r.end_us, e.ts_us - r.start_us
FROM link l JOIN event e ON e.id = l.event_id JOIN request r ON r.id = l.request_row
WHERE l.method = ?1
