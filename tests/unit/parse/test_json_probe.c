/* test_json_probe.c - a line's top-level keys found by parsing: spacing and
 * order do not matter, nested keys do not count, non-objects are refused. */
#include "cmocka_include.h"

#include <string.h>

#include "parse/json_probe.h"

static const char *const keys[] = { "ts", "logger", "level", NULL };

static int probe(const char *s, struct json_probe *p)
{
	return json_probe(s, strlen(s), keys, p);
}

static void test_spacing_and_order(void **state)
{
	struct json_probe p;

	(void)state;
	assert_int_equal(probe(" { \"level\" : \"info\" ,\n \"ts\" : 1.5 , \"x\": {\"logger\": 1} } ", &p), 0);
	assert_int_equal(p.type[0], JP_NUMBER);
	assert_int_equal(p.type[1], JP_ABSENT);        /* only nested */
	assert_int_equal(p.type[2], JP_STRING);
	assert_string_equal(p.value[2], "info");
}

static void test_values(void **state)
{
	struct json_probe p;

	(void)state;
	assert_int_equal(probe("{\"logger\":\"http.log.access.log0-and-a-very-long-suffix\","
			       "\"ts\":[1],\"level\":null}", &p), 0);
	assert_int_equal(strlen(p.value[1]), JSON_PROBE_VALUE);
	assert_memory_equal(p.value[1], "http.log.access.log0-and-a-very-", JSON_PROBE_VALUE);
	assert_int_equal(p.type[0], JP_OTHER);
	assert_int_equal(p.type[2], JP_OTHER);
	assert_int_equal(probe("{\"logger\":\"a\\u0041\"}", &p), 0);   /* escapes decoded */
	assert_string_equal(p.value[1], "aA");
}

static void test_refused(void **state)
{
	struct json_probe p;

	(void)state;
	assert_int_equal(probe("[1, 2]", &p), -1);
	assert_int_equal(probe("{\"ts\": 1", &p), -1);
	assert_int_equal(probe("2026/11/29 23:56:01.663\tINFO", &p), -1);
	assert_int_equal(probe("", &p), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spacing_and_order),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
