-- Every captured wait on a lock, per holder and relation in time order: the
-- episodes are runs of these (lock_waits.c). Times on the proxy's clock
-- (?1: the captures' offset, taken as the database's).
SELECT o.holder_pid, o.relation, o.capture_us - ?1, o.resolution_us, o.holder_app,
	o.holder_state, o.holder_query, o.holder_age_us, o.held_mode, o.waited_mode,
	o.waiter_pid, s.path, o.line
FROM lock_obs o JOIN source s ON s.id = o.source_id
ORDER BY o.holder_pid, coalesce(o.relation, ''), o.capture_us, o.waiter_pid
