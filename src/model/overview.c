/* overview.c - one pass over the window's requests, in table order: each
 * adds to its (route, method) group and to the whole window's, and to the
 * counts of its client and its user agent within both. SQLite would sort
 * the window once per statistic; the groups are a few dozen, the
 * percentiles exact (nearest rank: the value at rank ceil(p/100 * n) of the
 * n sorted durations). Memory: a duration per request (8 bytes), and per
 * group a fixed set of counters for its busiest clients and user agents
 * (util/topk.h), however many clients there are. */
#include "model/overview.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/record.h"
#include "store/query.h"
#include "util/intern.h"
#include "util/topk.h"

enum { C2XX, C3XX, C4XX, C5XX, COTHER, C408, C429, NCLASS };
static const char *const class_names[NCLASS] = { "2xx", "3xx", "4xx", "5xx", "other",
						 "408", "429" };

struct group {
	int64_t route, method;  /* indexes into names; -1: NULL */
	int64_t n, cls[NCLASS];
	int64_t *dur;           /* owned: the durations seen, until finish() */
	size_t ndur, capdur;
	int64_t p50, p95, p99, max;     /* of dur, set by finish() */
	struct topk clients, agents;    /* the busiest, in bounded memory */
};

struct overview {
	struct intern names;    /* routes and methods */
	struct u64map bykey;    /* (route + 1) << 32 | (method + 1) -> group index + 1 */
	struct group *groups;   /* owned: one per route and method */
	size_t ngroups, cap;
	struct group all;       /* the whole window (or baseline) */
	const char *prefix;     /* removed from routes, as window.sql does; NULL: none */
	int failed;
	struct diag *err;
};

static int64_t name_or_null(struct overview *o, const char *s)
{
	int64_t i;

	if (!s)
		return -1;
	if ((i = intern_get(&o->names, s)) < 0)
		o->failed = 1;
	return i;
}

static struct group *group_of(struct overview *o, int64_t route, int64_t method)
{
	int64_t *at = u64map_at(&o->bykey, (uint64_t)(route + 1) << 32 | (uint64_t)(method + 1));

	if (!at)
		return NULL;
	if (*at)
		return &o->groups[*at - 1];
	if (o->ngroups == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 32;
		struct group *g = realloc(o->groups, cap * sizeof(*g));

		if (!g)
			return NULL;
		o->groups = g;
		o->cap = cap;
	}
	o->groups[o->ngroups] = (struct group){ .route = route, .method = method };
	if (topk_init(&o->groups[o->ngroups].clients, OVERVIEW_TRACKED) < 0 ||
	    topk_init(&o->groups[o->ngroups].agents, OVERVIEW_TRACKED) < 0) {
		topk_release(&o->groups[o->ngroups].clients);
		return NULL;
	}
	*at = (int64_t)++o->ngroups;
	return &o->groups[o->ngroups - 1];
}

static int add_duration(struct group *g, int64_t us)
{
	if (g->ndur == g->capdur) {
		size_t cap = g->capdur ? g->capdur * 2 : 64;
		int64_t *d = realloc(g->dur, cap * sizeof(*d));

		if (!d)
			return -1;
		g->dur = d;
		g->capdur = cap;
	}
	g->dur[g->ndur++] = us;
	return 0;
}

/* One request into one group. */
static int add_to(struct group *g, const struct store_row *row, const char *client,
		  const char *agent)
{
	int64_t status = store_row_is_null(row, 2) ? 0 : store_row_int(row, 2);

	g->n++;
	if (status == 408 || status == 429)
		g->cls[status == 408 ? C408 : C429]++;
	else
		g->cls[status >= 200 && status < 600 ? status / 100 - 2 : COTHER]++;
	if (!store_row_is_null(row, 3) && add_duration(g, store_row_int(row, 3)) < 0)
		return -1;
	if (client && topk_add(&g->clients, client) < 0)
		return -1;
	if (agent && topk_add(&g->agents, agent) < 0)
		return -1;
	return 0;
}

/* The route as the server knows it: the proxy's prefix removed (window.sql's
 * rule: only at a segment boundary, and "/" for the prefix itself). */
static const char *server_route(const struct overview *o, const char *route)
{
	size_t n = o->prefix ? strlen(o->prefix) : 0;

	if (!route || !n || strncmp(route, o->prefix, n) != 0 || (route[n] && route[n] != '/'))
		return route;
	return route[n] ? route + n : "/";
}

