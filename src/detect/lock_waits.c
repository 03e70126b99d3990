/* lock_waits.c - lock episodes: one backend holding a lock on a relation
 * while others queue behind it, as the dated pg_stat_activity / pg_locks
 * captures show it (correlate/db_locks.c), and the timed-out requests whose
 * own statements were among the waiters (correlate/lock_links.c). Captures
 * of one holder and relation further apart than EPISODE_GAP_US are two
 * episodes. The holder is named whatever it is: a server backend, or an
 * interactive psql session left idle in transaction. */
#include <stdlib.h>
#include <string.h>

#include "detect/detector.h"
#include "detect/evidence.h"
#include "store/query.h"
#include "util/str.h"
#include "util/strvec.h"

#define EPISODE_GAP_US (10 * INT64_C(1000000))
#define QUERY_MAX 300           /* a holder's query, shown at most this long */

struct episode {
	int64_t holder, start_us, end_us, res_us, holder_age_us, captures, last_capture;
	char *relation, *app, *state, *query, *held_mode;       /* owned */
	struct strvec waited_modes, waiters;
	struct evidence ev;
};

struct scan {
	struct detect_ctx *ctx;
	struct jsonw *w;
	struct diag *err;
	struct episode e;
	int open, failed;
	int64_t found;
};

static int keep(char **slot, const char *v)
{
	char *d;

	if (!v)
		return 0;
	if (!(d = strdup(v)))
		return -1;
	free(*slot);
	*slot = d;
	return 0;
}

static void episode_release(struct episode *e)
{
	free(e->relation);
	free(e->app);
	free(e->state);
	free(e->query);
	free(e->held_mode);
	strvec_release(&e->waited_modes);
	strvec_release(&e->waiters);
	evidence_release(&e->ev);
	memset(e, 0, sizeof(*e));
}

struct requests {
	struct jsonw *w;
	int64_t n;
};

static int on_request(void *ctx, const struct store_row *row)
{
	struct requests *q = ctx;

	q->n++;
	jsonw_open(q->w);
	jsonw_kstr(q->w, "request_id", store_row_text(row, 0));
	jsonw_kstr(q->w, "route", store_row_text(row, 3));
	jsonw_kstr(q->w, "link", store_row_text(row, 1));
	jsonw_key(q->w, "confidence");
	jsonw_fixed(q->w, store_row_real(row, 2), 2);
	jsonw_close(q->w);
	return 0;
}

static void write_str_list(struct jsonw *w, const char *key, const struct strvec *v)
{
	jsonw_key(w, key);
	jsonw_array(w);
	for (size_t i = 0; i < v->n; i++)
		jsonw_str(w, v->v[i]);
	jsonw_end_array(w);
}

static int write_episode(struct scan *s)
{
	struct episode *e = &s->e;
	struct requests q = { .w = s->w };
	/* the lock was held at least from the first capture that saw a waiter
	 * to the end of the last one's second */
	struct store_arg a[6] = { ARG_I(e->holder), ARG_S(e->relation), ARG_I(e->start_us),
				  ARG_I(e->end_us + e->res_us), ARG_I(s->ctx->budget_us), ARG_D(DETECT_LINK_SURE) };
	char query[QUERY_MAX + 4];

	s->found++;
	jsonw_open(s->w);
	jsonw_kstr(s->w, "relation", e->relation);
	jsonw_kstr(s->w, "mode", e->held_mode);
	write_str_list(s->w, "waited_modes", &e->waited_modes);
	jsonw_key(s->w, "holder");
	jsonw_open(s->w);
	jsonw_kint(s->w, "pid", e->holder);
	jsonw_kstr(s->w, "application_name", e->app);
	jsonw_kstr(s->w, "state", e->state);
	if (e->query && strlen(e->query) > QUERY_MAX) {
		memcpy(query, e->query, QUERY_MAX);
		strcpy(query + QUERY_MAX, "...");
		jsonw_kstr(s->w, "query", query);
	} else {
		jsonw_kstr(s->w, "query", e->query);
	}
	jsonw_key(s->w, "age_ms");
	if (e->holder_age_us >= 0)
		jsonw_int(s->w, e->holder_age_us / 1000);
	else
		jsonw_null(s->w);
	jsonw_close(s->w);
	jsonw_ktime(s->w, "start", e->start_us);
	jsonw_ktime(s->w, "end", e->end_us);
	jsonw_kint(s->w, "captures", e->captures);
	jsonw_kint(s->w, "blocked_backends", (int64_t)e->waiters.n);
	write_str_list(s->w, "blocked_pids", &e->waiters);
	jsonw_key(s->w, "requests");
	jsonw_array(s->w);
	if (store_query(s->ctx->st, "detect/lock_requests", a, 6, on_request, &q, s->err) < 0)
		return -1;
	jsonw_end_array(s->w);
	jsonw_kint(s->w, "timed_out", q.n);
	evidence_write(&e->ev, s->w);
	jsonw_close(s->w);
	return 0;
}

