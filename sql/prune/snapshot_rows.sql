DELETE FROM snapshot_row WHERE snapshot_id IN prune_snapshot
