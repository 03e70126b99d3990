-- Method + route pairs that kept answering while a cluster lasted ([?1,
-- ?2]): no timeouts and no server errors (GET messages fast while POST
-- messages times out); with their request count and slowest. The whole
-- seconds come from route_second; the partial first and last second are
-- read request by request, so the sums are exact.
WITH edge AS (
	SELECT ?1 / 1000000 + 1 AS first_sec, ?2 / 1000000 AS last_sec
), part AS (
	SELECT rs.route, rs.method, rs.n, rs.slowest, rs.failed
	FROM edge CROSS JOIN route_second rs
	WHERE rs.sec >= edge.first_sec AND rs.sec < edge.last_sec
	UNION ALL
	SELECT w.route, w.method, 1, w.duration_us, w.status IN (408, 500, 502, 503, 504)
	FROM edge CROSS JOIN window_request w
	WHERE w.end_us BETWEEN ?1 AND min(?2, edge.first_sec * 1000000 - 1)
	UNION ALL
	SELECT w.route, w.method, 1, w.duration_us, w.status IN (408, 500, 502, 503, 504)
	FROM edge CROSS JOIN window_request w
	WHERE w.end_us BETWEEN max(edge.first_sec, edge.last_sec) * 1000000 AND ?2
)
SELECT route, method, sum(n), max(slowest)
FROM part
GROUP BY route, method
HAVING sum(failed) = 0
ORDER BY sum(n) DESC, route, method
LIMIT 10
