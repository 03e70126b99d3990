/* series.h - the timeline's series straight from the store: requests per
 * interval by status class, pg_stat_activity's backends (all, active,
 * waiting) and captures per interval, server restarts. model.c calls it;
 * the html writer draws what it wrote. */
#ifndef ANALYZE_SERIES_H
#define ANALYZE_SERIES_H

#include <stdint.h>

#include "store/store.h"
#include "util/diag.h"
#include "util/jsonw.h"

/* Writes the value of the model's "timeline" key (an object: interval_ms,
 * buckets, db_activity, restarts) for since..until (RECORD_NONE:
 * unbounded). At most SERIES_MAX_BUCKETS intervals. */
#define SERIES_MAX_BUCKETS 300
int model_write_timeline(struct store *st, int64_t since, int64_t until, struct jsonw *w,
			 struct diag *err);

#endif
