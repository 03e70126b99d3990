INSERT INTO phase (event_id, seq, phase_id, ms) VALUES (?1, ?2, ?3, ?4)
