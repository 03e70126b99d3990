INSERT INTO lock_wait_link (request_row, waiter_pid, holder_pid, relation, first_us, last_us,
	method, confidence, obs_id)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
