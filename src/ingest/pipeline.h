/* pipeline.h - parse on a worker thread while the calling thread stores:
 * records cross in batches with their strings copied, so the parser's
 * buffers are free again as soon as a record is handed over. */
#ifndef ANALYZE_PIPELINE_H
#define ANALYZE_PIPELINE_H

#include "record/record.h"
#include "util/diag.h"

/* Runs on the worker: emits every record of the input to `out`. */
typedef int (*pipeline_produce)(void *ctx, const struct sink *out, struct diag *err);

/* Runs produce(ctx) on a worker thread and delivers its records, in order,
 * to consume on this thread. 0, or -1 with err from whichever side failed
 * first; the other side stops early. */
int pipeline_run(pipeline_produce produce, void *ctx, const struct sink *consume,
		 struct diag *err);

#endif
