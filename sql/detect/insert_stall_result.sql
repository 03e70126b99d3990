INSERT OR REPLACE INTO stall_result (request_row, db_write_id, phase, phase_evidence)
VALUES (?1, ?2, ?3, ?4)
