UPDATE source SET path = ?2, bytes = ?3, lines = ?4, tail_hash = ?5, tail_len = ?6,
	records = records + ?7, rejects = rejects + ?8, last_ingest_us = ?9
WHERE id = ?1
