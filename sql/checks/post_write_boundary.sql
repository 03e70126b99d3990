-- Are there database writes to compare timeouts against, and timeouts?
SELECT (SELECT count(*) FROM db_write),
	(SELECT count(*) FROM window_request w JOIN request r ON r.id = w.id WHERE r.status = 408)
