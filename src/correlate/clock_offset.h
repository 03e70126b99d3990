/* clock_offset.h - server clock minus proxy clock, from matched pairs. */
#ifndef ANALYZE_CLOCK_OFFSET_H
#define ANALYZE_CLOCK_OFFSET_H

#include <stdint.h>

#include "store/query.h"

/* query returns rows (ts - end_us, ts - start_us), one per pair. */
int clock_offset_estimate(struct store *st, const char *query, const struct store_arg *args,
			  int nargs, int64_t *offset_us, int64_t *pairs, struct diag *err);

#endif
