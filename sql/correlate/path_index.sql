-- For the path + time joins (path_pairs, by_path_time), which most reports
-- skip: when request ids link every event, nothing is left for them.
CREATE INDEX IF NOT EXISTS win.window_request_by_path ON window_request(path, method, start_us);
