/* prune.c - delete before T, in one transaction, in the order sql/prune/
 * needs: pick the snapshots, then rejects (which look at the records still
 * there), then children before their parents. */
#include "store/prune.h"

#include <stddef.h>

#include "store/query.h"

int store_prune(struct store *st, int64_t before_us, struct prune_counts *n, struct diag *err)
{
	const struct {
		const char *sql;
		int64_t *count;         /* NULL: not reported */
	} steps[] = {
		{ "prune/pick_snapshots", NULL },
		{ "prune/rejects", &n->rejects },
		{ "prune/phases", &n->phases },
		{ "prune/events", &n->events },
		{ "prune/requests", &n->requests },
		{ "prune/proxy_events", &n->proxy_events },
		{ "prune/snapshot_rows", &n->snapshot_rows },
		{ "prune/db_writes", &n->db_writes },
		{ "prune/snapshots", &n->snapshots },
	};
	const struct store_arg t = ARG_I(before_us);

	*n = (struct prune_counts){ 0 };
	if (store_begin(st, err) < 0)
		return -1;
	if (store_script(st, "prune/setup", err) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (store_query(st, steps[i].sql, &t, 1, NULL, NULL, err) < 0)
			goto fail;
		if (steps[i].count)
			*steps[i].count = store_changes(st);
	}
	if (store_commit(st, err) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}
