/* test_caddy_doubts.c - a Caddy file's durations against the unit they were
 * read in: the doubts said (exact sentences) and those not said. */
#include "cmocka_include.h"

#include <stdlib.h>

#include "parse/caddy/doubts.h"
#include "record/record.h"

static struct caddy_durations *fresh(void)
{
	struct caddy_durations *d = malloc(sizeof(*d));

	assert_non_null(d);
	caddy_durations_init(d);
	return d;
}

/* ends 0.5 s apart; each duration as read (µs), with its digits' hint */
static void feed(struct caddy_durations *d, const int64_t *us, int n, enum caddy_unit hint)
{
	for (int i = 0; i < n; i++) {
		caddy_durations_digits(d, hint);
		caddy_durations_add(d, INT64_C(1796323501000000) + i * 500000, us[i]);
	}
}

static void test_seconds_that_look_like_milliseconds(void **state)
{
	static const int64_t as_s[] = { 2341689, 868843, 1431748, 860928 };
	struct caddy_durations *d = fresh();
	char why[320];

	(void)state;
	feed(d, as_s, 4, CADDY_UNIT_UNKNOWN);
	assert_int_equal(caddy_durations_doubt(d, CADDY_UNIT_S, why, sizeof(why)), 1);
	assert_string_equal(why, "durations read as seconds look like milliseconds: none of the 4 "
			    "has the 7 to 9 fraction digits of Caddy's seconds, 1 exceed the file's "
			    "own time span (1.500000 s), median 1.431748 s (--duration-unit ms?)");
	/* the same read as milliseconds: nothing odd */
	assert_int_equal(caddy_durations_doubt(d, CADDY_UNIT_MS, why, sizeof(why)), 0);
	free(d);
}

static void test_right_units_say_nothing(void **state)
{
	static const int64_t secs[] = { 2342, 869, 1432, 861, 1502050 };
	struct caddy_durations *d = fresh();
	char why[320];

	(void)state;
	feed(d, secs, 5, CADDY_UNIT_S);        /* 9 decimals: seconds for sure */
	assert_int_equal(caddy_durations_doubt(d, CADDY_UNIT_S, why, sizeof(why)), 0);
	free(d);
	d = fresh();
	feed(d, secs, 2, CADDY_UNIT_UNKNOWN);  /* two: too few to doubt */
	assert_int_equal(caddy_durations_doubt(d, CADDY_UNIT_S, why, sizeof(why)), 0);
	free(d);
}

static void test_milliseconds_that_look_like_seconds(void **state)
{
	static const int64_t zero[] = { 0, 0, 1, 0 };
	struct caddy_durations *d = fresh();
	char why[320];

	(void)state;
	for (int i = 0; i < 3; i++)             /* rejected lines: digits only */
		caddy_durations_digits(d, CADDY_UNIT_S);
	assert_int_equal(caddy_durations_doubt(d, CADDY_UNIT_MS, why, sizeof(why)), 1);
	assert_string_equal(why, "durations read as milliseconds look like seconds: 3 of 3 have "
			    "more fraction digits than milliseconds can have (--duration-unit s?)");
	free(d);
	d = fresh();
	feed(d, zero, 4, CADDY_UNIT_UNKNOWN);
	assert_int_equal(caddy_durations_doubt(d, CADDY_UNIT_MS, why, sizeof(why)), 1);
	assert_string_equal(why, "durations read as milliseconds look like seconds: the median of "
			    "4 is under a microsecond (--duration-unit s?)");
	free(d);
}

static void test_exceed_span(void **state)
{
	static const int64_t two_over[] = { 2500000, 3250000 }, one_over[] = { 250000, 3250000 };

	(void)state;
	assert_int_equal(caddy_durations_exceed_span(two_over, 2, 500000), 1);
	assert_int_equal(caddy_durations_exceed_span(one_over, 2, 500000), 0);
	assert_int_equal(caddy_durations_exceed_span(two_over, 1, 500000), 0);  /* one: never */
	assert_int_equal(caddy_durations_exceed_span(two_over, 2, 0), 0);       /* no span */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seconds_that_look_like_milliseconds),
		cmocka_unit_test(test_right_units_say_nothing),
		cmocka_unit_test(test_milliseconds_that_look_like_seconds),
		cmocka_unit_test(test_exceed_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
