/* db_writes.c - which request made each captured row. In a burst many
 * requests of a route share the ids a row carries, so "the nearest
 * candidate" is often another request's row. Instead:
 *   1. the rows' clock against the proxy's, from pairs that are alone both
 *      ways (clock_offset.c's estimate over their bounds);
 *   2. only rows inside their request's [start, end] (that offset taken off,
 *      DB_WRITE_SLACK_US of jitter) can be its write;
 *   3. each route's typical lag from start to write, from the pairs alone
 *      both ways of that route;
 *   4. per table, each connected group of rows and requests is assigned one
 *      to one (util/assign.c): the most rows, then the least total distance
 *      from the typical lag;
 *   5. a link's confidence is its margin (how much worse the best other
 *      assignment is) against the lag's spread: margin / (margin + spread),
 *      1 when nothing else could take its place.
 * A row no request can take stays unattributed. */
#include "correlate/db_writes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "correlate/clock_offset.h"
#include "store/query.h"
#include "util/assign.h"
#include "util/str.h"

#define LAG_SPREAD_MIN_US 2000          /* a spread below this is luck */
#define LAG_SPREAD_UNKNOWN_US 100000    /* no pair to learn it from */

struct cand {
	int64_t dw, req, written, res, start, end;
	char *shared, *table, *route;   /* owned */
	uint32_t left, right;           /* indexes in the table's group */
	int unique;                     /* alone both ways */
};

struct cands {
	struct cand *v;
	size_t n, cap;
	int failed;
};

static int on_cand(void *ctx, const struct store_row *row)
{
	struct cands *cs = ctx;
	struct cand *c;

	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 1024;
		struct cand *v = realloc(cs->v, cap * sizeof(*v));

		if (!v) {
			cs->failed = 1;
			return 1;
		}
		cs->v = v;
		cs->cap = cap;
	}
	c = &cs->v[cs->n++];
	memset(c, 0, sizeof(*c));
	c->dw = store_row_int(row, 0);
	c->req = store_row_int(row, 1);
	c->shared = str_dup(store_row_text(row, 2), &cs->failed);
	c->table = str_dup(store_row_text(row, 3), &cs->failed);
	c->written = store_row_int(row, 4);
	c->res = store_row_int(row, 5);
	c->start = store_row_int(row, 6);
	c->end = store_row_int(row, 7);
	c->route = str_dup(store_row_text(row, 8), &cs->failed);
	return cs->failed;
}

static void cands_release(struct cands *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->v[i].shared);
		free(cs->v[i].table);
		free(cs->v[i].route);
	}
	free(cs->v);
}

static int by_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Dense indexes for the ids of a table's candidates: sorted, unique. */
static int64_t *distinct(const struct cand *v, size_t n, int right, size_t *out_n)
{
	int64_t *ids = malloc((n ? n : 1) * sizeof(*ids));
	size_t k = 0;

	if (!ids)
		return NULL;
	for (size_t i = 0; i < n; i++)
		ids[i] = right ? v[i].req : v[i].dw;
	qsort(ids, n, sizeof(*ids), by_i64);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	*out_n = k;
	return ids;
}

static uint32_t index_of(const int64_t *ids, size_t n, int64_t id)
{
	const int64_t *p = bsearch(&id, ids, n, sizeof(*ids), by_i64);

	return (uint32_t)(p - ids);
}

static int64_t lag_of(const struct cand *c, int64_t offset)
{
	return c->written + c->res / 2 - offset - c->start;
}

/* The median and the spread (1.4826 x the median absolute deviation) of
 * v[0..n), which is reordered. */
static void median_spread(int64_t *v, size_t n, int64_t *median, int64_t *spread)
{
	qsort(v, n, sizeof(*v), by_i64);
	*median = v[n / 2];
	for (size_t i = 0; i < n; i++)
		v[i] = v[i] > *median ? v[i] - *median : *median - v[i];
	qsort(v, n, sizeof(*v), by_i64);
	*spread = v[n / 2] + v[n / 2] / 2;      /* ~1.5 x MAD, in integers */
}

