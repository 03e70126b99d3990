/* series.c - the "timeline" of the report model from sql/report/timeline_*:
 * a bucket width picked from round steps so the span fits in at most
 * SERIES_MAX_BUCKETS, then one query per series. Only non-empty buckets are
 * listed, in time order. */
#include "model/timeline.h"

#include "record/record.h"
#include "store/query.h"
#include "util/timeconv.h"

/* Starts within this of the one before are the same restart (a server logs
 * "listening" and db.init together). */
#define RESTART_SAME_US (5 * US_PER_SEC)

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

static int on_bucket(void *ctx, const struct store_row *row)
{
	static const char *const keys[] = { "2xx", "3xx", "4xx", "5xx", "408", "429" };
	struct jsonw *w = ctx;

	jsonw_open(w);
	jsonw_ktime(w, "t", store_row_int(row, 0));
	for (int i = 0; i < 6; i++)
		jsonw_kint(w, keys[i], store_row_int(row, i + 1));
	jsonw_close(w);
	return 0;
}

static int on_db(void *ctx, const struct store_row *row)
{
	struct jsonw *w = ctx;

	jsonw_open(w);
	jsonw_ktime(w, "t", store_row_int(row, 0));
	jsonw_kint(w, "active", store_row_int(row, 1));
	jsonw_kint(w, "waiting", store_row_int(row, 2));
	jsonw_kint(w, "backends", store_row_int(row, 3));
	jsonw_kint(w, "captures", store_row_int(row, 4));
	jsonw_close(w);
	return 0;
}

struct restarts {
	struct jsonw *w;
	int64_t last;
};

static int on_restart(void *ctx, const struct store_row *row)
{
	struct restarts *r = ctx;
	int64_t t = store_row_int(row, 0);

	if (r->last == RECORD_NONE || t - r->last > RESTART_SAME_US)
		jsonw_time(r->w, t);
	r->last = t;
	return 0;
}

int model_write_timeline(struct store *st, int64_t since, int64_t until, struct jsonw *w,
			 struct diag *err)
{
	struct store_arg args[3] = {
		since == RECORD_NONE ? ARG_S(NULL) : ARG_I(since),
		until == RECORD_NONE ? ARG_S(NULL) : ARG_I(until),
	};
	struct range r = { 0, 0, 1 };
	struct restarts rs = { w, RECORD_NONE };
	int64_t step;

	if (store_query(st, "report/timeline_range", args, 2, on_range, &r, err) < 0)
		return -1;
	step = r.empty ? US_PER_SEC : pick_interval(r.lo, r.hi);
	args[2] = ARG_I(step);
	jsonw_open(w);
	jsonw_kint(w, "interval_ms", step / 1000);
	jsonw_key(w, "buckets");
	jsonw_array(w);
	if (!r.empty && store_query(st, "report/timeline_requests", args, 3, on_bucket, w, err) < 0)
		return -1;
	jsonw_end_array(w);
	jsonw_key(w, "db_activity");
	jsonw_array(w);
	if (!r.empty && store_query(st, "report/timeline_db_activity", args, 3, on_db, w, err) < 0)
		return -1;
	jsonw_end_array(w);
	jsonw_key(w, "restarts");
	jsonw_array(w);
	/* the window is correlate's window_event */
	if (!r.empty &&
	    store_query(st, "report/timeline_restarts", NULL, 0, on_restart, &rs, err) < 0)
		return -1;
	jsonw_end_array(w);
	jsonw_close(w);
	return 0;
}
