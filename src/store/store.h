/* store.h - the SQLite database: schema, transactions, and what ingest asks.
 * Only src/store/ includes sqlite3.h. */
#ifndef ANALYZE_STORE_H
#define ANALYZE_STORE_H

#include <stdint.h>

#include "record/record.h"
#include "util/diag.h"

struct store;

#define STORE_APPLICATION_ID 0x414e4c5a /* "ANLZ" in PRAGMA application_id */

/* Opens or creates the database, migrates an older schema, refuses a newer
 * or foreign one. */
int store_open(struct store **out, const char *path, struct diag *err);
enum store_mode {
	STORE_CREATE,           /* ingest: a new database is made */
	STORE_EXISTING,         /* report, prune: a missing one is an error, never made */
};
int store_open_mode(struct store **out, const char *path, enum store_mode mode,
		    struct diag *err);
void store_free(struct store *st);
int store_schema_version(void);         /* the highest migration compiled in */

int store_begin(struct store *st, struct diag *err);   /* BEGIN IMMEDIATE */
int store_commit(struct store *st, struct diag *err);
void store_rollback(struct store *st);
/* A bulk load (many commits in a row): checkpoints move to a thread of
 * their own, started after each commit by store_bulk_checkpoint(), so the
 * next file or the index build overlaps them. path names the database. */
int store_bulk_begin(struct store *st, const char *path, struct diag *err);
void store_bulk_checkpoint(struct store *st);
void store_bulk_end(struct store *st);

/* A read transaction: what a report sees is one snapshot of the store,
 * never half of a file's ingest. TEMP tables can still be written. */
int store_read_begin(struct store *st, struct diag *err);
void store_read_end(struct store *st);
/* Opens N more connections on ST's database: TWINS[0..N) (store/twin.c),
 * or NULLs when they cannot be had at once (an ingest is writing, the file
 * is read-only or no file; then ST reads alone). NULLs: no harm in
 * store_free(). Then store_read_begin_twins() begins ST's read and
 * theirs on one snapshot, for reads run in other threads meanwhile. */
int store_open_twins(struct store *st, struct store **twins, int n);
int store_read_begin_twins(struct store *st, struct store **twins, int n, struct diag *err);

/* The schema name of the report's scratch database, as the SQL of
 * sql/correlate names it. */
#define STORE_SCRATCH "win"
/* Attaches one new, unnamed scratch database as STORE_SCRATCH to each of
 * CONNS[0..N) (store/scratch.c): tables one connection builds and others
 * read once it has committed; for N 1 a private one. Before the
 * connections' read transactions begin (no ATTACH inside one). */
int store_scratch_attach(struct store *const *conns, int n, struct diag *err);

/* Runs sql/schema/indexes: after a bulk load. */
int store_build_indexes(struct store *st, struct diag *err);
/* Before a file of FORMAT adding INCOMING bytes, inside its transaction:
 * when it is about as large as what is stored of FORMAT already, that
 * format's indexes go until store_build_indexes makes them again, as
 * after a first load (one sort beats a million random inserts). */
int store_bulk_prepare(struct store *st, const char *format, int64_t incoming,
		       struct diag *err);

/* Inserts one record of source `source_id`. */
int store_insert(struct store *st, int64_t source_id, const struct record *rec,
		 struct diag *err);

/* What is known of one content (see sql/schema/0001_init.sql, table source). */
struct source_state {
	int64_t id;
	char format[32];
	int64_t bytes, lines;
	uint64_t tail_hash;
	int64_t tail_len;
	int64_t records, rejects;      /* totals so far */
};

/* 1 and *source_id when this file version was read to its end before. */
int store_find_file(struct store *st, uint64_t raw_head_hash, int64_t raw_size,
		    int64_t *source_id, struct diag *err);
int store_note_file(struct store *st, uint64_t raw_head_hash, int64_t raw_size,
		    const char *path, int64_t source_id, struct diag *err);
/* Calls `each` for every content starting with this head, longest first,
 * until it returns non-zero; returns that value, 0, or -1. */
int store_find_sources(struct store *st, uint64_t head_hash,
		       int (*each)(void *ctx, const struct source_state *s), void *ctx,
		       struct diag *err);
int store_create_source(struct store *st, const char *path, const char *format,
			uint64_t head_hash, int64_t *id, struct diag *err);
/* How many contents were ever ingested: 0 means nothing to report on. */
int store_count_sources(struct store *st, int64_t *n, struct diag *err);
/* Records progress: the new end, and records/rejects added this time. */
int store_update_source(struct store *st, const char *path, const struct source_state *s,
			int64_t add_records, int64_t add_rejects, struct diag *err);

#endif