/* The typical lag of each route of the table's candidates: entries of c->lags. */
static int learn_lags(struct correlation *c, struct cand *v, size_t n)
{
	int64_t *lags = malloc((n ? n : 1) * sizeof(*lags));

	if (!lags)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0, j;

		if (!v[i].unique)
			continue;
		for (j = 0; j < c->nlags; j++)
			if (str_same(c->lags[j].route, v[i].route) && str_same(c->lags[j].table, v[i].table))
				break;
		if (j < c->nlags)
			continue;       /* learned already */
		for (size_t m = i; m < n; m++)
			if (v[m].unique && str_same(v[m].route, v[i].route))
				lags[k++] = lag_of(&v[m], c->db_offset_us);
		if (c->nlags == CORRELATE_LAGS_MAX)
			break;
		struct write_lag *l = &c->lags[c->nlags++];

		memset(l, 0, sizeof(*l));
		snprintf(l->route, sizeof(l->route), "%s", v[i].route ? v[i].route : "");
		snprintf(l->table, sizeof(l->table), "%s", v[i].table ? v[i].table : "");
		median_spread(lags, k, &l->lag_us, &l->spread_us);
		l->pairs = (int64_t)k;
	}
	free(lags);
	return 0;
}

static const struct write_lag *lag_for(const struct correlation *c, const struct cand *v)
{
	for (size_t j = 0; j < c->nlags; j++)
		if (str_same(c->lags[j].route, v->route) && str_same(c->lags[j].table, v->table))
			return &c->lags[j];
	return NULL;
}

static int64_t spread_for(const struct write_lag *l, const struct cand *v)
{
	int64_t s = l && l->pairs > 1 ? l->spread_us : LAG_SPREAD_UNKNOWN_US;

	if (s < LAG_SPREAD_MIN_US)
		s = LAG_SPREAD_MIN_US;
	return s < v->res / 2 ? v->res / 2 : s;
}

static uint32_t find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x)
		x = parent[x] = parent[parent[x]];
	return x;
}

struct emit {
	struct store *st;
	struct correlation *c;
	struct diag *err;
};

static int link(struct emit *e, const struct cand *v, int unique, double confidence)
{
	struct store_arg a[5] = { ARG_I(v->dw), ARG_I(v->req),
				  ARG_S(unique ? "shared_id" : "assigned"), ARG_S(v->shared),
				  ARG_D(confidence) };

	if (store_query(e->st, "correlate/insert_write_link", a, 5, NULL, NULL, e->err) < 0)
		return -1;
	if (unique)
		e->c->write_links_shared++;
	else
		e->c->write_links_assigned++;
	return 0;
}

/* One component: the candidates v[idx[0..n)] of one table. */
static int solve_group(struct emit *e, struct cand *v, const size_t *idx, size_t n)
{
	struct assign_pair *pairs = malloc(n * sizeof(*pairs));
	unsigned char *chosen = malloc(n);
	int64_t *margin = malloc(n * sizeof(*margin));
	int64_t *lids = malloc(n * sizeof(*lids)), *rids = malloc(n * sizeof(*rids));
	size_t nl = 0, nr = 0;
	int rc = -1;

	if (!pairs || !chosen || !margin || !lids || !rids)
		goto out;
	/* local indexes: the table's dense ones, renumbered in this group */
	for (size_t k = 0; k < n; k++) {
		lids[k] = v[idx[k]].left;
		rids[k] = v[idx[k]].right;
	}
	qsort(lids, n, sizeof(*lids), by_i64);
	qsort(rids, n, sizeof(*rids), by_i64);
	for (size_t k = 0; k < n; k++) {
		if (nl == 0 || lids[nl - 1] != lids[k])
			lids[nl++] = lids[k];
		if (nr == 0 || rids[nr - 1] != rids[k])
			rids[nr++] = rids[k];
	}
	for (size_t k = 0; k < n; k++) {
		const struct cand *c = &v[idx[k]];
		const struct write_lag *l = lag_for(e->c, c);
		int64_t d = lag_of(c, e->c->db_offset_us) - (l ? l->lag_us : 0);

		pairs[k].left = index_of(lids, nl, c->left);
		pairs[k].right = index_of(rids, nr, c->right);
		pairs[k].cost = d < 0 ? -d : d;
	}
	if (assign_solve(nl, nr, pairs, n, chosen, margin) < 0)
		goto out;
	rc = 0;
	for (size_t k = 0; k < n && rc == 0; k++) {
		const struct cand *c = &v[idx[k]];
		double conf;

		if (!chosen[k])
			continue;
		if (margin[k] == ASSIGN_FORCED)
			conf = 1.0;
		else if (margin[k] < 0)
			conf = 0.5;     /* too large a group to price the others */
		else
			conf = (double)margin[k] / (double)(margin[k] + spread_for(lag_for(e->c, c), c));
		rc = link(e, c, c->unique, conf);
	}
out:
	if (rc < 0 && !e->err->msg[0])
		diag_oom(e->err);
	free(pairs);
	free(chosen);
	free(margin);
	free(lids);
	free(rids);
	return rc;
}

