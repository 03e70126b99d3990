/* twin.c - a second connection on the report's database that reads the
 * very snapshot the first one reads, so that reads needing nothing of the
 * first connection's TEMP tables (the overview, the timeline) can run in a
 * thread of their own on the second core while correlation runs.
 *
 * SQLite (as Debian builds it) has no sqlite3_snapshot_open(): two
 * connections that start reading apart may see different commits. A third
 * connection takes the write lock for the instant in which both start
 * reading; with it held no commit can land between them. It is let go at
 * once: an ingest waits for microseconds, not for the report. When the
 * lock is taken (an ingest is writing) or cannot be (a read-only file, no
 * file at all), the report reads on one connection, as before. */
#include <sqlite3.h>
#include <string.h>

#include "store/store_impl.h"

#define TWIN_CACHE "PRAGMA cache_size = -2048"  /* it scans; a cache would not help */

/* A connection holding the write lock, or NULL when it cannot be had now. */
static sqlite3 *write_gate(const char *path)
{
	sqlite3 *gate = NULL;

	if (sqlite3_open_v2(path, &gate, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
		    SQLITE_OK ||
	    sqlite3_exec(gate, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(gate);    /* busy timeout 0: an ingest's lock is a no */
		return NULL;
	}
	return gate;
}

int store_read_begin_twin(struct store *st, struct store **twin, struct diag *err)
{
	const char *path = sqlite3_db_filename(st->db, "main");
	struct store *t = NULL;
	struct diag quiet = { 0 };
	sqlite3 *gate;

	*twin = NULL;
	if (!path || !*path || sqlite3_db_readonly(st->db, "main") == 1 ||
	    store_open_mode(&t, path, STORE_EXISTING, &quiet) < 0)
		return store_read_begin(st, err);
	if (!(gate = write_gate(path))) {
		store_free(t);
		return store_read_begin(st, err);
	}
	if (store_read_begin(st, err) < 0 || store_exec(t, TWIN_CACHE, err) < 0 ||
	    store_read_begin(t, err) < 0) {
		sqlite3_exec(gate, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(gate);
		store_free(t);
		return -1;
	}
	sqlite3_exec(gate, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(gate);
	*twin = t;
	return 0;
}
