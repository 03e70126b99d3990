-- Exact: the server's request id (from its span or fields) is the one the
-- proxy logged in X-Request-Id. Matched on the ids' 64-bit fingerprints:
-- the window's events (window_event carries the fingerprint) against the
-- request_by_key index, never reading the wide rows; a false match needs a
-- fingerprint collision (about 1 in 10^7 over a million requests).
INSERT OR IGNORE INTO link (event_id, request_row, method)
SELECT we.id, r.id, 'request_id'
FROM window_event we
JOIN request r ON r.request_key = we.request_key
WHERE we.request_key IS NOT NULL
ORDER BY we.id  -- link's key: appended in order, not scattered
