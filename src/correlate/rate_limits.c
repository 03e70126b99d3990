/* rate_limits.c - the server's rate-limit rejections <-> the proxy's 429s,
 * when no request id joins them. In a login burst every rejection has many
 * login requests around it, so "the only candidate" links none; but the
 * proxy and the server see the same rejections in the same order. So: each
 * limiter key (event, route field, client_ip, its source) takes the proxy
 * route whose 429s hold most of its rejections (the server's clock offset
 * taken off, RATE_LIMIT_SLACK_US of jitter), and the rejections are
 * assigned one to one to those 429s, each nearest the end of its response
 * (util/assign.c: the least total distance keeps the order). */
#include "correlate/rate_limits.h"

#include <stdlib.h>
#include <string.h>

#include "store/query.h"
#include "util/assign.h"

#define RATE_LIMIT_SLACK_US 20000

struct rl_event {
	int64_t id, t;          /* t: on the proxy's clock */
	char *key;              /* owned: the limiter key, for the route vote */
	int route;              /* the key's route, index in routes; -1: none */
};

struct rl_response {
	int64_t row, start, end;
	int route;
};

struct rl {
	struct rl_event *ev;
	size_t nev, cap_ev;
	struct rl_response *resp;
	size_t nresp, cap_resp;
	char **routes;          /* owned: distinct proxy routes of the 429s */
	size_t nroutes;
	int64_t longest;        /* the longest 429, to bound the search */
	int failed;
};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, (*cap ? *cap * 2 : 256) * size);
	if (!p)
		return -1;
	*v = p;
	*cap = *cap ? *cap * 2 : 256;
	return 0;
}

static int on_event(void *ctx, const struct store_row *row)
{
	struct rl *r = ctx;
	const char *key = store_row_text(row, 2);
	struct rl_event *e;

	if (grow((void **)&r->ev, &r->cap_ev, r->nev, sizeof(*r->ev)) < 0)
		goto oom;
	e = &r->ev[r->nev++];
	e->id = store_row_int(row, 0);
	e->t = store_row_int(row, 1);
	e->key = strdup(key ? key : "");
	e->route = -1;
	if (!e->key)
		goto oom;
	return 0;
oom:
	r->failed = 1;
	return 1;
}

static int route_index(struct rl *r, const char *route)
{
	char **v;

	for (size_t i = 0; i < r->nroutes; i++)
		if (strcmp(r->routes[i], route) == 0)
			return (int)i;
	v = realloc(r->routes, (r->nroutes + 1) * sizeof(*v));
	if (!v)
		return -1;
	r->routes = v;
	if (!(v[r->nroutes] = strdup(route)))
		return -1;
	return (int)r->nroutes++;
}

static int on_response(void *ctx, const struct store_row *row)
{
	struct rl *r = ctx;
	const char *route = store_row_text(row, 1);
	struct rl_response *p;

	if (grow((void **)&r->resp, &r->cap_resp, r->nresp, sizeof(*r->resp)) < 0)
		goto oom;
	p = &r->resp[r->nresp++];
	p->row = store_row_int(row, 0);
	p->start = store_row_int(row, 2);
	p->end = store_row_int(row, 3);
	if ((p->route = route_index(r, route ? route : "")) < 0)
		goto oom;
	if (p->end - p->start > r->longest)
		r->longest = p->end - p->start;
	return 0;
oom:
	r->failed = 1;
	return 1;
}

