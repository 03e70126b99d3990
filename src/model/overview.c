/* overview.c - one pass over the window's requests, in table order: each
 * adds to its (route, method) group and to the whole window's, and to the
 * counts of its client and its user agent within both. SQLite would sort
 * the window once per statistic; the groups are a few dozen, the
 * percentiles exact (nearest rank: the value at rank ceil(p/100 * n) of the
 * n sorted durations). Memory: a duration per request, a count per
 * distinct (group, client) and (group, user agent). */
#include "model/overview.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/query.h"
#include "util/intern.h"

enum { C2XX, C3XX, C4XX, C5XX, COTHER, C408, C429, NCLASS };
static const char *const class_names[NCLASS] = { "2xx", "3xx", "4xx", "5xx", "other",
						 "408", "429" };

struct top {
	int64_t value;          /* index into names; -1: an empty slot */
	int64_t n;
};

struct group {
	int64_t route, method;  /* indexes into names; -1: NULL */
	int64_t n, cls[NCLASS];
	int64_t *dur;           /* owned: the durations seen, sorted at the end */
	size_t ndur, capdur;
	struct top clients[OVERVIEW_TOP], agents[OVERVIEW_TOP];
};

struct overview {
	struct intern names;    /* routes, methods, clients and agents */
	struct u64map bykey;    /* (route + 1) << 32 | (method + 1) -> group index + 1 */
	struct u64map clients, agents;  /* group index << 32 | value -> requests */
	struct group *groups;   /* owned; groups[ngroups] is the whole window */
	size_t ngroups, cap;
	struct group all;
	int failed;
	struct diag *err;
};

#define ALL_GROUP UINT32_MAX

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

/* One request into one group: g is a group's index, or ALL_GROUP. */
static int add_to(struct overview *o, struct group *g, uint64_t gi, const struct store_row *row,
		  int64_t client, int64_t agent)
{
	int64_t status = store_row_is_null(row, 2) ? 0 : store_row_int(row, 2);
	int64_t *n;

	g->n++;
	if (status == 408 || status == 429)
		g->cls[status == 408 ? C408 : C429]++;
	else
		g->cls[status >= 200 && status < 600 ? status / 100 - 2 : COTHER]++;
	if (!store_row_is_null(row, 3) && add_duration(g, store_row_int(row, 3)) < 0)
		return -1;
	if (client >= 0) {
		if (!(n = u64map_at(&o->clients, gi << 32 | (uint64_t)client)))
			return -1;
		++*n;
	}
	if (agent >= 0) {
		if (!(n = u64map_at(&o->agents, gi << 32 | (uint64_t)agent)))
			return -1;
		++*n;
	}
	return 0;
}

static int add_request(void *ctx, const struct store_row *row)
{
	struct overview *o = ctx;
	int64_t route = name_or_null(o, store_row_text(row, 0));
	int64_t method = name_or_null(o, store_row_text(row, 1));
	int64_t client = name_or_null(o, store_row_text(row, 4));
	int64_t agent = name_or_null(o, store_row_text(row, 5));
	struct group *g = o->failed ? NULL : group_of(o, route, method);

	if (!g || add_to(o, g, (uint64_t)(g - o->groups), row, client, agent) < 0 ||
	    add_to(o, &o->all, ALL_GROUP, row, client, agent) < 0) {
		o->failed = diag_oom(o->err);
		return 1;
	}
	return 0;
}

/* Orders two values by count, larger first, then by the string. */
static int before(const struct overview *o, int64_t n, int64_t value, const struct top *t)
{
	if (t->value < 0 || n != t->n)
		return t->value < 0 || n > t->n;
	return strcmp(o->names.names.v[value], o->names.names.v[t->value]) < 0;
}

static void offer(const struct overview *o, struct top *top, int64_t value, int64_t n)
{
	size_t i = OVERVIEW_TOP;

	while (i > 0 && before(o, n, value, &top[i - 1]))
		i--;
	if (i == OVERVIEW_TOP)
		return;
	memmove(&top[i + 1], &top[i], (OVERVIEW_TOP - 1 - i) * sizeof(*top));
	top[i] = (struct top){ value, n };
}

