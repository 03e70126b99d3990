-- The window's answers per method + route and second of their end: count,
-- slowest and server-side failures. Each cluster's healthy routes
-- (healthy_routes) add up the whole seconds inside it from here and read
-- only its two partial edge seconds request by request, instead of
-- grouping every request of the cluster again. Built once per report
-- (correlate/setup drops it).
CREATE TEMP TABLE IF NOT EXISTS route_second AS
SELECT route, method, end_us / 1000000 AS sec, count(*) AS n, max(duration_us) AS slowest,
	sum(status IN (408, 500, 502, 503, 504)) AS failed
FROM window_request
GROUP BY route, method, sec;
CREATE INDEX IF NOT EXISTS temp.route_second_by_sec ON route_second(sec);
