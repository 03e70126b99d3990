/* test_tracing_latency.c - the `latency` field in ms, as the hop latency
 * check read it from the JSON before schema 0006 (CAST, then the unit). */
#include "cmocka_include.h"

#include <string.h>

#include "parse/tracing/latency.h"

static double str(const char *s)
{
	return tr_latency_ms(s, strlen(s), 1);
}

static void test_units(void **state)
{
	(void)state;
	assert_true(str("60 ms") == 60);
	assert_true(str("850 \xc2\xb5s") == 850 * 0.001);
	assert_true(str("5 ns") == 5 * 0.000001);
	assert_true(str("2 s") == 2000);
	assert_true(str("12 MS") == 12);         /* LIKE ignores ASCII case */
	assert_true(str("3 \xc2\xb5S") == 3 * 0.001);
	assert_true(str("7") == 7);              /* no unit: ms */
	assert_true(str(" 1.5e1 ms") == 15);
	assert_true(str(".5ms") == 0.5);
}

static void test_what_cast_reads_as_zero_or_a_prefix(void **state)
{
	(void)state;
	assert_true(str("n/a") == 0);
	assert_true(str("") == 0);
	assert_true(str("inf ms") == 0);         /* SQLite reads no inf */
	assert_true(str("0x10 ms") == 0);        /* nor hex: 0, then "x10 ms" */
	assert_true(str("1e ms") == 1);          /* an exponent without digits is not one */
	assert_true(str("-4 ms") == -4);
}

static void test_numbers_and_booleans(void **state)
{
	(void)state;
	assert_true(tr_latency_ms("42", 2, 0) == 42);
	assert_true(tr_latency_ms("0.25", 4, 0) == 0.25);
	assert_true(tr_latency_ms("true", 4, 0) == 1);
	assert_true(tr_latency_ms("false", 5, 0) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_what_cast_reads_as_zero_or_a_prefix),
		cmocka_unit_test(test_numbers_and_booleans),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
