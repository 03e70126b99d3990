-- The indexes of schema/indexes.sql over Caddy's rows, dropped before a file
-- about as large as what is stored (store_bulk_prepare); store_build_indexes
-- makes them again at the end of the run, as after a first load.
DROP INDEX IF EXISTS request_by_key;
DROP INDEX IF EXISTS proxy_event_by_ts;
