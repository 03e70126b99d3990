/* side.h - the model's reads that need nothing of correlation's TEMP
 * tables (the timeline and the overview), gathered on a second connection
 * in a thread of their own while correlation runs (side.c). */
#ifndef ANALYZE_SIDE_H
#define ANALYZE_SIDE_H

#include <pthread.h>

#include "model/model.h"
#include "model/overview.h"
#include "model/timeline.h"
#include "store/store.h"
#include "util/diag.h"

struct model_side {
	struct store *twin;             /* owned: the second connection, or NULL */
	const struct model_opts *o;     /* borrowed */
	pthread_t thread;
	int started;
	int rc;                         /* the thread's: 0 or -1 with err */
	struct diag err;
	struct timeline *timeline;      /* owned, once gathered */
	struct overview_tally *overview;        /* owned, once gathered */
};

/* Starts gathering on TWIN (taken over; NULL: nothing starts, and
 * model_side_finish() gathers on the report's connection). */
void model_side_start(struct model_side *s, struct store *twin, const struct model_opts *o);
/* Waits for the thread, or without one gathers on ST, the report's
 * connection, with PREFIX (correlation's) as the proxy's prefix. */
int model_side_finish(struct model_side *s, struct store *st, const char *prefix,
		      struct diag *err);
/* Frees what was gathered and the twin; after store_read_end() of ST is
 * fine, the twin ends its own read. Joins a thread still running. */
void model_side_release(struct model_side *s);

#endif
