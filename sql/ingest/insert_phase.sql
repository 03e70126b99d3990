INSERT INTO phase (event_id, source_id, line, event_name, phase, ms, request_id)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT request_id FROM event WHERE id = ?1))
