-- The indexes of schema/indexes.sql over server events, dropped before a
-- file about as large as what is stored (store_bulk_prepare);
-- store_build_indexes makes them again at the end of the run.
DROP INDEX IF EXISTS event_by_ts;
DROP INDEX IF EXISTS event_by_key;
