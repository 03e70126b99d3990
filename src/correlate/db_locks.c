/* db_locks.c - who waited on whose lock, from dated pg_stat_activity and
 * pg_locks captures. Each capture is read a snapshot at a time: a backend
 * waiting on a Lock (or a pg_locks row not granted) and the pids it is
 * blocked by (pg_blocking_pids, else the granted holders of the same
 * relation) become one lock_obs row per holder, with the holder's own row
 * of that snapshot (application, state, query, age). The relation comes
 * from pg_locks, else from the queries (INSERT INTO x, LOCK TABLE x).
 * A waiting INSERT/UPDATE carries its row's key as a literal: that row is
 * recorded in write_wait, so a row still waiting at its request's end is
 * known not to have committed before the response. */
#include "correlate/db_locks.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "correlate/sql_text.h"
#include "store/query.h"

#define NAME_MAX_LEN 64

struct lock_row {
	int64_t pid, line, age_us;
	char *blocked_by, *wait_type, *app, *state, *query, *relation, *mode, *granted;
};

struct snap {
	int64_t id, capture_us, source_id;
	int is_locks;                   /* a pg_locks capture, not pg_stat_activity */
	struct lock_row *v;
	size_t n, cap;
};

struct observe {
	struct store *st;
	struct diag *err;
	struct snap s;
	int64_t observed;
	int failed;
};

static char *dup_cell(const struct store_row *row, int col, int *failed)
{
	const char *t = store_row_text(row, col);
	char *d;

	if (!t || !*t)
		return NULL;
	if (!(d = strdup(t)))
		*failed = 1;
	return d;
}

static void snap_clear(struct snap *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct lock_row *r = &s->v[i];

		free(r->blocked_by);
		free(r->wait_type);
		free(r->app);
		free(r->state);
		free(r->query);
		free(r->relation);
		free(r->mode);
		free(r->granted);
	}
	s->n = 0;
}

static int is_waiter(const struct snap *s, const struct lock_row *r)
{
	if (s->is_locks)
		return r->granted && (!strcmp(r->granted, "f") || !strcmp(r->granted, "false"));
	return r->wait_type && strcmp(r->wait_type, "Lock") == 0;
}

static const struct lock_row *holder_row(const struct snap *s, int64_t pid, const char *relation)
{
	const struct lock_row *any = NULL;

	for (size_t i = 0; i < s->n; i++) {
		const struct lock_row *r = &s->v[i];

		if (r->pid != pid)
			continue;
		if (!s->is_locks || (r->relation && relation && !strcmp(r->relation, relation) &&
				     r->granted && r->granted[0] == 't'))
			return r;
		if (!any)
			any = r;
	}
	return any;
}

struct waiting_write {
	struct observe *o;
	int64_t obs_id;
	const char *relation;
};

static int on_literal(void *ctx, const char *lit)
{
	struct waiting_write *ww = ctx;
	struct store_arg a[3] = { ARG_I(ww->obs_id), { .type = ARG_TEXT, .s = lit },
				  ARG_S(ww->relation) };

	return store_query(ww->o->st, "correlate/insert_write_wait", a, 3, NULL, NULL, ww->o->err);
}

/* Each quoted literal of the waiting query that could be a row's key. */
static int record_waiting_writes(struct observe *o, int64_t obs_id, const char *query,
				 const char *relation)
{
	struct waiting_write ww = { o, obs_id, relation };

	return sql_literals(query, on_literal, &ww) < 0 ? -1 : 0;
}

static int read_id(void *ctx, const struct store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, 0);
	return 0;
}

