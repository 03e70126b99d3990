-- The search-ack and fan-out waits of the window's linked events, with the
-- route of their request: built once, when the first post-write stall asks
-- what its route's other requests waited on (concurrent_waits), so each
-- stall reads a few index entries instead of a minute of events.
DROP TABLE IF EXISTS temp.wait_phase;
CREATE TEMP TABLE wait_phase AS
SELECT we.ts_us, p.ms, p.event_id, p.seq, p.phase_id, w.route
FROM window_event we
JOIN phase p ON p.event_id = we.id
JOIN link l ON l.event_id = we.id
JOIN window_request w ON w.id = l.request_row
WHERE p.phase_id IN (SELECT id FROM text_value WHERE value IN ('ack_wait', 'dispatch'));
CREATE INDEX temp.wait_phase_by_route ON wait_phase(route, ts_us);
