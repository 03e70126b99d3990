-- Server events keep their repeated values (level, target, event name, span
-- name, thread name, file) in text_value, as requests do since 0004; a
-- phase row is its event, its place among the event's phases, its name and
-- its milliseconds (its source, line and event name are its event's), kept
-- in event order by its key: no index of its own to build. Read them
-- through event_v and phase_v.
INSERT OR IGNORE INTO text_value (value)
SELECT level FROM event WHERE level IS NOT NULL
UNION SELECT target FROM event WHERE target IS NOT NULL
UNION SELECT name FROM event WHERE name IS NOT NULL
UNION SELECT span_name FROM event WHERE span_name IS NOT NULL
UNION SELECT thread_name FROM event WHERE thread_name IS NOT NULL
UNION SELECT file FROM event WHERE file IS NOT NULL
UNION SELECT phase FROM phase;

CREATE TABLE event_new (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,
	ts_us INTEGER NOT NULL,         -- the event's own timestamp
	wrapper_ts_us INTEGER,          -- Docker json-file's time, when wrapped
	level_id INTEGER REFERENCES text_value(id),     -- TRACE DEBUG INFO WARN ERROR
	target_id INTEGER REFERENCES text_value(id),    -- the Rust module path
	name_id INTEGER REFERENCES text_value(id),      -- the `event` field: "auth.rate_limit"
	message TEXT,
	fields_json TEXT NOT NULL,      -- every field but message, types kept; secrets redacted
	span_name_id INTEGER REFERENCES text_value(id), -- the innermost span
	span_json TEXT,                 -- its fields, when there is no span list (else see event_v)
	spans_json TEXT,                -- root to leaf: [{"name":..,"fields":{..}},...]
	request_id TEXT,                -- request_id / x_request_id: fields, then spans inner first
	request_key INTEGER,            -- its fingerprint, as request.request_key: joins by index alone
	method TEXT,
	uri TEXT,
	is_start INTEGER NOT NULL DEFAULT 0,   -- a server start: "listening", db.init
	thread_name_id INTEGER REFERENCES text_value(id),
	thread_id TEXT,
	file_id INTEGER REFERENCES text_value(id),
	file_line INTEGER
);

INSERT INTO event_new
SELECT e.id, e.source_id, e.line, e.ts_us, e.wrapper_ts_us,
	(SELECT id FROM text_value WHERE value = e.level),
	(SELECT id FROM text_value WHERE value = e.target),
	(SELECT id FROM text_value WHERE value = e.name),
	e.message, e.fields_json,
	(SELECT id FROM text_value WHERE value = e.span_name),
	e.span_json, e.spans_json, e.request_id, e.request_key, e.method, e.uri, e.is_start,
	(SELECT id FROM text_value WHERE value = e.thread_name),
	e.thread_id,
	(SELECT id FROM text_value WHERE value = e.file),
	e.file_line
FROM event e;

CREATE TABLE phase_new (
	event_id INTEGER NOT NULL REFERENCES event(id),
	seq INTEGER NOT NULL,           -- 0, 1, ...: the field's place among the event's phases
	phase_id INTEGER NOT NULL REFERENCES text_value(id),   -- "ack_wait" for ack_wait_ms
	ms REAL NOT NULL,
	PRIMARY KEY (event_id, seq)
) WITHOUT ROWID;

INSERT INTO phase_new
SELECT p.event_id, row_number() OVER (PARTITION BY p.event_id ORDER BY p.id) - 1,
	(SELECT id FROM text_value WHERE value = p.phase), p.ms
FROM phase p;

-- Views naming a missing table stop RENAME: they go first.
DROP VIEW event_v;
DROP TABLE phase;
DROP TABLE event;
ALTER TABLE event_new RENAME TO event;
ALTER TABLE phase_new RENAME TO phase;

-- The innermost span's fields are the span list's last entry: kept once.
CREATE VIEW event_v AS
SELECT e.id, e.source_id, e.line, e.ts_us, e.wrapper_ts_us, lv.value AS level,
	tg.value AS target, nm.value AS name, e.message, e.fields_json, sp.value AS span_name,
	coalesce(e.span_json, json_extract(e.spans_json, '$[#-1].fields')) AS span_json,
	e.spans_json, e.request_id, e.request_key, e.method, e.uri, e.is_start,
	th.value AS thread_name, e.thread_id, fl.value AS file, e.file_line
FROM event e
LEFT JOIN text_value lv ON lv.id = e.level_id
LEFT JOIN text_value tg ON tg.id = e.target_id
LEFT JOIN text_value nm ON nm.id = e.name_id
LEFT JOIN text_value sp ON sp.id = e.span_name_id
LEFT JOIN text_value th ON th.id = e.thread_name_id
LEFT JOIN text_value fl ON fl.id = e.file_id;

CREATE VIEW phase_v AS
SELECT p.event_id, p.seq, e.source_id, e.line, nm.value AS event_name, ph.value AS phase, p.ms
FROM phase p
JOIN event e ON e.id = p.event_id
JOIN text_value ph ON ph.id = p.phase_id
LEFT JOIN text_value nm ON nm.id = e.name_id;
