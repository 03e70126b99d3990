-- Method + route pairs that kept answering while a cluster lasted ([?1,
-- ?2]): no timeouts and no server errors (GET messages fast while POST
-- messages times out); with their request count and slowest. The whole
-- seconds [?3, ?4) come from route_second; the partial first and last
-- second are read request by request, so the sums are exact.
SELECT route, method, sum(n), max(slowest)
FROM (
	SELECT route, method, n, slowest, failed FROM route_second
	WHERE sec >= ?3 AND sec < ?4
	UNION ALL
	SELECT route, method, 1, duration_us, status IN (408, 500, 502, 503, 504) FROM window_request
	WHERE end_us BETWEEN ?1 AND min(?2, ?3 * 1000000 - 1)
	UNION ALL
	SELECT route, method, 1, duration_us, status IN (408, 500, 502, 503, 504) FROM window_request
	WHERE end_us BETWEEN max(?3, ?4) * 1000000 AND ?2
)
GROUP BY route, method
HAVING sum(failed) = 0
ORDER BY sum(n) DESC, route, method
LIMIT 10
