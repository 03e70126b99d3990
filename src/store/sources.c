/* sources.c - what the store remembers of each input, so that nothing is
 * ingested twice: file versions by raw fingerprint, contents by first line. */
#include "store/store_impl.h"

#include <string.h>
#include <sys/time.h>

#include "util/fingerprint.h"

static int64_t now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

int store_find_file(struct store *st, uint64_t raw_head_hash, int64_t raw_size,
		    int64_t *source_id, struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, "store/find_file", err);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, fingerprint_to_db(raw_head_hash));
	sqlite3_bind_int64(s, 2, raw_size);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*source_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return diag_db(err, "database error: %s", sqlite3_errmsg(st->db));
	return rc == SQLITE_ROW;
}

int store_note_file(struct store *st, uint64_t raw_head_hash, int64_t raw_size,
		    const char *path, int64_t source_id, struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, "store/note_file", err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, fingerprint_to_db(raw_head_hash));
	sqlite3_bind_int64(s, 2, raw_size);
	sqlite3_bind_text(s, 3, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, source_id);
	sqlite3_bind_int64(s, 5, now_us());
	return store_step_done(st, s, err);
}

int store_find_sources(struct store *st, uint64_t head_hash,
		       int (*each)(void *ctx, const struct source_state *s), void *ctx,
		       struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, "store/find_source", err);
	int rc, stop = 0;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, fingerprint_to_db(head_hash));
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct source_state ss = { 0 };
		const unsigned char *fmt = sqlite3_column_text(s, 1);
		int64_t th = sqlite3_column_int64(s, 4);

		ss.id = sqlite3_column_int64(s, 0);
		if (fmt)
			strncpy(ss.format, (const char *)fmt, sizeof(ss.format) - 1);
		ss.bytes = sqlite3_column_int64(s, 2);
		ss.lines = sqlite3_column_int64(s, 3);
		memcpy(&ss.tail_hash, &th, sizeof(th));
		ss.tail_len = sqlite3_column_int64(s, 5);
		ss.records = sqlite3_column_int64(s, 6);
		ss.rejects = sqlite3_column_int64(s, 7);
		stop = each(ctx, &ss);
	}
	if (!stop && rc != SQLITE_DONE)
		stop = diag_db(err, "database error: %s", sqlite3_errmsg(st->db));
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return stop;
}

int store_create_source(struct store *st, const char *path, const char *format,
			uint64_t head_hash, int64_t *id, struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, "store/create_source", err);

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, format, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, fingerprint_to_db(head_hash));
	sqlite3_bind_int64(s, 4, now_us());
	if (store_step_done(st, s, err) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_update_source(struct store *st, const char *path, const struct source_state *ss,
			int64_t add_records, int64_t add_rejects, struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, "store/update_source", err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, ss->id);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, ss->bytes);
	sqlite3_bind_int64(s, 4, ss->lines);
	sqlite3_bind_int64(s, 5, fingerprint_to_db(ss->tail_hash));
	sqlite3_bind_int64(s, 6, ss->tail_len);
	sqlite3_bind_int64(s, 7, add_records);
	sqlite3_bind_int64(s, 8, add_rejects);
	sqlite3_bind_int64(s, 9, now_us());
	return store_step_done(st, s, err);
}

int store_count_sources(struct store *st, int64_t *n, struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, "store/count_sources", err);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return diag_db(err, "database error: %s", sqlite3_errmsg(st->db));
	return 0;
}
