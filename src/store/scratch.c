/* scratch.c - a database of the report's own working tables that more
 * than one connection can see: TEMP tables belong to one connection, and
 * the window's requests are built on another (model/side.c) while the
 * report's connection links events. An unnamed file: made, attached to
 * each connection, then unlinked at once, so that no run, not even one
 * killed with -9, leaves it behind; the open descriptors keep it until the
 * last connection closes. No journal and no syncs: nothing in it outlives
 * the report. For one connection alone, SQLite's private temporary
 * database does (kept in memory until it outgrows the cache, as TEMP
 * tables are). */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_impl.h"

static int attach(struct store *st, const char *path, struct diag *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "ATTACH ?1 AS " STORE_SCRATCH, -1, &s, NULL) != SQLITE_OK)
		return diag_db(err, "cannot attach a scratch database: %s", sqlite3_errmsg(st->db));
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return diag_db(err, "cannot attach a scratch database: %s", sqlite3_errmsg(st->db));
	return store_exec(st, "PRAGMA " STORE_SCRATCH ".journal_mode = OFF; PRAGMA " STORE_SCRATCH
			  ".synchronous = OFF", err);
}

int store_scratch_attach(struct store *const *conns, int n, struct diag *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd, rc = 0, i;

	if (n == 1)     /* SQLite's own private temporary database: as TEMP tables are */
		return attach(conns[0], "", err);
	if (!dir || !*dir)
		dir = "/tmp";
	if (snprintf(path, sizeof(path), "%s/analyze-scratch-XXXXXX", dir) >= (int)sizeof(path))
		return diag_db(err, "TMPDIR is too long for a scratch database");
	if ((fd = mkstemp(path)) < 0)
		return diag_db(err, "cannot make a scratch database in '%s': %s", dir,
			       strerror(errno));
	close(fd);
	for (i = 0; i < n && rc == 0; i++)
		rc = attach(conns[i], path, err);
	unlink(path);
	while (rc < 0 && i-- > 0)       /* none keeps half of it: the caller may try alone */
		sqlite3_exec(conns[i]->db, "DETACH " STORE_SCRATCH, NULL, NULL, NULL);
	return rc;
}
