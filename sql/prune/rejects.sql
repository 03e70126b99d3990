-- Rejects carry no time of their own: one goes with the records around it,
-- when a later line of its file holds a record that is pruned.
DELETE FROM reject WHERE line < (
	SELECT max(line) FROM (
		SELECT source_id, line FROM request WHERE end_us < ?1
		UNION ALL SELECT source_id, line FROM proxy_event WHERE ts_us < ?1
		UNION ALL SELECT source_id, line FROM event WHERE ts_us < ?1
		UNION ALL SELECT source_id, line FROM db_write WHERE written_us < ?1
		UNION ALL SELECT source_id, line FROM snapshot WHERE id IN prune_snapshot
	) p WHERE p.source_id = reject.source_id
)
