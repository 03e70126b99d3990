INSERT INTO snapshot (source_id, line, capture_us, form, title, query, shape, columns_json)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
