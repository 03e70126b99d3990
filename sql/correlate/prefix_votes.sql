-- Which path prefix does the proxy strip? For each candidate (no prefix,
-- or the first segment of proxy paths such as /api), how many distinct
-- server paths become proxy paths with it in front. A sample does: the
-- distinct paths of the first 200 000 rows of each side.
WITH ep AS (SELECT DISTINCT url_path(uri) AS p
	    FROM (SELECT uri FROM event WHERE uri IS NOT NULL LIMIT 200000) LIMIT 20000),
     rp AS (SELECT DISTINCT url_path(uri) AS p FROM (SELECT uri FROM request LIMIT 200000)),
     pre AS (SELECT DISTINCT substr(p, 1, instr(substr(p, 2), '/')) AS prefix
             FROM rp WHERE instr(substr(p, 2), '/') > 0
             UNION SELECT '')
SELECT pre.prefix, (SELECT count(*) FROM ep JOIN rp ON rp.p = pre.prefix || ep.p) AS votes
FROM pre ORDER BY votes DESC, length(pre.prefix) LIMIT 1
