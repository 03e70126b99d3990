-- Exact: the server's request id (from its span or fields) is the one the
-- proxy logged in X-Request-Id. Matched on the ids' 64-bit fingerprints,
-- index to index (event_by_key, request_by_key), never reading the wide
-- rows: a false match needs a fingerprint collision (about 1 in 10^7 over a
-- million requests). ?1, ?2: the window, µs or NULL.
INSERT OR IGNORE INTO link (event_id, request_row, method)
SELECT e.id, r.id, 'request_id'
FROM event e
JOIN request r ON r.request_key = e.request_key
WHERE e.request_key IS NOT NULL
  AND (?1 IS NULL OR e.ts_us >= ?1) AND (?2 IS NULL OR e.ts_us < ?2)
ORDER BY e.id   -- link's key: appended in order, not scattered
