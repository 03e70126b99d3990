-- The store's first schema: sources and what the Caddy access log gives.
-- Times are INTEGER microseconds since the epoch, UTC. Every record row
-- carries its provenance: the source it came from and the line number.

-- One row per distinct content: a log and its rotated, renamed or gzipped
-- copies share one, so what was ingested is never ingested again.
CREATE TABLE source (
	id INTEGER PRIMARY KEY,
	path TEXT NOT NULL,             -- where it was last read from
	format TEXT NOT NULL,           -- the parser that read it
	head_hash INTEGER NOT NULL,     -- fingerprint of the first line
	bytes INTEGER NOT NULL,         -- content bytes ingested, up to a line end
	lines INTEGER NOT NULL,         -- lines ingested
	tail_hash INTEGER NOT NULL,     -- fingerprint of the tail_len bytes before `bytes`
	tail_len INTEGER NOT NULL,
	records INTEGER NOT NULL DEFAULT 0,
	rejects INTEGER NOT NULL DEFAULT 0,
	first_ingest_us INTEGER NOT NULL,
	last_ingest_us INTEGER NOT NULL
);
CREATE INDEX source_by_head ON source(head_hash);

-- Every file version read to its end: an unchanged file (same size, same
-- first raw bytes, whatever its name) is skipped without being read.
CREATE TABLE source_file (
	raw_head_hash INTEGER NOT NULL,
	raw_size INTEGER NOT NULL,
	path TEXT NOT NULL,
	source_id INTEGER NOT NULL REFERENCES source(id),
	seen_us INTEGER NOT NULL,
	PRIMARY KEY (raw_head_hash, raw_size, path)
) WITHOUT ROWID;

-- Lines that could not be used, and why: never silently dropped.
CREATE TABLE reject (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,
	reason TEXT NOT NULL,
	excerpt TEXT                    -- the line's first bytes, invalid UTF-8 escaped
);

-- One row per Caddy access-log entry.
CREATE TABLE request (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,
	start_us INTEGER NOT NULL,      -- ts - duration
	end_us INTEGER NOT NULL,        -- ts: written when the response ended
	duration_us INTEGER,
	method TEXT,
	host TEXT,
	uri TEXT,                       -- as logged, secrets in the query redacted
	route TEXT,                     -- path, prefix stripped, identifiers -> {id}
	proto TEXT,
	status INTEGER,
	size INTEGER,
	bytes_read INTEGER,
	remote_ip TEXT,
	remote_port INTEGER,
	client_ip TEXT,
	cf_connecting_ip TEXT,
	x_forwarded_for TEXT,
	x_real_ip TEXT,
	user_agent TEXT,
	request_id TEXT,
	request_key INTEGER             -- fingerprint of request_id: a small, fast index
);

-- Rows stay lean (ingest speed is bytes written): the path and query are
-- derived from uri here rather than stored twice.
CREATE VIEW request_v AS
SELECT *,
	CASE WHEN instr(uri, '?') > 0 THEN substr(uri, 1, instr(uri, '?') - 1) ELSE uri END AS path,
	CASE WHEN instr(uri, '?') > 0 THEN substr(uri, instr(uri, '?') + 1) END AS query
FROM request;

-- Lines of the proxy's other loggers: upstream errors, start, stop.
CREATE TABLE proxy_event (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,
	ts_us INTEGER,
	level TEXT,
	logger TEXT,
	msg TEXT,
	fields_json TEXT                -- the whole entry, credentials redacted
);
