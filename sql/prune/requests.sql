-- A request is older than ?1 when the proxy had answered it before then.
DELETE FROM request WHERE end_us < ?1