static int on_obs(void *ctx, const struct store_row *row)
{
	struct scan *s = ctx;
	struct episode *e = &s->e;
	int64_t holder = store_row_int(row, 0), at = store_row_int(row, 2);
	const char *relation = store_row_text(row, 1), *waited = store_row_text(row, 9);
	const char *waiter = store_row_text(row, 10);

	if (s->open && (e->holder != holder || !str_same(e->relation, relation) ||
			at - e->end_us > EPISODE_GAP_US)) {
		if (write_episode(s) < 0)
			goto fail;
		episode_release(e);
		s->open = 0;
	}
	if (!s->open) {
		e->holder = holder;
		e->start_us = at;
		e->holder_age_us = -1;
		e->last_capture = INT64_MIN;
		evidence_init(&e->ev, (size_t)s->ctx->params->evidence_max);
		if (keep(&e->relation, relation) < 0)
			goto oom;
		s->open = 1;
	}
	e->end_us = at;
	e->res_us = store_row_int(row, 3);
	if (at != e->last_capture) {
		e->captures++;
		e->last_capture = at;
		if (evidence_add(&e->ev, store_row_text(row, 11), store_row_int(row, 12)) < 0)
			goto oom;
	}
	if (!store_row_is_null(row, 7) && store_row_int(row, 7) > e->holder_age_us)
		e->holder_age_us = store_row_int(row, 7);
	if (keep(&e->app, store_row_text(row, 4)) < 0 || keep(&e->state, store_row_text(row, 5)) < 0 ||
	    keep(&e->query, store_row_text(row, 6)) < 0 ||
	    keep(&e->held_mode, store_row_text(row, 8)) < 0 ||
	    (waited && strvec_push_unique(&e->waited_modes, waited) < 0) ||
	    (waiter && strvec_push_unique(&e->waiters, waiter) < 0))
		goto oom;
	return 0;
oom:
	diag_oom(s->err);
fail:
	s->failed = 1;
	return 1;
}

static int run(struct detect_ctx *ctx, struct jsonw *w, int64_t *found, struct diag *err)
{
	struct scan s = { .ctx = ctx, .w = w, .err = err };
	struct store_arg off = ARG_I(ctx->corr->db_offset_us);
	int rc = 0;

	if (store_query(ctx->st, "detect/lock_episodes", &off, 1, on_obs, &s, err) < 0 || s.failed)
		rc = -1;
	if (rc == 0 && s.open && write_episode(&s) < 0)
		rc = -1;
	episode_release(&s.e);
	*found = s.found;
	return rc;
}

const struct detector lock_waits_detector = {
	.name = "lock_waits",
	.help = "a lock held while other backends queued behind it, and the timed-out requests among them",
	.needs = { "timeout_clusters" },        /* the timeout budget */
	.run = run,
};
