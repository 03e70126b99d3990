-- The requests inside --since/--until (?1, ?2: µs or NULL), with what the
-- time joins need, indexed below (window_index): their route as the server
-- knows it (the proxy's prefix ?3 removed when ingest was not told to) and
-- their path; status and duration ride along so detection scans this table
-- alone. Methods and routes are stored once in text_value (schema 0004).
-- (The table is made by window_table.)
INSERT INTO win.window_request (id, method, status, start_us, end_us, duration_us, path, route)
SELECT r.id, m.value AS method, r.status, r.start_us, r.end_us, r.duration_us,
	url_path(r.uri) AS path,
	CASE WHEN ?3 <> '' AND substr(rt.value, 1, length(?3)) = ?3
		AND (length(rt.value) = length(?3) OR substr(rt.value, length(?3) + 1, 1) = '/')
	THEN coalesce(nullif(substr(rt.value, length(?3) + 1), ''), '/') ELSE rt.value END AS route
FROM request r
LEFT JOIN text_value m ON m.id = r.method_id
LEFT JOIN text_value rt ON rt.id = r.route_id
WHERE (?1 IS NULL OR r.end_us >= ?1) AND (?2 IS NULL OR r.start_us < ?2);
