/* test_psql_aligned.c - aligned tables: cells cut by the separator's columns
 * (a '|' inside a cell), '+' and '.' continuations, NULL vs '', rejects. */
#include "cmocka_include.h"

#include "test_psql_sink.h"
#include "test_psql_fixture.h"

static void test_pipe_inside_a_cell(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL, " a |   b   \n"
					     "---+-------\n"
					     " 1 | y | z\n"
					     " 2 | |\n"
					     "(2 rows)\n"
					     "\n"), 0);
	EXPECT("S", 0, "S 1 aligned shape=- cap=-1 cols=[\"a\",\"b\"] title=- query=-");
	EXPECT("R", 0, "R 3 1 [\"1\",\"y | z\"]");
	EXPECT("R", 1, "R 4 2 [\"2\",\"|\"]");
	EXPECT("E", 0, "E rows=2 footer=2 plan=-1.000 exec=-1.000");
	assert_int_equal(psink_count(&k, "X"), 0);
}

/* Real psql 15 output: \pset format wrapped, \pset columns 60. */
static void test_multiline_and_wrapped_cells(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "aligned/messages_wrapped_60.txt"), 0);
	EXPECT("R", 1, "R 4 2 [\"01M8MS0JSF6ZC9HQGTGH78TNQV\",\"a | b | c\",\"1795993652\"]");
	EXPECT("R", 2, "R 5 3 [\"01M8MS0JTDDCA36991NNB568HG\",\"first line\\nsecond line\","
		       "\"1795993652\"]");
	EXPECT("R", 3, "R 7 4 [\"01M8MS0JVCPV9KSXTB5W89794P\",\"she said \\\"hi\\\", then left\","
		       "\"1795993652\"]");
	EXPECT("R", 8, "R 17 9 [\"01M8MS0K07QH7H3S4SK8WWT7GB\",\"Long message for the wrapped "
		       "format: the search index ack never arrived and the client got a 408 "
		       "anyway.\",\"1795993652\"]");
	EXPECT("E", 0, "E rows=41 footer=41 plan=-1.000 exec=-1.000");
	assert_int_equal(psink_count(&k, "X"), 0);
	assert_int_equal(psink_count(&k, "W"), 41);
}

/* Wrapped ULIDs: the '.' margin is in the first column's left border too. */
static void test_wrapped_first_column(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "aligned/messages_wrapped_60_split_ids.txt"), 0);
	EXPECT("R", 0, "R 3 1 [\"01M8MS0JRF8VH6XP28DRZSTYYR\",\"01M1D17WQ2Z28TGY4W93SYT0ZM\","
		       "\"hello world\",\"1795993651\"]");
	EXPECT("R", 2, "R 7 3 [\"01M8MS0JTDDCA36991NNB568HG\",\"01M5ZSWVQS93VB7F0G8FQV0TZB\","
		       "\"first line\\nsecond line\",\"1795993652\"]");
	EXPECT("E", 0, "E rows=41 footer=41 plan=-1.000 exec=-1.000");
}

/* NULL and '' both print as nothing: empty is NULL ... */
static void test_empty_is_null_without_marker(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "aligned/guild_members.txt"), 0);
	EXPECT("R", 1, "R 4 2 [\"01M5B6Q3N3RAKWM6W4GJP7BDXW\",\"01M3T95EQDD1TFFCK36YEGAWKN\","
		       "\"2026-11-26 19:07:32.324048+00\",null]");
	EXPECT("R", 2, "R 5 3 [\"01M5B6Q3N3RAKWM6W4GJP7BDXW\",\"01M5ZSWVQS93VB7F0G8FQV0TZB\","
		       "\"2026-11-29 20:54:25.074048+00\",null]");
	/* joined_at is the write time: timestamptz to the µs, key the first *_id */
	EXPECT("W", 0, "W 3 - key=01M5B6Q3N3RAKWM6W4GJP7BDXW us=1792451252324048 res=1 "
		       "{\"guild_id\":\"01M5B6Q3N3RAKWM6W4GJP7BDXW\",\"user_id\":"
		       "\"01M1D17WQ2Z28TGY4W93SYT0ZM\",\"joined_at\":\"2026-10-19 "
		       "23:07:32.324048+00\",\"role\":\"owner\"}");
}

/* ... unless \pset null is in use: then the marker is NULL, empty is ''. */
static void test_null_marker(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "aligned/guild_members_null.txt"), 0);
	EXPECT("R", 1, "R 4 2 [\"01M5B6Q3N3RAKWM6W4GJP7BDXW\",\"01M3T95EQDD1TFFCK36YEGAWKN\","
		       "\"2026-11-26 19:07:32.324048+00\",null]");
	EXPECT("R", 2, "R 5 3 [\"01M5B6Q3N3RAKWM6W4GJP7BDXW\",\"01M5ZSWVQS93VB7F0G8FQV0TZB\","
		       "\"2026-11-29 20:54:25.074048+00\",\"\"]");
	EXPECT("R", 4, "R 7 5 [\"01M7NW7YNNETPMQ65BV90X9GEA\",\"01M1D17WQ2Z28TGY4W93SYT0ZM\","
		       "\"2026-11-18 23:07:32.324048+00\",null]");
}

