-- Server start lines ("listening", db.init) inside the window, in order.
SELECT ts_us FROM event
WHERE is_start = 1 AND (?1 IS NULL OR ts_us >= ?1) AND (?2 IS NULL OR ts_us < ?2)
ORDER BY ts_us
