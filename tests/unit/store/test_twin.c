/* test_twin.c - the report's second connection (store/twin.c): it reads
 * the very snapshot the first reads, a commit after both began is seen by
 * neither, the write lock it takes for an instant is let go, and with an
 * ingest writing there is no twin and the first connection reads alone.
 * The scratch database one connection fills is read by the other. Real
 * SQLite files in WAL mode. */
#include "cmocka_include.h"
#include "db_file.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "correlate/correlate.h"
#include "ingest/ingest.h"
#include "record/record.h"
#include "store/query.h"
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
	assert_int_equal(store_open_twins(st, &twin, 1), 1);
	assert_int_equal(store_read_begin_twins(st, &twin, 1, &err), 0);
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
	assert_int_equal(store_open_twins(st, &twin, 1), 1);
	assert_int_equal(store_read_begin_twins(st, &twin, 1, &err), 0);
	assert_null(twin);              /* closed: it could not share the snapshot */
	assert_int_equal(sources(st), 1);       /* it reads alone, the commit before */
	assert_int_equal(sqlite3_exec(w, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sources(st), 1);       /* still its snapshot */
	store_read_end(st);
	sqlite3_close(w);
	store_free(st);
}

static int read_int(void *ctx, const struct store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, 0);
	return 1;
}

static int files_in(const char *dir)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "exit $(ls -A '%s' | wc -l)", dir);
	return WEXITSTATUS(system(cmd));
}

/* The window's requests built and committed on the twin, in the scratch
 * database, are read by the first connection; the scratch file is in no
 * folder, even while in use. */
static void test_scratch_is_shared_and_unnamed(void **state)
{
	const char *testdata = getenv("TESTDATA");
	struct ingest_opts io = { 0 };
	struct ingest_result res;
	struct store *st, *twin = NULL, *both[2];
	struct diag err = DIAG_INIT;
	char db[256], tmp[256], log[512];
	int64_t longest = -1;

	(void)state;
	assert_non_null(testdata);
	snprintf(db, sizeof(db), "%s", path_of("scratch.db"));
	snprintf(tmp, sizeof(tmp), "%s", path_of("tmp"));
	snprintf(log, sizeof(log), "%s/caddy/access.log", testdata);
	assert_int_equal(mkdir(tmp, 0700), 0);
	st = opened(db);
	io.quiet = 1;
	assert_int_equal(ingest_file(st, log, &io, &res, &err), 0);
	setenv("TMPDIR", tmp, 1);
	assert_int_equal(store_open_twins(st, &twin, 1), 1);
	both[0] = st;
	both[1] = twin;
	assert_int_equal(store_scratch_attach(both, 2, &err), 0);
	assert_int_equal(files_in(tmp), 0);
	assert_int_equal(store_read_begin_twins(st, &twin, 1, &err), 0);
	assert_non_null(twin);
	assert_int_equal(correlate_window_build(twin, RECORD_NONE, RECORD_NONE, "", &err), 0);
	assert_int_equal(store_commit(twin, &err), 0);
	assert_true(store_query(st, "correlate/max_duration", NULL, 0, read_int, &longest, &err) >=
		    0);
	assert_true(longest > 0);
	assert_int_equal(longest, query_int(db, "SELECT max(duration_us) FROM request"));
	store_free(twin);
	store_read_end(st);
	store_free(st);
	unsetenv("TMPDIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_twin_reads_the_same_snapshot),
		cmocka_unit_test(test_no_twin_while_an_ingest_writes),
		cmocka_unit_test(test_scratch_is_shared_and_unnamed),
	};

	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
