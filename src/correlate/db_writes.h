/* db_writes.h - request <-> captured row, as an assignment: each row was
 * made by one request, each request makes at most one row of a table. */
#ifndef ANALYZE_DB_WRITES_H
#define ANALYZE_DB_WRITES_H

#include "correlate/correlate.h"

/* Fills write_link from write_cand (correlate/write_candidates): learns the
 * rows' clock offset and each route's lag from start to write from the
 * unambiguous pairs, then assigns each table's rows one to one, at the
 * least total distance from the typical lag. Sets c's db_* and write_*
 * figures. */
/* The jitter allowed between the proxy's, the server's and the database's
 * view of one moment. */
#define DB_WRITE_SLACK_US 20000
/* the coarsest write time a captured row carries: a whole-seconds column
 * (parse/psql/shapes.c); the time joins' index ranges allow for it */
#define DB_WRITE_RESOLUTION_MAX_US 1000000

int db_writes_assign(struct store *st, struct correlation *c, struct diag *err);

#endif
