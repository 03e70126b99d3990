INSERT INTO phase (event_id, phase_id, ms) VALUES (?1, ?2, ?3)
