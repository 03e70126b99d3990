INSERT INTO phase_list (event_id, phases) VALUES (?1, ?2)
