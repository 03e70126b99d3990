/* runs.c - a command's work on an open database, and the one way its
 * errors become a message and an exit status. */
#include "cli/runs.h"

#include "cli/exit_codes.h"

int with_store(const char *db, enum store_mode mode, const char *what,
	       int (*fn)(struct store *st, void *ctx, struct diag *err), void *ctx)
{
	struct diag err = DIAG_INIT;
	struct store *st;
	int rc;

	if (store_open_mode(&st, db, mode, &err) < 0)
		return exit_fail(NULL, &err);   /* the message names the database */
	rc = fn(st, ctx, &err);
	store_free(st);
	return rc < 0 ? exit_fail(what, &err) : rc;
}
