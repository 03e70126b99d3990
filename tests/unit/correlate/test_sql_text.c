/* test_sql_text.c - reading captured queries: the table and lock mode a
 * statement works with, its id-like literals (a query cut short inside a
 * literal keeps the ones before), psql's intervals. */
#include "cmocka_include.h"

#include <string.h>

#include "correlate/sql_text.h"

static void test_relation(void **state)
{
	char t[64];

	(void)state;
	assert_int_equal(sql_relation("INSERT INTO messages (id) VALUES ('x')", t, sizeof(t)), 1);
	assert_string_equal(t, "messages");
	assert_int_equal(sql_relation("update public.\"guild_members\" set x = 1", t, sizeof(t)), 1);
	assert_string_equal(t, "guild_members");
	assert_int_equal(sql_relation("LOCK TABLE ONLY audit_logs IN EXCLUSIVE MODE;", t, sizeof(t)), 1);
	assert_string_equal(t, "audit_logs");
	assert_int_equal(sql_relation("SELECT 1 FROM guild_members WHERE id = 'a'", t, sizeof(t)), 1);
	assert_string_equal(t, "guild_members");
	/* "fromage" is no FROM; nothing else names a table */
	assert_int_equal(sql_relation("SELECT fromage", t, sizeof(t)), 0);
	assert_int_equal(sql_relation("COMMIT", t, sizeof(t)), 0);
}

static void test_lock_mode(void **state)
{
	(void)state;
	assert_string_equal(sql_lock_mode("LOCK TABLE messages IN EXCLUSIVE MODE;"), "ExclusiveLock");
	assert_string_equal(sql_lock_mode("lock table m in access exclusive mode"), "AccessExclusiveLock");
	assert_string_equal(sql_lock_mode("LOCK TABLE m IN SHARE ROW EXCLUSIVE MODE"), "ShareRowExclusiveLock");
	assert_string_equal(sql_lock_mode("LOCK m"), "AccessExclusiveLock");
	assert_string_equal(sql_lock_mode("  INSERT INTO m VALUES (1)"), "RowExclusiveLock");
	assert_string_equal(sql_lock_mode("SELECT * FROM m"), "AccessShareLock");
	assert_string_equal(sql_lock_mode("SELECT * FROM m FOR UPDATE"), "RowShareLock");
	assert_null(sql_lock_mode("COMMIT"));
	assert_null(sql_lock_mode(NULL));
}

struct seen {
	char v[4][80];
	int n;
};

static int collect(void *ctx, const char *lit)
{
	struct seen *s = ctx;

	strcpy(s->v[s->n++], lit);
	return s->n == 4;
}

static void test_literals(void **state)
{
	struct seen s = { .n = 0 };

	(void)state;
	/* 'ok' is too short for an id; the last literal is cut short */
	assert_int_equal(sql_literals("INSERT INTO m VALUES ('01M8Y9BZE06MP1PF8SFDZVXAWS', 'ok', "
				      "'01KH5ZN9BR1VJA2SKAC15Y93FR', '01KH5ZN9", collect, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0], "01M8Y9BZE06MP1PF8SFDZVXAWS");
	assert_string_equal(s.v[1], "01KH5ZN9BR1VJA2SKAC15Y93FR");
	s.n = 0;
	assert_int_equal(sql_literals("'aaaaaaaa' 'bbbbbbbb' 'cccccccc' 'dddddddd' 'eeeeeeee'",
				      collect, &s), 1);
	assert_int_equal(s.n, 4);
	assert_int_equal(sql_literals(NULL, collect, &s), 0);
}

static void test_interval(void **state)
{
	(void)state;
	assert_int_equal(sql_interval_us("00:00:01.524"), 1524000);
	assert_int_equal(sql_interval_us("01:02:03"), 3723000000);
	assert_int_equal(sql_interval_us("1 day 00:00:01"), 86401000000);
	assert_int_equal(sql_interval_us("2.5"), 2500000);
	assert_int_equal(sql_interval_us("soon"), -1);
	assert_int_equal(sql_interval_us(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relation),
		cmocka_unit_test(test_lock_mode),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_interval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
