/* lock_links.c - which request each captured lock wait served. A wait is
 * one backend running one statement while blocked (db_locks.c saw it in one
 * or more captures). Its request is, strongest first:
 *   own_row  the statement inserts or updates the row attributed to the
 *            request (its key is a literal of the query: write_wait);
 *   path_id  a literal of the query is an id of the request's path, and
 *            the request was in flight when the statement started (and,
 *            unless it was cut off by a timeout, still when the statement
 *            was last seen waiting: a request answered normally had its
 *            statements done).
 * Observations of one backend are one wait while their statement texts
 * agree (one may be cut short: a capture's left(query, 100)) and their
 * estimates of its start meet: with an age column the start lies in
 * [capture - age, capture + resolution - age] (a \watch title tells only
 * the second), and the captures narrow it together.
 * A backend serves one request at a time, so waits and requests are matched
 * one to one (util/assign.c), nearest start first; a path_id link's
 * confidence is its margin over how exactly the statement's start is known
 * (half that interval and AGED_SPREAD_US of jitter; without an age, the
 * capture's resolution). */
#include "correlate/lock_links.h"

#include <stdlib.h>
#include <string.h>

#include "correlate/sql_text.h"
#include "store/query.h"
#include "util/assign.h"
#include "util/str.h"

#define AGED_SPREAD_US 10000    /* jitter on a start known from the query's age */

struct wait {
	int64_t pid, holder, first, last, res, obs;     /* first/last: capture clock */
	int64_t lo, hi;                 /* its statement's start, capture clock (aged) */
	int64_t qs, spread;             /* the start on the proxy clock, and how exact */
	int aged;
	char *query, *relation;         /* owned */
};

struct cand {
	uint32_t wait, right;
	int64_t req, cost;
	double confidence;              /* own_row: its write link's */
	int own;
};

struct links {
	struct store *st;
	const struct correlation *c;
	struct diag *err;
	int64_t slack_us, max_dur_us;
	struct wait *w;
	size_t nw, capw;
	struct cand *v;
	size_t n, cap;
	uint32_t cur;                   /* the wait being looked up */
	int failed;
};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c;
	void *p;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 32;
	if (!(p = realloc(*v, c * size)))
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

/* One text is the other cut short (or either is unknown). */
static int same_statement(const char *a, const char *b)
{
	size_t na, nb;

	if (!a || !b)
		return 1;
	na = strlen(a);
	nb = strlen(b);
	return strncmp(a, b, na < nb ? na : nb) == 0;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* Observations of a backend, in capture order: a new one continues the
 * backend's last wait when it can be the same statement. */
static int on_obs(void *ctx, const struct store_row *row)
{
	struct links *l = ctx;
	int64_t pid = store_row_int(row, 0), cap = store_row_int(row, 4);
	int64_t res = store_row_int(row, 5), age = store_row_int(row, 6);
	int aged = !store_row_is_null(row, 6);
	const char *query = store_row_text(row, 2);
	int64_t lo = aged ? cap - age : INT64_MIN, hi = aged ? cap + res - age : INT64_MAX;
	struct wait *w = l->nw ? &l->w[l->nw - 1] : NULL;

	if (w && w->pid == pid && same_statement(w->query, query) &&
	    max64(w->lo, lo) <= min64(w->hi, hi) + AGED_SPREAD_US) {
		if (query && (!w->query || strlen(query) > strlen(w->query))) {
			free(w->query);
			w->query = str_dup(query, &l->failed);
		}
		if (!w->relation)
			w->relation = str_dup(store_row_text(row, 3), &l->failed);
		w->lo = max64(w->lo, lo);
		w->hi = min64(w->hi, hi);
		w->last = cap;
		w->aged |= aged;
		goto out;
	}
	if (grow((void **)&l->w, &l->capw, l->nw, sizeof(*l->w)) < 0)
		goto oom;
	w = &l->w[l->nw++];
	memset(w, 0, sizeof(*w));
	w->pid = pid;
	w->holder = store_row_int(row, 1);
	w->query = str_dup(query, &l->failed);
	w->relation = str_dup(store_row_text(row, 3), &l->failed);
	w->first = w->last = cap;
	w->lo = lo;
	w->hi = hi;
	w->res = res;
	w->obs = store_row_int(row, 7);
	w->aged = aged;
out:
	if (l->failed)
		goto oom;
	return 0;
oom:
	diag_oom(l->err);
	l->failed = 1;
	return 1;
}

/* Each wait's start on the proxy clock: the middle of what its captures
 * allow, or its first capture when none gave an age. */
static void place_waits(struct links *l)
{
	for (size_t i = 0; i < l->nw; i++) {
		struct wait *w = &l->w[i];

		if (w->aged && w->lo != INT64_MIN && w->hi != INT64_MAX) {
			w->qs = w->lo + (w->hi - w->lo) / 2 - l->c->db_offset_us;
			w->spread = (w->hi - w->lo) / 2 + AGED_SPREAD_US;
		} else {
			w->qs = w->first - l->c->db_offset_us;
			w->spread = w->res > 0 ? w->res : 1;
		}
	}
}

static int add_cand(struct links *l, int64_t req, int64_t cost, int own, double confidence)
{
	for (size_t i = l->n; i-- > 0 && l->v[i].wait == l->cur; )
		if (l->v[i].req == req)
			return 0;       /* two literals of one path */
	if (grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)) < 0) {
		diag_oom(l->err);
		l->failed = 1;
		return 1;
	}
	l->v[l->n++] = (struct cand){ .wait = l->cur, .req = req, .cost = cost < 0 ? -cost : cost,
				      .own = own, .confidence = confidence };
	return 0;
}

