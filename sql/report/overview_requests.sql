-- The window's requests, in table order, for the overview (model/overview.c):
-- route, method, status, duration, the client and the user agent. The
-- client is who sent the request, not the hop before the proxy:
-- Cf-Connecting-Ip, else the first X-Forwarded-For address, else Caddy's
-- own client_ip, else the TCP peer.
SELECT w.route, w.method, w.status, w.duration_us,
	coalesce(nullif(trim(r.cf_connecting_ip), ''),
		nullif(trim(CASE WHEN instr(r.x_forwarded_for, ',') > 0
			THEN substr(r.x_forwarded_for, 1, instr(r.x_forwarded_for, ',') - 1)
			ELSE r.x_forwarded_for END), ''),
		nullif(r.client_ip, ''), r.remote_ip) AS client,
	ua.value AS user_agent
FROM window_request w
JOIN request r ON r.id = w.id
LEFT JOIN text_value ua ON ua.id = r.user_agent_id
