-- Requests that timed out (408, or ran the whole budget ?1) after a write
-- attributed to them had committed, earliest write first per request. A
-- link less sure than ?2 is no attribution: "not attributed" beats a wrong
-- row. A row whose INSERT was still seen waiting on a lock when the
-- response went out (lock_obs, on the capture clock: ?3 is the rows' offset)
-- had not committed: that request waited, it did not stall after writing.
SELECT r.id, r.request_id, w.route, w.method, r.status, r.start_us, r.duration_us, r.end_us,
	dw.table_name, dw.key, dw.written_us, dw.resolution_us, wl.method,
	s.path, r.line, ds.path, dw.line, wl.confidence, dw.id
FROM write_link wl
JOIN request r ON r.id = wl.request_row
JOIN window_request w ON w.id = r.id
JOIN source s ON s.id = r.source_id
JOIN db_write dw ON dw.id = wl.db_write_id
JOIN source ds ON ds.id = dw.source_id
WHERE (r.status = 408 OR (?1 > 0 AND r.duration_us >= ?1))
  AND dw.written_us <= r.end_us
  AND wl.confidence >= ?2
  AND NOT EXISTS (SELECT 1 FROM write_wait ww JOIN lock_obs o ON o.id = ww.obs_id
		  WHERE ww.db_write_id = dw.id AND o.capture_us - ?3 + o.resolution_us > r.end_us)
ORDER BY r.start_us, r.id, dw.written_us, dw.id
