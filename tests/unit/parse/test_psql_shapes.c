/* test_psql_shapes.c - ULID time, psql timestamps with offsets and --tz, and
 * which time a db write takes: the ULID's ms when it agrees with a seconds
 * column, the column's own otherwise. */
#include "cmocka_include.h"

#include "parse/psql/psql.h"
#include "test_psql_sink.h"

static struct psink k;

static int teardown(void **state)
{
	(void)state;
	psink_release(&k);
	return 0;
}

static void test_ulid_ms(void **state)
{
	int64_t ms;

	(void)state;
	/* testdata/psql/README.md: 1795993527123 ms = 2026-11-29T23:05:27.123Z */
	assert_int_equal(shapes_ulid_ms("01M8MRWRTKM9S346Q3D25VT4F5", 26, &ms), 0);
	assert_int_equal(ms, INT64_C(1795993527123));
	assert_int_equal(shapes_ulid_ms("01m8mrwrtkm9s346q3d25vt4f5", 26, &ms), 0);
	assert_int_equal(ms, INT64_C(1795993527123));
	assert_int_equal(shapes_ulid_ms("01M8MS0SH173BH60QXDQ9BHQ9V", 26, &ms), 0);
	assert_int_equal(ms, INT64_C(1795993658913));
	assert_int_equal(shapes_ulid_ms("01M8MRWRTKM9S346Q3D25VT4FU", 26, &ms), -1);  /* U */
	assert_int_equal(shapes_ulid_ms("81M8MRWRTKM9S346Q3D25VT4F5", 26, &ms), -1);  /* > 48 bits */
	assert_int_equal(shapes_ulid_ms("01M8MRWRTKM9S346Q3D25VT4F", 25, &ms), -1);
}

static void test_timestamps(void **state)
{
	struct psql_state *s = calloc(1, sizeof(*s));
	struct diag err = DIAG_INIT;
	int64_t us, res;

	(void)state;
	assert_non_null(s);
#define TS(text) shapes_parse_timestamp(s, text, strlen(text), &us, &res)
	assert_int_equal(TS("2026-11-29 23:07:33.987287+00"), 0);
	assert_int_equal(us, INT64_C(1795993653987287));
	assert_int_equal(res, 1);
	assert_int_equal(TS("2026-11-30 00:07:33.443877+01"), 0);
	assert_int_equal(us, INT64_C(1795993653443877));
	assert_int_equal(TS("2026-11-30 04:37:33+05:30"), 0);
	assert_int_equal(us, INT64_C(1795993653000000));
	assert_int_equal(TS("2026-11-29 20:07:33-03"), 0);
	assert_int_equal(us, INT64_C(1795993653000000));
	assert_int_equal(TS("2026-11-29 23:07:33"), 0);              /* no zone, no --tz: UTC */
	assert_int_equal(us, INT64_C(1795993653000000));
	assert_int_equal(TS("1795993652"), 0);
	assert_int_equal(us, INT64_C(1795993652000000));
	assert_int_equal(res, 1000000);
	assert_int_equal(TS("1795993652015"), 0);
	assert_int_equal(us, INT64_C(1795993652015000));
	assert_int_equal(res, 1000);
	assert_int_equal(TS("2026-11-29 23:07:33+25"), -1);
	assert_int_equal(TS("yesterday"), -1);
	assert_int_equal(TS(""), -1);
	assert_int_equal(tz_load(&s->tz, "Europe/Berlin", &err), 0);
	assert_int_equal(TS("2026-11-30 00:07:33.5"), 0);            /* no zone: --tz */
	assert_int_equal(us, INT64_C(1795993653500000));
#undef TS
	tz_free(s->tz);
	free(s);
}

#define TABLE(id, secs) \
	" id | created_at_unix \n" \
	"----+-----------------\n" \
	" " id " | " secs "\n" \
	"(1 row)\n"

static void test_ulid_refines_seconds(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL, "         id                 | created_at_unix \n"
					     "----------------------------+-----------------\n"
					     " 01M8MRWRTKM9S346Q3D25VT4F5 |      1795993527\n"
					     " 01M8MRWRTKM9S346Q3D25VT4F5 |      1795993528\n"
					     " 42                         |      1795993527\n"
					     "(3 rows)\n"), 0);
	/* same second: the ULID's millisecond */
	assert_non_null(strstr(psink_nth(&k, "W", 0),
			       "key=01M8MRWRTKM9S346Q3D25VT4F5 us=1795993527123000 res=1000 "));
	/* another second: they disagree, the column stands */
	assert_non_null(strstr(psink_nth(&k, "W", 1),
			       "key=01M8MRWRTKM9S346Q3D25VT4F5 us=1795993528000000 res=1000000 "));
	/* not a ULID */
	assert_non_null(strstr(psink_nth(&k, "W", 2), "key=42 us=1795993527000000 res=1000000 "));
}

static void test_shapes(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL, " state  | count \n--------+-------\n active |     2\n"
					     "(1 row)\n\n"
					     " locktype | mode | granted \n----------+------+---------\n"
					     "(0 rows)\n\n"
					     " count \n-------\n     3\n(1 row)\n\n"
					     " name \n------\n x\n(1 row)\n"), 0);
	assert_non_null(strstr(psink_nth(&k, "S", 0), "shape=pg_stat_activity "));
	assert_non_null(strstr(psink_nth(&k, "S", 1), "shape=pg_locks "));
	assert_non_null(strstr(psink_nth(&k, "S", 2), "shape=count "));
	assert_non_null(strstr(psink_nth(&k, "S", 3), "shape=- "));
	assert_string_equal(psink_nth(&k, "E", 1), "E rows=0 footer=0 plan=-1.000 exec=-1.000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ulid_ms),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test_teardown(test_ulid_refines_seconds, teardown),
		cmocka_unit_test_teardown(test_shapes, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
