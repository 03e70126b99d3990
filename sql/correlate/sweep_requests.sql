-- The window's requests with a method and a path, in order of start (the
-- start index): the requests side of the path + time sweep (path_sweep.c).
SELECT id, method, path, start_us, end_us
FROM window_request
WHERE method IS NOT NULL AND path IS NOT NULL
ORDER BY start_us
