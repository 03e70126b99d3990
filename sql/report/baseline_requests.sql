-- The baseline's requests (?1 <= end, start < ?2, µs), in table order, for
-- the overview's comparison (model/overview.c): the columns of
-- overview_requests, the route as stored (overview.c removes the proxy's
-- prefix, as the window does).
SELECT rt.value AS route, m.value AS method, r.status, r.duration_us,
	coalesce(nullif(trim(r.cf_connecting_ip), ''),
		nullif(trim(CASE WHEN instr(r.x_forwarded_for, ',') > 0
			THEN substr(r.x_forwarded_for, 1, instr(r.x_forwarded_for, ',') - 1)
			ELSE r.x_forwarded_for END), ''),
		nullif(r.client_ip, ''), r.remote_ip) AS client,
	ua.value AS user_agent
FROM request r
LEFT JOIN text_value m ON m.id = r.method_id
LEFT JOIN text_value rt ON rt.id = r.route_id
LEFT JOIN text_value ua ON ua.id = r.user_agent_id
WHERE r.end_us >= ?1 AND r.start_us < ?2
