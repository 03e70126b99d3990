/* prune.h - removing records older than a time, so a nightly database stays
 * bounded. Sources and their fingerprints stay: content already ingested
 * and then pruned is recognised, and never ingested again. */
#ifndef ANALYZE_PRUNE_H
#define ANALYZE_PRUNE_H

#include <stdint.h>

#include "store/store.h"
#include "util/diag.h"

struct prune_counts {
	int64_t requests, proxy_events, events, phases;
	int64_t snapshots, snapshot_rows, db_writes, rejects;
};

/* Deletes every record older than before_us (see sql/prune/), all in one
 * transaction: interrupted, nothing is deleted. */
int store_prune(struct store *st, int64_t before_us, struct prune_counts *n, struct diag *err);

#endif
