DELETE FROM snapshot WHERE id IN prune_snapshot
