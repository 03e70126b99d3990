/* model.h - the report as JSON (schemas/report.schema.json): correlation,
 * findings and checks over one snapshot of the store. Every writer (json,
 * html, text) starts from this model, so they cannot disagree. */
#ifndef ANALYZE_MODEL_H
#define ANALYZE_MODEL_H

#include <stdint.h>

#include "record/record.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/timeconv.h"

struct model_opts {
	int64_t since_us, until_us;     /* RECORD_NONE: unbounded */
	const char *strip_prefix;       /* NULL: detected */
	int64_t cluster_gap_us;
	int64_t timeout_budget_us;      /* 0: inferred */
	int pretty;
	int progress;                   /* each stage on stderr (a terminal) */
};

/* What `report` and the one-shot form start from: everything, the cluster
 * gap 60 s, the budget inferred, pretty JSON. */
#define MODEL_OPTS_DEFAULT \
	{ .since_us = RECORD_NONE, .until_us = RECORD_NONE, .cluster_gap_us = 60 * US_PER_SEC, \
	  .pretty = 1 }

struct model_summary {
	int64_t timeout_clusters, limiter_collapses, post_write_stalls;
	int checks_failed;
};

/* Appends the model's JSON to out. */
int model_build(struct store *st, const struct model_opts *o, struct buf *out,
		struct model_summary *sum, struct diag *err);

#endif
