-- The span the timeline covers, in µs: when the proxy answered requests,
-- pg_stat_activity captures and server starts, inside the window ?1..?2
-- (NULL: unbounded). Read from the stored rows, not correlate's copies of
-- the window: the timeline is gathered on a connection of its own
-- (model/side.c). The requests are those correlate/window picks (ending
-- at or after ?1, starting before ?2) that ended before ?2.
SELECT min(t), max(t) FROM (
	SELECT end_us AS t FROM request
	WHERE (?1 IS NULL OR end_us >= ?1) AND (?2 IS NULL OR (end_us < ?2 AND start_us < ?2))
	UNION ALL
	SELECT capture_us FROM snapshot
	WHERE shape = 'pg_stat_activity' AND capture_us IS NOT NULL
	  AND (?1 IS NULL OR capture_us >= ?1) AND (?2 IS NULL OR capture_us < ?2)
	UNION ALL
	SELECT ts_us FROM event
	WHERE is_start = 1 AND (?1 IS NULL OR ts_us >= ?1) AND (?2 IS NULL OR ts_us < ?2)
)
