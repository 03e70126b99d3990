-- The long waits (a second or more: stall_phase.c's STALL_MS) of the
-- window's linked timing events, any phase but the total, with the route of
-- their request: built once, when the first timed-out request asks what its
-- route's other requests waited on (concurrent_waits), so each reads a few
-- index entries instead of a minute of events. Built at most once per
-- report (correlate/setup drops it): a second kind asking finds it made,
-- and no table is dropped while a kind's query is still being read.
CREATE TEMP TABLE IF NOT EXISTS wait_phase AS
SELECT we.ts_us, p.ms, p.event_id, p.seq, p.phase_id, w.route
FROM window_event we
JOIN phase p ON p.event_id = we.id
JOIN link l ON l.event_id = we.id
JOIN window_request w ON w.id = l.request_row
WHERE p.ms >= 1000 AND p.phase_id NOT IN (SELECT id FROM text_value WHERE value = 'total');
CREATE INDEX IF NOT EXISTS temp.wait_phase_by_route ON wait_phase(route, ts_us);
