/* test_psql_dump.c - pg_dump COPY blocks (\N vs empty, escapes, a missing
 * terminator) and INSERT statements, and the dump lines that are not data. */
#include "cmocka_include.h"

#include "test_psql_sink.h"
#include "test_psql_fixture.h"

static void test_copy_nulls_escapes_and_write_times(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL,
				   "\\restrict abc\n"
				   "SET statement_timeout = 0;\n"
				   "SELECT pg_catalog.set_config('search_path', '', false);\n"
				   "-- Data for Name: t\n"
				   "COPY public.t (id, note, created_at) FROM stdin;\n"
				   "1\tline\\none\\ttab\\\\back\\101\t2026-11-29 23:07:32.5+00\n"
				   "2\t\\N\t2026-11-29 23:07:32+05:30\n"
				   "3\t\t1795993652\n"
				   "\\.\n"
				   "\\unrestrict abc\n"), 0);
	assert_int_equal(psink_count(&k, "X"), 0);
	EXPECT("S", 0, "S 5 copy shape=t cap=-1 cols=[\"id\",\"note\",\"created_at\"] title=- "
		       "query=COPY public.t (id, note, created_at) FROM stdin;");
	EXPECT("R", 0, "R 6 1 [\"1\",\"line\\none\\ttab\\\\backA\",\"2026-11-29 23:07:32.5+00\"]");
	EXPECT("R", 1, "R 7 2 [\"2\",null,\"2026-11-29 23:07:32+05:30\"]");
	EXPECT("R", 2, "R 8 3 [\"3\",\"\",\"1795993652\"]");
	assert_non_null(strstr(psink_nth(&k, "W", 0), "W 6 t key=1 us=1795993652500000 res=1 "));
	assert_non_null(strstr(psink_nth(&k, "W", 1), "W 7 t key=2 us=1795973852000000 res=1 "));
	assert_non_null(strstr(psink_nth(&k, "W", 2), "W 8 t key=3 us=1795993652000000 res=1000000 "));
	EXPECT("E", 0, "E rows=3 footer=-1 plan=-1.000 exec=-1.000");
}

static void test_real_copy_dump(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "dump/data_only_copy.sql"), 0);
	assert_int_equal(psink_count(&k, "X"), 0);
	assert_int_equal(psink_count(&k, "S"), 3);
	assert_int_equal(psink_count(&k, "R"), 83);
	assert_int_equal(psink_count(&k, "W"), 83);
	assert_non_null(strstr(psink_nth(&k, "S", 1), "S 68 copy shape=guild_members "));
	/* \N is NULL, an empty field '' */
	EXPECT("R", 36, "R 70 2 [\"01M5B6Q3N3RAKWM6W4GJP7BDXW\",\"01M3T95EQDD1TFFCK36YEGAWKN\","
			"\"2026-11-26 19:07:32.324048+00\",null]");
	EXPECT("R", 37, "R 71 3 [\"01M5B6Q3N3RAKWM6W4GJP7BDXW\",\"01M5ZSWVQS93VB7F0G8FQV0TZB\","
			"\"2026-11-29 20:54:25.074048+00\",\"\"]");
	assert_non_null(strstr(psink_nth(&k, "W", 43), "W 85 messages key=01M8MS0JSF6ZC9HQGTGH78TNQV "
						       "us=1795993652015000 res=1000 "));
}

static void test_copy_truncated(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "malformed/copy_truncated_no_terminator.sql"), 0);
	assert_int_equal(psink_count(&k, "R"), 4);
	assert_int_equal(psink_count(&k, "X"), 3);
	EXPECT("X", 0, "X 21 row has 3 fields, COPY lists 6 columns");
	EXPECT("X", 1, "X 23 row cut short at end of input");
	EXPECT("X", 2, "X 17 COPY block of 'messages' has no \\. terminator");
	EXPECT("R", 1, "R 19 2 [\"01M8MRWRVWV37E3S3E28JT97KB\",\"01M5B6K9TKAWSH8VHTPRE95B9E\","
		       "\"01M5DS00TKE0ZBGJ09TQM83XSS\",\"01M3T91MTK96Q14DR9GPQY77ZX\","
		       "\"first line\\nsecond line\",\"1795993527\"]");
	EXPECT("E", 0, "E rows=4 footer=-1 plan=-1.000 exec=-1.000");
}

static void test_column_inserts(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "dump/data_only_column_inserts.sql"), 0);
	assert_int_equal(psink_count(&k, "X"), 0);
	assert_int_equal(psink_count(&k, "S"), 3);
	assert_int_equal(psink_count(&k, "R"), 83);
	assert_int_equal(psink_count(&k, "W"), 83);
	assert_non_null(strstr(psink_nth(&k, "S", 2), "S 79 insert shape=messages "));
	/* a string with a real newline spans two lines of the dump */
	EXPECT("R", 44, "R 81 3 [\"01M8MS0JTDDCA36991NNB568HG\",\"01M5B6Q3N3RAKWM6W4GJP7BDXW\","
			"\"01M5DS3TPC46KBV5VYKZ3XDH3J\",\"01M5ZSWVQS93VB7F0G8FQV0TZB\","
			"\"first line\\nsecond line\",\"1795993652\"]");
	assert_non_null(strstr(psink_nth(&k, "R", 47), "\"01M1D17WQ2Z28TGY4W93SYT0ZM\",null,"));
	assert_non_null(strstr(psink_nth(&k, "R", 46), "\"01M87X0ZR4PAQYPGJ4N5HVYGD9\",\"\","));
}

static void test_inserts_without_columns(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "dump/data_only_inserts.sql"), 0);
	assert_int_equal(psink_count(&k, "X"), 0);
	assert_int_equal(psink_count(&k, "R"), 83);
	assert_int_equal(psink_count(&k, "W"), 0);       /* no column names */
	EXPECT("S", 0, "S 25 insert shape=audit_logs cap=-1 cols=- title=- query=-");
}

static void test_insert_variants(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL,
				   "INSERT INTO public.t (id, v) VALUES (1, E'a\\'b\\nc'), (2, 'x''y');\n"
				   "INSERT INTO public.t (id, v) VALUES (3, '2'::text);\n"
				   "INSERT INTO public.t (id, v) VALUES (4, 'cut\n"), 0);
	assert_int_equal(psink_count(&k, "S"), 1);
	EXPECT("R", 0, "R 1 1 [\"1\",\"a'b\\nc\"]");
	EXPECT("R", 1, "R 1 2 [\"2\",\"x'y\"]");
	EXPECT("R", 2, "R 2 3 [\"3\",\"2\"]");
	EXPECT("X", 0, "X 3 INSERT statement cut short at end of input");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_copy_nulls_escapes_and_write_times, teardown),
		cmocka_unit_test_teardown(test_real_copy_dump, teardown),
		cmocka_unit_test_teardown(test_copy_truncated, teardown),
		cmocka_unit_test_teardown(test_column_inserts, teardown),
		cmocka_unit_test_teardown(test_inserts_without_columns, teardown),
		cmocka_unit_test_teardown(test_insert_variants, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
