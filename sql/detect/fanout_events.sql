-- The window's linked fan-out trouble (full or closed gateway queues),
-- with the request each was logged in (own_fanout reads it), from the
-- narrow window_event rows. Built once per report, as wait_phases.
CREATE TEMP TABLE IF NOT EXISTS fanout_event AS
SELECT l.request_row, we.ts_us, we.id AS event_id, we.name_id
FROM window_event we
JOIN link l ON l.event_id = we.id
WHERE we.name_id IN (SELECT id FROM text_value
		     WHERE value LIKE 'gateway.%fanout.full_queue' OR value LIKE 'gateway.%fanout.closed');
CREATE INDEX IF NOT EXISTS temp.fanout_event_by_request ON fanout_event(request_row, ts_us, event_id);
