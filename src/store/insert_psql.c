/* insert_psql.c - psql snapshots, their rows, and db writes. Rows and writes
 * attach to the snapshot inserted last (a parser emits a snapshot before its
 * rows); the record that closes a snapshot fills in its totals. */
#include "store/store_impl.h"

static int insert_snapshot(struct store *st, int64_t src, const struct record *rec,
			   struct diag *err)
{
	const struct snapshot_rec *sn = &rec->u.snapshot;
	sqlite3_stmt *s = store_stmt(st, "ingest/insert_snapshot", err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int64(s, 2, rec->line);
	store_bind_int(s, 3, sn->capture_us);
	store_bind_text(s, 4, sn->form);
	store_bind_text(s, 5, sn->title);
	store_bind_text(s, 6, sn->query);
	store_bind_text(s, 7, sn->shape);
	store_bind_text(s, 8, sn->columns_json);
	if (store_step_done(st, s, err) < 0)
		return -1;
	st->last_snapshot_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static void bind_ms(sqlite3_stmt *s, int i, double ms)
{
	if (ms >= 0)
		sqlite3_bind_double(s, i, ms);
	else
		sqlite3_bind_null(s, i);
}

static int insert_row(struct store *st, int64_t src, const struct record *rec,
		      struct diag *err)
{
	const struct snapshot_row_rec *r = &rec->u.snapshot_row;
	sqlite3_stmt *s;

	if (!st->last_snapshot_id)
		return diag_db(err, "snapshot row before its snapshot");
	if (r->is_end) {
		s = store_stmt(st, "ingest/insert_snapshot_end", err);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, st->last_snapshot_id);
		sqlite3_bind_int64(s, 2, r->row_no);
		store_bind_int(s, 3, r->footer_rows);
		bind_ms(s, 4, r->planning_ms);
		bind_ms(s, 5, r->execution_ms);
		return store_step_done(st, s, err);
	}
	s = store_stmt(st, "ingest/insert_snapshot_row", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, st->last_snapshot_id);
	sqlite3_bind_int64(s, 2, src);
	sqlite3_bind_int64(s, 3, rec->line);
	sqlite3_bind_int64(s, 4, r->row_no);
	store_bind_text(s, 5, r->cells_json);
	return store_step_done(st, s, err);
}

static int insert_db_write(struct store *st, int64_t src, const struct record *rec,
			   struct diag *err)
{
	const struct db_write_rec *w = &rec->u.db_write;
	sqlite3_stmt *s;

	if (!st->last_snapshot_id)
		return diag_db(err, "db write before its snapshot");
	s = store_stmt(st, "ingest/insert_db_write", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, st->last_snapshot_id);
	sqlite3_bind_int64(s, 2, src);
	sqlite3_bind_int64(s, 3, rec->line);
	store_bind_text(s, 4, w->table_name);
	store_bind_text(s, 5, w->key);
	store_bind_int(s, 6, w->written_us);
	store_bind_int(s, 7, w->resolution_us);
	store_bind_text(s, 8, w->row_json);
	return store_step_done(st, s, err);
}

int store_insert_psql(struct store *st, int64_t source_id, const struct record *rec,
		      struct diag *err)
{
	switch (rec->kind) {
	case REC_SNAPSHOT:
		return insert_snapshot(st, source_id, rec, err);
	case REC_SNAPSHOT_ROW:
		return insert_row(st, source_id, rec, err);
	case REC_DB_WRITE:
		return insert_db_write(st, source_id, rec, err);
	default:
		return diag_db(err, "record kind %d is not a psql record", (int)rec->kind);
	}
}
