-- Requests with ?1 <= end and start < ?2 (µs; NULL: unbounded), in table
-- order, for the overview (model/overview.c): the window's, as window.sql
-- picks them, or the baseline's. Route, method, status, duration, the
-- client and the user agent; the route as stored (overview.c removes the
-- proxy's prefix by window.sql's rule). The client is who sent the
-- request, not the hop before the proxy: Cf-Connecting-Ip, else the first
-- X-Forwarded-For address, else Caddy's own client_ip, else the TCP peer.
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
WHERE (?1 IS NULL OR r.end_us >= ?1) AND (?2 IS NULL OR r.start_us < ?2)
