/* insert_psql.c - psql snapshots, their rows, and db writes. */
#include "store/store_impl.h"

int store_insert_psql(struct store *st, int64_t source_id, const struct record *rec,
		      struct diag *err)
{
	(void)st;
	(void)source_id;
	return diag_set(err, "record kind %d is not stored yet", (int)rec->kind);
}
