-- Events the request id did not link, once for the passes after it
-- (path + time takes those with a method, time only those without).
CREATE TEMP TABLE unlinked AS
SELECT we.id FROM window_event we
WHERE NOT EXISTS (SELECT 1 FROM link l WHERE l.event_id = we.id);
