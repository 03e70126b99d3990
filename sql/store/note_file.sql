INSERT INTO source_file (raw_head_hash, raw_size, path, source_id, seen_us)
VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (raw_head_hash, raw_size, path) DO UPDATE SET source_id = ?4, seen_us = ?5