static int on_own_row(void *ctx, const struct store_row *row)
{
	struct links *l = ctx;

	return add_cand(l, store_row_int(row, 0), 0, 1, store_row_real(row, 1));
}

static int on_path_request(void *ctx, const struct store_row *row)
{
	struct links *l = ctx;

	return add_cand(l, store_row_int(row, 0), l->w[l->cur].qs - store_row_int(row, 1), 0, 0);
}

static int on_literal(void *ctx, const char *lit)
{
	struct links *l = ctx;
	const struct wait *w = &l->w[l->cur];
	struct store_arg a[5] = { ARG_I(w->qs), ARG_I(l->slack_us + w->spread), ARG_I(l->max_dur_us),
				  { .type = ARG_TEXT, .s = lit }, ARG_I(w->last - l->c->db_offset_us) };

	if (store_query(l->st, "correlate/lock_path_requests", a, 5, on_path_request, l, l->err) < 0)
		return -1;
	return l->failed;
}

static int gather(struct links *l)
{
	for (l->cur = 0; l->cur < l->nw; l->cur++) {
		const struct wait *w = &l->w[l->cur];
		struct store_arg a[3] = { ARG_I(w->pid), ARG_I(w->first), ARG_I(w->last) };
		size_t before = l->n;

		if (store_query(l->st, "correlate/lock_own_rows", a, 3, on_own_row, l, l->err) < 0 ||
		    l->failed)
			return -1;
		if (l->n == before && sql_literals(w->query, on_literal, l) != 0)
			return -1;
	}
	return 0;
}

static int by_req(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int emit(struct links *l, const struct cand *k, int64_t margin)
{
	const struct wait *w = &l->w[k->wait];
	double spread = (double)w->spread;
	double confidence = k->own ? k->confidence
			  : margin == ASSIGN_FORCED ? 1.0 : (double)margin / ((double)margin + spread);
	struct store_arg a[9] = { ARG_I(k->req), ARG_I(w->pid), ARG_I(w->holder), ARG_S(w->relation),
				  ARG_I(w->first - l->c->db_offset_us),
				  ARG_I(w->last - l->c->db_offset_us), ARG_S(k->own ? "own_row" : "path_id"),
				  ARG_D(confidence), ARG_I(w->obs) };

	return store_query(l->st, "correlate/insert_lock_wait_link", a, 9, NULL, NULL, l->err);
}

static int solve(struct links *l)
{
	int64_t *reqs = malloc((l->n ? l->n : 1) * sizeof(*reqs));
	struct assign_pair *pairs = malloc((l->n ? l->n : 1) * sizeof(*pairs));
	unsigned char *chosen = malloc(l->n ? l->n : 1);
	int64_t *margin = malloc((l->n ? l->n : 1) * sizeof(*margin));
	size_t nreq = 0;
	int rc = -1;

	if (!reqs || !pairs || !chosen || !margin)
		goto oom;
	for (size_t i = 0; i < l->n; i++)
		reqs[i] = l->v[i].req;
	qsort(reqs, l->n, sizeof(*reqs), by_req);
	for (size_t i = 0; i < l->n; i++)
		if (nreq == 0 || reqs[nreq - 1] != reqs[i])
			reqs[nreq++] = reqs[i];
	for (size_t i = 0; i < l->n; i++) {
		int64_t *at = bsearch(&l->v[i].req, reqs, nreq, sizeof(*reqs), by_req);

		pairs[i] = (struct assign_pair){ l->v[i].wait, (uint32_t)(at - reqs), l->v[i].cost };
	}
	if (assign_solve(l->nw, nreq, pairs, l->n, chosen, margin) < 0)
		goto oom;
	for (size_t i = 0; i < l->n; i++)
		if (chosen[i] && emit(l, &l->v[i], margin[i]) < 0)
			goto out;
	rc = 0;
	goto out;
oom:
	diag_oom(l->err);
out:
	free(reqs);
	free(pairs);
	free(chosen);
	free(margin);
	return rc;
}

int lock_links_assign(struct store *st, const struct correlation *c, int64_t slack_us,
		      int64_t max_dur_us, struct diag *err)
{
	struct links l = { .st = st, .c = c, .err = err, .slack_us = slack_us,
			   .max_dur_us = max_dur_us };
	int rc = -1;

	if (store_query(st, "correlate/lock_waits", NULL, 0, on_obs, &l, err) < 0 || l.failed)
		goto out;
	place_waits(&l);
	if (l.nw && (gather(&l) < 0 || solve(&l) < 0))
		goto out;
	rc = 0;
out:
	for (size_t i = 0; i < l.nw; i++) {
		free(l.w[i].query);
		free(l.w[i].relation);
	}
	free(l.w);
	free(l.v);
	return rc;
}
