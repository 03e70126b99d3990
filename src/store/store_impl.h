/* store_impl.h - what the store's own files share; nobody else includes it. */
#ifndef ANALYZE_STORE_IMPL_H
#define ANALYZE_STORE_IMPL_H

#include <sqlite3.h>

#include "store/store.h"
#include "util/buf.h"

#define STORE_STMT_CACHE 128

struct store {
	sqlite3 *db;
	struct {
		const char *name;       /* static: a sql_get() name */
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
	int ncache;
	struct checkpointer *checkpointer;      /* during a bulk load, or NULL */
	int64_t last_event_id;          /* the row phases attach to */
	int64_t phases_of_last_event;   /* its phases so far: the next one's seq */
	int64_t last_snapshot_id;       /* the row snapshot rows attach to */
	struct text_ids *text_ids;      /* owned, or NULL until first needed */
	struct buf span_buf;            /* an event's span template, reused */
	struct buf fields_buf;          /* its fields' template, reused */
	/* the last event's span list and values (insert_tracing.c), and their
	 * template's text_value id; emptied with every transaction */
	struct buf last_spans;
	int64_t last_spans_id;
	/* the last event's request id, and its bytes (rid_packed) and key */
	struct buf last_rid;
	unsigned char rid_bytes[16];
	int rid_packed;
	int64_t rid_key;
};

/* The prepared statement for sql/<name>.sql, prepared once per store; reset
 * with its bindings cleared. NULL with err set on failure. */
sqlite3_stmt *store_stmt(struct store *st, const char *name, struct diag *err);
int store_exec(struct store *st, const char *sql, struct diag *err);
/* Steps a statement that returns no rows, then resets it. */
int store_step_done(struct store *st, sqlite3_stmt *s, struct diag *err);
/* store_step_done() with the bindings kept, for a statement whose caller
 * binds every parameter before every step (a request row: clearing 22
 * bindings per row is wasted); pointers left bound are never read. */
int store_step_rebound(struct store *st, sqlite3_stmt *s, struct diag *err);

/* Per family, in insert_<family>.c. */
int store_insert_tracing(struct store *st, int64_t source_id, const struct record *rec,
			 struct diag *err);
/* Forgets what the last event made (insert_tracing.c): at each
 * transaction's start and after a rollback. */
void store_tracing_forget(struct store *st);
int store_insert_psql(struct store *st, int64_t source_id, const struct record *rec,
		      struct diag *err);

/* The text_value id of V in *ID (RECORD_NONE for NULL), added when new. */
int store_text_id(struct store *st, const char *v, int64_t *id, struct diag *err);
/* store_text_id() for each of VALUES[0..N) into IDS[0..N). */
int store_text_ids(struct store *st, const char *const *values, int n, int64_t *ids,
		   struct diag *err);
/* Drops the cached ids: at each transaction's start and after a rollback. */
void store_text_ids_forget(struct store *st);

/* The integer that stands for a request id in indexes and joins. */
int64_t store_key(const char *request_id);

/* Binders that map the record conventions (NULL, RECORD_NONE) to SQL NULL. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* args as ?1..?n (query.h's store_arg) */
struct store_arg;
void store_bind_args(sqlite3_stmt *s, const struct store_arg *args, int nargs);
void store_bind_int(sqlite3_stmt *s, int i, int64_t v);

#endif
