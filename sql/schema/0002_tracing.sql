-- The app server's tracing events and the phases of its timing events.
-- Times are INTEGER microseconds since the epoch, UTC; provenance on every
-- row (source and line: a multi-line record's first line).

CREATE TABLE event (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,
	ts_us INTEGER NOT NULL,         -- the event's own timestamp
	wrapper_ts_us INTEGER,          -- Docker json-file's time, when wrapped
	level TEXT,                     -- TRACE DEBUG INFO WARN ERROR, as written
	target TEXT,                    -- the Rust module path
	name TEXT,                      -- the `event` field: "auth.rate_limit"
	message TEXT,
	fields_json TEXT NOT NULL,      -- every field but message, types kept; secrets redacted
	span_name TEXT,                 -- the innermost span
	span_json TEXT,                 -- its fields, when there is no span list (else see event_v)
	spans_json TEXT,                -- root to leaf: [{"name":..,"fields":{..}},...]
	request_id TEXT,                -- request_id / x_request_id: fields, then spans inner first
	request_key INTEGER,            -- its fingerprint, as request.request_key: joins by index alone
	method TEXT,
	uri TEXT,
	is_start INTEGER NOT NULL DEFAULT 0,   -- a server start: "listening", db.init
	thread_name TEXT,
	thread_id TEXT,
	file TEXT,
	file_line INTEGER
);

-- One row per <phase>_ms field: phase "ack_wait" for ack_wait_ms.
CREATE TABLE phase (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES event(id),
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,
	event_name TEXT,
	phase TEXT NOT NULL,
	ms REAL NOT NULL                -- (its request: through event_id and the links)
);

-- The innermost span's fields are the span list's last entry: kept once,
-- read through this view.
CREATE VIEW event_v AS
SELECT id, source_id, line, ts_us, wrapper_ts_us, level, target, name, message, fields_json,
	span_name, coalesce(span_json, json_extract(spans_json, '$[#-1].fields')) AS span_json,
	spans_json, request_id, request_key, method, uri, is_start, thread_name, thread_id, file,
	file_line
FROM event;
