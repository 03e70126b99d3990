/* test_twin.c - the report's second connection (store/twin.c): it reads
 * the very snapshot the first reads, a commit after both began is seen by
 * neither, the write lock it takes for an instant is let go, and with an
 * ingest writing there is no twin and the first connection reads alone.
 * Real SQLite files in WAL mode. */
#include "cmocka_include.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/store.h"

#define ADD_SOURCE \
	"INSERT INTO source (path, format, head_hash, bytes, lines, tail_hash, tail_len," \
	" first_ingest_us, last_ingest_us) VALUES ('a.log', 'caddy', 1, 0, 0, 0, 0, 0, 0)"

/* A raw connection, as another process's ingest would hold one. */
static sqlite3 *writer(const char *db)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 0);     /* a lock the twin kept would fail it at once */
	return h;
}

static struct store *opened(const char *db)
{
	struct store *st = NULL;
	struct diag err = DIAG_INIT;

	assert_int_equal(store_open(&st, db, &err), 0);
	return st;
}

static int64_t sources(struct store *st)
{
	struct diag err = DIAG_INIT;
	int64_t n = -1;

	assert_int_equal(store_count_sources(st, &n, &err), 0);
	return n;
}

static void test_twin_reads_the_same_snapshot(void **state)
{
	const char *db = path_of("same.db");
	struct store *st = opened(db), *twin = NULL;
	struct diag err = DIAG_INIT;
	sqlite3 *w = writer(db);

	(void)state;
	assert_int_equal(sqlite3_exec(w, ADD_SOURCE, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_read_begin_twin(st, &twin, &err), 0);
	assert_non_null(twin);
	/* the gate is let go: a writer commits at once, with no busy wait */
	assert_int_equal(sqlite3_exec(w, ADD_SOURCE, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sources(st), 1);
	assert_int_equal(sources(twin), 1);
	store_read_end(twin);
	store_free(twin);
	store_read_end(st);
	assert_int_equal(sources(st), 2);       /* a new read sees the commit */
	sqlite3_close(w);
	store_free(st);
}

static void test_no_twin_while_an_ingest_writes(void **state)
{
	const char *db = path_of("busy.db");
	struct store *st = opened(db), *twin = NULL;
	struct diag err = DIAG_INIT;
	sqlite3 *w = writer(db);

	(void)state;
	assert_int_equal(sqlite3_exec(w, ADD_SOURCE, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(w, "BEGIN IMMEDIATE; " ADD_SOURCE, NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(store_read_begin_twin(st, &twin, &err), 0);
	assert_null(twin);
	assert_int_equal(sources(st), 1);       /* it reads alone, the commit before */
	assert_int_equal(sqlite3_exec(w, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sources(st), 1);       /* still its snapshot */
	store_read_end(st);
	sqlite3_close(w);
	store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_twin_reads_the_same_snapshot),
		cmocka_unit_test(test_no_twin_while_an_ingest_writes),
	};

	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
