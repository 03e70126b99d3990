-- Requests that ran out of time: the server's 408s and the proxy's 504s
-- (the upstream did not answer in time), ordered for clustering by route
-- and time. ?1: the proxy prefix, for the route as the server knows it.
SELECT w.route, r.method, r.start_us, r.end_us, r.duration_us, r.request_id, r.status,
	s.path, r.line
FROM window_request w
JOIN request r ON r.id = w.id
JOIN source s ON s.id = r.source_id
WHERE r.status IN (408, 504)
ORDER BY w.route, r.end_us, r.id
