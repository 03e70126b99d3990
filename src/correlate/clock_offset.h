/* clock_offset.h - server clock minus proxy clock, from matched pairs. */
#ifndef ANALYZE_CLOCK_OFFSET_H
#define ANALYZE_CLOCK_OFFSET_H

#include <stdint.h>

#include "store/query.h"

/* The pairs' common range so far and their midpoints (for the median). */
struct clock_pairs {
	int64_t lo, hi;
	int64_t *mid;           /* owned */
	size_t n, cap;
};

#define CLOCK_PAIRS_INIT { .lo = INT64_MIN, .hi = INT64_MAX }

/* One pair, bounding the offset to [lo, hi]; -1 when out of memory. */
int clock_pairs_add(struct clock_pairs *b, int64_t lo, int64_t hi);
/* The offset of the pairs added and their count; frees them. */
void clock_pairs_settle(struct clock_pairs *b, int64_t *offset_us, int64_t *pairs);

/* query returns rows (ts - end_us, ts - start_us), one per pair. */
int clock_offset_estimate(struct store *st, const char *query, const struct store_arg *args,
			  int nargs, int64_t *offset_us, int64_t *pairs, struct diag *err);

#endif
