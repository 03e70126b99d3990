SELECT (SELECT count(*) FROM window_request),
	(SELECT count(*) FROM link WHERE method = 'request_id'),
	(SELECT count(*) FROM link WHERE method = 'path_time'),
	(SELECT count(*) FROM link WHERE method = 'time_only'),
	(SELECT count(*) FROM window_event),
	(SELECT count(DISTINCT request_row) FROM link),
	(SELECT count(*) FROM link WHERE method = 'rate_limit_order')
