-- Values that most requests repeat (methods, hosts, routes, protocols, user
-- agents) are stored once and referenced by id: a third fewer bytes per
-- request row, which is what an ingest spends its time writing, and a
-- smaller database. request_v shows them as text again.
CREATE TABLE text_value (
	id INTEGER PRIMARY KEY,
	value TEXT NOT NULL UNIQUE
);

INSERT INTO text_value (value)
SELECT method FROM request WHERE method IS NOT NULL
UNION SELECT host FROM request WHERE host IS NOT NULL
UNION SELECT route FROM request WHERE route IS NOT NULL
UNION SELECT proto FROM request WHERE proto IS NOT NULL
UNION SELECT user_agent FROM request WHERE user_agent IS NOT NULL;

CREATE TABLE request_new (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL,
	start_us INTEGER NOT NULL,      -- ts - duration
	end_us INTEGER NOT NULL,        -- ts: written when the response ended
	duration_us INTEGER,
	method_id INTEGER REFERENCES text_value(id),
	host_id INTEGER REFERENCES text_value(id),
	uri TEXT,                       -- as logged, secrets in the query redacted
	route_id INTEGER REFERENCES text_value(id), -- path, prefix stripped, ids -> {id}
	proto_id INTEGER REFERENCES text_value(id),
	status INTEGER,
	size INTEGER,
	bytes_read INTEGER,
	remote_ip TEXT,
	remote_port INTEGER,
	client_ip TEXT,
	cf_connecting_ip TEXT,
	x_forwarded_for TEXT,
	x_real_ip TEXT,
	user_agent_id INTEGER REFERENCES text_value(id),
	request_id TEXT,
	request_key INTEGER             -- fingerprint of request_id: a small, fast index
);

INSERT INTO request_new
SELECT r.id, r.source_id, r.line, r.start_us, r.end_us, r.duration_us,
	(SELECT id FROM text_value WHERE value = r.method),
	(SELECT id FROM text_value WHERE value = r.host),
	r.uri,
	(SELECT id FROM text_value WHERE value = r.route),
	(SELECT id FROM text_value WHERE value = r.proto),
	r.status, r.size, r.bytes_read, r.remote_ip, r.remote_port, r.client_ip,
	r.cf_connecting_ip, r.x_forwarded_for, r.x_real_ip,
	(SELECT id FROM text_value WHERE value = r.user_agent),
	r.request_id, r.request_key
FROM request r;

-- A view naming a missing table stops RENAME: the view goes first.
DROP VIEW request_v;
DROP TABLE request;
ALTER TABLE request_new RENAME TO request;
-- request_by_key went with the old table: the next ingest builds it again
-- (schema/indexes), after its bulk load as always.

-- Every request column as text, the path and query split from uri.
CREATE VIEW request_v AS
SELECT r.id, r.source_id, r.line, r.start_us, r.end_us, r.duration_us,
	m.value AS method, h.value AS host, r.uri, rt.value AS route, p.value AS proto,
	r.status, r.size, r.bytes_read, r.remote_ip, r.remote_port, r.client_ip,
	r.cf_connecting_ip, r.x_forwarded_for, r.x_real_ip, ua.value AS user_agent,
	r.request_id, r.request_key,
	CASE WHEN instr(r.uri, '?') > 0 THEN substr(r.uri, 1, instr(r.uri, '?') - 1)
	     ELSE r.uri END AS path,
	CASE WHEN instr(r.uri, '?') > 0 THEN substr(r.uri, instr(r.uri, '?') + 1) END AS query
FROM request r
LEFT JOIN text_value m ON m.id = r.method_id
LEFT JOIN text_value h ON h.id = r.host_id
LEFT JOIN text_value rt ON rt.id = r.route_id
LEFT JOIN text_value p ON p.id = r.proto_id
LEFT JOIN text_value ua ON ua.id = r.user_agent_id;
