-- Requests per interval ?3 (µs, buckets aligned to the epoch) by the time
-- the proxy answered them, by status class. "4xx" leaves out 408 and 429,
-- which have series of their own, so the six columns add up to the total.
-- The window's requests as timeline_range reads them.
SELECT end_us / ?3 * ?3 AS t,
	sum(status BETWEEN 200 AND 299),
	sum(status BETWEEN 300 AND 399),
	sum(status BETWEEN 400 AND 499 AND status NOT IN (408, 429)),
	sum(status >= 500),
	sum(status = 408),
	sum(status = 429)
FROM request
WHERE (?1 IS NULL OR end_us >= ?1) AND (?2 IS NULL OR (end_us < ?2 AND start_us < ?2))
GROUP BY 1 ORDER BY 1
