/* prune.c - delete before T, in one transaction, in the order sql/prune/
 * needs: pick the snapshots, then rejects (which look at the records still
 * there), then children before their parents. */
#include "store/prune.h"

#include <stddef.h>

#include "store/query.h"

/* A step that returns one count per row deleted (an event's phase list
 * holds several phases): their sum. */
static int add_count(void *ctx, const struct store_row *row)
{
	*(int64_t *)ctx += store_row_int(row, 0);
	return 0;
}

int store_prune(struct store *st, int64_t before_us, struct prune_counts *n, struct diag *err)
{
	const struct {
		const char *sql;
		int64_t *count;         /* NULL: not reported */
		int summed;             /* count: the sum of the rows' counts, not the rows */
	} steps[] = {
		{ "prune/pick_snapshots", NULL, 0 },
		{ "prune/rejects", &n->rejects, 0 },
		{ "prune/phases", &n->phases, 1 },
		{ "prune/events", &n->events, 0 },
		{ "prune/requests", &n->requests, 0 },
		{ "prune/proxy_events", &n->proxy_events, 0 },
		{ "prune/snapshot_rows", &n->snapshot_rows, 0 },
		{ "prune/db_writes", &n->db_writes, 0 },
		{ "prune/snapshots", &n->snapshots, 0 },
	};
	const struct store_arg t = ARG_I(before_us);

	*n = (struct prune_counts){ 0 };
	if (store_begin(st, err) < 0)
		return -1;
	if (store_script(st, "prune/setup", err) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (store_query(st, steps[i].sql, &t, 1, steps[i].summed ? add_count : NULL,
				steps[i].count, err) < 0)
			goto fail;
		if (steps[i].count && !steps[i].summed)
			*steps[i].count = store_changes(st);
	}
	if (store_commit(st, err) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}
