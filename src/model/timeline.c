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

/* Rows of a series: the interval's start, then WIDTH - 1 counts. */
struct series {
	int64_t *v;                     /* owned: n rows of width values */
	size_t n, cap;
	int width;
	int failed;
};

struct timeline {
	int64_t step;
	struct series requests, db;     /* width 1 + REQUEST_SERIES, 1 + DB_SERIES */
	int64_t *restarts;              /* owned */
	size_t nrestarts, caprestarts;
	int64_t last_start;             /* the start line before, or RECORD_NONE */
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

static int on_series_row(void *ctx, const struct store_row *row)
{
	struct series *s = ctx;
	size_t w = (size_t)s->width;

	if (s->n * w + w > s->cap) {     /* cap stays a multiple of w */
		size_t cap = s->cap ? s->cap * 2 : 64 * w;
		int64_t *v = realloc(s->v, cap * sizeof(*v));

		if (!v) {
			s->failed = 1;
			return 1;
		}
		s->v = v;
		s->cap = cap;
	}
	for (size_t i = 0; i < w; i++)
		s->v[s->n * w + i] = store_row_int(row, (int)i);
	s->n++;
	return 0;
}

static int on_restart(void *ctx, const struct store_row *row)
{
	struct timeline *tl = ctx;
	int64_t t = store_row_int(row, 0), last = tl->last_start;

	tl->last_start = t;
	if (last != RECORD_NONE && t - last <= RESTART_SAME_US)
		return 0;       /* a line of the same restart: the first one stands */
	if (grow(&tl->restarts, tl->nrestarts, &tl->caprestarts, sizeof(*tl->restarts)) < 0) {
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
	free(tl->requests.v);
	free(tl->db.v);
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

	*out = NULL;
	if (!tl)
		return diag_oom(err);
	tl->requests.width = 1 + REQUEST_SERIES;
	tl->db.width = 1 + DB_SERIES;
	tl->last_start = RECORD_NONE;
	if (store_query(st, "report/timeline_range", args, 2, on_range, &r, err) < 0)
		goto fail;
	tl->step = r.empty ? US_PER_SEC : pick_interval(r.lo, r.hi);
	args[2] = ARG_I(tl->step);
	if (!r.empty &&
	    (store_query(st, "report/timeline_requests", args, 3, on_series_row, &tl->requests,
			 err) < 0 ||
	     store_query(st, "report/timeline_db_activity", args, 3, on_series_row, &tl->db,
			 err) < 0 ||
	     store_query(st, "report/timeline_restarts", args, 2, on_restart, tl, err) < 0))
		goto fail;
	if (tl->failed || tl->requests.failed || tl->db.failed) {
		diag_oom(err);
		goto fail;
	}
	*out = tl;
	return 0;
fail:
	timeline_free(tl);
	return -1;
}

/* Each row as an object: "t", then the counts under KEYS. */
static void write_series(struct jsonw *w, const struct series *s, const char *const *keys)
{
	jsonw_array(w);
	for (size_t i = 0; i < s->n; i++) {
		const int64_t *row = s->v + i * (size_t)s->width;

		jsonw_open(w);
		jsonw_ktime(w, "t", row[0]);
		for (int k = 1; k < s->width; k++)
			jsonw_kint(w, keys[k - 1], row[k]);
		jsonw_close(w);
	}
	jsonw_end_array(w);
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
	write_series(w, &tl->requests, request_keys);
	jsonw_key(w, "db_activity");
	write_series(w, &tl->db, db_keys);
	jsonw_key(w, "restarts");
	jsonw_array(w);
	for (size_t i = 0; i < tl->nrestarts; i++)
		jsonw_time(w, tl->restarts[i]);
	jsonw_end_array(w);
	jsonw_close(w);
}
