-- Proxy lines without a time are kept: nothing says they are old.
DELETE FROM proxy_event WHERE ts_us < ?1
