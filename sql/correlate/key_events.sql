-- The request-id join's right side: the server events inside
-- --since/--until (?1, ?2: µs or NULL) that carry a request id
-- fingerprint, in key order, read from the event_by_key index alone.
-- Merged with key_requests (store_merge_join): the server's request id
-- (from its span or fields) is the one the proxy logged in X-Request-Id;
-- a false match needs a fingerprint collision (about 1 in 10^7 over a
-- million requests).
SELECT request_key, id
FROM event
WHERE request_key IS NOT NULL AND (?1 IS NULL OR ts_us >= ?1) AND (?2 IS NULL OR ts_us < ?2)
ORDER BY request_key;
