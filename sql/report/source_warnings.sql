-- One source's file warnings, in the order they were raised.
SELECT reason FROM file_warning WHERE source_id = ?1 ORDER BY id