/* The candidates v[0..n) of one table: dense indexes, who is alone both
 * ways, the lags, then each connected group. */
static int solve_table(struct emit *e, struct cand *v, size_t n)
{
	size_t nl, nr, *order = NULL, *count = NULL;
	int64_t *lids = distinct(v, n, 0, &nl), *rids = distinct(v, n, 1, &nr);
	uint32_t *parent = NULL, *ldeg = NULL, *rdeg = NULL;
	int rc = -1;

	if (!lids || !rids)
		goto out;
	parent = malloc((nl + nr) * sizeof(*parent));
	ldeg = calloc(nl, sizeof(*ldeg));
	rdeg = calloc(nr, sizeof(*rdeg));
	order = malloc(n * sizeof(*order));
	count = calloc(nl + nr + 1, sizeof(*count));
	if (!parent || !ldeg || !rdeg || !order || !count)
		goto out;
	for (size_t i = 0; i < nl + nr; i++)
		parent[i] = (uint32_t)i;
	for (size_t i = 0; i < n; i++) {
		v[i].left = index_of(lids, nl, v[i].dw);
		v[i].right = index_of(rids, nr, v[i].req);
		ldeg[v[i].left]++;
		rdeg[v[i].right]++;
		parent[find(parent, v[i].left)] = find(parent, (uint32_t)nl + v[i].right);
	}
	for (size_t i = 0; i < n; i++)
		v[i].unique = ldeg[v[i].left] == 1 && rdeg[v[i].right] == 1;
	if (learn_lags(e->c, v, n) < 0)
		goto out;
	/* the candidates grouped by component root (a counting sort) */
	for (size_t i = 0; i < n; i++)
		count[find(parent, v[i].left) + 1]++;
	for (size_t i = 1; i <= nl + nr; i++)
		count[i] += count[i - 1];
	for (size_t i = 0; i < n; i++)
		order[count[find(parent, v[i].left)]++] = i;
	rc = 0;
	for (size_t s = 0; s < n && rc == 0;) {
		uint32_t root = find(parent, v[order[s]].left);
		size_t t = s;

		while (t < n && find(parent, v[order[t]].left) == root)
			t++;
		rc = solve_group(e, v, order + s, t - s);
		s = t;
	}
out:
	if (rc < 0 && !e->err->msg[0])
		diag_oom(e->err);
	free(lids);
	free(rids);
	free(parent);
	free(ldeg);
	free(rdeg);
	free(order);
	free(count);
	return rc;
}

int db_writes_assign(struct store *st, struct correlation *c, struct diag *err)
{
	struct cands cs = { 0 };
	struct emit e = { st, c, err };
	struct store_arg tight[2];
	int rc = -1;

	if (clock_offset_estimate(st, "correlate/write_offset_pairs", NULL, 0, &c->db_offset_us,
				  &c->db_offset_pairs, err) < 0)
		return -1;
	tight[0] = ARG_I(c->db_offset_us);
	tight[1] = ARG_I(DB_WRITE_SLACK_US);
	if (store_query(st, "correlate/write_pairs", tight, 2, on_cand, &cs, err) < 0 || cs.failed) {
		if (cs.failed)
			diag_oom(err);
		goto out;
	}
	rc = 0;
	for (size_t s = 0; s < cs.n && rc == 0;) {
		size_t t = s;

		while (t < cs.n && str_same(cs.v[t].table, cs.v[s].table))
			t++;
		rc = solve_table(&e, cs.v + s, t - s);
		s = t;
	}
out:
	cands_release(&cs);
	return rc;
}
