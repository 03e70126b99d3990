/* overview.h - the model's "overview": per route and method of the
 * window's requests, the answers by status class, the latency percentiles,
 * the error share and the busiest clients and user agents, added up in one
 * pass in C (overview.c). model.c calls it once the window is made. */
#ifndef ANALYZE_OVERVIEW_H
#define ANALYZE_OVERVIEW_H

#include "store/store.h"
#include "util/diag.h"
#include "util/jsonw.h"

#define OVERVIEW_ROUTES_MAX 100 /* rows in the model, the busiest; all are counted */
#define OVERVIEW_TOP 3          /* clients and user agents per row */

/* Writes the value of the model's "overview" key from the rows of
 * sql/<query> (route, method, status, duration_us, client, user_agent),
 * which reads the window's TEMP window_request. */
int model_write_overview(struct store *st, const char *query, struct jsonw *w,
			 struct diag *err);

#endif