static int add_request(void *ctx, const struct store_row *row)
{
	struct overview *o = ctx;
	int64_t route = name_or_null(o, server_route(o, store_row_text(row, 0)));
	int64_t method = name_or_null(o, store_row_text(row, 1));
	const char *client = store_row_text(row, 4), *agent = store_row_text(row, 5);
	struct group *g = o->failed ? NULL : group_of(o, route, method);

	if (!g || add_to(g, row, client, agent) < 0 || add_to(&o->all, row, client, agent) < 0) {
		o->failed = diag_oom(o->err);
		return 1;
	}
	return 0;
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest rank: the value at rank ceil(pct/100 * n), 1-based. */
static int64_t nearest_rank(const int64_t *sorted, size_t n, int pct)
{
	size_t rank = (n * (size_t)pct + 99) / 100;

	return sorted[rank ? rank - 1 : 0];
}

static int cmp_name(const struct overview *o, int64_t a, int64_t b)
{
	if (a < 0 || b < 0)
		return (a >= 0) - (b >= 0);     /* NULL first */
	return strcmp(o->names.names.v[a], o->names.names.v[b]);
}

static const struct overview *sorting;  /* qsort has no context argument */

/* The busiest first; then by route and method. */
static int by_requests(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	int c;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	if ((c = cmp_name(sorting, x->route, y->route)) != 0)
		return c;
	return cmp_name(sorting, x->method, y->method);
}

static void write_top(struct jsonw *w, const char *key, const struct topk *t)
{
	const struct topk_counter *best[OVERVIEW_TOP];
	size_t n = topk_best(t, best, OVERVIEW_TOP);

	jsonw_key(w, key);
	jsonw_array(w);
	for (size_t i = 0; i < n; i++) {
		jsonw_open(w);
		jsonw_kstr(w, "value", best[i]->value);
		jsonw_kint(w, "requests", best[i]->n);
		jsonw_close(w);
	}
	jsonw_end_array(w);
}

static void write_ms(struct jsonw *w, const char *key, int64_t us)
{
	jsonw_key(w, key);
	jsonw_fixed(w, (double)us / 1000, 3);
}

static int64_t errors_of(const struct group *g)
{
	return g->cls[C5XX] + g->cls[C408] + g->cls[C429];
}

static double share_of(const struct group *g)
{
	return g->n ? (double)errors_of(g) / (double)g->n : 0;
}

/* Counts, error share and latency: what a baseline row has too. The
 * durations are sorted (finish()). */
static void write_core(struct jsonw *w, const struct group *g)
{
	jsonw_kint(w, "requests", g->n);
	jsonw_key(w, "status");
	jsonw_open(w);
	for (int c = 0; c < NCLASS; c++)
		jsonw_kint(w, class_names[c], g->cls[c]);
	jsonw_close(w);
	jsonw_kint(w, "errors", errors_of(g));
	jsonw_key(w, "error_share");
	jsonw_fixed(w, share_of(g), 3);
	jsonw_kint(w, "timed", (int64_t)g->ndur);
	jsonw_key(w, "latency_ms");
	if (g->ndur == 0) {
		jsonw_null(w);
		return;
	}
	jsonw_open(w);
	write_ms(w, "p50", g->p50);
	write_ms(w, "p95", g->p95);
	write_ms(w, "p99", g->p99);
	write_ms(w, "max", g->max);
	jsonw_close(w);
}

/* The members every row and the whole window share. */
static void write_stats(struct jsonw *w, const struct group *g)
{
	write_core(w, g);
	write_top(w, "clients", &g->clients);
	write_top(w, "user_agents", &g->agents);
	jsonw_key(w, "busiest_exact");
	jsonw_bool(w, !g->clients.taken_over && !g->agents.taken_over);
}

/* A group's percentiles, its durations sorted for them and then freed:
 * a window's durations are two per request (its group's and the whole
 * window's), 16 MB over a million, and the report's peak comes later. */
static void settle(struct group *g)
{
	if (g->ndur) {
		qsort(g->dur, g->ndur, sizeof(*g->dur), by_value);
		g->p50 = nearest_rank(g->dur, g->ndur, 50);
		g->p95 = nearest_rank(g->dur, g->ndur, 95);
		g->p99 = nearest_rank(g->dur, g->ndur, 99);
		g->max = g->dur[g->ndur - 1];
	}
	free(g->dur);
	g->dur = NULL;
	g->capdur = 0;
}

/* After the pass: every group's percentiles, and the groups busiest
 * first (which leaves bykey pointing at the old places: a baseline, looked
 * up by key, stays in place). */
static void finish(struct overview *o, int sort_groups)
{
	sorting = o;
	if (o->ngroups && sort_groups)
		qsort(o->groups, o->ngroups, sizeof(*o->groups), by_requests);
	for (size_t i = 0; i < o->ngroups; i++)
		settle(&o->groups[i]);
	settle(&o->all);
}

/* The baseline's group of a window group's route and method, or NULL. */
static const struct group *baseline_of(const struct overview *win, const struct overview *base,
				       const struct group *g)
{
	int64_t r = g->route < 0 ? -1 : intern_find(&base->names, win->names.names.v[g->route]);
	int64_t m = g->method < 0 ? -1 : intern_find(&base->names, win->names.names.v[g->method]);
	const int64_t *at;

	if ((g->route >= 0 && r < 0) || (g->method >= 0 && m < 0))
		return NULL;
	at = u64map_find(&base->bykey, (uint64_t)(r + 1) << 32 | (uint64_t)(m + 1));
	return at && *at ? &base->groups[*at - 1] : NULL;
}

/* How a window row compares with its baseline row. */
struct change {
	const struct group *g, *b;      /* b NULL: no baseline request */
	double p95_ratio;               /* < 0: not comparable */
	double share_delta;
	int slower, failing, fresh;
	size_t rank;                    /* 1, 2, ... among the marked; 0 none */
};

static void compare(struct change *c)
{
	const struct group *g = c->g, *b = c->b;
	int64_t p95g = g->ndur ? g->p95 : 0;
	int64_t p95b = b && b->ndur ? b->p95 : 0;

	c->p95_ratio = g->ndur && p95b > 0 ? (double)p95g / (double)p95b : -1;
	c->share_delta = b ? share_of(g) - share_of(b) : 0;
	if (g->n < OVERVIEW_CHANGE_MIN)
		return;
	c->fresh = !b;
	if (!b)
		return;
	c->slower = c->p95_ratio >= OVERVIEW_SLOWER;
	c->failing = c->share_delta >= OVERVIEW_FAILING;
}

/* Marked rows: failing more first (by the rise of their error share), then
 * slower (by their p95 ratio), then new (by requests), then by place. */
static int by_change(const void *a, const void *b)
{
	const struct change *x = *(const struct change *const *)a, *y = *(const struct change *const *)b;
	int cx = x->failing ? 0 : x->slower ? 1 : 2, cy = y->failing ? 0 : y->slower ? 1 : 2;

	if (cx != cy)
		return cx - cy;
	if (cx == 0 && x->share_delta != y->share_delta)
		return x->share_delta < y->share_delta ? 1 : -1;
	if (cx <= 1 && x->p95_ratio != y->p95_ratio)
		return x->p95_ratio < y->p95_ratio ? 1 : -1;
	return (x->g > y->g) - (x->g < y->g);
}

static void write_change(struct jsonw *w, const struct change *c)
{
	jsonw_key(w, "baseline");
	if (!c->b) {
		jsonw_null(w);
	} else {
		jsonw_open(w);
		write_core(w, c->b);
		jsonw_close(w);
	}
	jsonw_key(w, "change");
	jsonw_open(w);
	jsonw_key(w, "p95_ratio");
	if (c->p95_ratio < 0)
		jsonw_null(w);
	else
		jsonw_fixed(w, c->p95_ratio, 2);
	jsonw_key(w, "error_share_delta");
	if (c->b)
		jsonw_fixed(w, c->share_delta, 3);
	else
		jsonw_null(w);
	jsonw_key(w, "marks");
	jsonw_array(w);
	if (c->failing)
		jsonw_str(w, "failing");
	if (c->slower)
		jsonw_str(w, "slower");
	if (c->fresh)
		jsonw_str(w, "new");
	jsonw_end_array(w);
	jsonw_key(w, "rank");
	if (c->rank)
		jsonw_int(w, (int64_t)c->rank);
	else
		jsonw_null(w);
	jsonw_close(w);
}

static int write_overview(const struct overview *o, const struct overview *base,
			  const struct overview_args *a, struct jsonw *w)
{
	size_t n = o->ngroups < OVERVIEW_ROUTES_MAX ? o->ngroups : OVERVIEW_ROUTES_MAX, nmarked = 0;
	struct change *ch = calloc(n + 1, sizeof(*ch));
	struct change **marked = calloc(n + 1, sizeof(*marked));

	if (!ch || !marked) {
		free(ch);
		free(marked);
		return -1;
	}
	for (size_t i = 0; base && i < n; i++) {
		ch[i].g = &o->groups[i];
		ch[i].b = baseline_of(o, base, &o->groups[i]);
		compare(&ch[i]);
		if (ch[i].failing || ch[i].slower || ch[i].fresh)
			marked[nmarked++] = &ch[i];
	}
	if (nmarked)
		qsort(marked, nmarked, sizeof(*marked), by_change);
	for (size_t i = 0; i < nmarked; i++)
		marked[i]->rank = i + 1;
	jsonw_open(w);
	jsonw_kstr(w, "percentiles", "nearest-rank");
	jsonw_kint(w, "routes_total", (int64_t)o->ngroups);
	jsonw_key(w, "all");
	jsonw_open(w);
	write_stats(w, &o->all);
	jsonw_close(w);
	if (base) {
		jsonw_key(w, "baseline");
		jsonw_open(w);
		jsonw_ktime(w, "since", a->base_since);
		jsonw_ktime(w, "until", a->base_until);
		jsonw_kint(w, "routes_total", (int64_t)base->ngroups);
		jsonw_kint(w, "changed", (int64_t)nmarked);
		jsonw_key(w, "all");
		jsonw_open(w);
		write_core(w, &base->all);
		jsonw_close(w);
		jsonw_close(w);
	}
	jsonw_key(w, "routes");
	jsonw_array(w);
	for (size_t i = 0; i < n; i++) {
		const struct group *g = &o->groups[i];

		jsonw_open(w);
		jsonw_kstr(w, "route", g->route < 0 ? NULL : o->names.names.v[g->route]);
		jsonw_kstr(w, "method", g->method < 0 ? NULL : o->names.names.v[g->method]);
		write_stats(w, g);
		if (base)
			write_change(w, &ch[i]);
		jsonw_close(w);
	}
	jsonw_end_array(w);
	jsonw_close(w);
	free(ch);
	free(marked);
	return 0;
}

static void group_release(struct group *g)
{
	free(g->dur);
	topk_release(&g->clients);
	topk_release(&g->agents);
}

static void overview_release(struct overview *o)
{
	for (size_t i = 0; i < o->ngroups; i++)
		group_release(&o->groups[i]);
	free(o->groups);
	group_release(&o->all);
	intern_release(&o->names);
	u64map_release(&o->bykey);
}

static struct store_arg bound(int64_t us)
{
	return us == RECORD_NONE ? (struct store_arg){ .type = ARG_NULL } : ARG_I(us);
}

/* The window's tally and, with a baseline, the baseline's. */
struct overview_tally {
	struct overview win, base;
	struct overview_args args;      /* args.prefix points at prefix */
	char prefix[64];
};

void overview_tally_free(struct overview_tally *t)
{
	if (!t)
		return;
	overview_release(&t->win);
	overview_release(&t->base);
	free(t);
}

int overview_gather(struct store *st, const struct overview_args *a, struct overview_tally **out,
		    struct diag *err)
{
	struct overview_tally *t = calloc(1, sizeof(*t));
	struct store_arg win[2] = { bound(a->since), bound(a->until) };
	struct store_arg b[2] = { ARG_I(a->base_since), ARG_I(a->base_until) };
	int has_base = a->base_since != RECORD_NONE;

	*out = NULL;
	if (!t)
		return diag_oom(err);
	t->args = *a;
	snprintf(t->prefix, sizeof(t->prefix), "%s", a->prefix ? a->prefix : "");
	t->args.prefix = t->prefix;
	t->win = (struct overview){ .err = err, .prefix = t->prefix };
	t->base = t->win;
	if (topk_init(&t->win.all.clients, OVERVIEW_TRACKED_ALL) < 0 ||
	    topk_init(&t->win.all.agents, OVERVIEW_TRACKED_ALL) < 0 ||
	    topk_init(&t->base.all.clients, OVERVIEW_TRACKED_ALL) < 0 ||
	    topk_init(&t->base.all.agents, OVERVIEW_TRACKED_ALL) < 0) {
		diag_oom(err);
		goto fail;
	}
	if (store_query(st, "report/overview_requests", win, 2, add_request, &t->win, err) < 0 ||
	    t->win.failed)
		goto fail;
	if (has_base && (store_query(st, "report/overview_requests", b, 2, add_request, &t->base,
				     err) < 0 || t->base.failed))
		goto fail;
	finish(&t->win, 1);
	if (has_base)
		finish(&t->base, 0);
	t->win.err = t->base.err = NULL;        /* err was the caller's, for the pass */
	*out = t;
	return 0;
fail:
	overview_tally_free(t);
	return -1;
}

int overview_write(const struct overview_tally *t, struct jsonw *w, struct diag *err)
{
	int has_base = t->args.base_since != RECORD_NONE;

	if (write_overview(&t->win, has_base ? &t->base : NULL, &t->args, w) < 0)
		return diag_oom(err);
	return 0;
}
