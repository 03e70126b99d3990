INSERT INTO lock_obs (capture_us, resolution_us, source_id, line, waiter_pid, waiter_query,
	waiter_age_us, holder_pid, holder_app, holder_state, holder_query, holder_age_us,
	relation, waited_mode, held_mode)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
RETURNING id
