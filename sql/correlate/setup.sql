-- Correlation results live in TEMP tables: a report only reads the store,
-- so it never waits for (or blocks) a nightly ingest, and it sees one
-- snapshot of it. They are rebuilt by every report.
DROP TABLE IF EXISTS temp.link;
DROP TABLE IF EXISTS temp.write_link;
DROP TABLE IF EXISTS temp.window_request;
DROP TABLE IF EXISTS temp.window_event;
DROP TABLE IF EXISTS temp.unlinked;
-- request <-> server event, and how the pair was made
CREATE TEMP TABLE link (
	event_id INTEGER PRIMARY KEY,
	request_row INTEGER NOT NULL,
	method TEXT NOT NULL            -- request_id | path_time | time_only
);
-- (its index on request_row is built once the links are in: link_index)
-- request <-> db write
CREATE TEMP TABLE write_link (
	db_write_id INTEGER NOT NULL,
	request_row INTEGER NOT NULL,
	method TEXT NOT NULL,           -- shared_id | single_candidate (low confidence)
	shared TEXT,                    -- the identifier found in both
	PRIMARY KEY (db_write_id, request_row)
);
