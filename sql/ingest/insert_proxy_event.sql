INSERT INTO proxy_event (source_id, line, ts_us, level, logger, msg, fields_json)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
