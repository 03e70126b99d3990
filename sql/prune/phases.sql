-- Timing phases go with their event.
DELETE FROM phase WHERE event_id IN (SELECT id FROM event WHERE ts_us < ?1)
