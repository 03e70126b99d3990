-- Server rate-limit events with their limiter key (the logged client_ip and
-- its source) and the proxy request each was linked to, bucket by bucket.
-- real_client: what Caddy saw: Cf-Connecting-Ip, else the first
-- X-Forwarded-For hop, else client_ip.
SELECT nm.value,
	json_extract(e.fields_json, '$.route'),
	json_extract(e.fields_json, '$.client_ip'),
	json_extract(e.fields_json, '$.client_ip_source'),
	e.ts_us, r.id, w.route,
	coalesce(r.cf_connecting_ip,
		 nullif(trim(substr(r.x_forwarded_for, 1, instr(r.x_forwarded_for || ',', ',') - 1)), ''),
		 r.client_ip) AS real_client,
	r.request_id, s.path, e.line,
	json_extract(e.fields_json, '$.retry_after_ms')
FROM window_event we
JOIN event e ON e.id = we.id
JOIN text_value nm ON nm.id = e.name_id
JOIN source s ON s.id = e.source_id
LEFT JOIN link l ON l.event_id = e.id
LEFT JOIN request r ON r.id = l.request_row
LEFT JOIN window_request w ON w.id = r.id
WHERE we.name_id IN (SELECT id FROM text_value WHERE value LIKE '%.rate_limit')
ORDER BY nm.value, 2, 3, 4, e.ts_us, e.id
