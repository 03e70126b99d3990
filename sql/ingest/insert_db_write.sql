INSERT INTO db_write (snapshot_id, source_id, line, table_name, key, written_us,
	resolution_us, row_json)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
