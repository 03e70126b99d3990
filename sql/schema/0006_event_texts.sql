-- A span list repeats on every event of a request, and it was 40% of a
-- tracing database. An event now keeps its span list (spans_id) or, with
-- no list, its one span's fields (span_fields_id) in text_value, with the
-- event's own request id, method and uri cut out (span_template.c): one
-- row serves every request of a route. event_v puts the values back, so
-- it reads as before. The message is kept there too (message_id): most
-- are a handful of constant texts ("finished processing request"). A
-- request id that is a lower-case UUID is kept as its 16 bytes (event_v
-- writes it back as text; joins use request_key, never this column).
-- tower-http's `latency` field ("60 ms") is kept as milliseconds too
-- (latency_ms), read as the hop latency check read the JSON.
CREATE TABLE event_new (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,
	ts_us INTEGER NOT NULL,         -- the event's own timestamp
	wrapper_ts_us INTEGER,          -- Docker json-file's time, when wrapped
	level_id INTEGER REFERENCES text_value(id),     -- TRACE DEBUG INFO WARN ERROR
	target_id INTEGER REFERENCES text_value(id),    -- the Rust module path
	name_id INTEGER REFERENCES text_value(id),      -- the `event` field: "auth.rate_limit"
	message_id INTEGER REFERENCES text_value(id),
	fields_json TEXT NOT NULL,      -- every field but message, types kept; secrets redacted
	span_name_id INTEGER REFERENCES text_value(id), -- the innermost span
	span_fields_id INTEGER REFERENCES text_value(id), -- its fields, with no span list
	spans_id INTEGER REFERENCES text_value(id),     -- root to leaf: [{"name":..,"fields":{..}},...]
	request_id,                     -- request_id / x_request_id: fields, then spans inner first
	                                -- (text, or a lower-case UUID's 16 bytes)
	request_key INTEGER,            -- its fingerprint, as request.request_key: joins by index alone
	method TEXT,
	uri TEXT,
	is_start INTEGER NOT NULL DEFAULT 0,   -- a server start: "listening", db.init
	thread_name_id INTEGER REFERENCES text_value(id),
	thread_id TEXT,
	file_id INTEGER REFERENCES text_value(id),
	file_line INTEGER,
	latency_ms REAL                 -- the `latency` field's, in ms (latency.c)
);

CREATE TEMP TABLE event_spans AS
SELECT id, span_template(span_json, request_id, method, uri) AS span_fields,
	span_template(spans_json, request_id, method, uri) AS spans
FROM event WHERE span_json IS NOT NULL OR spans_json IS NOT NULL;

INSERT OR IGNORE INTO text_value (value)
SELECT span_fields FROM temp.event_spans WHERE span_fields IS NOT NULL
UNION SELECT spans FROM temp.event_spans WHERE spans IS NOT NULL
UNION SELECT message FROM event WHERE message IS NOT NULL;

INSERT INTO event_new
SELECT e.id, e.source_id, e.line, e.ts_us, e.wrapper_ts_us, e.level_id, e.target_id, e.name_id,
	(SELECT t.id FROM text_value t WHERE t.value = e.message), e.fields_json, e.span_name_id,
	(SELECT t.id FROM text_value t WHERE t.value = s.span_fields),
	(SELECT t.id FROM text_value t WHERE t.value = s.spans),
	packed_request_id(e.request_id), e.request_key, e.method, e.uri, e.is_start, e.thread_name_id,
	e.thread_id,
	e.file_id, e.file_line,
	(SELECT CAST(l AS REAL) * CASE WHEN l LIKE '%µs' THEN 0.001 WHEN l LIKE '%ns' THEN 0.000001
		WHEN l LIKE '%ms' THEN 1 WHEN l LIKE '%s' THEN 1000 ELSE 1 END
	 FROM (SELECT json_extract(e.fields_json, '$.latency') AS l))
FROM event e LEFT JOIN temp.event_spans s ON s.id = e.id;

DROP TABLE temp.event_spans;
DROP VIEW event_v;
DROP VIEW phase_v;
DROP TABLE event;
ALTER TABLE event_new RENAME TO event;

-- A cut value is the string "\x01r" (request id), "\x01m" (method) or
-- "\x01u" (uri); json_quote() writes it back as the parser wrote it.
CREATE VIEW event_v AS
SELECT e.id, e.source_id, e.line, e.ts_us, e.wrapper_ts_us, lv.value AS level,
	tg.value AS target, nm.value AS name, ms.value AS message, e.fields_json, sp.value AS span_name,
	coalesce(e.span_fields, json_extract(e.spans_json, '$[#-1].fields')) AS span_json,
	e.spans_json, e.rid AS request_id, e.request_key, e.method, e.uri, e.is_start,
	th.value AS thread_name, e.thread_id, fl.value AS file, e.file_line, e.latency_ms
FROM (
	SELECT e.*,
		replace(replace(replace(sf.value,
			'"' || char(1) || 'r"', json_quote(e.rid)),
			'"' || char(1) || 'm"', json_quote(e.method)),
			'"' || char(1) || 'u"', json_quote(e.uri)) AS span_fields,
		replace(replace(replace(ss.value,
			'"' || char(1) || 'r"', json_quote(e.rid)),
			'"' || char(1) || 'm"', json_quote(e.method)),
			'"' || char(1) || 'u"', json_quote(e.uri)) AS spans_json
	FROM (
		SELECT e.*, CASE WHEN typeof(e.request_id) = 'blob' THEN lower(
			substr(hex(e.request_id), 1, 8) || '-' || substr(hex(e.request_id), 9, 4) || '-' ||
			substr(hex(e.request_id), 13, 4) || '-' || substr(hex(e.request_id), 17, 4) || '-' ||
			substr(hex(e.request_id), 21)) ELSE e.request_id END AS rid
		FROM event e
	) e
	LEFT JOIN text_value sf ON sf.id = e.span_fields_id
	LEFT JOIN text_value ss ON ss.id = e.spans_id
) e
LEFT JOIN text_value lv ON lv.id = e.level_id
LEFT JOIN text_value tg ON tg.id = e.target_id
LEFT JOIN text_value nm ON nm.id = e.name_id
LEFT JOIN text_value ms ON ms.id = e.message_id
LEFT JOIN text_value sp ON sp.id = e.span_name_id
LEFT JOIN text_value th ON th.id = e.thread_name_id
LEFT JOIN text_value fl ON fl.id = e.file_id;

CREATE VIEW phase_v AS
SELECT p.event_id, p.seq, e.source_id, e.line, nm.value AS event_name, ph.value AS phase, p.ms
FROM phase p
JOIN event e ON e.id = p.event_id
JOIN text_value ph ON ph.id = p.phase_id
LEFT JOIN text_value nm ON nm.id = e.name_id;
