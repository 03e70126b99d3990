-- Requests that ran out of time: the server's 408s and the proxy's 504s
-- (the upstream did not answer in time), ordered for clustering by route
-- and time.
-- (+w.route: a scan of the table and a sort of the few that ran out of
-- time, not a walk of the route index looking up every request: 1 M
-- requests, 1.2 s -> 0.4 s.)
SELECT w.route, w.method, w.start_us, w.end_us, w.duration_us, r.request_id, w.status,
	s.path, r.line
FROM window_request w
JOIN request r ON r.id = w.id
JOIN source s ON s.id = r.source_id
WHERE w.status IN (408, 504)
ORDER BY +w.route, w.end_us, w.id
