-- The request-id join's left side: each request id fingerprint once, with
-- the first request that carried it (a retry reusing an id is a later
-- row), in key order, read from the request_by_key index alone.
SELECT request_key, min(id)
FROM request
WHERE request_key IS NOT NULL
GROUP BY request_key
ORDER BY request_key;
