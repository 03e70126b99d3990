/* test_timeconv.c - every time and duration form the inputs use. */
#include "cmocka_include.h"

#include <string.h>

#include "util/timeconv.h"

static int64_t rfc(const char *s)
{
	int64_t us = 0;

	assert_int_equal(timeconv_parse_rfc3339(s, strlen(s), &us), 0);
	return us;
}

static void test_rfc3339_forms(void **state)
{
	(void)state;
	assert_int_equal(rfc("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(rfc("2026-11-29T23:03:33.805989Z"), INT64_C(1795993413805989));
	/* nanoseconds are truncated to microseconds */
	assert_int_equal(rfc("2026-11-29T23:03:33.805989312Z"), INT64_C(1795993413805989));
	assert_int_equal(rfc("2026-11-30T00:03:33.805+01:00"), INT64_C(1795993413805000));
	assert_int_equal(rfc("2026-11-29T18:03:33.805-0500"), INT64_C(1795993413805000));
	assert_int_equal(rfc("2026-11-29 23:03:33"), INT64_C(1795993413000000));
	assert_int_equal(rfc("2026/11/29 23:03:33.5"), INT64_C(1795993413500000));
	assert_int_equal(rfc("2024-02-29T12:00:00Z"), INT64_C(1709208000000000));
}

static void test_rfc3339_rejects(void **state)
{
	static const char *const bad[] = {
		"", "2026-11-29", "2026-13-01T00:00:00Z", "2026-11-29T24:00:00Z",
		"2026-11-29T23:03:33.Z", "2026-11-29T23:03:33+1", "2026-11-29T23:03:33Zjunk",
		"20261129T230333Z", "2026-11-29T23:03",
	};
	int64_t us;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(timeconv_parse_rfc3339(bad[i], strlen(bad[i]), &us), -1);
}

static int64_t epoch(const char *s)
{
	int64_t us = 0;

	assert_int_equal(timeconv_parse_epoch_number(s, strlen(s), &us), 0);
	return us;
}

static void test_epoch_numbers_by_magnitude(void **state)
{
	(void)state;
	assert_int_equal(epoch("1795993413.8059893"), INT64_C(1795993413805989));
	assert_int_equal(epoch("1795993413"), INT64_C(1795993413000000));
	assert_int_equal(epoch("1795993413805.9893"), INT64_C(1795993413805989));  /* ms */
	assert_int_equal(epoch("1795993413805989"), INT64_C(1795993413805989));    /* µs */
	assert_int_equal(epoch("1795993413805989312"), INT64_C(1795993413805989)); /* ns */
}

static void test_seconds_and_go_durations(void **state)
{
	int64_t us;

	(void)state;
	assert_int_equal(timeconv_parse_seconds("0.001314519", 11, &us), 0);
	assert_int_equal(us, 1315);
	assert_int_equal(timeconv_parse_seconds("10.06", 5, &us), 0);
	assert_int_equal(us, 10060000);
	assert_int_equal(timeconv_parse_seconds("-1", 2, &us), -1);
	assert_int_equal(timeconv_parse_seconds("1e-3", 4, &us), -1);
	assert_int_equal(timeconv_parse_go_duration("1.5s", 4, &us), 0);
	assert_int_equal(us, 1500000);
	assert_int_equal(timeconv_parse_go_duration("350.25ms", 8, &us), 0);
	assert_int_equal(us, 350250);
	assert_int_equal(timeconv_parse_go_duration("12\xc2\xb5s", 5, &us), 0);
	assert_int_equal(us, 12);
	assert_int_equal(timeconv_parse_go_duration("2m3.5s", 6, &us), 0);
	assert_int_equal(us, 123500000);
	assert_int_equal(timeconv_parse_go_duration("1h0m0s", 6, &us), 0);
	assert_int_equal(us, INT64_C(3600000000));
	assert_int_equal(timeconv_parse_go_duration("0", 1, &us), 0);
	assert_int_equal(us, 0);
	assert_int_equal(timeconv_parse_go_duration("5", 1, &us), -1);
	assert_int_equal(timeconv_parse_go_duration("5parsecs", 8, &us), -1);
	/* fractions of minutes and hours are exact (the fuzzer found the fraction
	 * of a minute overflowing: 0.9 of it in billionths times 60e9 ns); sums
	 * past the range are refused, not wrapped */
	assert_int_equal(timeconv_parse_go_duration("1.5h", 4, &us), 0);
	assert_int_equal(us, INT64_C(5400000000));
	assert_int_equal(timeconv_parse_go_duration("0.000000001h", 12, &us), 0);
	assert_int_equal(us, 4);
	assert_int_equal(timeconv_parse_go_duration("1.999999999h", 12, &us), 0);
	assert_int_equal(us, INT64_C(7199999996));
	assert_int_equal(timeconv_parse_go_duration("598700000.06m", 13, &us), -1);
	assert_int_equal(timeconv_parse_go_duration("2562047h", 8, &us), -1);
	assert_int_equal(timeconv_parse_go_duration("1281023h1281023h", 16, &us), -1);
}

static void test_format_ms(void **state)
{
	char out[40];

	(void)state;
	timeconv_format_ms(INT64_C(1795993413805989), out, sizeof(out));
	assert_string_equal(out, "2026-11-29T23:03:33.805Z");
	timeconv_format_ms(0, out, sizeof(out));
	assert_string_equal(out, "1970-01-01T00:00:00.000Z");
	timeconv_format_ms(-1000, out, sizeof(out));
	assert_string_equal(out, "1969-12-31T23:59:59.999Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339_forms),
		cmocka_unit_test(test_rfc3339_rejects),
		cmocka_unit_test(test_epoch_numbers_by_magnitude),
		cmocka_unit_test(test_seconds_and_go_durations),
		cmocka_unit_test(test_format_ms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
