/* model.h - the analysis stage: one read snapshot of the store ->
 * correlation, the finding kinds (detect/detectors.c) and the check board
 * -> the finished model, JSON shaped by schemas/report.schema.json. Every
 * writer (report/) renders this model and nothing else, so they cannot
 * disagree. */
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
	int64_t baseline_since_us, baseline_until_us;   /* the overview's baseline; RECORD_NONE: none */
};

/* What `report` and the one-shot form start from: everything, the cluster
 * gap 60 s, the budget inferred, pretty JSON. */
#define MODEL_OPTS_DEFAULT \
	{ .since_us = RECORD_NONE, .until_us = RECORD_NONE, .cluster_gap_us = 60 * US_PER_SEC, \
	  .pretty = 1, .baseline_since_us = RECORD_NONE, .baseline_until_us = RECORD_NONE }

/* Finding kinds, by their position in the detector table. */
#define MODEL_KINDS_MAX 16

struct model_summary {
	int64_t counts[MODEL_KINDS_MAX];        /* findings per kind, by kind index */
	int checks_failed;
	int64_t warnings;                       /* file warnings, over every source */
};

/* The finding kinds, in report order: kind i is the key under "findings"
 * and the --fail-on name model_kind_name(i), explained in one line by
 * model_kind_help(i). */
size_t model_kind_count(void);
const char *model_kind_name(size_t i);
const char *model_kind_help(size_t i);

/* Appends the model's JSON to out. */
int model_build(struct store *st, const struct model_opts *o, struct buf *out,
		struct model_summary *sum, struct diag *err);

#endif
