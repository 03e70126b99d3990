INSERT OR REPLACE INTO stall_result (request_row, db_write_id, phase, phase_evidence, phase_name)
VALUES (?1, ?2, ?3, ?4, ?5)
