/* query.h - running the SQL of sql/ from outside src/store/: named
 * statements, bound arguments, rows handed to a callback. The stages after
 * ingest (correlate, detect, report) read and write the store only this way. */
#ifndef ANALYZE_QUERY_H
#define ANALYZE_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/diag.h"

enum store_arg_type { ARG_NULL, ARG_INT, ARG_REAL, ARG_TEXT };

struct store_arg {
	enum store_arg_type type;
	int64_t i;
	double d;
	const char *s;          /* borrowed for the call */
};

#define ARG_I(v) ((struct store_arg){ .type = ARG_INT, .i = (v) })
#define ARG_D(v) ((struct store_arg){ .type = ARG_REAL, .d = (v) })
#define ARG_S(v) ((struct store_arg){ .type = (v) ? ARG_TEXT : ARG_NULL, .s = (v) })

struct store_row;               /* valid only inside the callback */

int store_row_columns(const struct store_row *r);
int store_row_is_null(const struct store_row *r, int col);
int64_t store_row_int(const struct store_row *r, int col);
double store_row_real(const struct store_row *r, int col);
const char *store_row_text(const struct store_row *r, int col);   /* NULL for NULL */
size_t store_row_bytes(const struct store_row *r, int col);       /* of the text, after it */

/* Runs sql/<name>.sql with args bound as ?1..?n; calls each() per row until
 * it returns non-zero (returned), else 0; -1 on error. each may be NULL. */
int store_query(struct store *st, const char *name, const struct store_arg *args, int nargs,
		int (*each)(void *ctx, const struct store_row *row), void *ctx,
		struct diag *err);
/* A query stepped by its caller, alongside others (a merge of two
 * ordered scans): open binds args (borrowed until close), next returns the
 * next row, valid until the next call, or NULL at the end or on an error
 * (then *failed is set and err says it). One cursor per name at a time. */
struct store_cursor;
int store_cursor_open(struct store *st, const char *name, const struct store_arg *args, int nargs,
		      struct store_cursor **out, struct diag *err);
const struct store_row *store_cursor_next(struct store_cursor *c, int *failed, struct diag *err);
void store_cursor_close(struct store_cursor *c);
/* Runs every statement of sql/<name>.sql (no arguments, no rows). */
int store_script(struct store *st, const char *name, struct diag *err);
/* Pairs of ids made in C (a join SQLite cannot plan), for one insert. */
struct store_pairs {
	struct store_pair {
		int64_t a, b;
	} *v;                   /* owned */
	size_t n, cap;
};

/* 0, or -1 when out of memory. */
int store_pairs_add(struct store_pairs *p, int64_t a, int64_t b);
/* Runs insert with ?1 = a, ?2 = b for every pair, in order of a (a table
 * keyed by a is appended to, not scattered into); frees them. 0, or -1 on
 * error. */
int store_pairs_insert(struct store *st, const char *insert, struct store_pairs *p,
		       struct diag *err);
/* An equality join on integer keys as a merge of two scans: left and
 * right are queries of (key, value) ordered by key, left's keys unique;
 * args are bound to right. For each right row whose key left has, runs
 * insert with ?1 = the right row's value, ?2 = the left one's, in order
 * of ?1. 0, or -1 on error. */
int store_merge_join(struct store *st, const char *left, const char *right,
		     const struct store_arg *args, int nargs, const char *insert, struct diag *err);
/* Rows changed by the last statement. */
int64_t store_changes(struct store *st);

#endif
