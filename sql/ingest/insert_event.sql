INSERT INTO event (source_id, line, ts_us, wrapper_ts_us, level_id, target_id, name_id, message_id,
	fields_json, span_name_id, span_fields_id, spans_id, request_id, method, uri, is_start,
	thread_name_id, thread_id, file_id, file_line, request_key, latency_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
	?19, ?20, ?21, ?22)
