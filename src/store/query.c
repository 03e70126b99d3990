/* query.c - named statements with arguments, rows to callbacks. */
#include "store/query.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/sql.h"
#include "store/store_impl.h"
#include "util/profile.h"

struct store_row {
	sqlite3_stmt *stmt;
};

int store_row_columns(const struct store_row *r)
{
	return sqlite3_column_count(r->stmt);
}

int store_row_is_null(const struct store_row *r, int col)
{
	return sqlite3_column_type(r->stmt, col) == SQLITE_NULL;
}

int64_t store_row_int(const struct store_row *r, int col)
{
	return sqlite3_column_int64(r->stmt, col);
}

double store_row_real(const struct store_row *r, int col)
{
	return sqlite3_column_double(r->stmt, col);
}

const char *store_row_text(const struct store_row *r, int col)
{
	return (const char *)sqlite3_column_text(r->stmt, col);
}

size_t store_row_bytes(const struct store_row *r, int col)
{
	return (size_t)sqlite3_column_bytes(r->stmt, col);
}

void store_bind_args(sqlite3_stmt *s, const struct store_arg *args, int nargs)
{
	for (int i = 0; i < nargs; i++) {
		switch (args[i].type) {
		case ARG_NULL:
			sqlite3_bind_null(s, i + 1);
			break;
		case ARG_INT:
			sqlite3_bind_int64(s, i + 1, args[i].i);
			break;
		case ARG_REAL:
			sqlite3_bind_double(s, i + 1, args[i].d);
			break;
		case ARG_TEXT:
			sqlite3_bind_text(s, i + 1, args[i].s, -1, SQLITE_STATIC);
			break;
		}
	}
}

int store_query(struct store *st, const char *name, const struct store_arg *args, int nargs,
		int (*each)(void *ctx, const struct store_row *row), void *ctx,
		struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, name, err);
	struct store_row row;
	double t0 = profile_start();
	int rc, stop = 0;

	if (!s)
		return -1;
	store_bind_args(s, args, nargs);
	row.stmt = s;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = each ? each(ctx, &row) : 0;
	if (!stop && rc != SQLITE_DONE)
		stop = diag_db(err, "database error in %s: %s", name, sqlite3_errmsg(st->db));
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	profile_end(t0, name);
	return stop;
}

struct store_cursor {
	struct store *st;
	const char *name;
	struct store_row row;
};

int store_cursor_open(struct store *st, const char *name, const struct store_arg *args, int nargs,
		      struct store_cursor **out, struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, name, err);
	struct store_cursor *c;

	*out = NULL;
	if (!s)
		return -1;
	if (!(c = malloc(sizeof(*c))))
		return diag_oom(err);
	store_bind_args(s, args, nargs);
	*c = (struct store_cursor){ st, name, { s } };
	*out = c;
	return 0;
}

const struct store_row *store_cursor_next(struct store_cursor *c, int *failed, struct diag *err)
{
	int rc = sqlite3_step(c->row.stmt);

	if (rc == SQLITE_ROW)
		return &c->row;
	if (rc != SQLITE_DONE)
		*failed = diag_db(err, "database error in %s: %s", c->name,
				  sqlite3_errmsg(c->st->db));
	return NULL;
}

void store_cursor_close(struct store_cursor *c)
{
	if (!c)
		return;
	sqlite3_reset(c->row.stmt);
	sqlite3_clear_bindings(c->row.stmt);
	free(c);
}

int store_script(struct store *st, const char *name, struct diag *err)
{
	const char *sql = sql_get(name);
	double t0 = profile_start();

	if (!sql)
		return diag_db(err, "no SQL named '%s'", name);
	if (store_exec(st, sql, err) < 0)
		return diag_prefix(err, "%s", name);
	profile_end(t0, name);
	return 0;
}

int64_t store_changes(struct store *st)
{
	return sqlite3_changes64(st->db);
}
