/* overview.h - the model's "overview": per route and method of the
 * window's requests, the answers by status class, the latency percentiles,
 * the error share and the busiest clients and user agents, added up in one
 * pass in C (overview.c). model/side.c gathers it, model.c writes it. */
#ifndef ANALYZE_OVERVIEW_H
#define ANALYZE_OVERVIEW_H

#include "store/store.h"
#include "util/diag.h"
#include "util/jsonw.h"

#define OVERVIEW_ROUTES_MAX 100 /* rows in the model, the busiest; all are counted */
#define OVERVIEW_TOP 3          /* clients and user agents per row */
/* Counters per row (and for the whole window) that find the busiest
 * clients and user agents (util/topk.h): exact while a row has no more
 * distinct values than that ("busiest_exact"), else each busiest count an
 * upper bound. Bounded memory whatever the number of clients. */
#define OVERVIEW_TRACKED 32
#define OVERVIEW_TRACKED_ALL 256

/* A route changed against the baseline when it had at least
 * OVERVIEW_CHANGE_MIN requests in the window and some in the baseline, and
 * its p95 grew OVERVIEW_SLOWER times or more ("slower"), or its error share
 * OVERVIEW_FAILING or more ("failing"); or when it had OVERVIEW_CHANGE_MIN
 * requests in the window and none in the baseline ("new"). */
#define OVERVIEW_CHANGE_MIN 3
#define OVERVIEW_SLOWER 2.0
#define OVERVIEW_FAILING 0.05

struct overview_args {
	int64_t since, until;           /* the window; RECORD_NONE: unbounded */
	int64_t base_since, base_until; /* the baseline; RECORD_NONE: none */
	const char *prefix;             /* the proxy's prefix, removed from the routes as
					 * window.sql does; NULL or "": none */
};

/* The window's requests added up (sql/report/overview_requests, read
 * straight from the store in table order) and, with a baseline, the same
 * query in its bounds: gathered on any connection reading the report's
 * snapshot (model/side.c), written later in the model's order. */
struct overview_tally;
int overview_gather(struct store *st, const struct overview_args *a,
		    struct overview_tally **out, struct diag *err);
/* Writes the value of the model's "overview" key: each row, and with a
 * baseline next to the same route's baseline row, and the routes that
 * changed most. */
int overview_write(const struct overview_tally *t, struct jsonw *w, struct diag *err);
void overview_tally_free(struct overview_tally *t);

#endif
