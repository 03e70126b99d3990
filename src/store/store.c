/* store.c - open, pragmas, migrations, transactions, the statement cache. */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/span_template.h"
#include "store/sql.h"
#include "util/fingerprint.h"
#include "util/uuid.h"

#define STORE_PAGE_SIZE "16384"
#define STORE_CACHE "PRAGMA cache_size = -16384"    /* KiB: the page cache of every connection */
/* A report's page cache: it scans more than it revisits, and 8 MB reads
 * as fast as 16 (1 M requests: 7.2 s either way, 69 against 77 MB peak) */
#define STORE_READ_CACHE "PRAGMA cache_size = -8192"
#define BUSY_TIMEOUT_MS (5 * 60 * 1000)  /* a nightly ingest may hold the lock for minutes */

int store_schema_version(void)
{
	int v = 0;

	for (unsigned i = 0; i < sql_texts_count; i++) {
		const char *n = sql_texts[i].name;

		if (strncmp(n, "schema/", 7) == 0 && n[7] >= '0' && n[7] <= '9')
			v = atoi(n + 7) > v ? atoi(n + 7) : v;
	}
	return v;
}

int store_exec(struct store *st, const char *sql, struct diag *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		diag_db(err, "database error: %s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int pragma_int(struct store *st, const char *sql, int *out, struct diag *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return diag_db(err, "database error: %s", sqlite3_errmsg(st->db));
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return diag_db(err, "database error: %s", sqlite3_errmsg(st->db));
	return 0;
}

/* Is this file ours (or empty, to become ours), and not newer than this
 * binary? Reads only: a refused file is left byte-identical, so this runs
 * before any pragma that writes (journal_mode would rewrite its header). */
static int store_check_ours(struct store *st, int *have, struct diag *err)
{
	int app, tables, want = store_schema_version();

	if (pragma_int(st, "PRAGMA application_id", &app, err) < 0 ||
	    pragma_int(st, "PRAGMA user_version", have, err) < 0 ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables, err) < 0)
		return -1;
	if ((app != 0 && app != STORE_APPLICATION_ID) || (app == 0 && tables > 0))
		return diag_db(err, "not an analyze database (it holds other tables)");
	if (*have > want)
		return diag_db(err, "database schema version %d is newer than this analyze "
			       "understands (%d): upgrade analyze", *have, want);
	return 0;
}

/* store_check_ours() in one read snapshot: a database another process is
 * creating has its tables and its application id, or neither. */
