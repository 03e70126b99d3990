-- The long waits (a second or more: stall_phase.c's STALL_MS) of the
-- window's linked timing events, any phase but the total, with their
-- request and its route: all a timed-out request's own timing can name
-- (own_phases), and what its route's other requests waited on
-- (concurrent_waits), so each reads a few index entries instead of a
-- minute of events. Driven from the narrow phase rows (few are this long);
-- a linked event is inside the window. Built once, when the first
-- timed-out request asks, at most once per report (correlate/setup drops
-- it): a second kind asking finds it made, and no table is dropped while a
-- kind's query is still being read.
CREATE TEMP TABLE IF NOT EXISTS wait_phase AS
SELECT e.ts_us, p.ms, p.event_id, p.seq, p.phase_id, l.request_row, w.route
FROM phase p
CROSS JOIN link l ON l.event_id = p.event_id
CROSS JOIN window_request w ON w.id = l.request_row
CROSS JOIN event e ON e.id = p.event_id
WHERE p.ms >= 1000 AND p.phase_id NOT IN (SELECT id FROM text_value WHERE value = 'total');
CREATE INDEX IF NOT EXISTS temp.wait_phase_by_route ON wait_phase(route, ts_us);
CREATE INDEX IF NOT EXISTS temp.wait_phase_by_request ON wait_phase(request_row);
