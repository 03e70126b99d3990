-- Every 408's duration, for the timeout budget: no order, no join.
SELECT duration_us FROM window_request WHERE status = 408 AND duration_us IS NOT NULL
