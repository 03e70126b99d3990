/* timeline.c - the "timeline" of the report model from sql/report/timeline_*:
 * a bucket width picked from round steps so the span fits in at most
 * SERIES_MAX_BUCKETS, then one query per series. Only non-empty buckets are
 * listed, in time order. Gathered into memory on any connection reading the
 * report's snapshot (model/side.c), written later in the model's order. */
#include "model/timeline.h"

#include <stdlib.h>

#include "record/record.h"
#include "store/query.h"
#include "util/timeconv.h"

/* Starts within this of the one before are the same restart (a server logs
 * "listening" and db.init together). */
#define RESTART_SAME_US (5 * US_PER_SEC)

enum { REQUEST_SERIES = 6, DB_SERIES = 4 };

struct timeline {
	int64_t step;
	int64_t (*requests)[1 + REQUEST_SERIES];        /* owned: t, then the counts */
	size_t nrequests;
	int64_t (*db)[1 + DB_SERIES];                   /* owned: t, then the counts */
	size_t ndb;
	int64_t *restarts;                              /* owned */
	size_t nrestarts;
	int failed;
};

struct range {
	int64_t lo, hi;
	int empty;
};

static int on_range(void *ctx, const struct store_row *row)
{
	struct range *r = ctx;

	r->empty = store_row_is_null(row, 0);
	r->lo = store_row_int(row, 0);
	r->hi = store_row_int(row, 1);
	return 0;
}

/* The smallest round step that covers lo..hi in SERIES_MAX_BUCKETS. */
static int64_t pick_interval(int64_t lo, int64_t hi)
{
	static const int64_t steps_s[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
					   3600, 7200, 10800, 21600, 43200, 86400 };
	int64_t step = 0;

	for (size_t i = 0; i < sizeof(steps_s) / sizeof(steps_s[0]); i++) {
		step = steps_s[i] * US_PER_SEC;
		if ((hi - lo) / step < SERIES_MAX_BUCKETS)
			return step;
	}
	while ((hi - lo) / step >= SERIES_MAX_BUCKETS)    /* beyond days: whole days */
		step += 86400 * US_PER_SEC;
	return step;
}

/* Room for one more of N items of SIZE bytes at *V (capacity *CAP). */
static int grow(void *v, size_t n, size_t *cap, size_t size)
{
	void **p = v, *q;

	if (n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 64;
	if (!(q = realloc(*p, *cap * size)))
		return -1;
	*p = q;
	return 0;
}

struct rows {
	struct timeline *tl;
	size_t cap;
	int64_t last;           /* restarts: the line before, or RECORD_NONE */
};

static int on_bucket(void *ctx, const struct store_row *row)
{
	struct rows *r = ctx;
	struct timeline *tl = r->tl;

	if (grow(&tl->requests, tl->nrequests, &r->cap, sizeof(*tl->requests)) < 0) {
		tl->failed = 1;
		return 1;
	}
	for (int i = 0; i <= REQUEST_SERIES; i++)
		tl->requests[tl->nrequests][i] = store_row_int(row, i);
	tl->nrequests++;
	return 0;
}

static int on_db(void *ctx, const struct store_row *row)
{
	struct rows *r = ctx;
	struct timeline *tl = r->tl;

	if (grow(&tl->db, tl->ndb, &r->cap, sizeof(*tl->db)) < 0) {
		tl->failed = 1;
		return 1;
	}
	for (int i = 0; i <= DB_SERIES; i++)
		tl->db[tl->ndb][i] = store_row_int(row, i);
	tl->ndb++;
	return 0;
}

static int on_restart(void *ctx, const struct store_row *row)
{
	struct rows *r = ctx;
	struct timeline *tl = r->tl;
	int64_t t = store_row_int(row, 0);

	int64_t last = r->last;

	r->last = t;
	if (last != RECORD_NONE && t - last <= RESTART_SAME_US)
		return 0;       /* a line of the same restart: the first one stands */
	if (grow(&tl->restarts, tl->nrestarts, &r->cap, sizeof(*tl->restarts)) < 0) {
		tl->failed = 1;
		return 1;
	}
	tl->restarts[tl->nrestarts++] = t;
	return 0;
}

void timeline_free(struct timeline *tl)
{
	if (!tl)
		return;
	free(tl->requests);
	free(tl->db);
	free(tl->restarts);
	free(tl);
}

int timeline_gather(struct store *st, int64_t since, int64_t until, struct timeline **out,
		    struct diag *err)
{
	struct store_arg args[3] = {
		since == RECORD_NONE ? ARG_S(NULL) : ARG_I(since),
		until == RECORD_NONE ? ARG_S(NULL) : ARG_I(until),
	};
	struct timeline *tl = calloc(1, sizeof(*tl));
	struct range r = { 0, 0, 1 };
	struct rows req = { tl, 0, 0 }, db = { tl, 0, 0 }, rs = { tl, 0, RECORD_NONE };

	*out = NULL;
	if (!tl)
		return diag_oom(err);
	if (store_query(st, "report/timeline_range", args, 2, on_range, &r, err) < 0)
		goto fail;
	tl->step = r.empty ? US_PER_SEC : pick_interval(r.lo, r.hi);
	args[2] = ARG_I(tl->step);
	if (!r.empty &&
	    (store_query(st, "report/timeline_requests", args, 3, on_bucket, &req, err) < 0 ||
	     store_query(st, "report/timeline_db_activity", args, 3, on_db, &db, err) < 0 ||
	     store_query(st, "report/timeline_restarts", args, 2, on_restart, &rs, err) < 0))
		goto fail;
	if (tl->failed) {
		diag_oom(err);
		goto fail;
	}
	*out = tl;
	return 0;
fail:
	timeline_free(tl);
	return -1;
}

void timeline_write(const struct timeline *tl, struct jsonw *w)
{
	static const char *const request_keys[REQUEST_SERIES] = { "2xx", "3xx", "4xx",
								  "5xx", "408", "429" };
	static const char *const db_keys[DB_SERIES] = { "active", "waiting", "backends",
							"captures" };

	jsonw_open(w);
	jsonw_kint(w, "interval_ms", tl->step / 1000);
	jsonw_key(w, "buckets");
	jsonw_array(w);
	for (size_t i = 0; i < tl->nrequests; i++) {
		jsonw_open(w);
		jsonw_ktime(w, "t", tl->requests[i][0]);
		for (int k = 0; k < REQUEST_SERIES; k++)
			jsonw_kint(w, request_keys[k], tl->requests[i][k + 1]);
		jsonw_close(w);
	}
	jsonw_end_array(w);
	jsonw_key(w, "db_activity");
	jsonw_array(w);
	for (size_t i = 0; i < tl->ndb; i++) {
		jsonw_open(w);
		jsonw_ktime(w, "t", tl->db[i][0]);
		for (int k = 0; k < DB_SERIES; k++)
			jsonw_kint(w, db_keys[k], tl->db[i][k + 1]);
		jsonw_close(w);
	}
	jsonw_end_array(w);
	jsonw_key(w, "restarts");
	jsonw_array(w);
	for (size_t i = 0; i < tl->nrestarts; i++)
		jsonw_time(w, tl->restarts[i]);
	jsonw_end_array(w);
	jsonw_close(w);
}