static void pick_tops(struct overview *o, const struct u64map *m, int agents)
{
	for (size_t i = 0; i < m->cap; i++) {
		const struct u64map_slot *s = &m->slots[i];
		uint64_t gi = s->key >> 32;
		struct group *g;

		if (!s->used)
			continue;
		g = gi == ALL_GROUP ? &o->all : &o->groups[gi];
		offer(o, agents ? g->agents : g->clients, (int64_t)(s->key & 0xffffffffu), s->value);
	}
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

static void write_top(const struct overview *o, struct jsonw *w, const char *key,
		      const struct top *top)
{
	jsonw_key(w, key);
	jsonw_array(w);
	for (size_t i = 0; i < OVERVIEW_TOP && top[i].value >= 0; i++) {
		jsonw_open(w);
		jsonw_kstr(w, "value", o->names.names.v[top[i].value]);
		jsonw_kint(w, "requests", top[i].n);
		jsonw_close(w);
	}
	jsonw_end_array(w);
}

static void write_ms(struct jsonw *w, const char *key, int64_t us)
{
	jsonw_key(w, key);
	jsonw_fixed(w, (double)us / 1000, 3);
}

/* The members every row and the whole window share. */
static void write_stats(const struct overview *o, struct jsonw *w, struct group *g)
{
	int64_t errors = g->cls[C5XX] + g->cls[C408] + g->cls[C429];

	jsonw_kint(w, "requests", g->n);
	jsonw_key(w, "status");
	jsonw_open(w);
	for (int c = 0; c < NCLASS; c++)
		jsonw_kint(w, class_names[c], g->cls[c]);
	jsonw_close(w);
	jsonw_kint(w, "errors", errors);
	jsonw_key(w, "error_share");
	jsonw_fixed(w, g->n ? (double)errors / (double)g->n : 0, 3);
	jsonw_kint(w, "timed", (int64_t)g->ndur);
	jsonw_key(w, "latency_ms");
	if (g->ndur == 0) {
		jsonw_null(w);
	} else {
		qsort(g->dur, g->ndur, sizeof(*g->dur), by_value);
		jsonw_open(w);
		write_ms(w, "p50", nearest_rank(g->dur, g->ndur, 50));
		write_ms(w, "p95", nearest_rank(g->dur, g->ndur, 95));
		write_ms(w, "p99", nearest_rank(g->dur, g->ndur, 99));
		write_ms(w, "max", g->dur[g->ndur - 1]);
		jsonw_close(w);
	}
	write_top(o, w, "clients", g->clients);
	write_top(o, w, "user_agents", g->agents);
}

static void clear_tops(struct group *g)
{
	for (size_t i = 0; i < OVERVIEW_TOP; i++)
		g->clients[i].value = g->agents[i].value = -1;
}

static void write_overview(struct overview *o, struct jsonw *w)
{
	for (size_t i = 0; i < o->ngroups; i++)
		clear_tops(&o->groups[i]);
	clear_tops(&o->all);
	pick_tops(o, &o->clients, 0);
	pick_tops(o, &o->agents, 1);
	sorting = o;
	if (o->ngroups)
		qsort(o->groups, o->ngroups, sizeof(*o->groups), by_requests);
	jsonw_open(w);
	jsonw_kstr(w, "percentiles", "nearest-rank");
	jsonw_kint(w, "routes_total", (int64_t)o->ngroups);
	jsonw_key(w, "all");
	jsonw_open(w);
	write_stats(o, w, &o->all);
	jsonw_close(w);
	jsonw_key(w, "routes");
	jsonw_array(w);
	for (size_t i = 0; i < o->ngroups && i < OVERVIEW_ROUTES_MAX; i++) {
		struct group *g = &o->groups[i];

		jsonw_open(w);
		jsonw_kstr(w, "route", g->route < 0 ? NULL : o->names.names.v[g->route]);
		jsonw_kstr(w, "method", g->method < 0 ? NULL : o->names.names.v[g->method]);
		write_stats(o, w, g);
		jsonw_close(w);
	}
	jsonw_end_array(w);
	jsonw_close(w);
}

int model_write_overview(struct store *st, const char *query, struct jsonw *w,
			 struct diag *err)
{
	struct overview o = { .err = err };
	int rc = -1;

	if (store_query(st, query, NULL, 0, add_request, &o, err) < 0 || o.failed)
		goto out;
	write_overview(&o, w);
	rc = 0;
out:
	for (size_t i = 0; i < o.ngroups; i++)
		free(o.groups[i].dur);
	free(o.groups);
	free(o.all.dur);
	intern_release(&o.names);
	u64map_release(&o.bykey);
	u64map_release(&o.clients);
	u64map_release(&o.agents);
	return rc;
}
