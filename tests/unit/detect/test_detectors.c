/* test_detectors.c - the detector table is whole: every kind named, helped
 * and runnable, names unique, every need an earlier kind; and the checks
 * that read a kind's count get -1 for a kind that has not run. */
#include "cmocka_include.h"

#include "detect/detector.h"

static void test_table_is_whole(void **state)
{
	struct diag err = DIAG_INIT;
	int n = 0;

	(void)state;
	assert_int_equal(detect_check_table(&err), 0);
	for (int i = 0; detectors[i]; i++, n++) {
		assert_non_null(detectors[i]->name);
		assert_non_null(detectors[i]->help);
		assert_non_null(detectors[i]->run);
		/* the name is a JSON key, a --fail-on word and an HTML id */
		for (const char *p = detectors[i]->name; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || *p == '_');
		assert_int_equal(detect_index(detectors[i]->name), i);
	}
	assert_true(n >= 3 && n <= DETECT_KINDS_MAX);
	assert_int_equal(detect_index("no_such_kind"), -1);
}

static void test_count_needs_the_kind_to_have_run(void **state)
{
	struct detect_ctx ctx = { .ran = 0 };
	int i = detect_index("post_write_stalls");

	(void)state;
	assert_true(i >= 0);
	ctx.counts[i] = 7;
	assert_int_equal(detect_count(&ctx, "post_write_stalls"), -1);
	ctx.ran = (size_t)i + 1;
	assert_int_equal(detect_count(&ctx, "post_write_stalls"), 7);
	assert_int_equal(detect_count(&ctx, "no_such_kind"), -1);
}

/* post_write_stalls reads the budget timeout_clusters sets: it says so. */
static void test_budget_need_is_declared(void **state)
{
	const struct detector *d = detectors[detect_index("post_write_stalls")];

	(void)state;
	assert_string_equal(d->needs[0], "timeout_clusters");
	assert_true(detect_index("timeout_clusters") < detect_index("post_write_stalls"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_whole),
		cmocka_unit_test(test_count_needs_the_kind_to_have_run),
		cmocka_unit_test(test_budget_need_is_declared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
