INSERT INTO file_warning (source_id, line, reason) VALUES (?1, ?2, ?3)
