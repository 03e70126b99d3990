/* db_locks.h - lock waits seen in the psql captures (TEMP lock_obs), and
 * the captured rows whose write was among the waiters (TEMP write_wait). */
#ifndef ANALYZE_DB_LOCKS_H
#define ANALYZE_DB_LOCKS_H

#include <stdint.h>

#include "store/store.h"
#include "util/diag.h"

/* Fills lock_obs and write_wait; *observed: the waiter/holder pairs seen. */
int db_locks_observe(struct store *st, int64_t *observed, struct diag *err);

#endif
