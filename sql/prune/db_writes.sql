DELETE FROM db_write WHERE written_us < ?1 OR snapshot_id IN prune_snapshot
