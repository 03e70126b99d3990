/* merge_join.c - an equality join SQLite cannot plan: two index scans in
 * key order, merged here, instead of one B-tree probe per row (the
 * request-id join of 1.27 M events took 2.7 s as a nested loop). */
#include "store/query.h"

#include <stdlib.h>

#include "store/store_impl.h"
#include "util/profile.h"

struct pair {
	int64_t out, in;        /* the right row's value, the left one's */
};

static int by_out(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	return (x->out > y->out) - (x->out < y->out);
}

static void bind_args(sqlite3_stmt *s, const struct store_arg *args, int nargs)
{
	for (int i = 0; i < nargs; i++) {
		if (args[i].type == ARG_INT)
			sqlite3_bind_int64(s, i + 1, args[i].i);
		else if (args[i].type == ARG_REAL)
			sqlite3_bind_double(s, i + 1, args[i].d);
		else
			store_bind_text(s, i + 1, args[i].type == ARG_TEXT ? args[i].s : NULL);
	}
}

/* 1: the next row, its key an integer (keys are 64-bit fingerprints;
 * SQLite orders text and blobs after every number, so the merge ends at
 * the first of them); 0 at the end; -1 on error. */
static int step_key(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_INTEGER)
		return 1;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int collect(struct store *st, sqlite3_stmt *l, sqlite3_stmt *r, struct pair **out,
		   size_t *n, struct diag *err)
{
	size_t cap = 0;
	int hl = step_key(l), hr = hl > 0 ? step_key(r) : hl;

	while (hl > 0 && hr > 0) {
		int64_t kl = sqlite3_column_int64(l, 0), kr = sqlite3_column_int64(r, 0);

		if (kl < kr) {
			hl = step_key(l);
			continue;
		}
		if (kl == kr) {
			if (*n == cap) {
				struct pair *p = realloc(*out, (cap = cap ? cap * 2 : 4096) * sizeof(*p));

				if (!p)
					return diag_db(err, "out of memory joining on keys");
				*out = p;
			}
			(*out)[(*n)++] = (struct pair){ sqlite3_column_int64(r, 1),
							sqlite3_column_int64(l, 1) };
		}
		hr = step_key(r);
	}
	if (hl < 0 || hr < 0)
		return diag_db(err, "database error: %s", sqlite3_errmsg(st->db));
	return 0;
}

int store_merge_join(struct store *st, const char *left, const char *right,
		     const struct store_arg *args, int nargs, const char *insert, struct diag *err)
{
	sqlite3_stmt *l = store_stmt(st, left, err), *r = l ? store_stmt(st, right, err) : NULL;
	sqlite3_stmt *ins = r ? store_stmt(st, insert, err) : NULL;
	double t0 = profile_start();
	struct pair *p = NULL;
	size_t n = 0;
	int rc;

	if (!ins)
		return -1;
	bind_args(r, args, nargs);
	rc = collect(st, l, r, &p, &n, err);
	sqlite3_reset(l);
	sqlite3_reset(r);
	sqlite3_clear_bindings(r);
	/* in the order of the table's key: appended, not scattered */
	if (n)
		qsort(p, n, sizeof(*p), by_out);
	profile_end(t0, "merge_join: collect + sort");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		sqlite3_bind_int64(ins, 1, p[i].out);
		sqlite3_bind_int64(ins, 2, p[i].in);
		rc = store_step_rebound(st, ins, err);
	}
	free(p);
	profile_end(t0, insert);
	return rc;
}
