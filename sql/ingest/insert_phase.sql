INSERT INTO phase (event_id, source_id, line, event_name, phase, ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
