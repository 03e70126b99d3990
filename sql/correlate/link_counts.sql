-- How many requests and events the window holds and how each pass linked
-- them: the links in one pass over link (its rows once, not once a method).
SELECT (SELECT count(*) FROM window_request),
	coalesce(sum(method = 'request_id'), 0),
	coalesce(sum(method = 'path_time'), 0),
	coalesce(sum(method = 'time_only'), 0),
	(SELECT count(*) FROM window_event),
	(SELECT count(DISTINCT request_row) FROM link),
	coalesce(sum(method = 'rate_limit_order'), 0)
FROM link
