-- The server's rate-limit rejections that no request id links, in time
-- order: the proxy time of each (the server's offset ?1 taken off) and its
-- limiter key (event, route field, client_ip, client_ip_source).
SELECT e.id, e.ts_us - ?1,
	json_array(nm.value, json_extract(e.fields_json, '$.route'),
		   json_extract(e.fields_json, '$.client_ip'),
		   json_extract(e.fields_json, '$.client_ip_source'))
FROM window_event we
JOIN event e ON e.id = we.id
JOIN text_value nm ON nm.id = we.name_id
LEFT JOIN link l ON l.event_id = e.id
WHERE we.name_id IN (SELECT id FROM text_value WHERE value LIKE '%.rate_limit')
  AND (l.method IS NULL OR l.method <> 'request_id')
ORDER BY e.ts_us, e.id
