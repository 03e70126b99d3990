-- Every answer of the window, in table order, for route_seconds.c to add
-- up: route, method, the second it ended in, its duration, and whether the
-- server failed it (a timeout or a 5xx).
SELECT route, method, end_us / 1000000, duration_us, status IN (408, 500, 502, 503, 504)
FROM window_request
