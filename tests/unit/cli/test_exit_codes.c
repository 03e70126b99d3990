/* test_exit_codes.c - an error's class is set where it happens and picks the
 * exit status: store errors are database errors whatever their text says. */
#include "cmocka_include.h"
#include "db_file.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <string.h>

#include "cli/exit_codes.h"
#include "store/query.h"
#include "store/store.h"


static void test_each_class_has_its_exit_status(void **state)
{
	struct diag err = DIAG_INIT;

	(void)state;
	assert_int_equal(diag_set_class(&err, DIAG_USAGE, "x"), -1);
	assert_int_equal(exit_for(&err), EXIT_USAGE);
	diag_set(&err, "truncated gzip stream");
	assert_int_equal(exit_for(&err), EXIT_INPUT);
	diag_db(&err, "cannot prepare '%s'", "x");
	assert_int_equal(exit_for(&err), EXIT_DATABASE);
	diag_oom(&err);
	assert_string_equal(err.msg, "out of memory");
	assert_int_equal(exit_for(&err), EXIT_INTERNAL);
}

static void test_prefix_keeps_the_class(void **state)
{
	struct diag err = DIAG_INIT;

	(void)state;
	diag_db(&err, "disk I/O error");
	diag_prefix(&err, "migration %s", "0002");
	assert_string_equal(err.msg, "migration 0002: disk I/O error");
	assert_int_equal(err.cls, DIAG_DATABASE);
}

/* The messages start "cannot prepare" and "no SQL named": once told apart
 * by their first word, they ended up as input errors and the run went on. */
static void test_store_errors_are_database_errors(void **state)
{
	const char *db = path_of("dropped.db");
	struct diag err = DIAG_INIT;
	struct store *st = NULL;

	(void)state;
	assert_int_equal(store_open(&st, db, &err), 0);
	store_free(st);
	exec(db, "DROP TABLE request");

	assert_int_equal(store_open(&st, db, &err), 0);
	assert_int_equal(store_query(st, "ingest/insert_request", NULL, 0, NULL, NULL, &err), -1);
	assert_true(strncmp(err.msg, "cannot prepare 'ingest/insert_request'", 38) == 0);
	assert_int_equal(exit_for(&err), EXIT_DATABASE);
	err = (struct diag)DIAG_INIT;
	assert_int_equal(store_query(st, "no/such/statement", NULL, 0, NULL, NULL, &err), -1);
	assert_string_equal(err.msg, "no SQL named 'no/such/statement'");
	assert_int_equal(exit_for(&err), EXIT_DATABASE);
	store_free(st);
}

static void test_foreign_database_is_a_database_error(void **state)
{
	const char *db = path_of("foreign.db");
	struct diag err = DIAG_INIT;
	struct store *st = NULL;

	(void)state;
	exec(db, "CREATE TABLE t (x)");
	assert_int_equal(store_open(&st, db, &err), -1);
	assert_int_equal(exit_for(&err), EXIT_DATABASE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_class_has_its_exit_status),
		cmocka_unit_test(test_prefix_keeps_the_class),
		cmocka_unit_test(test_store_errors_are_database_errors),
		cmocka_unit_test(test_foreign_database_is_a_database_error),
	};

	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
