-- Every request that ran out of time (a 408 at the budget, the proxy's 504;
-- 408s under ?2 are not the server's timeout, and a 200 that took longer
-- than the budget ?1 did not time out), oldest
-- first, with what the earlier kinds concluded of it: its cluster, its
-- post-write stall (stall_result) and the surest captured lock wait it made
-- (lock_wait_link, at least ?3 sure), and whether its route writes at all.
-- (+w.start_us: scan and sort the few, not walk the start index looking
-- up every request.)
WITH writing AS MATERIALIZED (
	SELECT DISTINCT ow.route, ow.method FROM write_link ol
	JOIN window_request ow ON ow.id = ol.request_row
)
SELECT w.id, r.request_id, w.method, w.route, w.status, w.start_us, w.end_us, w.duration_us,
	s.path, r.line,
	cm.cluster_no,
	sr.phase, sr.phase_evidence, dw.table_name, dw.key, dw.written_us, wl.method, wl.confidence,
	lk.holder_pid, lk.relation, lk.method, lk.confidence, o.holder_app, o.holder_state,
	o.holder_query, o.waited_mode, o.held_mode, ls.path, o.line,
	wr.route IS NOT NULL, sr.phase_name
FROM window_request w
JOIN request r ON r.id = w.id
JOIN source s ON s.id = r.source_id
LEFT JOIN cluster_member cm ON cm.request_row = w.id
LEFT JOIN stall_result sr ON sr.request_row = w.id
LEFT JOIN db_write dw ON dw.id = sr.db_write_id
LEFT JOIN write_link wl ON wl.db_write_id = sr.db_write_id AND wl.request_row = w.id
LEFT JOIN lock_wait_link lk ON lk.rowid = (SELECT l2.rowid FROM lock_wait_link l2
	WHERE l2.request_row = w.id AND l2.confidence >= ?3 ORDER BY l2.confidence DESC LIMIT 1)
LEFT JOIN lock_obs o ON o.id = lk.obs_id
LEFT JOIN source ls ON ls.id = o.source_id
LEFT JOIN writing wr ON wr.route = w.route AND wr.method = w.method
WHERE ((w.status = 408 AND w.duration_us >= ?2) OR w.status = 504) AND ?1 IS NOT NULL
ORDER BY +w.start_us, w.id
