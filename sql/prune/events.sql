DELETE FROM event WHERE ts_us < ?1
