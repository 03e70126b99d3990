/* timeline.h - the timeline's series straight from the store: requests per
 * interval by status class, pg_stat_activity's backends (all, active,
 * waiting) and captures per interval, server restarts. Gathered on any
 * connection that reads the report's snapshot (model/side.c), written by
 * model.c; the html writer draws what it wrote. */
#ifndef ANALYZE_TIMELINE_H
#define ANALYZE_TIMELINE_H

#include <stdint.h>

#include "store/store.h"
#include "util/diag.h"
#include "util/jsonw.h"

/* At most this many intervals. */
#define SERIES_MAX_BUCKETS 300

struct timeline;
/* The series for since..until (RECORD_NONE: unbounded). */
int timeline_gather(struct store *st, int64_t since, int64_t until, struct timeline **out,
		    struct diag *err);
/* The value of the model's "timeline" key: an object of interval_ms,
 * buckets, db_activity and restarts. */
void timeline_write(const struct timeline *tl, struct jsonw *w);
void timeline_free(struct timeline *tl);

#endif
