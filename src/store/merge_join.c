/* merge_join.c - an equality join SQLite cannot plan: two index scans in
 * key order, merged here, instead of one B-tree probe per row (the
 * request-id join of 1.27 M events took 2.7 s as a nested loop); and the
 * pairs such joins make, inserted in one go. */
#include "store/query.h"

#include <stdlib.h>

#include "store/store_impl.h"
#include "util/profile.h"

int store_pairs_add(struct store_pairs *p, int64_t a, int64_t b)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 4096;
		struct store_pair *v = realloc(p->v, cap * sizeof(*v));

		if (!v)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = (struct store_pair){ a, b };
	return 0;
}

static int by_a(const void *x, const void *y)
{
	const struct store_pair *p = x, *q = y;

	return (p->a > q->a) - (p->a < q->a);
}

int store_pairs_insert(struct store *st, const char *insert, struct store_pairs *p,
		       struct diag *err)
{
	sqlite3_stmt *ins = store_stmt(st, insert, err);
	double t0 = profile_start();
	int rc = ins ? 0 : -1;

	if (rc == 0 && p->n)
		qsort(p->v, p->n, sizeof(*p->v), by_a);
	for (size_t i = 0; rc == 0 && i < p->n; i++) {
		sqlite3_bind_int64(ins, 1, p->v[i].a);
		sqlite3_bind_int64(ins, 2, p->v[i].b);
		rc = store_step_rebound(st, ins, err);
	}
	free(p->v);
	*p = (struct store_pairs){ 0 };
	profile_end(t0, insert);
	return rc;
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

static int collect(struct store *st, sqlite3_stmt *l, sqlite3_stmt *r, struct store_pairs *out,
		   struct diag *err)
{
	int hl = step_key(l), hr = hl > 0 ? step_key(r) : hl;

	while (hl > 0 && hr > 0) {
		int64_t kl = sqlite3_column_int64(l, 0), kr = sqlite3_column_int64(r, 0);

		if (kl < kr) {
			hl = step_key(l);
			continue;
		}
		if (kl == kr &&
		    store_pairs_add(out, sqlite3_column_int64(r, 1), sqlite3_column_int64(l, 1)) < 0)
			return diag_oom(err);
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
	struct store_pairs p = { 0 };
	double t0 = profile_start();
	int rc;

	if (!r)
		return -1;
	store_bind_args(r, args, nargs);
	rc = collect(st, l, r, &p, err);
	sqlite3_reset(l);
	sqlite3_reset(r);
	sqlite3_clear_bindings(r);
	profile_end(t0, "merge_join: collect");
	if (rc < 0) {
		free(p.v);
		return -1;
	}
	return store_pairs_insert(st, insert, &p, err);
}
