-- The snapshots a prune removes, picked before anything is deleted.
DROP TABLE IF EXISTS temp.prune_snapshot;
CREATE TEMP TABLE prune_snapshot (id INTEGER PRIMARY KEY);
