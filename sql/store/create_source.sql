INSERT INTO source (path, format, head_hash, bytes, lines, tail_hash, tail_len,
	first_ingest_us, last_ingest_us)
VALUES (?1, ?2, ?3, 0, 0, 0, 0, ?4, ?4)
