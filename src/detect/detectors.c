/* detectors.c - the finding kinds, in report order. */
#include "detect/detector.h"

extern const struct detector timeout_clusters_detector;

const struct detector *const detectors[] = {
	&timeout_clusters_detector,
	NULL,
};
