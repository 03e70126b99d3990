-- psql captures and pg_dump output: result sets, their rows, and the rows
-- that are database writes. Times are INTEGER microseconds since the epoch,
-- UTC; every row carries its source and line.

-- One row per result set: a table psql printed, a \watch iteration, an
-- expanded listing, a COPY block, a run of INSERTs into one table, a plan.
CREATE TABLE snapshot (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,          -- its header (COPY line, RECORD 1, first INSERT)
	capture_us INTEGER,             -- \watch title or shell timestamp; NULL unknown
	form TEXT NOT NULL,             -- aligned, unaligned, csv, expanded, copy, insert, explain
	title TEXT,                     -- the \watch title line
	query TEXT,                     -- the echoed query (-e, -a, a prompt), the COPY line
	shape TEXT,                     -- pg_stat_activity, pg_locks, count, a dump's table
	columns_json TEXT,              -- names as a JSON array; NULL for tuples-only output
	row_count INTEGER,              -- rows stored; NULL until the result's end was read
	footer_rows INTEGER,            -- "(N rows)" as printed; NULL without a footer
	planning_ms REAL,               -- EXPLAIN ANALYZE's "Planning Time"
	execution_ms REAL               -- and "Execution Time"
);

-- Its rows, cells as a JSON array: null for SQL NULL, strings as printed.
CREATE TABLE snapshot_row (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,          -- the row's first line
	row_no INTEGER NOT NULL,        -- 1-based within the snapshot
	cells_json TEXT NOT NULL
);
CREATE INDEX snapshot_row_by_snapshot ON snapshot_row(snapshot_id, row_no);

-- Rows that carry a write time: when a row of `table_name` was written.
CREATE TABLE db_write (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,
	table_name TEXT,                -- a dump's table, or the echoed query's FROM; else NULL
	key TEXT,                       -- the first id-like column's value
	written_us INTEGER NOT NULL,
	resolution_us INTEGER NOT NULL, -- 1000000 a seconds column, 1000 a ULID's clock, 1 timestamptz
	row_json TEXT NOT NULL          -- every column: {"name": "value" | null}
);
CREATE INDEX db_write_by_time ON db_write(written_us);
CREATE INDEX db_write_by_key ON db_write(key) WHERE key IS NOT NULL;
