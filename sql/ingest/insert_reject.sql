INSERT INTO reject (source_id, line, reason, excerpt) VALUES (?1, ?2, ?3, ?4)
