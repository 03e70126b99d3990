/* lock_links.h - captured lock waits -> the requests they served (TEMP
 * lock_wait_link; see lock_links.c). Runs after db_locks_observe. */
#ifndef ANALYZE_LOCK_LINKS_H
#define ANALYZE_LOCK_LINKS_H

#include <stdint.h>

#include "correlate/correlate.h"
#include "store/store.h"
#include "util/diag.h"

/* slack_us: the time joins' tolerance; max_dur_us: the longest request. */
int lock_links_assign(struct store *st, const struct correlation *c, int64_t slack_us,
		      int64_t max_dur_us, struct diag *err);

#endif
