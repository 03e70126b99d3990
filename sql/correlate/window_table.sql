-- The requests inside the report's window (filled by correlate/window), in
-- the scratch database `win` (store/scratch.c), not TEMP: the connection
-- that builds them may be another than the one that reads them
-- (model/side.c), and it commits them before they are read. id is the
-- rowid: joins by id are lookups, not scans.
CREATE TABLE win.window_request (
	id INTEGER PRIMARY KEY,         -- request.id
	method TEXT,
	status INTEGER,
	start_us INTEGER NOT NULL,
	end_us INTEGER NOT NULL,
	duration_us INTEGER,
	path TEXT,
	route TEXT
);
