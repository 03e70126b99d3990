/* detector.h - a finding kind: reads the store (and the correlation's TEMP
 * tables) through named SQL and writes its findings, one JSON object each,
 * into the model's list for the kind. detectors.c is the table; the model
 * stage runs it in order. */
#ifndef ANALYZE_DETECTOR_H
#define ANALYZE_DETECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "correlate/correlate.h"
#include "store/store.h"
#include "util/diag.h"
#include "util/jsonw.h"

#define DETECT_KINDS_MAX 16     /* rows of the detector table, at most */
#define DETECT_NEEDS_MAX 4      /* kinds one kind may need */
/* a 408 answered in less than this share of the timeout budget did not run
 * out of it: no cluster, no timeout (a client giving up, a handler's 408) */
#define DETECT_AT_BUDGET_SHARE 0.5
/* a link (write, lock wait) at least this sure names the request's own row
 * or statement; a less sure one is no attribution: "not attributed" beats a
 * wrong row (docs/findings/post_write_stalls.md) */
#define DETECT_LINK_SURE 0.5

struct detect_params {
	int64_t cluster_gap_us;         /* a quiet gap longer than this splits a cluster */
	int64_t timeout_budget_us;      /* 0: inferred from the 408s */
	int evidence_max;               /* evidence lines per finding, at most */
};

struct detect_ctx {
	struct store *st;
	const struct correlation *corr;
	const struct detect_params *params;
	int64_t budget_us;              /* the timeout budget in force: set by timeout_clusters */
	int64_t below_budget;           /* 408s answered in far less: no cluster (timeout_clusters) */
	size_t ran;                     /* detectors[0..ran) have run */
	int64_t counts[DETECT_KINDS_MAX];       /* findings per kind, by table position */
};

struct detector {
	const char *name;               /* the key under "findings"; the --fail-on name */
	const char *help;               /* one line: what makes a finding of this kind */
	/* kinds whose results this one reads (ctx->budget_us, detect_count()):
	 * they come earlier in the table, which detect_check_table() verifies */
	const char *needs[DETECT_NEEDS_MAX];
	/* Writes each finding as one JSON value into the open list; *found is
	 * how many it wrote. */
	int (*run)(struct detect_ctx *ctx, struct jsonw *w, int64_t *found, struct diag *err);
};

extern const struct detector *const detectors[];       /* in report order, NULL-terminated */

/* The position of kind `name` in detectors[], or -1. */
int detect_index(const char *name);
/* Findings of kind `name` so far; -1 when it has not run (a missing need). */
int64_t detect_count(const struct detect_ctx *ctx, const char *name);
/* -1 and the reason when a need is unknown or comes later, or the table is
 * longer than DETECT_KINDS_MAX. */
int detect_check_table(struct diag *err);

#endif
