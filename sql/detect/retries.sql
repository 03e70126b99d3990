-- Post-write stalls (stall_result) the same client sent again: the same
-- method and path, from the same real client (Cf-Connecting-Ip, else the
-- first X-Forwarded-For hop, else client_ip) with the same User-Agent,
-- started within ?1 of the 408, whose own row (a write link at least ?2
-- sure) went to the same table with the same content (every column equal
-- but the row's key and its times): the row the client did not mean to make
-- twice. A later, different message is no retry. Per stall, its retries
-- oldest first.
WITH stalls AS MATERIALIZED (
	SELECT w.id, w.method, w.path, w.route, w.start_us, w.end_us, r.request_id, r.user_agent_id,
		coalesce(r.cf_connecting_ip,
			 nullif(trim(substr(r.x_forwarded_for, 1, instr(r.x_forwarded_for || ',', ',') - 1)), ''),
			 r.client_ip) AS client,
		dw.id AS dw_id, dw.table_name, dw.key, dw.written_us, s.path AS src, r.line
	FROM stall_result sr
	JOIN window_request w ON w.id = sr.request_row
	JOIN request r ON r.id = w.id
	JOIN db_write dw ON dw.id = sr.db_write_id
	JOIN source s ON s.id = r.source_id
)
SELECT st.id, st.request_id, st.method, st.route, st.client, st.end_us, st.table_name, st.key,
	st.written_us, st.src, st.line,
	r2.request_id, w2.start_us, w2.status, dw2.key, dw2.written_us, wl2.method, wl2.confidence,
	s2.path, r2.line
FROM stalls st
JOIN window_request w2 ON w2.start_us > st.start_us AND w2.start_us <= st.end_us + ?1
	AND w2.method = st.method AND w2.path = st.path AND w2.id <> st.id
JOIN request r2 ON r2.id = w2.id AND r2.user_agent_id IS st.user_agent_id
JOIN write_link wl2 ON wl2.request_row = w2.id AND wl2.confidence >= ?2
JOIN db_write dw2 ON dw2.id = wl2.db_write_id AND dw2.table_name IS st.table_name
	AND dw2.id <> st.dw_id
JOIN source s2 ON s2.id = r2.source_id
WHERE NOT EXISTS (
	SELECT 1 FROM db_write dw JOIN json_each(dw.row_json) a
	JOIN json_each(dw2.row_json) b ON b.key = a.key
	WHERE dw.id = st.dw_id AND a.value IS NOT b.value AND a.value IS NOT st.key
	  AND NOT (a.key LIKE '%\_at' ESCAPE '\' OR a.key LIKE '%\_unix' ESCAPE '\'
		   OR a.key LIKE '%\_ms' ESCAPE '\' OR a.key LIKE '%\_time' ESCAPE '\'
		   OR a.key IN ('created', 'updated', 'inserted', 'ts', 'timestamp')))
  AND coalesce(r2.cf_connecting_ip,
		nullif(trim(substr(r2.x_forwarded_for, 1, instr(r2.x_forwarded_for || ',', ',') - 1)), ''),
		r2.client_ip) = st.client
ORDER BY st.start_us, st.id, w2.start_us, w2.id
