-- What the rate limiters key on: the TCP peer (the proxy, so every client
-- shares one bucket) or the forwarded client address.
WITH rl AS (
	SELECT json_extract(e.fields_json, '$.client_ip_source') AS src, s.path, e.line
	FROM window_event w JOIN event e ON e.id = w.id JOIN source s ON s.id = e.source_id
	WHERE w.name_id IN (SELECT id FROM text_value WHERE value LIKE '%.rate_limit')
)
SELECT CASE WHEN count(*) = 0 THEN 'UNKNOWN'
	WHEN sum(src = 'peer') > 0 THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN count(*) = 0 THEN 'no rate-limit events'
	WHEN sum(src = 'peer') > 0 THEN printf('%d of %d rate-limit events keyed on the TCP peer (the proxy), not the client', sum(src = 'peer'), count(*))
	ELSE printf('all %d rate-limit events keyed on the forwarded client address', count(*)) END,
	(SELECT path FROM rl WHERE src = 'peer' OR NOT EXISTS (SELECT 1 FROM rl WHERE src = 'peer') LIMIT 1),
	(SELECT line FROM rl WHERE src = 'peer' OR NOT EXISTS (SELECT 1 FROM rl WHERE src = 'peer') LIMIT 1)
FROM rl