static void test_null_display_line_sets_marker(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL, "Null display is \"~\".\n"
					     " a | b \n"
					     "---+---\n"
					     " ~ | \n"
					     "(1 row)\n"), 0);
	EXPECT("R", 0, "R 4 1 [null,\"\"]");
}

static void test_wrong_column_count(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "malformed/aligned_wrong_column_count.txt"), 0);
	EXPECT("X", 0, "X 5 row has 5 of 6 columns");
	EXPECT("X", 1, "X 7 row has 7 cells for 6 columns");
	assert_int_equal(psink_count(&k, "X"), 2);
	assert_int_equal(psink_count(&k, "R"), 3);
	/* rows read (3 kept + 2 rejected) match the footer: no third reject */
	EXPECT("E", 0, "E rows=3 footer=5 plan=-1.000 exec=-1.000");
	EXPECT("W", 0, "W 3 - key=01M8MRWRTKM9S346Q3D25VT4F5 us=1795993527123000 res=1000 "
		       "{\"id\":\"01M8MRWRTKM9S346Q3D25VT4F5\",\"guild_id\":"
		       "\"01M5B6K9TKAWSH8VHTPRE95B9E\",\"channel_id\":\"01M5DS00TKE0ZBGJ09TQM83XSS\","
		       "\"author_id\":\"01M1D142TKSS6YS3C4DWA7N360\",\"content\":\"hello world\","
		       "\"created_at_unix\":\"1795993527\"}");
}

static void test_cut_mid_row(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "malformed/aligned_cut_mid_row_no_footer.txt"), 0);
	EXPECT("X", 0, "X 6 row cut short at end of input");
	assert_int_equal(psink_count(&k, "X"), 1);
	assert_int_equal(psink_count(&k, "R"), 3);
	EXPECT("E", 0, "E rows=3 footer=-1 plan=-1.000 exec=-1.000");
}

static void test_footer_must_match(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL, " n \n---\n 1\n 2\n(3 rows)\n"), 0);
	EXPECT("X", 0, "X 5 footer says 3 rows, the table has 2");
	EXPECT("E", 0, "E rows=2 footer=3 plan=-1.000 exec=-1.000");
}

static void test_counts_right_aligned(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "aligned/counts_during_lock.txt"), 0);
	assert_int_equal(psink_count(&k, "S"), 3);
	EXPECT("S", 0, "S 1 aligned shape=count cap=-1 cols=[\"count\"] title=- query=-");
	EXPECT("R", 2, "R 13 1 [\"01M5B6Q3N3RAKWM6W4GJP7BDXW\",\"12\",\"1795993651\",\"1795993653\"]");
}

static void test_explain(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "explain/messages_by_guild.txt"), 0);
	EXPECT("S", 0, "S 1 explain shape=- cap=-1 cols=[\"QUERY PLAN\"] title=- query=-");
	EXPECT("R", 0, "R 3 1 [\"Limit  (cost=2.15..2.22 rows=27 width=82) (actual time=0.039..0.042 "
		       "rows=27 loops=1)\"]");
	EXPECT("R", 1, "R 4 2 [\"  Buffers: shared hit=4\"]");
	EXPECT("E", 0, "E rows=14 footer=14 plan=0.320 exec=0.073");
}

static void test_pg_locks_shape(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "aligned/pg_locks_during_lock.txt"), 0);
	EXPECT("S", 0, "S 1 aligned shape=pg_locks cap=-1 cols=[\"locktype\",\"mode\",\"granted\","
		       "\"relname\",\"pid\",\"state\",\"query\"] title=- query=-");
	/* the last column is not padded: the query's own trailing space stays */
	assert_non_null(strstr(psink_nth(&k, "R", 15), "'workload message 05') RETURNING id \"]"));
	assert_int_equal(psink_count(&k, "R"), 19);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_pipe_inside_a_cell, teardown),
		cmocka_unit_test_teardown(test_multiline_and_wrapped_cells, teardown),
		cmocka_unit_test_teardown(test_wrapped_first_column, teardown),
		cmocka_unit_test_teardown(test_empty_is_null_without_marker, teardown),
		cmocka_unit_test_teardown(test_null_marker, teardown),
		cmocka_unit_test_teardown(test_null_display_line_sets_marker, teardown),
		cmocka_unit_test_teardown(test_wrong_column_count, teardown),
		cmocka_unit_test_teardown(test_cut_mid_row, teardown),
		cmocka_unit_test_teardown(test_footer_must_match, teardown),
		cmocka_unit_test_teardown(test_counts_right_aligned, teardown),
		cmocka_unit_test_teardown(test_explain, teardown),
		cmocka_unit_test_teardown(test_pg_locks_shape, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
