-- The server events inside --since/--until (?1, ?2: µs or NULL).
CREATE TEMP TABLE window_event AS
SELECT id, ts_us FROM event
WHERE (?1 IS NULL OR ts_us >= ?1) AND (?2 IS NULL OR ts_us < ?2);
