/* path_sweep.h - events matched to the one request of their method and
 * path whose time fits, in one sweep through time instead of an index
 * probe per event (path_pairs and by_path_time: 2.5 s each over 1.5 M
 * events that carry no request id). */
#ifndef ANALYZE_PATH_SWEEP_H
#define ANALYZE_PATH_SWEEP_H

#include <stdint.h>

#include "store/query.h"

/* The requests an event at ts may belong to: start in [ts + lo, ts + hi],
 * and, with has_end, end >= ts + end_min. */
struct path_fit {
	int64_t lo, hi;
	int has_end;
	int64_t end_min;
};

struct path_match {
	int64_t event_id, ts_us;
	int64_t request_id, start_us, end_us;
};

/* events: rows (id, ts_us, method, path) in time order; requests: rows
 * (id, method, path, start_us, end_us) in order of start. Calls each for
 * every event that exactly one request of its method and path fits; each
 * returns non-zero when out of memory. 0, or -1 on error. */
int path_sweep(struct store *st, const char *events, const struct store_arg *args, int nargs,
	       const char *requests, const struct path_fit *fit,
	       int (*each)(void *ctx, const struct path_match *m), void *ctx, struct diag *err);

#endif
