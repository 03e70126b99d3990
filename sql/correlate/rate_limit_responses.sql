-- The proxy's 429 responses that no server event is linked to by request
-- id, by end: a limiter answers at once, so its event lies inside one.
-- (+w.end_us: scan and sort the few 429s, not walk the end index looking
-- up every request.)
SELECT w.id, w.route, w.start_us, w.end_us
FROM window_request w
WHERE w.status = 429
  AND NOT EXISTS (SELECT 1 FROM link l WHERE l.request_row = w.id AND l.method = 'request_id')
ORDER BY +w.end_us, w.id
