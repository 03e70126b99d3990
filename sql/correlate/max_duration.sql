SELECT coalesce(max(duration_us), 0) FROM request
