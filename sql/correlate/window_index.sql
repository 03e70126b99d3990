-- Every time join of correlation and detection is a range on these.
-- window_event needs none: it is made in time order, so its first rowid
-- is its first event and consecutive rowids are consecutive events.
-- (end, method and path ride along on the start index: the path + time
-- sweep reads every request in order of start off it alone)
CREATE INDEX win.window_request_by_start ON window_request(start_us, end_us, method, path);
CREATE INDEX win.window_request_by_end ON window_request(end_us);
-- (status and duration ride along: a cluster's share of its route and its
-- members are read off the index alone)
CREATE INDEX win.window_request_by_route ON window_request(route, end_us, status, duration_us);
