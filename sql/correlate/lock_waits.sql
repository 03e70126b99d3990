-- Each captured wait: one backend running one statement, blocked, over the
-- captures that saw it; qs: when its statement started (capture time less
-- its age, when the capture has one), on the capture clock.
SELECT waiter_pid, min(holder_pid), waiter_query, max(relation),
	min(capture_us - coalesce(waiter_age_us, 0)), min(capture_us), max(capture_us),
	max(resolution_us), min(id), max(waiter_age_us IS NOT NULL)
FROM lock_obs
GROUP BY waiter_pid, waiter_query
ORDER BY 5, 1
