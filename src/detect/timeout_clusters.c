/* timeout_clusters.c - 408s (and the proxy's 504s) grouped by route and
 * time: a quiet gap longer than the window splits a cluster. The timeout
 * budget is inferred as the most common 408 duration, to 100 ms. A 408
 * answered in far less than the budget is not the server's timeout (a
 * client that gave up, a handler's own 408): such requests are counted
 * apart (ctx->below_budget), never a cluster each. Clusters come largest
 * first. */
#include <stdlib.h>
#include <string.h>

#include "detect/detector.h"
#include "detect/evidence.h"
#include "detect/route_seconds.h"
#include "store/query.h"
#include "util/strvec.h"

#define MIN_BUDGET_US 1000000
/* a request that took this share of the budget and still answered came
 * near to timing out: the stall reached it too */
#define NEAR_MISS_SHARE 0.5

struct cluster {
	char *route;                    /* owned */
	struct strvec methods, ids;
	int64_t start_us, end_us, count;
	int64_t *dur;                   /* owned: durations, µs */
	size_t ndur, capdur;
	struct evidence ev;
};

struct scan {
	struct detect_ctx *ctx;
	struct jsonw *w;
	struct cluster c;
	int open;
	int64_t *all;                   /* every 408 duration, for the budget */
	size_t nall, capall;
	struct diag *err;
	int failed;
	/* clusters are written after the budget is known: keep them */
	struct cluster *done;
	size_t ndone, capdone;
};

static int push_dur(int64_t **v, size_t *n, size_t *cap, int64_t d)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		int64_t *p = realloc(*v, c * sizeof(*p));

		if (!p)
			return -1;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = d;
	return 0;
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values. */
static int64_t percentile(const int64_t *v, size_t n, int pct)
{
	size_t rank = (n * (size_t)pct + 99) / 100;

	return n ? v[rank ? rank - 1 : 0] : 0;
}

static void cluster_release(struct cluster *c)
{
	free(c->route);
	strvec_release(&c->methods);
	strvec_release(&c->ids);
	free(c->dur);
	evidence_release(&c->ev);
	memset(c, 0, sizeof(*c));
}

static int close_cluster(struct scan *s)
{
	if (!s->open)
		return 0;
	if (s->ndone == s->capdone) {
		size_t cap = s->capdone ? s->capdone * 2 : 8;
		struct cluster *p = realloc(s->done, cap * sizeof(*p));

		if (!p)
			return -1;
		s->done = p;
		s->capdone = cap;
	}
	s->done[s->ndone++] = s->c;
	memset(&s->c, 0, sizeof(s->c));
	s->open = 0;
	return 0;
}

/* Pass 1: every 408's duration, for the budget. */
static int on_duration(void *ctx, const struct store_row *row)
{
	struct scan *s = ctx;

	if (push_dur(&s->all, &s->nall, &s->capall, store_row_int(row, 0)) < 0) {
		s->failed = diag_oom(s->err);
		return 1;
	}
	return 0;
}

/* Pass 2: the requests that ran out of time, into clusters. */
static int on_timeout(void *ctx, const struct store_row *row)
{
	struct scan *s = ctx;
	const char *route = store_row_text(row, 0), *method = store_row_text(row, 1);
	const char *rid = store_row_text(row, 5);
	int64_t start = store_row_int(row, 2), end = store_row_int(row, 3);
	int64_t dur = store_row_int(row, 4), status = store_row_int(row, 6);

	if (!route)
		route = "";
	if (status == 408 && (double)dur < DETECT_AT_BUDGET_SHARE * (double)s->ctx->budget_us) {
		s->ctx->below_budget++;
		return 0;
	}
	if (s->open && (strcmp(s->c.route, route) != 0 ||
			end - s->c.end_us > s->ctx->params->cluster_gap_us) &&
	    close_cluster(s) < 0)
		goto oom;
	if (!s->open) {
		if (!(s->c.route = strdup(route)))
			goto oom;
		s->c.start_us = start;
		evidence_init(&s->c.ev, (size_t)s->ctx->params->evidence_max);
		s->open = 1;
	}
	s->c.count++;
	if (start < s->c.start_us)
		s->c.start_us = start;
	s->c.end_us = end;
	if ((method && strvec_push_unique(&s->c.methods, method) < 0) ||
	    (rid && strvec_push(&s->c.ids, rid) < 0) ||
	    push_dur(&s->c.dur, &s->c.ndur, &s->c.capdur, dur) < 0 ||
	    evidence_add(&s->c.ev, store_row_text(row, 7), store_row_int(row, 8)) < 0)
		goto oom;
	return 0;
oom:
	s->failed = diag_oom(s->err);
	return 1;
}

