-- Every time join of correlation and detection is a range on these. (The
-- path + time joins' index, path_index, is built only when they run.)
CREATE INDEX temp.window_request_by_start ON window_request(start_us);
CREATE INDEX temp.window_request_by_end ON window_request(end_us);
CREATE INDEX temp.window_request_by_route ON window_request(route, end_us);
CREATE INDEX temp.window_event_by_ts ON window_event(ts_us);
