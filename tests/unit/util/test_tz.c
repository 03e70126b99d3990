/* test_tz.c - zone rules from TZif files: the transition table, the POSIX
 * footer that continues it, local -> UTC, fixed offsets, bad names. */
#include "cmocka_include.h"

#include <string.h>

#include "util/timeconv.h"
#include "util/tz.h"

static int64_t at(int y, unsigned m, unsigned d, int h, int mi)
{
	return timeconv_days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60;
}

static void test_berlin(void **state)
{
	struct diag err = DIAG_INIT;
	struct tz *z;

	(void)state;
	assert_int_equal(tz_load(&z, "Europe/Berlin", &err), 0);
	assert_int_equal(tz_offset_at(z, at(2026, 11, 29, 23, 7)), 3600);
	assert_int_equal(tz_offset_at(z, at(2026, 7, 1, 0, 0)), 7200);
	/* 2026-03-29 01:00Z: CET -> CEST */
	assert_int_equal(tz_offset_at(z, at(2026, 3, 29, 0, 59)), 3600);
	assert_int_equal(tz_offset_at(z, at(2026, 3, 29, 1, 0)), 7200);
	assert_int_equal(tz_local_to_utc(z, at(2026, 11, 30, 0, 7)), at(2026, 11, 29, 23, 7));
	assert_int_equal(tz_local_to_utc(z, at(2026, 7, 1, 2, 0)), at(2026, 7, 1, 0, 0));
	/* 02:30 on 2026-03-29 does not exist: the offset before the change */
	assert_int_equal(tz_local_to_utc(z, at(2026, 3, 29, 2, 30)), at(2026, 3, 29, 1, 30));
	/* 02:30 on 2026-10-25 happens twice: the first */
	assert_int_equal(tz_local_to_utc(z, at(2026, 10, 25, 2, 30)), at(2026, 10, 25, 0, 30));
	tz_free(z);
}

/* A "slim" TZif: no transitions, only the footer's rule. */
static void test_footer_only(void **state)
{
	static const char footer[] = "\nCET-1CEST,M3.5.0,M10.5.0/3\n";
	unsigned char f[256] = { 0 };
	size_t n = 0;
	struct diag err = DIAG_INIT;
	struct tz *z, *berlin;

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		memcpy(f + n, "TZif2", 5);
		f[n + 20 + 4 * 4 + 3] = 1;      /* typecnt */
		f[n + 20 + 5 * 4 + 3] = 4;      /* charcnt */
		n += 44;
		f[n + 2] = 0x0e, f[n + 3] = 0x10;       /* utoff 3600 */
		n += 6;
		memcpy(f + n, "CET", 4);
		n += 4;
	}
	memcpy(f + n, footer, sizeof(footer) - 1);
	n += sizeof(footer) - 1;
	assert_int_equal(tz_parse(&z, f, n, &err), 0);
	assert_int_equal(tz_load(&berlin, "Europe/Berlin", &err), 0);
	for (int y = 2024; y <= 2036; y++)
		for (unsigned m = 1; m <= 12; m++)
			for (int h = 0; h < 24; h += 5) {
				int64_t t = at(y, m, 25, h, 30);

				assert_int_equal(tz_offset_at(z, t), tz_offset_at(berlin, t));
			}
	tz_free(berlin);
	tz_free(z);
	assert_int_equal(tz_parse(&z, f, 30, &err), -1);
	assert_string_equal(err.msg, "not a TZif file");
}

static void test_fixed_and_bad(void **state)
{
	struct diag err = DIAG_INIT;
	struct tz *z;

	(void)state;
	assert_int_equal(tz_load(&z, "+05:30", &err), 0);
	assert_int_equal(tz_offset_at(z, 0), 19800);
	tz_free(z);
	assert_int_equal(tz_load(&z, "UTC", &err), 0);
	assert_int_equal(tz_offset_at(z, at(2026, 7, 1, 0, 0)), 0);
	tz_free(z);
	assert_int_equal(tz_load(&z, "../../etc/passwd", &err), -1);
	assert_string_equal(err.msg, "unknown time zone '../../etc/passwd'");
	assert_int_equal(tz_load(&z, "Mars/Olympus", &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_berlin),
		cmocka_unit_test(test_footer_only),
		cmocka_unit_test(test_fixed_and_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