static int store_check_ours_now(struct store *st, int *have, struct diag *err)
{
	int rc;

	if (store_exec(st, "BEGIN", err) < 0)
		return -1;
	rc = store_check_ours(st, have, err);
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* Applies sql/schema/NNNN_*.sql above the database's user_version, all in
 * one write transaction. Two processes may create the same new database
 * at once: the second waits for the lock (the busy timeout), then reads
 * the version again and finds nothing left to do. */
static int store_migrate(struct store *st, struct diag *err)
{
	int have, want = store_schema_version();
	char bump[96];

	if (pragma_int(st, "PRAGMA user_version", &have, err) < 0)
		return -1;
	if (have == want)
		return 0;
	/* A new database gets 16 KiB pages: a quarter of the reads, writes and
	 * WAL frames of the default 4 KiB (1 M requests: the report takes 0.76
	 * of the CPU, a tracing ingest 0.88). An existing one keeps its size:
	 * the pragma does nothing once a table exists. */
	if (have == 0 && store_exec(st, "PRAGMA page_size = " STORE_PAGE_SIZE, err) < 0)
		return -1;
	if (store_exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	if (store_check_ours(st, &have, err) < 0)
		goto fail;
	for (unsigned i = 0; i < sql_texts_count; i++) {
		const char *n = sql_texts[i].name;

		if (strncmp(n, "schema/", 7) != 0 || n[7] < '0' || n[7] > '9' || atoi(n + 7) <= have)
			continue;
		if (store_exec(st, (const char *)sql_texts[i].text, err) < 0) {
			diag_prefix(err, "migration %s", n);
			goto fail;
		}
	}
	snprintf(bump, sizeof(bump), "PRAGMA user_version = %d; PRAGMA application_id = %d", want,
		 STORE_APPLICATION_ID);
	if (store_exec(st, bump, err) < 0)
		goto fail;
	/* a migration that rebuilt a table dropped its indexes: an existing
	 * database gets them back now, not at the next ingest (a new one gets
	 * them after its first bulk load) */
	if (have > 0 && have < want && store_build_indexes(st, err) < 0) {
		diag_prefix(err, "indexes after migrating");
		goto fail;
	}
	return store_exec(st, "COMMIT", err);
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* WAL, so a report reads while the nightly ingest writes. Switching takes
 * an exclusive lock; a first open racing another may meet SQLITE_BUSY
 * without the busy handler being asked, so it waits here as long. */
static int store_wal(struct store *st, struct diag *err)
{
	const struct timespec nap = { 0, 20 * 1000 * 1000 };
	int rc;

	for (int waited = 0;; waited += 20) {
		rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if (rc != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
			break;
		nanosleep(&nap, NULL);
	}
	if (rc != SQLITE_OK)
		return diag_db(err, "database error: %s", sqlite3_errmsg(st->db));
	return store_exec(st, "PRAGMA synchronous = NORMAL; " STORE_CACHE, err);
}

static void sql_request_key(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	const unsigned char *s = sqlite3_value_text(v[0]);

	(void)argc;
	if (s)
		sqlite3_result_int64(ctx, store_key((const char *)s));
	else
		sqlite3_result_null(ctx);
}

/* url_path('/a/b?x=1') = '/a/b': the path of a logged URI. */
static void sql_url_path(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	const char *s = (const char *)sqlite3_value_text(v[0]);
	size_t n;

	(void)argc;
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	n = strcspn(s, "?#");
	sqlite3_result_text(ctx, s, (int)n, SQLITE_TRANSIENT);
}

/* span_template(json, request_id, method, uri): the span JSON as schema
 * 0006 keeps it (span_template.c); the migration's way to the C one. */
static void sql_span_template(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	const char *json = (const char *)sqlite3_value_text(v[0]);
	const char *cut[SPAN_CUTS];
	struct buf b;
	int made;

	(void)argc;
	if (!json) {
		sqlite3_result_null(ctx);
		return;
	}
	for (int k = 0; k < SPAN_CUTS; k++)
		cut[k] = (const char *)sqlite3_value_text(v[k + 1]);
	buf_init(&b, (size_t)1 << 24);
	made = span_template(json, cut, &b);
	if (made < 0)
		sqlite3_result_error_nomem(ctx);
	else
		sqlite3_result_text(ctx, made ? buf_str(&b) : json, -1, SQLITE_TRANSIENT);
	buf_release(&b);
}

/* packed_request_id(text): the 16 bytes of a lower-case UUID, else the
 * text itself, as an event stores its request id (schema 0006). */
static void sql_packed_request_id(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	const char *s = (const char *)sqlite3_value_text(v[0]);
	unsigned char b[16];

	(void)argc;
	if (s && uuid_pack(s, (size_t)sqlite3_value_bytes(v[0]), b))
		sqlite3_result_blob(ctx, b, 16, SQLITE_TRANSIENT);
	else
		sqlite3_result_value(ctx, v[0]);
}

/* SQL functions the statements of sql/ use. */
static int store_functions(struct store *st, struct diag *err)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

	if (sqlite3_create_function(st->db, "request_key", 1, flags, NULL, sql_request_key,
				    NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(st->db, "url_path", 1, flags, NULL, sql_url_path, NULL,
				    NULL) != SQLITE_OK ||
	    sqlite3_create_function(st->db, "span_template", 4, flags, NULL, sql_span_template,
				    NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(st->db, "packed_request_id", 1, flags, NULL,
				    sql_packed_request_id, NULL, NULL) != SQLITE_OK)
		return diag_db(err, "cannot register SQL functions: %s", sqlite3_errmsg(st->db));
	return 0;
}

int store_open(struct store **out, const char *path, struct diag *err)
{
	return store_open_mode(out, path, STORE_CREATE, err);
}

int store_open_mode(struct store **out, const char *path, enum store_mode mode,
		    struct diag *err)
{
	static int configured;
	struct store *st;
	int have;

	if (mode == STORE_EXISTING && access(path, F_OK) != 0)
		return diag_db(err, "database '%s' does not exist (see --db and ANALYZE_DB)", path);
	st = calloc(1, sizeof(*st));

	if (!configured) {
		/* before SQLite initialises: no global malloc statistics (a mutex per call) */
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}

	if (!st)
		return diag_oom(err);
	buf_init(&st->span_buf, (size_t)1 << 24);       /* a span list is part of one line */
	buf_init(&st->fields_buf, (size_t)1 << 24);     /* so are its fields */
	buf_init(&st->last_spans, (size_t)1 << 24);
	buf_init(&st->last_rid, (size_t)1 << 16);
	/* One connection per thread: SQLite's own per-call locking is waste. */
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
			    (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0), NULL) != SQLITE_OK) {
		diag_db(err, "cannot open database '%s': %s", path,
			st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	if (store_check_ours_now(st, &have, err) < 0 || store_functions(st, err) < 0 ||
	    store_migrate(st, err) < 0 || store_wal(st, err) < 0)
		goto fail_named;
	*out = st;
	return 0;
fail_named:
	diag_prefix(err, "database '%s'", path);
fail:
	store_free(st);
	return -1;
}

void store_free(struct store *st)
{
	if (!st)
		return;
	store_bulk_end(st);
	for (int i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st->text_ids);
	buf_release(&st->span_buf);
	buf_release(&st->fields_buf);
	buf_release(&st->last_spans);
	buf_release(&st->last_rid);
	free(st);
}

sqlite3_stmt *store_stmt(struct store *st, const char *name, struct diag *err)
{
	const struct sql_text *t;
	sqlite3_stmt *s;

	for (int i = 0; i < st->ncache; i++)
		if (strcmp(st->cache[i].name, name) == 0)
			return st->cache[i].stmt;
	t = sql_find(name);
	if (!t) {
		diag_db(err, "no SQL named '%s'", name);
		return NULL;
	}
	if (st->ncache == STORE_STMT_CACHE) {
		diag_db(err, "statement cache full at '%s'", name);
		return NULL;
	}
	if (sqlite3_prepare_v3(st->db, (const char *)t->text, -1, SQLITE_PREPARE_PERSISTENT, &s,
			       NULL) != SQLITE_OK) {
		diag_db(err, "cannot prepare '%s': %s", name, sqlite3_errmsg(st->db));
		return NULL;
	}
	st->cache[st->ncache].name = t->name;   /* the caller's name may be a stack buffer */
	st->cache[st->ncache].stmt = s;
	st->ncache++;
	return s;
}

int store_step_rebound(struct store *st, sqlite3_stmt *s, struct diag *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return diag_db(err, "database error: %s", sqlite3_errmsg(st->db));
	return 0;
}

int store_step_done(struct store *st, sqlite3_stmt *s, struct diag *err)
{
	int rc = store_step_rebound(st, s, err);

	sqlite3_clear_bindings(s);      /* no stale pointers into freed records */
	return rc;
}

void store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);  /* outlives the step */
	else
		sqlite3_bind_null(s, i);
}

void store_bind_int(sqlite3_stmt *s, int i, int64_t v)
{
	if (v != RECORD_NONE)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

int64_t store_key(const char *request_id)
{
	return fingerprint_to_db(fingerprint_update(FINGERPRINT_SEED, request_id, strlen(request_id)));
}

int store_begin(struct store *st, struct diag *err)
{
	store_text_ids_forget(st);
	store_tracing_forget(st);
	return store_exec(st, "BEGIN IMMEDIATE", err);
}

int store_commit(struct store *st, struct diag *err)
{
	if (store_exec(st, "COMMIT", err) < 0)
		return -1;
	store_bulk_checkpoint(st);
	return 0;
}

void store_rollback(struct store *st)
{
	store_text_ids_forget(st);
	store_tracing_forget(st);
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_read_begin(struct store *st, struct diag *err)
{
	/* a report is one thread: its sorts (the window's indexes, GROUP BY)
	 * may use the second core (1 M requests: 19 s -> 17 s, +5 MB) */
	sqlite3_limit(st->db, SQLITE_LIMIT_WORKER_THREADS, 1);
	store_exec(st, "PRAGMA threads = 1", NULL);
	store_exec(st, STORE_READ_CACHE, NULL);
	/* BEGIN is deferred: the snapshot starts at the first read */
	if (store_exec(st, "BEGIN", err) < 0)
		return -1;
	return store_exec(st, "SELECT count(*) FROM source", err);
}

void store_read_end(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

/* The second half of a 1 GB Caddy log into a database holding the first
 * half (16 KiB pages): keeping request_by_key row by row 2.85 s, dropping
 * it and building it anew 1.97 s (a fresh load of the half: 1.55 s). At a
 * fifth of that size the two cost the same, and with half as much coming
 * as stored keeping it wins (0.73 against 0.84 s); a day added to a month
 * keeps its indexes, a rebuild would sort the month. */
#define BULK_SHARE_NUM 4                /* incoming >= 4/5 of what is stored */
#define BULK_SHARE_DEN 5

int store_bulk_prepare(struct store *st, const char *format, int64_t incoming,
		       struct diag *err)
{
	static const struct {
		const char *format, *drop;
	} bulk[] = {
		{ "caddy", "store/drop_caddy_indexes" },
		{ "tracing", "store/drop_tracing_indexes" },
	};
	sqlite3_stmt *s;
	int64_t stored;
	int rc;

	for (size_t i = 0; i < sizeof(bulk) / sizeof(bulk[0]); i++) {
		if (strcmp(bulk[i].format, format) != 0)
			continue;
		if (!(s = store_stmt(st, "store/ingested_bytes", err)))
			return -1;
		sqlite3_bind_text(s, 1, format, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		stored = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		if (rc != SQLITE_ROW)
			return diag_db(err, "database error: %s", sqlite3_errmsg(st->db));
		if (stored > 0 && incoming * BULK_SHARE_DEN >= stored * BULK_SHARE_NUM)
			return store_exec(st, sql_get(bulk[i].drop), err);
		return 0;
	}
	return 0;
}

/* CREATE INDEX sorts in runs of cache_size bytes. Over the keys of 1.4 M
 * requests, 4 MB runs that stay in the CPU's caches beat 16 MB ones, and
 * one thread beats a sorter helper on a shared two-core machine (the
 * helper doubles the CPU time for no wall time): 0.68 s against 0.95 s,
 * 12 MB peak against 53 MB (sqlite3 shell, 16 KiB pages). */
#define INDEX_BUILD_CACHE "PRAGMA cache_size = -4096"

int store_build_indexes(struct store *st, struct diag *err)
{
	int rc;

	store_exec(st, INDEX_BUILD_CACHE, NULL);
	rc = store_exec(st, sql_get("schema/indexes"), err);
	store_exec(st, STORE_CACHE, NULL);
	return rc;
}
