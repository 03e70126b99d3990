/* correlate.h - store -> links between proxy requests, server events and
 * database writes, and what was inferred on the way (the proxy's prefix,
 * the clock offset). Links live in TEMP tables of the report's connection. */
#ifndef ANALYZE_CORRELATE_H
#define ANALYZE_CORRELATE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/diag.h"

struct correlate_opts {
	int64_t since_us, until_us;     /* RECORD_NONE: unbounded */
	const char *strip_prefix;       /* NULL: detect from the data */
	int64_t tolerance_us;           /* slack on every time join */
	/* NULL: correlate_run() builds the window's requests itself; else
	 * another connection builds them (correlate_window_build) in the same
	 * scratch database, and correlate_run() calls this before it reads
	 * them: 0 once they are committed, -1 with err when they failed */
	int (*window_ready)(void *ctx, struct diag *err);
	void *window_ctx;
};

#define CORRELATE_LAGS_MAX 32

/* A route's typical lag from its request's start (proxy clock) to its row's
 * write time (the rows' clock, its offset taken off). */
struct write_lag {
	char route[160], table[64];
	int64_t lag_us, spread_us;      /* median; ~1.5 x the median absolute deviation */
	int64_t pairs;                  /* the pairs alone both ways it was learned from */
};

struct correlation {
	char prefix[64];                /* "/api", or "" */
	int prefix_detected;            /* 1: inferred; 0: given */
	int64_t prefix_votes;           /* server paths that matched with it */
	int64_t offset_us;              /* server clock - proxy clock */
	const char *offset_basis;       /* "request_id", "path_time" or "none" */
	int64_t offset_pairs;
	int64_t requests, events;
	int64_t by_request_id, by_path_time, by_time_only, by_rate_limit_order;
	int64_t linked_requests;
	int64_t db_offset_us;           /* rows' write clock - proxy clock */
	int64_t db_offset_pairs;
	int64_t write_links_shared;     /* alone both ways */
	int64_t write_links_assigned;   /* chosen in a group (db_writes.c) */
	int64_t write_links_single;     /* no shared id: the only row of its table */
	int64_t lock_observations;      /* waiter/holder pairs in the captures (db_locks.c) */
	struct write_lag lags[CORRELATE_LAGS_MAX];
	size_t nlags;
};

/* The proxy's prefix the server's paths lack, into C's prefix fields: GIVEN
 * (--strip-prefix), else the one under which the most server paths are
 * proxy paths (sql/correlate/prefix_votes). correlate_run() starts with it;
 * the model's side reads call it on their own connection. */
int correlate_prefix(struct store *st, const char *given, struct correlation *c,
		     struct diag *err);
/* The window's requests (since..until, RECORD_NONE: unbounded) with their
 * routes as the server knows them (PREFIX removed) and their indexes, in
 * the scratch database (store_scratch_attach) of ST. */
int correlate_window_build(struct store *st, int64_t since_us, int64_t until_us,
			   const char *prefix, struct diag *err);
int correlate_run(struct store *st, const struct correlate_opts *o, struct correlation *out,
		  struct diag *err);

#endif
