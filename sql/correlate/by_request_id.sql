-- Exact: the server's request id (from its span or fields) is the one the
-- proxy logged in X-Request-Id. The integer key finds it through an index.
INSERT OR IGNORE INTO link (event_id, request_row, method)
SELECT e.id, r.id, 'request_id'
FROM window_event w
JOIN event e ON e.id = w.id
JOIN request r ON r.request_key = request_key(e.request_id) AND r.request_id = e.request_id
WHERE e.request_id IS NOT NULL
