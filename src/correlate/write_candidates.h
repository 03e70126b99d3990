/* write_candidates.h - the captured rows each writing request may have
 * made, its best ones kept (write_cand, for db_writes.c). */
#ifndef ANALYZE_WRITE_CANDIDATES_H
#define ANALYZE_WRITE_CANDIDATES_H

#include "store/query.h"

/* args: ?1 the time tolerance (with the clock offset), ?2 the coarsest
 * write-time resolution (sql/correlate/write_candidates.sql). */
int write_candidates_find(struct store *st, const struct store_arg args[2], struct diag *err);

#endif
