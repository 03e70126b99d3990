-- Correlation results live in TEMP tables: a report only reads the store,
-- so it never waits for (or blocks) a nightly ingest, and it sees one
-- snapshot of it. They are rebuilt by every report.
DROP TABLE IF EXISTS temp.link;
DROP TABLE IF EXISTS temp.write_link;
DROP TABLE IF EXISTS temp.write_cand;
DROP TABLE IF EXISTS temp.window_request;
DROP TABLE IF EXISTS temp.window_event;
DROP TABLE IF EXISTS temp.unlinked;
-- request <-> server event, and how the pair was made
CREATE TEMP TABLE link (
	event_id INTEGER PRIMARY KEY,
	request_row INTEGER NOT NULL,
	method TEXT NOT NULL            -- request_id | path_time | time_only | rate_limit_order
);
-- (its index on request_row is built once the links are in: link_index)
-- request <-> db write
CREATE TEMP TABLE write_link (
	db_write_id INTEGER NOT NULL,
	request_row INTEGER NOT NULL,
	method TEXT NOT NULL,           -- shared_id | assigned | single_candidate
	shared TEXT,                    -- the identifier found in both
	confidence REAL NOT NULL,       -- 0..1: how sure the link is (docs/findings/post_write_stalls.md)
	PRIMARY KEY (db_write_id, request_row)
);
-- (row, request) pairs that share a path identifier and meet in time: what
-- the write assignment chooses from
CREATE TEMP TABLE write_cand (
	dw_id INTEGER NOT NULL,
	r_id INTEGER NOT NULL,
	shared TEXT,
	table_name TEXT,
	written_us INTEGER NOT NULL,
	resolution_us INTEGER NOT NULL,
	start_us INTEGER NOT NULL,
	end_us INTEGER NOT NULL,
	route TEXT
);
