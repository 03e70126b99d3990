/* detectors.c - the finding kinds, in report order: a kind is its own .c
 * (the descriptor and its run), its SQL in sql/detect/, a row here and an
 * entry in schemas/report.schema.json. */
#include "detect/detector.h"

#include <string.h>

extern const struct detector timeout_clusters_detector;
extern const struct detector limiter_collapses_detector;
extern const struct detector post_write_stalls_detector;
extern const struct detector lock_waits_detector;
extern const struct detector timeouts_detector;
extern const struct detector retried_timeouts_detector;

const struct detector *const detectors[] = {
	&timeout_clusters_detector,
	&limiter_collapses_detector,
	&post_write_stalls_detector,
	&lock_waits_detector,
	&timeouts_detector,
	&retried_timeouts_detector,
	NULL,
};

int detect_index(const char *name)
{
	for (int i = 0; detectors[i]; i++)
		if (strcmp(detectors[i]->name, name) == 0)
			return i;
	return -1;
}

int64_t detect_count(const struct detect_ctx *ctx, const char *name)
{
	int i = detect_index(name);

	return i < 0 || (size_t)i >= ctx->ran ? -1 : ctx->counts[i];
}

int detect_check_table(struct diag *err)
{
	int i;

	for (i = 0; detectors[i]; i++) {
		if (i >= DETECT_KINDS_MAX)
			return diag_set_class(err, DIAG_INTERNAL, "more than %d finding kinds", DETECT_KINDS_MAX);
		for (int k = 0; k < DETECT_NEEDS_MAX && detectors[i]->needs[k]; k++) {
			int at = detect_index(detectors[i]->needs[k]);

			if (at < 0 || at >= i)
				return diag_set_class(err, DIAG_INTERNAL, "finding kind '%s' needs '%s', which %s",
						detectors[i]->name, detectors[i]->needs[k],
						at < 0 ? "does not exist" : "runs after it");
		}
	}
	return 0;
}