/* The first response that ends at or after t (they are sorted by end). */
static size_t first_ending_after(const struct rl *r, int64_t t)
{
	size_t lo = 0, hi = r->nresp;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->resp[mid].end < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Calls each(ctx, event, response) for every 429 that holds the event. */
static int each_holder(const struct rl *r, size_t i, int (*each)(void *, size_t, size_t),
		       void *ctx)
{
	int64_t t = r->ev[i].t;

	for (size_t j = first_ending_after(r, t - RATE_LIMIT_SLACK_US); j < r->nresp; j++) {
		if (r->resp[j].end - r->longest > t + RATE_LIMIT_SLACK_US)
			break;
		if (r->resp[j].start - RATE_LIMIT_SLACK_US <= t && each(ctx, i, j) < 0)
			return -1;
	}
	return 0;
}

struct vote {
	const struct rl *r;
	int64_t *tally;         /* per route, for the key being counted */
};

static int count_vote(void *ctx, size_t i, size_t j)
{
	struct vote *v = ctx;

	(void)i;
	v->tally[v->r->resp[j].route]++;
	return 0;
}

static int by_key(const void *a, const void *b)
{
	const struct rl_event *x = *(const struct rl_event *const *)a;
	const struct rl_event *y = *(const struct rl_event *const *)b;

	return strcmp(x->key, y->key);
}

/* Each limiter key's route: the one whose 429s hold most of its events. */
static int vote_routes(struct rl *r)
{
	struct rl_event **order = malloc(r->nev * sizeof(*order));
	struct vote v = { r, malloc(r->nroutes * sizeof(int64_t)) };
	int rc = -1;

	if (!order || !v.tally)
		goto out;
	for (size_t i = 0; i < r->nev; i++)
		order[i] = &r->ev[i];
	qsort(order, r->nev, sizeof(*order), by_key);
	for (size_t s = 0; s < r->nev;) {
		size_t t = s;
		int best = -1;

		memset(v.tally, 0, r->nroutes * sizeof(*v.tally));
		while (t < r->nev && strcmp(order[t]->key, order[s]->key) == 0) {
			if (each_holder(r, (size_t)(order[t] - r->ev), count_vote, &v) < 0)
				goto out;
			t++;
		}
		for (size_t k = 0; k < r->nroutes; k++)
			if (v.tally[k] > 0 && (best < 0 || v.tally[k] > v.tally[best]))
				best = (int)k;
		for (size_t k = s; k < t; k++)
			order[k]->route = best;
		s = t;
	}
	rc = 0;
out:
	free(order);
	free(v.tally);
	return rc;
}

struct pairs {
	const struct rl *r;
	struct assign_pair *v;
	size_t n, cap;
};

static int add_pair(void *ctx, size_t i, size_t j)
{
	struct pairs *p = ctx;
	int64_t d = p->r->resp[j].end - p->r->ev[i].t;

	if (p->r->resp[j].route != p->r->ev[i].route)
		return 0;
	if (grow((void **)&p->v, &p->cap, p->n, sizeof(*p->v)) < 0)
		return -1;
	p->v[p->n++] = (struct assign_pair){ (uint32_t)i, (uint32_t)j, d < 0 ? -d : d };
	return 0;
}

static void rl_release(struct rl *r)
{
	for (size_t i = 0; i < r->nev; i++)
		free(r->ev[i].key);
	for (size_t i = 0; i < r->nroutes; i++)
		free(r->routes[i]);
	free(r->ev);
	free(r->resp);
	free(r->routes);
}

int rate_limits_link(struct store *st, struct correlation *c, struct diag *err)
{
	struct store_arg off = ARG_I(c->offset_us);
	struct rl r = { 0 };
	struct pairs p = { &r, NULL, 0, 0 };
	unsigned char *chosen = NULL;
	int rc = -1;

	if (store_query(st, "correlate/rate_limit_events", &off, 1, on_event, &r, err) < 0 ||
	    (!r.failed && r.nev &&
	     store_query(st, "correlate/rate_limit_responses", NULL, 0, on_response, &r, err) < 0))
		goto out;
	if (r.failed || (r.nev && r.nresp && vote_routes(&r) < 0))
		goto oom;
	for (size_t i = 0; i < r.nev && r.nresp; i++)
		if (r.ev[i].route >= 0 && each_holder(&r, i, add_pair, &p) < 0)
			goto oom;
	if (p.n && (!(chosen = malloc(p.n)) ||
		    assign_solve(r.nev, r.nresp, p.v, p.n, chosen, NULL) < 0))
		goto oom;
	for (size_t k = 0; k < p.n; k++) {
		struct store_arg a[2] = { ARG_I(r.ev[p.v[k].left].id), ARG_I(r.resp[p.v[k].right].row) };

		if (!chosen[k])
			continue;
		if (store_query(st, "correlate/insert_rate_limit_link", a, 2, NULL, NULL, err) < 0)
			goto out;
		c->by_rate_limit_order++;
	}
	rc = 0;
	goto out;
oom:
	diag_oom(err);
out:
	free(chosen);
	free(p.v);
	rl_release(&r);
	return rc;
}