static int observe_pair(struct observe *o, const struct lock_row *w, int64_t holder)
{
	const struct snap *s = &o->s;
	const struct lock_row *h = holder_row(s, holder, w->relation);
	char rel[NAME_MAX_LEN] = "";
	const char *relation = w->relation;
	const char *waited = s->is_locks && w->mode ? w->mode : sql_lock_mode(w->query);
	const char *held = h && s->is_locks && h->mode ? h->mode : h ? sql_lock_mode(h->query) : NULL;
	/* a \watch title tells whole seconds; a sampled_at the microsecond */
	int64_t res = s->capture_us % 1000000 == 0 ? 1000000 : 1;
	int64_t obs_id = 0;

	if (!relation && h && h->relation)
		relation = h->relation;
	if (!relation && (sql_relation(w->query, rel, sizeof(rel)) ||
			  (h && sql_relation(h->query, rel, sizeof(rel)))))
		relation = rel;
	{
		struct store_arg a[15] = {
			ARG_I(s->capture_us), ARG_I(res), ARG_I(s->source_id), ARG_I(w->line),
			ARG_I(w->pid), ARG_S(w->query),
			w->age_us >= 0 ? ARG_I(w->age_us) : ARG_S(NULL), ARG_I(holder),
			ARG_S(h ? h->app : NULL), ARG_S(h ? h->state : NULL), ARG_S(h ? h->query : NULL),
			h && h->age_us >= 0 ? ARG_I(h->age_us) : ARG_S(NULL), ARG_S(relation),
			ARG_S(waited), ARG_S(held),
		};

		if (store_query(o->st, "correlate/insert_lock_obs", a, 15, read_id, &obs_id, o->err) < 0)
			return -1;
	}
	o->observed++;
	return record_waiting_writes(o, obs_id, w->query, relation);
}

/* The pids a waiter is blocked by: "{18079}", "{1,2}", "18079". */
static int observe_waiter(struct observe *o, const struct lock_row *w)
{
	const struct snap *s = &o->s;
	int any = 0;

	for (const char *p = w->blocked_by; p && *p; ) {
		char *end;
		long long pid;

		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		pid = strtoll(p, &end, 10);
		p = end;
		any = 1;
		if (pid != w->pid && observe_pair(o, w, pid) < 0)
			return -1;
	}
	if (any || !s->is_locks || !w->relation)
		return 0;
	/* pg_locks without pg_blocking_pids: the granted holders of the relation */
	for (size_t i = 0; i < s->n; i++) {
		const struct lock_row *h = &s->v[i];

		if (h->pid != w->pid && h->relation && !strcmp(h->relation, w->relation) &&
		    h->granted && h->granted[0] == 't' && observe_pair(o, w, h->pid) < 0)
			return -1;
	}
	return 0;
}

static int flush_snapshot(struct observe *o)
{
	for (size_t i = 0; i < o->s.n; i++)
		if (is_waiter(&o->s, &o->s.v[i]) && observe_waiter(o, &o->s.v[i]) < 0)
			return -1;
	snap_clear(&o->s);
	return 0;
}

static int on_lock_row(void *ctx, const struct store_row *row)
{
	struct observe *o = ctx;
	struct snap *s = &o->s;
	struct lock_row *r;
	const char *pid = store_row_text(row, 5), *age;

	if (s->n && s->id != store_row_int(row, 0) && flush_snapshot(o) < 0)
		goto fail;
	if (!pid || !isdigit((unsigned char)*pid))
		return 0;       /* a count or an aggregate row */
	s->id = store_row_int(row, 0);
	s->capture_us = store_row_int(row, 1);
	s->is_locks = store_row_text(row, 2) && !strcmp(store_row_text(row, 2), "pg_locks");
	s->source_id = store_row_int(row, 3);
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct lock_row *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			goto oom;
		s->v = v;
		s->cap = cap;
	}
	r = &s->v[s->n++];
	memset(r, 0, sizeof(*r));
	r->line = store_row_int(row, 4);
	r->pid = strtoll(pid, NULL, 10);
	age = store_row_text(row, 11);
	r->age_us = sql_interval_us(age);
	r->blocked_by = dup_cell(row, 6, &o->failed);
	r->wait_type = dup_cell(row, 7, &o->failed);
	r->app = dup_cell(row, 8, &o->failed);
	r->state = dup_cell(row, 9, &o->failed);
	r->query = dup_cell(row, 10, &o->failed);
	r->relation = dup_cell(row, 12, &o->failed);
	r->mode = dup_cell(row, 13, &o->failed);
	r->granted = dup_cell(row, 14, &o->failed);
	if (o->failed)
		goto oom;
	return 0;
oom:
	diag_oom(o->err);
fail:
	o->failed = 1;
	return 1;
}

int db_locks_observe(struct store *st, const struct store_arg window[2], int64_t *observed,
		     struct diag *err)
{
	struct observe o = { .st = st, .err = err };
	int rc = -1;

	if (store_query(st, "correlate/lock_rows", window, 2, on_lock_row, &o, err) < 0 || o.failed)
		goto out;
	if (flush_snapshot(&o) < 0)
		goto out;
	*observed = o.observed;
	rc = 0;
out:
	snap_clear(&o.s);
	free(o.s.v);
	return rc;
}
