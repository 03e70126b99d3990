/* test_topk.c - the busiest values in bounded counters: exact while the
 * distinct values fit, a heavy hitter found however late it comes once
 * they do not, ties by value, and the string interning beside it. */
#include "cmocka_include.h"

#include <stdio.h>

#include "util/intern.h"
#include "util/topk.h"

static void test_exact_while_it_fits(void **state)
{
	struct topk t;
	const struct topk_counter *best[3];
	const char *stream[] = { "b", "a", "c", "a", "b", "a", "d", "b" };

	(void)state;
	assert_int_equal(topk_init(&t, 4), 0);
	for (size_t i = 0; i < sizeof(stream) / sizeof(stream[0]); i++)
		assert_int_equal(topk_add(&t, stream[i]), 0);
	assert_int_equal(topk_best(&t, best, 3), 3);
	/* a and b 3 each: by value; then c and d 1 each: c */
	assert_string_equal(best[0]->value, "a");
	assert_int_equal(best[0]->n, 3);
	assert_string_equal(best[1]->value, "b");
	assert_string_equal(best[2]->value, "c");
	assert_int_equal(t.taken_over, 0);
	topk_release(&t);
}

/* 1000 distinct values, then one client sending a fifth of all requests
 * late: it is found, first, its count an upper bound */
static void test_late_heavy_hitter(void **state)
{
	struct topk t;
	const struct topk_counter *best[1];
	char v[32];

	(void)state;
	assert_int_equal(topk_init(&t, 16), 0);
	for (int i = 0; i < 4000; i++) {
		snprintf(v, sizeof(v), "10.0.%d.%d", i / 250, i % 250);
		assert_int_equal(topk_add(&t, v), 0);
	}
	for (int i = 0; i < 1000; i++)
		assert_int_equal(topk_add(&t, "203.0.113.66"), 0);
	assert_int_equal(topk_best(&t, best, 1), 1);
	assert_string_equal(best[0]->value, "203.0.113.66");
	assert_true(best[0]->n >= 1000);
	assert_int_equal(t.taken_over, 1);
	topk_release(&t);
}

static void test_intern(void **state)
{
	struct intern t = { 0 };
	char v[32];

	(void)state;
	assert_int_equal(intern_find(&t, "x"), -1);
	for (int i = 0; i < 1000; i++) {
		snprintf(v, sizeof(v), "/path/%d", i);
		assert_int_equal(intern_get(&t, v), i);
	}
	assert_int_equal(intern_get(&t, "/path/7"), 7);
	assert_int_equal(intern_find(&t, "/path/999"), 999);
	assert_int_equal(intern_find(&t, "/path/1000"), -1);
	intern_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_while_it_fits),
		cmocka_unit_test(test_late_heavy_hitter),
		cmocka_unit_test(test_intern),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
