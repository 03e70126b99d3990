/* detector.h - a finding kind: reads the store (and the correlation's TEMP
 * tables) through named SQL, writes its findings into the report model. */
#ifndef ANALYZE_DETECTOR_H
#define ANALYZE_DETECTOR_H

#include <stdint.h>

#include "correlate/correlate.h"
#include "store/store.h"
#include "util/diag.h"
#include "util/jsonw.h"

struct detect_params {
	int64_t cluster_gap_us;         /* a quiet gap longer than this splits a cluster */
	int64_t timeout_budget_us;      /* 0: inferred from the 408s */
	int evidence_max;               /* evidence lines per finding, at most */
};

struct detect_ctx {
	struct store *st;
	const struct correlation *corr;
	const struct detect_params *params;
	int64_t budget_us;              /* the timeout budget in force (inferred or given) */
	int64_t counts[3];              /* findings per kind, for --fail-on and the headline */
	int checks_failed;
};

struct detector {
	const char *name;               /* the key under "findings" */
	int (*run)(struct detect_ctx *ctx, struct jsonw *w, struct diag *err);
};

extern const struct detector *const detectors[];       /* in order, NULL-terminated */

#endif
