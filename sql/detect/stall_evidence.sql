-- How many long waits and fan-out troubles the window holds (wait_phases,
-- fanout_events): when there are none, no request's phase can be named
-- by them, and its three lookups are skipped.
SELECT (SELECT count(*) FROM wait_phase), (SELECT count(*) FROM fanout_event)
