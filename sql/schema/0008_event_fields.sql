-- An event's fields keep the event's own name out as the string "\/n"
-- (fields_template() in span_template.c): the name is in name_id already,
-- and "event":"debug.auth.authenticate_with_token.timing" was a third of
-- a timing event's row. The
-- parsers never write the escape \/, so the text stays valid JSON that
-- nothing else can mean (json_extract of the other fields reads it as
-- before); event_v puts the name back. Rows stored before keep their
-- fields as they were: event_v reads them unchanged.
DROP VIEW event_v;

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

