/* runs.h - the work behind `ingest` and `report` once their options are
 * parsed, so the one-shot form (cmd_oneshot.c) runs the very same code.
 * Each returns an exit_code and prints its own messages. */
#ifndef ANALYZE_RUNS_H
#define ANALYZE_RUNS_H

#include "ingest/ingest.h"
#include "model/model.h"

/* PATH... into the database at db (already resolved by options_db_path). */
int ingest_run(const char *db, const struct ingest_opts *o, char *const *paths, int npaths);

/* The model of db, written by the writer for format (NULL: from out's
 * extension, else json) to out ("-": stdout); mask is --fail-on's. */
int report_run(const char *db, const struct model_opts *mo, const char *format,
	       const char *out, unsigned fail_mask);

#endif
