/* text_ids.c - ids of text_value rows (schemas 0004, 0005), the values
 * request, event and phase rows store by reference. A small cache in front
 * of two statements; it is emptied with every transaction, so an id never
 * outlives a rollback or a prune run by another process between files. */
#include "store/store_impl.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_IDS_SLOTS 4096             /* a power of two */
#define TEXT_IDS_BYTES (256 * 1024)     /* cached values' bytes at most */

struct text_ids {
	struct {
		uint64_t hash;
		int64_t id;             /* 0: an empty slot */
		uint32_t off, len;      /* the value, in bytes */
	} slot[TEXT_IDS_SLOTS];
	int used;
	size_t bytes_used;
	char bytes[TEXT_IDS_BYTES];
};

/* A hash for the cache alone, never stored: eight bytes a step, where
 * FNV-1a takes one (this runs on five values of every request). */
static uint64_t hash_value(const char *s, size_t n)
{
	uint64_t h = (uint64_t)n * UINT64_C(0x9e3779b97f4a7c15), w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * UINT64_C(0xc4ceb9fe1a85ec53);
	return h ^ h >> 29;
}

void store_text_ids_forget(struct store *st)
{
	struct text_ids *t = st->text_ids;

	if (!t || t->used == 0)
		return;
	for (int i = 0; i < TEXT_IDS_SLOTS; i++)
		t->slot[i].id = 0;
	t->used = 0;
	t->bytes_used = 0;
}

/* From the database, adding the value when it is new. */
static int lookup(struct store *st, const char *v, size_t n, int64_t *id, struct diag *err)
{
	sqlite3_stmt *s = store_stmt(st, "ingest/find_text_value", err);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, v, (int)n, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return diag_db(err, "database error: %s", sqlite3_errmsg(st->db));
	if (!(s = store_stmt(st, "ingest/insert_text_value", err)))
		return -1;
	sqlite3_bind_text(s, 1, v, (int)n, SQLITE_STATIC);
	if (store_step_done(st, s, err) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_text_ids(struct store *st, const char *const *values, int n, int64_t *ids,
		   struct diag *err)
{
	for (int i = 0; i < n; i++)
		if (store_text_id(st, values[i], &ids[i], err) < 0)
			return -1;
	return 0;
}

int store_text_id(struct store *st, const char *v, int64_t *id, struct diag *err)
{
	struct text_ids *t = st->text_ids;
	size_t n;
	uint64_t h;
	unsigned i;

	*id = RECORD_NONE;
	if (!v)
		return 0;
	n = strlen(v);
	if (!t && !(t = st->text_ids = calloc(1, sizeof(*t))))
		return diag_oom(err);
	h = hash_value(v, n);
	for (i = (unsigned)h & (TEXT_IDS_SLOTS - 1); t->slot[i].id;
	     i = (i + 1) & (TEXT_IDS_SLOTS - 1))
		if (t->slot[i].hash == h && t->slot[i].len == n &&
		    memcmp(t->bytes + t->slot[i].off, v, n) == 0) {
			*id = t->slot[i].id;
			return 0;
		}
	if (lookup(st, v, n, id, err) < 0)
		return -1;
	/* a full cache starts over: many distinct values cost lookups, not memory */
	if (n > TEXT_IDS_BYTES / 16)
		return 0;
	if (t->used >= TEXT_IDS_SLOTS / 2 || t->bytes_used + n > TEXT_IDS_BYTES) {
		store_text_ids_forget(st);
		for (i = (unsigned)h & (TEXT_IDS_SLOTS - 1); t->slot[i].id;
		     i = (i + 1) & (TEXT_IDS_SLOTS - 1))
			;
	}
	memcpy(t->bytes + t->bytes_used, v, n);
	t->slot[i].hash = h;
	t->slot[i].id = *id;
	t->slot[i].off = (uint32_t)t->bytes_used;
	t->slot[i].len = (uint32_t)n;
	t->bytes_used += n;
	t->used++;
	return 0;
}
