-- The span the timeline covers, in µs: when the proxy answered requests,
-- pg_stat_activity captures and server starts, inside the window ?1..?2
-- (NULL: unbounded).
SELECT min(t), max(t) FROM (
	SELECT end_us AS t FROM window_request  -- correlate's copy of the window
	WHERE (?1 IS NULL OR end_us >= ?1) AND (?2 IS NULL OR end_us < ?2)
	UNION ALL
	SELECT capture_us FROM snapshot
	WHERE shape = 'pg_stat_activity' AND capture_us IS NOT NULL
	  AND (?1 IS NULL OR capture_us >= ?1) AND (?2 IS NULL OR capture_us < ?2)
	UNION ALL
	SELECT ts_us FROM window_event WHERE is_start = 1   -- the same window (correlate)
)
