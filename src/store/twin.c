/* twin.c - more connections on the report's database that read the very
 * snapshot the first one reads, so that work needing nothing of the first
 * connection's TEMP tables (the window's requests, the overview, the
 * timeline) can run in a thread of its own on the second core while
 * correlation runs.
 *
 * SQLite (as Debian builds it) has no sqlite3_snapshot_open(): connections
 * that start reading apart may see different commits. One more connection
 * takes the write lock for the instant in which they all start reading;
 * with it held no commit can land between them. It is let go at once: an
 * ingest waits for microseconds, not for the report. When the lock is
 * taken (an ingest is writing) or cannot be (a read-only file, no file at
 * all), the report reads on one connection, as before. */
#include <sqlite3.h>
#include <string.h>

#include "store/store_impl.h"

#define TWIN_CACHE "PRAGMA cache_size = -2048"  /* it scans; a cache would not help */

int store_open_twins(struct store *st, struct store **twins, int n)
{
	const char *path = sqlite3_db_filename(st->db, "main");
	struct diag quiet = DIAG_INIT;
	int ok = path && *path && sqlite3_db_readonly(st->db, "main") == 0;

	for (int i = 0; i < n; i++)
		twins[i] = NULL;
	for (int i = 0; ok && i < n; i++)
		ok = store_open_mode(&twins[i], path, STORE_EXISTING, &quiet) == 0 &&
		     store_exec(twins[i], TWIN_CACHE, &quiet) == 0;
	if (!ok)
		for (int i = 0; i < n; i++) {
			store_free(twins[i]);
			twins[i] = NULL;
		}
	return ok;
}

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

static void drop_twins(struct store **twins, int n)
{
	for (int i = 0; i < n; i++) {
		store_free(twins[i]);
		twins[i] = NULL;
	}
}

int store_read_begin_twins(struct store *st, struct store **twins, int n, struct diag *err)
{
	sqlite3 *gate = NULL;
	int rc = 0;

	if (n > 0 && twins[0])
		gate = write_gate(sqlite3_db_filename(st->db, "main"));
	if (!gate) {
		drop_twins(twins, n);
		return store_read_begin(st, err);
	}
	rc = store_read_begin(st, err);
	for (int i = 0; rc == 0 && i < n; i++)
		/* no sorter threads: the report's own thread has the other core;
		 * and the twin's small cache, not the report's */
		rc = store_read_begin(twins[i], err) < 0 ||
				     store_exec(twins[i], "PRAGMA threads = 0; " TWIN_CACHE, err) < 0
			     ? -1 : 0;
	sqlite3_exec(gate, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(gate);
	if (rc < 0)
		drop_twins(twins, n);
	return rc;
}
