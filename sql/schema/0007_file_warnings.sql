-- Doubts about a whole file, said once per ingest of it: its lines were
-- read, but maybe wrongly (a float duration unit the data contradicts, a
-- required field no line has, renamed by a Caddy filter). Shown on stderr
-- during ingest, counted in its summary, listed per source in the report.
-- 0006 is reserved for another change.
CREATE TABLE file_warning (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source(id),
	line INTEGER NOT NULL DEFAULT 0,        -- the first line it concerns; 0: the file
	reason TEXT NOT NULL
);
CREATE INDEX file_warning_by_source ON file_warning(source_id, id);
