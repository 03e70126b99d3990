-- Timing phases go with their event; one row per phase pruned.
DELETE FROM phase_list WHERE event_id IN (SELECT id FROM event WHERE ts_us < ?1)
RETURNING json_array_length(phases)
