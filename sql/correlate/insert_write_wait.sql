-- The captured rows whose key is ?2, a literal of lock_obs ?1's waiting
-- query (of its table ?3 when known).
INSERT OR IGNORE INTO write_wait (db_write_id, obs_id)
SELECT dw.id, ?1 FROM db_write dw
WHERE dw.key = ?2 AND (?3 IS NULL OR dw.table_name IS NULL OR dw.table_name = ?3)
