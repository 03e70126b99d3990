-- The longest request of the window: it bounds the index ranges of the time
-- joins, which only ever meet window_request.
SELECT coalesce(max(duration_us), 0) FROM window_request
