-- The 429s on route ?1 that ended in [?2, ?3] and were the real client's
-- first or second attempt on that route in all the ingested data, not only
-- in the report's window: a client whose earlier tries fell before the
-- bucket (or before --since) is no early victim. Oldest first.
WITH route_ids AS (
	SELECT DISTINCT r.route_id FROM window_request w JOIN request r ON r.id = w.id
	WHERE w.route = ?1 AND r.route_id IS NOT NULL
), attempt AS (
	SELECT coalesce(r.cf_connecting_ip,
			nullif(trim(substr(r.x_forwarded_for, 1, instr(r.x_forwarded_for || ',', ',') - 1)), ''),
			r.client_ip) AS real_client,
		r.id, r.status, r.request_id, r.end_us
	FROM request r
	WHERE r.route_id IN (SELECT route_id FROM route_ids) AND r.end_us <= ?3
), ranked AS (
	SELECT *, row_number() OVER (PARTITION BY real_client ORDER BY end_us, id) AS n
	FROM attempt WHERE real_client IS NOT NULL
)
SELECT real_client, n, request_id
FROM ranked
WHERE status = 429 AND n <= 2 AND end_us >= ?2
ORDER BY end_us, id
