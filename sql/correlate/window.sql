-- The requests inside --since/--until (?1, ?2: µs or NULL), with what the
-- time joins need, indexed below (window_index): their route as the server
-- knows it (the proxy's prefix ?3 removed when ingest was not told to) and
-- their path; status and duration ride along so detection scans this table
-- alone.
CREATE TEMP TABLE window_request AS
SELECT id, method, status, start_us, end_us, duration_us, url_path(uri) AS path,
	CASE WHEN ?3 <> '' AND substr(route, 1, length(?3)) = ?3
		AND (length(route) = length(?3) OR substr(route, length(?3) + 1, 1) = '/')
	THEN coalesce(nullif(substr(route, length(?3) + 1), ''), '/') ELSE route END AS route
FROM request
WHERE (?1 IS NULL OR end_us >= ?1) AND (?2 IS NULL OR start_us < ?2);
