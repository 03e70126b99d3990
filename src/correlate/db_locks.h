/* db_locks.h - lock waits seen in the psql captures (TEMP lock_obs), and
 * the captured rows whose write was among the waiters (TEMP write_wait). */
#ifndef ANALYZE_DB_LOCKS_H
#define ANALYZE_DB_LOCKS_H

#include <stdint.h>

#include "store/query.h"
#include "store/store.h"
#include "util/diag.h"

/* Fills lock_obs and write_wait from the captures in window [0] <= t < [1]
 * (µs on the captures' clock, or NULL: unbounded); *observed: the
 * waiter/holder pairs seen. */
int db_locks_observe(struct store *st, const struct store_arg window[2], int64_t *observed,
		     struct diag *err);

#endif
