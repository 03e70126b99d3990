-- Every captured wait on a lock, a backend at a time in capture order
-- (lock_links.c makes waits of them): on the capture clock, with the age of
-- its statement when the capture has one.
SELECT waiter_pid, holder_pid, waiter_query, relation, capture_us, resolution_us,
	waiter_age_us, id
FROM lock_obs
ORDER BY waiter_pid, capture_us, id
