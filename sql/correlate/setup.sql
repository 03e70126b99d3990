-- Correlation results live in TEMP tables: a report only reads the store,
-- so it never waits for (or blocks) a nightly ingest, and it sees one
-- snapshot of it. They are rebuilt by every report. (The window's
-- requests are in the scratch database instead, made by window_table:
-- another connection may build them meanwhile.)
DROP TABLE IF EXISTS temp.link;
DROP TABLE IF EXISTS temp.write_link;
DROP TABLE IF EXISTS temp.write_cand;
DROP TABLE IF EXISTS temp.window_event;
DROP TABLE IF EXISTS temp.unlinked;
DROP TABLE IF EXISTS temp.lock_obs;
DROP TABLE IF EXISTS temp.write_wait;
DROP TABLE IF EXISTS temp.lock_wait_link;
DROP TABLE IF EXISTS temp.stall_result;
DROP TABLE IF EXISTS temp.cluster_member;
DROP TABLE IF EXISTS temp.wait_phase;
DROP TABLE IF EXISTS temp.route_second;
DROP TABLE IF EXISTS temp.fanout_event;
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
-- one backend seen waiting on a lock held by another, per dated
-- pg_stat_activity / pg_locks capture (db_locks.c); times on the capture's
-- clock, taken as the database's
CREATE TEMP TABLE lock_obs (
	id INTEGER PRIMARY KEY,
	capture_us INTEGER NOT NULL,
	resolution_us INTEGER NOT NULL, -- a title's whole seconds, or finer
	source_id INTEGER NOT NULL,
	line INTEGER NOT NULL,          -- the waiter's row
	waiter_pid INTEGER NOT NULL,
	waiter_query TEXT,
	waiter_age_us INTEGER,          -- how long its query had run, when captured
	holder_pid INTEGER NOT NULL,
	holder_app TEXT,
	holder_state TEXT,
	holder_query TEXT,
	holder_age_us INTEGER,
	relation TEXT,                  -- pg_locks' relation, else read off the queries
	waited_mode TEXT,               -- the mode the waiter asked for
	held_mode TEXT                  -- the holder's, when known
);
-- captured rows whose INSERT/UPDATE was seen waiting on a lock: their key
-- is a literal of the waiting query
CREATE TEMP TABLE write_wait (
	db_write_id INTEGER NOT NULL,
	obs_id INTEGER NOT NULL,
	PRIMARY KEY (db_write_id, obs_id)
);
-- a captured lock wait (one backend, one statement) and the request it
-- served (lock_links.c)
CREATE TEMP TABLE lock_wait_link (
	request_row INTEGER NOT NULL,
	waiter_pid INTEGER NOT NULL,
	holder_pid INTEGER NOT NULL,
	relation TEXT,
	first_us INTEGER NOT NULL,      -- first and last capture that saw it wait
	last_us INTEGER NOT NULL,
	method TEXT NOT NULL,           -- own_row | path_id
	confidence REAL NOT NULL,
	obs_id INTEGER NOT NULL         -- its first lock_obs row: the evidence
);
-- What earlier finding kinds concluded, for the later ones to read (their
-- `needs`): each post-write stall (post_write_stalls.c) and each clustered
-- timeout (timeout_clusters.c).
CREATE TEMP TABLE stall_result (
	request_row INTEGER PRIMARY KEY,
	db_write_id INTEGER NOT NULL,
	phase TEXT NOT NULL,            -- the sentence (post_write_stalls' stalled_phase)
	phase_evidence TEXT NOT NULL,
	phase_name TEXT                 -- as the server logs it, when named
);
-- The window's answers per method + route and second of their end: count,
-- slowest and server-side failures (route_seconds.c). Each cluster's
-- healthy routes add up the whole seconds inside it from here and read
-- only its two partial edge seconds request by request.
CREATE TEMP TABLE route_second (
	route TEXT,
	method TEXT,
	sec INTEGER NOT NULL,           -- end_us / 1000000
	n INTEGER NOT NULL,
	slowest INTEGER,                -- µs
	failed INTEGER                  -- 408s and 5xx
);
CREATE TEMP TABLE cluster_member (
	request_row INTEGER PRIMARY KEY,
	cluster_no INTEGER NOT NULL     -- 1-based, in the clusters' report order
);
