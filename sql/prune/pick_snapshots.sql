-- A psql result is older than ?1 when it was captured before it; one with no
-- capture time (a dump) when it has db writes and all of them are older.
INSERT INTO prune_snapshot
SELECT id FROM snapshot s
WHERE s.capture_us < ?1
   OR (s.capture_us IS NULL
       AND EXISTS (SELECT 1 FROM db_write w WHERE w.snapshot_id = s.id)
       AND NOT EXISTS (SELECT 1 FROM db_write w WHERE w.snapshot_id = s.id AND w.written_us >= ?1))
