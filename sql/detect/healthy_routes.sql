-- Method + route pairs that kept answering while a cluster lasted ([?1,
-- ?2]): no timeouts and no server errors (GET messages fast while POST
-- messages times out); with their request count and slowest.
SELECT w.route, w.method, count(*), max(w.duration_us)
FROM window_request w
WHERE w.end_us BETWEEN ?1 AND ?2
GROUP BY w.route, w.method
HAVING sum(w.status IN (408, 500, 502, 503, 504)) = 0
ORDER BY count(*) DESC, w.route, w.method
LIMIT 10
