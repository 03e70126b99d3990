INSERT OR IGNORE INTO write_link (db_write_id, request_row, method, shared, confidence)
VALUES (?1, ?2, ?3, ?4, ?5)