/* The mode of the 408 durations, in 100 ms bins (10.06 s -> 10.0 s). No
 * server's budget is under a second: when some 408s took longer, the
 * scattered fast ones (there may be more of them) do not vote. */
static int64_t infer_budget(int64_t *d, size_t n)
{
	int64_t best = 0, best_n = 0;
	size_t i = 0;

	if (n == 0)
		return 0;       /* no 408s: no budget to infer */
	qsort(d, n, sizeof(*d), by_value);
	while (i < n && d[i] < MIN_BUDGET_US)
		i++;
	if (i == n)
		i = 0;
	while (i < n) {
		int64_t bin = d[i] / 100000 * 100000;
		size_t j = i;

		while (j < n && d[j] / 100000 * 100000 == bin)
			j++;
		if ((int64_t)(j - i) > best_n) {
			best_n = (int64_t)(j - i);
			best = bin;
		}
		i = j;
	}
	return best;
}

struct share {
	int64_t all, timed_out;
};

static int read_share(void *ctx, const struct store_row *row)
{
	struct share *sh = ctx;

	sh->all = store_row_int(row, 0);
	sh->timed_out = store_row_int(row, 1);
	return 1;
}

static int write_healthy(void *ctx, const struct store_row *row)
{
	struct jsonw *w = ctx;

	jsonw_open(w);
	jsonw_kstr(w, "route", store_row_text(row, 0));
	jsonw_kstr(w, "methods", store_row_text(row, 1));
	jsonw_kint(w, "requests", store_row_int(row, 2));
	jsonw_kint(w, "max_duration_ms", store_row_int(row, 3) / 1000);
	jsonw_close(w);
	return 0;
}

struct near_misses {
	int64_t count;
	struct jsonw *w;
};

/* the first row is the slowest: it is written whole, the rest counted */
static int on_near_miss(void *ctx, const struct store_row *row)
{
	struct near_misses *nm = ctx;

	if (nm->count++ == 0) {
		jsonw_key(nm->w, "slowest");
		jsonw_open(nm->w);
		jsonw_kstr(nm->w, "request_id", store_row_text(row, 0));
		jsonw_kint(nm->w, "duration_ms", store_row_int(row, 1) / 1000);
		jsonw_kint(nm->w, "status", store_row_int(row, 2));
		jsonw_kstr(nm->w, "source", store_row_text(row, 3));
		jsonw_kint(nm->w, "line", store_row_int(row, 4));
		jsonw_close(nm->w);
	}
	return 0;
}

/* "near_misses": {"slowest": {...}, "count": n}, or {"slowest": null, "count": 0} */
static int write_near_misses(struct detect_ctx *ctx, const struct cluster *c, struct jsonw *w,
			     struct diag *err)
{
	struct near_misses nm = { 0, w };
	struct store_arg a[4] = { ARG_S(c->route), ARG_I(c->start_us), ARG_I(c->end_us),
				  ARG_I((int64_t)(NEAR_MISS_SHARE * (double)ctx->budget_us)) };

	jsonw_key(w, "near_misses");
	jsonw_open(w);
	if (ctx->budget_us > 0 &&
	    store_query(ctx->st, "detect/near_misses", a, 4, on_near_miss, &nm, err) < 0)
		return -1;
	if (nm.count == 0) {
		jsonw_key(w, "slowest");
		jsonw_null(w);
	}
	jsonw_kint(w, "count", nm.count);
	jsonw_close(w);
	return 0;
}

