INSERT INTO snapshot_row (snapshot_id, source_id, line, row_no, cells_json)
VALUES (?1, ?2, ?3, ?4, ?5)
