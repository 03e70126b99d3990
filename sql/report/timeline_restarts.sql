-- Server start lines ("listening", db.init) inside the window, in order;
-- not the server's first start, which begins its log (within 5 s of the
-- window's first event): that is no restart. window_event is this report's
-- window of events (correlate/window_event).
SELECT ts_us FROM window_event
WHERE is_start = 1 AND ts_us > (SELECT ts_us FROM window_event ORDER BY rowid LIMIT 1) + 5000000
ORDER BY ts_us