static int write_cluster(struct detect_ctx *ctx, struct cluster *c, int64_t no, struct jsonw *w,
			 struct diag *err)
{
	struct share sh = { 0 };
	struct store_arg a[3] = { ARG_S(c->route), ARG_I(c->start_us), ARG_I(c->end_us) };
	/* the cluster, and the whole seconds inside it: [first, last) */
	struct store_arg edges[4] = { ARG_I(c->start_us), ARG_I(c->end_us),
				      ARG_I(c->start_us / 1000000 + 1), ARG_I(c->end_us / 1000000) };
	/* its members, for the kinds that say which cluster a request was in */
	struct store_arg m[5] = { ARG_I(no), ARG_S(c->route), ARG_I(c->start_us), ARG_I(c->end_us),
				  ARG_I((int64_t)(DETECT_AT_BUDGET_SHARE * (double)ctx->budget_us)) };

	if (store_query(ctx->st, "detect/route_share", a, 3, read_share, &sh, err) < 0 ||
	    store_query(ctx->st, "detect/insert_cluster_member", m, 5, NULL, NULL, err) < 0)
		return -1;
	qsort(c->dur, c->ndur, sizeof(*c->dur), by_value);
	jsonw_open(w);
	jsonw_kint(w, "cluster", no);
	jsonw_kstr(w, "route", c->route);
	jsonw_key(w, "methods");
	jsonw_array(w);
	for (size_t i = 0; i < c->methods.n; i++)
		jsonw_str(w, c->methods.v[i]);
	jsonw_end_array(w);
	jsonw_ktime(w, "start", c->start_us);
	jsonw_ktime(w, "end", c->end_us);
	jsonw_kint(w, "count", c->count);
	jsonw_kint(w, "route_requests", sh.all);
	jsonw_key(w, "share");
	jsonw_fixed(w, sh.all ? (double)sh.timed_out / (double)sh.all : 0, 3);
	jsonw_kint(w, "median_duration_ms", percentile(c->dur, c->ndur, 50) / 1000);
	jsonw_kint(w, "p95_duration_ms", percentile(c->dur, c->ndur, 95) / 1000);
	jsonw_kint(w, "timeout_budget_ms", ctx->budget_us / 1000);
	jsonw_key(w, "request_ids");
	jsonw_array(w);
	for (size_t i = 0; i < c->ids.n; i++)
		jsonw_str(w, c->ids.v[i]);
	jsonw_end_array(w);
	if (write_near_misses(ctx, c, w, err) < 0)
		return -1;
	jsonw_key(w, "healthy_routes");
	jsonw_array(w);
	if (store_query(ctx->st, "detect/healthy_routes", edges, 4, write_healthy, w, err) < 0)
		return -1;
	jsonw_end_array(w);
	evidence_write(&c->ev, w);
	jsonw_close(w);
	return 0;
}

/* The largest first; of equal size, the earliest. */
static int by_size(const void *a, const void *b)
{
	const struct cluster *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return (x->start_us > y->start_us) - (x->start_us < y->start_us);
}

static int run(struct detect_ctx *ctx, struct jsonw *w, int64_t *found, struct diag *err)
{
	struct scan s = { .ctx = ctx, .w = w, .err = err };
	int rc = 0;

	ctx->below_budget = 0;
	if (store_query(ctx->st, "detect/timeout_durations", NULL, 0, on_duration, &s, err) < 0 || s.failed)
		rc = -1;
	ctx->budget_us = ctx->params->timeout_budget_us ? ctx->params->timeout_budget_us :
							  infer_budget(s.all, s.nall);
	if (rc == 0 && (store_query(ctx->st, "detect/timeouts", NULL, 0, on_timeout, &s, err) < 0 ||
			s.failed || close_cluster(&s) < 0))
		rc = -1;
	if (s.ndone)
		qsort(s.done, s.ndone, sizeof(*s.done), by_size);
	if (rc == 0 && s.ndone && route_seconds_build(ctx->st, err) < 0)
		rc = -1;
	for (size_t i = 0; i < s.ndone && rc == 0; i++)
		rc = write_cluster(ctx, &s.done[i], (int64_t)i + 1, w, err);
	*found = (int64_t)s.ndone;
	for (size_t i = 0; i < s.ndone; i++)
		cluster_release(&s.done[i]);
	cluster_release(&s.c);
	free(s.done);
	free(s.all);
	return rc;
}

const struct detector timeout_clusters_detector = {
	.name = "timeout_clusters",
	.help = "408s (or 502/504 when the upstream timed out) bunched on a route in time",
	.run = run,
};
