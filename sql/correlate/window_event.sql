-- The server events inside --since/--until (?1, ?2: µs or NULL), with
-- what the request-id join and the checks need (request id fingerprint,
-- process start, event name, the server's own latency of a request it
-- finished: this narrow table is read instead of the wide event rows), in
-- time order: consecutive rowids are consecutive events, so the silences
-- between them are a join on rowid + 1 (a window function takes 10 times
-- as long over a million events).
CREATE TEMP TABLE window_event AS
SELECT id, ts_us, is_start, name_id, request_key,
	CASE WHEN message_id = (SELECT id FROM text_value WHERE value = 'finished processing request')
	THEN latency_ms END AS latency_ms
FROM event
WHERE (?1 IS NULL OR ts_us >= ?1) AND (?2 IS NULL OR ts_us < ?2)
ORDER BY ts_us, id;
