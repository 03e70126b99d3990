-- The requests whose own row (write_link) the waiting statement of backend
-- ?1, seen from capture ?2 to ?3, inserted or updated.
SELECT DISTINCT wl.request_row, wl.confidence
FROM lock_obs o
JOIN write_wait ww ON ww.obs_id = o.id
JOIN write_link wl ON wl.db_write_id = ww.db_write_id
WHERE o.waiter_pid = ?1 AND o.capture_us BETWEEN ?2 AND ?3
