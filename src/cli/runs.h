/* runs.h - the work behind `ingest` and `report` once their options are
 * parsed, so the one-shot form (cmd_oneshot.c) runs the very same code.
 * Each returns an exit_code and prints its own messages. */
#ifndef ANALYZE_RUNS_H
#define ANALYZE_RUNS_H

#include "ingest/ingest.h"
#include "model/model.h"

/* Opens the database at db (mode: may it be created), runs fn on it and closes it: the tail every
 * command shares. fn returns an exit_code, or -1 with err filled; then, as
 * when the database does not open, the error is printed ("analyze: what:
 * message"; without "what: " for a failed open) and exit_for() returned. */
int with_store(const char *db, enum store_mode mode, const char *what,
	       int (*fn)(struct store *st, void *ctx, struct diag *err), void *ctx);

/* PATH... into the database at db (already resolved by options_db_path). */
int ingest_run(const char *db, const struct ingest_opts *o, char *const *paths, int npaths);

/* The model of db, written by the writer for format (NULL: from out's
 * extension, else json) to out ("-": stdout); mask is --fail-on's. */
int report_run(const char *db, const struct model_opts *mo, const char *format,
	       const char *out, unsigned fail_mask);

/* The writer -o's extension names, case-insensitive (.html/.htm, .json,
 * .txt), or NULL. */
const char *report_format_of(const char *path);

#endif
