-- Secondary indexes for correlation and reports. Ingest builds them after
-- its bulk load: keeping them up to date row by row costs more than building
-- them once. Every statement is idempotent.
CREATE INDEX IF NOT EXISTS request_by_key ON request(request_key) WHERE request_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS reject_by_source ON reject(source_id, line);
CREATE INDEX IF NOT EXISTS proxy_event_by_ts ON proxy_event(ts_us);
CREATE INDEX IF NOT EXISTS event_by_ts ON event(ts_us);
-- (request_key, ts_us): the request-id join reads this index and
-- request_by_key, never the wide event rows.
CREATE INDEX IF NOT EXISTS event_by_key ON event(request_key, ts_us) WHERE request_key IS NOT NULL;
-- (phase needs none: its key is (event_id, seq), schema 0005)
