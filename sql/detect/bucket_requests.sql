-- Every request to route ?1 that ended in [?2, ?3], oldest first, with the
-- real client Caddy saw.
SELECT coalesce(r.cf_connecting_ip,
		nullif(trim(substr(r.x_forwarded_for, 1, instr(r.x_forwarded_for || ',', ',') - 1)), ''),
		r.client_ip) AS real_client,
	r.status, r.request_id, r.end_us
FROM window_request w JOIN request r ON r.id = w.id
WHERE w.route = ?1 AND w.end_us BETWEEN ?2 AND ?3
ORDER BY r.end_us, r.id
