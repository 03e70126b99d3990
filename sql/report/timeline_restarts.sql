-- Server start lines ("listening", db.init) inside the window ?1..?2
-- (NULL: unbounded), in order; not the server's first start, which begins
-- its log (within 5 s of the window's first event): that is no restart.
SELECT ts_us FROM event
WHERE is_start = 1 AND (?1 IS NULL OR ts_us >= ?1) AND (?2 IS NULL OR ts_us < ?2)
  AND ts_us > (SELECT min(ts_us) FROM event
	       WHERE (?1 IS NULL OR ts_us >= ?1) AND (?2 IS NULL OR ts_us < ?2)) + 5000000
ORDER BY ts_us
