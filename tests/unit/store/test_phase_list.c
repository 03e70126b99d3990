/* test_phase_list.c - an event's phases as one JSON list: the milliseconds
 * must read back as the doubles the parser made. */
#include "cmocka_include.h"

#include <stdlib.h>
#include <string.h>

#include "store/phase_list.h"

static void test_milliseconds_as_the_shortest_exact_text(void **state)
{
	static const struct {
		double ms;
		const char *text;
	} cases[] = {
		{ 0, "0" }, { 20, "20" }, { 4631, "4631" }, { 86399999, "86399999" },
		{ 0.5, "0.5" }, { 0.1, "0.1" }, { 1234.5678, "1234.5678" },
		{ 1.0 / 3, "0.3333333333333333" }, { 1e-7, "1e-07" }, { 0.1 + 0.2, "0.30000000000000004" },
	};
	char num[PHASE_MS_TEXT];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		phase_ms_text(cases[i].ms, num);
		assert_string_equal(num, cases[i].text);
		assert_true(strtod(num, NULL) == cases[i].ms);
	}
}

static void test_a_list_in_the_order_given(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(phase_list_add(&b, 6, 0), 0);
	assert_int_equal(phase_list_add(&b, 7, 1.5), 0);
	assert_int_equal(phase_list_add(&b, 8, 4631), 0);
	assert_int_equal(phase_list_end(&b), 0);
	assert_string_equal(buf_str(&b), "[[6,0],[7,1.5],[8,4631]]");
	buf_reset(&b);
	assert_int_equal(phase_list_add(&b, 12, 3), 0);
	assert_int_equal(phase_list_end(&b), 0);
	assert_string_equal(buf_str(&b), "[[12,3]]");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_milliseconds_as_the_shortest_exact_text),
		cmocka_unit_test(test_a_list_in_the_order_given),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
