/* side.h - the model's work that needs nothing of correlation's TEMP
 * tables, done in a thread of its own on two more connections at the
 * report's snapshot while correlation runs (side.c): the window's requests
 * (in the scratch database correlation then reads), the timeline and the
 * overview. Without those connections all of it is done in line. */
#ifndef ANALYZE_SIDE_H
#define ANALYZE_SIDE_H

#include <pthread.h>

#include "model/model.h"
#include "model/overview.h"
#include "model/timeline.h"
#include "store/store.h"
#include "util/diag.h"

struct model_side {
	struct store *builder;          /* owned: builds the window's requests, or NULL */
	struct store *twin;             /* owned: the timeline and the overview, or NULL */
	const struct model_opts *o;     /* borrowed */
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t built;
	int window;                     /* 0 in the making, 1 committed, -1 failed (window_err) */
	struct diag window_err;
	int rc;                         /* the thread's, for the rest: 0 or -1 with err */
	struct diag err;
	struct timeline *timeline;      /* owned, once gathered */
	struct overview_tally *overview;        /* owned, once gathered */
};

/* Opens the side's connections and the scratch database, and begins ST's
 * read transaction (and theirs, on the same snapshot): in place of
 * store_read_begin(). */
int model_side_open(struct model_side *s, struct store *st, const struct model_opts *o,
		    struct diag *err);
/* Starts the thread when the side has its connections. */
void model_side_start(struct model_side *s);
/* correlate_opts.window_ready, with the side as its ctx, once the thread
 * is started (s->started); else correlation builds the window's requests
 * itself. */
int model_side_window_ready(void *side, struct diag *err);
/* Waits for the timeline and the overview, or without a thread gathers
 * them on ST with PREFIX (correlation's) as the proxy's prefix. */
int model_side_finish(struct model_side *s, struct store *st, const char *prefix,
		      struct diag *err);
/* Joins a thread still running, frees what was gathered and the side's
 * connections. Again later: no harm. */
void model_side_release(struct model_side *s);

#endif
