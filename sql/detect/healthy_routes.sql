-- Routes that kept answering while a cluster lasted ([?1, ?2]): no timeouts
-- and no server errors; with their methods, request count and slowest.
SELECT w.route, group_concat(DISTINCT r.method), count(*), max(r.duration_us)
FROM window_request w JOIN request r ON r.id = w.id
WHERE r.end_us BETWEEN ?1 AND ?2
GROUP BY w.route
HAVING sum(r.status IN (408, 500, 502, 503, 504)) = 0
ORDER BY count(*) DESC, w.route
LIMIT 10
