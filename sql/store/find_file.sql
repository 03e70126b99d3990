-- A file version already read to its end, under any name.
SELECT source_id FROM source_file WHERE raw_head_hash = ?1 AND raw_size = ?2 LIMIT 1
