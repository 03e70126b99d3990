/* detectors.c - the finding kinds, in report order. */
#include "detect/detector.h"

extern const struct detector timeout_clusters_detector;
extern const struct detector limiter_collapses_detector;
extern const struct detector post_write_stalls_detector;

const struct detector *const detectors[] = {
	&timeout_clusters_detector,     /* first: it infers the timeout budget */
	&limiter_collapses_detector,
	&post_write_stalls_detector,
	NULL,
};
