-- A timing event's phases were a row each (three for an auth timing),
-- inserted one by one after their event: 2.4 M rows for a 1 GB log. They
-- are now one row per event that has phases, its list in the fields'
-- order as JSON, [[phase_id, ms], ...] (ms as the shortest text that
-- reads back as the same double: phase_ms_text()). The view `phase` reads
-- the list back as the rows it held (event_id, seq, phase_id, ms), so
-- every query of it reads as before; a pruned event's phases go with it.
--
-- An event's fields keep the event's own name out as the string "\/n"
-- (fields_template() in span_template.c): the name is in name_id already,
-- and "event":"debug.auth.authenticate_with_token.timing" was a third of
-- a timing event's row. The parsers never write the escape \/, so the
-- text stays valid JSON that nothing else can mean; event_v puts the name
-- back. Rows stored before keep their fields as they were.
CREATE TABLE phase_list (
	event_id INTEGER PRIMARY KEY REFERENCES event(id),
	phases TEXT NOT NULL            -- [[phase_id, ms], ...]: text_value ids, milliseconds
);

-- phase's key is (event_id, seq): grouped in key order, each list is in seq order
INSERT INTO phase_list (event_id, phases)
SELECT event_id, '[' || group_concat('[' || phase_id || ',' || phase_ms_text(ms) || ']') || ']'
FROM phase
GROUP BY event_id;

DROP VIEW phase_v;
DROP VIEW event_v;
DROP TABLE phase;

CREATE VIEW phase AS
SELECT l.event_id, p.key AS seq, p.value ->> 0 AS phase_id, CAST(p.value ->> 1 AS REAL) AS ms
FROM phase_list l, json_each(l.phases) p;

CREATE VIEW phase_v AS
SELECT p.event_id, p.seq, e.source_id, e.line, nm.value AS event_name, ph.value AS phase, p.ms
FROM phase p
JOIN event e ON e.id = p.event_id
JOIN text_value ph ON ph.id = p.phase_id
LEFT JOIN text_value nm ON nm.id = e.name_id;

-- As 0006's, and the fields' "\/n" is the name again.
CREATE VIEW event_v AS
SELECT e.id, e.source_id, e.line, e.ts_us, e.wrapper_ts_us, lv.value AS level,
	tg.value AS target, nm.value AS name, ms.value AS message,
	replace(e.fields_json, '"\/n"', json_quote(nm.value)) AS fields_json, sp.value AS span_name,
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
