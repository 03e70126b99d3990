/* test_psql_unaligned.c - psql -A (with -t, -F) and --csv: multi-line cells,
 * CSV quoting, and a separator inside a cell rejected rather than guessed. */
#include "cmocka_include.h"

#include "test_psql_sink.h"
#include "test_psql_fixture.h"

static void test_csv_quoting_and_newline(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "csv/messages.csv"), 0);
	assert_int_equal(psink_count(&k, "X"), 0);
	assert_int_equal(psink_count(&k, "R"), 41);
	EXPECT("S", 0, "S 1 csv shape=- cap=-1 cols=[\"id\",\"guild_id\",\"channel_id\",\"author_id\","
		       "\"content\",\"created_at_unix\"] title=- query=-");
	EXPECT("R", 2, "R 4 3 [\"01M8MS0JTDDCA36991NNB568HG\",\"01M5B6Q3N3RAKWM6W4GJP7BDXW\","
		       "\"01M5DS3TPC46KBV5VYKZ3XDH3J\",\"01M5ZSWVQS93VB7F0G8FQV0TZB\","
		       "\"first line\\nsecond line\",\"1795993652\"]");
	EXPECT("R", 3, "R 6 4 [\"01M8MS0JVCPV9KSXTB5W89794P\",\"01M5B6Q3N3RAKWM6W4GJP7BDXW\","
		       "\"01M5B6N931TC6T7FBNV5DZWNB3\",\"01M1D17WQ2Z28TGY4W93SYT0ZM\","
		       "\"she said \\\"hi\\\", then left\",\"1795993652\"]");
	/* --csv prints NULL and '' alike: both are kept as '' */
	assert_non_null(strstr(psink_nth(&k, "R", 4), "\"01M87X0ZR4PAQYPGJ4N5HVYGD9\",\"\","));
	assert_non_null(strstr(psink_nth(&k, "R", 5), "\"01M1D17WQ2Z28TGY4W93SYT0ZM\",\"\","));
	assert_non_null(strstr(psink_nth(&k, "R", 7), "\"tab\\there, backslash C:\\\\temp\\\\new\""));
	EXPECT("E", 0, "E rows=41 footer=-1 plan=-1.000 exec=-1.000");
}

static void test_csv_inline(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL, "a,b\n\"x\n\"\"y\"\"\",2\n\"\",\n"), 0);
	EXPECT("R", 0, "R 2 1 [\"x\\n\\\"y\\\"\",\"2\"]");
	EXPECT("R", 1, "R 4 2 [\"\",\"\"]");
	assert_int_equal(psink_count(&k, "X"), 0);
}

static void test_unaligned_pipe_in_cell_rejected(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "unaligned/messages_A.txt"), 0);
	EXPECT("X", 0, "X 3 row has 8 fields for 6 columns (a separator inside a cell?)");
	assert_int_equal(psink_count(&k, "X"), 1);
	assert_int_equal(psink_count(&k, "R"), 40);
	/* the multi-line cell: two physical lines, joined by its newline */
	EXPECT("R", 1, "R 4 2 [\"01M8MS0JTDDCA36991NNB568HG\",\"01M5B6Q3N3RAKWM6W4GJP7BDXW\","
		       "\"01M5DS3TPC46KBV5VYKZ3XDH3J\",\"01M5ZSWVQS93VB7F0G8FQV0TZB\","
		       "\"first line\\nsecond line\",\"1795993652\"]");
	/* rows read, the rejected one included, match the footer */
	EXPECT("E", 0, "E rows=40 footer=41 plan=-1.000 exec=-1.000");
}

static void test_tuples_only(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "unaligned/messages_A_t.txt"), 0);
	EXPECT("S", 0, "S 1 unaligned shape=- cap=-1 cols=- title=- query=-");
	assert_int_equal(psink_count(&k, "R"), 40);
	assert_int_equal(psink_count(&k, "W"), 0);       /* no names, no write time */
	EXPECT("X", 0, "X 2 row has 8 fields for 6 columns (a separator inside a cell?)");
}

static void test_tab_and_comma_separators(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "unaligned/messages_A_F_tab.txt"), 0);
	EXPECT("X", 0, "X 10 row has 7 fields for 6 columns (a separator inside a cell?)");
	assert_int_equal(psink_count(&k, "R"), 40);
	psink_release(&k);
	assert_int_equal(psink_run_file(&k, NULL, "unaligned/messages_A_F_comma.txt"), 0);
	assert_int_equal(psink_count(&k, "X"), 2);
	assert_int_equal(psink_count(&k, "R"), 39);
	EXPECT("E", 0, "E rows=39 footer=41 plan=-1.000 exec=-1.000");
}

static void test_footer_off(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "unaligned/messages_A_footer_off.txt"), 0);
	assert_int_equal(psink_count(&k, "R"), 40);
	EXPECT("E", 0, "E rows=40 footer=-1 plan=-1.000 exec=-1.000");
	assert_int_equal(psink_count(&k, "W"), 40);
}

static void test_short_row_then_full_row(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL, "a|b|c\n1|2\n4|5|6\n(2 rows)\n"), 0);
	EXPECT("X", 0, "X 2 row has 2 of 3 columns");
	EXPECT("R", 0, "R 3 1 [\"4\",\"5\",\"6\"]");
	EXPECT("E", 0, "E rows=1 footer=2 plan=-1.000 exec=-1.000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_csv_quoting_and_newline, teardown),
		cmocka_unit_test_teardown(test_csv_inline, teardown),
		cmocka_unit_test_teardown(test_unaligned_pipe_in_cell_rejected, teardown),
		cmocka_unit_test_teardown(test_tuples_only, teardown),
		cmocka_unit_test_teardown(test_tab_and_comma_separators, teardown),
		cmocka_unit_test_teardown(test_footer_off, teardown),
		cmocka_unit_test_teardown(test_short_row_then_full_row, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
