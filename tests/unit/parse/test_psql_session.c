/* test_psql_session.c - what surrounds results: \watch titles in --tz, shell
 * loop timestamps, echoed queries, \timing, prompts, expanded records. */
#include "cmocka_include.h"

#include "test_psql_sink.h"
#include "test_psql_fixture.h"

#define WATCH(title) \
	"               " title " (every 1s)\n" \
	"\n" \
	" count \n" \
	"-------\n" \
	"     2\n" \
	"(1 row)\n" \
	"\n"

/* The title is the client's local time: --tz says where that was. */
static void test_watch_title_utc(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL, WATCH("Sun Nov 29 23:07:33 2026")), 0);
	EXPECT("S", 0, "S 3 aligned shape=count cap=1795993653000000 cols=[\"count\"] "
		       "title=Sun Nov 29 23:07:33 2026 (every 1s) query=-");
}

static void test_watch_title_berlin(void **state)
{
	(void)state;
	/* CET in November: 00:07:33 local is 23:07:33Z the day before */
	assert_int_equal(psink_run(&k, "Europe/Berlin", WATCH("Mon Nov 30 00:07:33 2026")), 0);
	EXPECT("S", 0, "S 3 aligned shape=count cap=1795993653000000 cols=[\"count\"] "
		       "title=Mon Nov 30 00:07:33 2026 (every 1s) query=-");
	psink_release(&k);
	/* the same title read as UTC is an hour later */
	assert_int_equal(psink_run(&k, NULL, WATCH("Mon Nov 30 00:07:33 2026")), 0);
	assert_non_null(strstr(psink_nth(&k, "S", 0), "cap=1795997253000000"));
	psink_release(&k);
	/* and a summer title is two hours ahead (CEST) */
	assert_int_equal(psink_run(&k, "Europe/Berlin", WATCH("Wed Jul  1 02:00:00 2026")), 0);
	assert_non_null(strstr(psink_nth(&k, "S", 0), "cap=1782864000000000"));
}

static void test_watch_files(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, "Europe/Berlin", "watch/watch_tz_berlin.txt"), 0);
	assert_int_equal(psink_count(&k, "S"), 4);
	assert_int_equal(psink_count(&k, "X"), 0);
	assert_non_null(strstr(psink_nth(&k, "S", 3), "cap=1795993656000000"));
	EXPECT("R", 0, "R 5 1 [\"2026-11-29 23:07:33.439313+00\",\"active\",\"Timeout\",\"2\"]");
	assert_non_null(strstr(psink_nth(&k, "S", 0), "shape=pg_stat_activity"));
}

/* `date -u` before every line: the title line's time, to the ms. */
static void test_shell_prefixed_watch(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "watch/watch_prefixed_utc.txt"), 0);
	assert_int_equal(psink_count(&k, "S"), 4);
	assert_int_equal(psink_count(&k, "X"), 0);
	assert_non_null(strstr(psink_nth(&k, "S", 0), "cap=1795993653444000"));
	assert_non_null(strstr(psink_nth(&k, "S", 2), "cap=1795993655478000"));
	EXPECT("R", 0, "R 5 1 [\"2026-11-29 23:07:33.439894+00\",\"active\",\"Timeout\",\"2\"]");
	EXPECT("E", 0, "E rows=3 footer=3 plan=-1.000 exec=-1.000");
}

static void test_shell_loop_count(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "watch/shell_loop_count.txt"), 0);
	assert_int_equal(psink_count(&k, "S"), 4);
	EXPECT("S", 0, "S 2 unaligned shape=count cap=1795993653000000 cols=- title=- query=-");
	EXPECT("R", 0, "R 2 1 [\"16\"]");
	EXPECT("R", 3, "R 8 1 [\"17\"]");
	assert_non_null(strstr(psink_nth(&k, "S", 3), "cap=1795993656000000"));
	assert_int_equal(psink_count(&k, "X"), 0);
}

static void test_echoed_queries_and_timing(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "session/session_echo_all_timing.txt"), 0);
	assert_int_equal(psink_count(&k, "S"), 7);
	assert_int_equal(psink_count(&k, "X"), 0);
	EXPECT("S", 0, "S 5 aligned shape=count cap=-1 cols=[\"count\"] title=- "
		       "query=SELECT count(*) FROM messages;");
	EXPECT("R", 0, "R 7 1 [\"9\"]");
	/* a multi-line echoed INSERT ... RETURNING, then its rows */
	EXPECT("S", 2, "S 25 aligned shape=- cap=-1 cols=[\"id\",\"created_at_unix\"] title=- "
		       "query=INSERT INTO messages (guild_id, channel_id, author_id, content)\n"
		       "VALUES ('01M5B6Q3N3RAKWM6W4GJP7BDXW', '01M5B6N931TC6T7FBNV5DZWNB3', "
		       "'01M5ZSWVQS93VB7F0G8FQV0TZB', 'session insert 1'),\n"
		       "       ('01M5B6Q3N3RAKWM6W4GJP7BDXW', '01M5B6N931TC6T7FBNV5DZWNB3', "
		       "'01M5ZSWVQS93VB7F0G8FQV0TZB', 'session insert 2')\n"
		       "RETURNING id, created_at_unix;");
	/* the query names the table its writes belong to */
	EXPECT("W", 0, "W 27 messages key=01M8MS0K3K0FWYYKS5BPETS5V6 us=1795993652339000 res=1000 "
		       "{\"id\":\"01M8MS0K3K0FWYYKS5BPETS5V6\",\"created_at_unix\":\"1795993652\"}");
	assert_non_null(strstr(psink_nth(&k, "S", 3), "query=SELECT count(*) FROM messages;"));
	EXPECT("R", 4, "R 42 1 [\"11\"]");
}

static void test_interactive_tty(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "session/interactive_tty.txt"), 0);
	assert_int_equal(psink_count(&k, "S"), 3);
	assert_int_equal(psink_count(&k, "X"), 0);
	EXPECT("S", 2, "S 25 expanded shape=- cap=-1 cols=[\"id\",\"action\",\"target_id\","
		       "\"created_at_unix\"] title=- query=SELECT id, action, target_id, "
		       "created_at_unix FROM audit_logs ORDER BY id DESC LIMIT 2;");
	EXPECT("R", 5, "R 30 2 [\"01M8MS0Z0PFWZG4ZE6AHWWA7XZ\",\"message.edit\","
		       "\"01M8MS0Z0PR31N6EMS06Y21T7R\",\"1795993664\"]");
}

static void test_expanded_aligned_and_unaligned(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "expanded/pg_stat_activity_x.txt"), 0);
	assert_int_equal(psink_count(&k, "R"), 8);
	assert_int_equal(psink_count(&k, "X"), 0);
	EXPECT("S", 0, "S 1 expanded shape=pg_stat_activity cap=-1 cols=[\"pid\",\"state\","
		       "\"wait_event_type\",\"wait_event\",\"query_start\",\"xact_start\","
		       "\"backend_start\",\"query\"] title=- query=-");
	EXPECT("R", 0, "R 1 1 [\"17166\",\"active\",\"Lock\",\"relation\","
		       "\"2026-11-29 23:07:33.987287+00\",\"2026-11-29 23:07:33.987287+00\","
		       "\"2026-11-29 23:07:32.375738+00\",\"INSERT INTO messages (guild_id, "
		       "channel_id, author_id, content) VALUES ('01M7NW7YNNETPMQ65BV90X9GEA', "
		       "'01M7NW49GQYZ42HFEYQ6HB3MWZ', '01M3T95EQDD1TFFCK36YEGAWKN', "
		       "'workload message 05') RETURNING id \"]");
	/* aligned: an empty value is NULL */
	assert_non_null(strstr(psink_nth(&k, "R", 7), "[\"17368\",\"active\",null,null,"));
	psink_release(&k);
	assert_int_equal(psink_run_file(&k, NULL, "expanded/pg_stat_activity_x_unaligned.txt"), 0);
	assert_int_equal(psink_count(&k, "R"), 8);
	assert_int_equal(psink_count(&k, "X"), 0);
	EXPECT("R", 0, "R 1 1 [\"17166\",\"active\",\"Lock\",\"relation\","
		       "\"2026-11-29 23:07:33.987287+00\",\"2026-11-29 23:07:33.987287+00\","
		       "\"2026-11-29 23:07:32.375738+00\",\"INSERT INTO messages (guild_id, "
		       "channel_id, author_id, content) VALUES ('01M7NW7YNNETPMQ65BV90X9GEA', "
		       "'01M7NW49GQYZ42HFEYQ6HB3MWZ', '01M3T95EQDD1TFFCK36YEGAWKN', "
		       "'workload message 05') RETURNING id \"]");
	/* unaligned: empty is '' */
	assert_non_null(strstr(psink_nth(&k, "R", 7), "[\"17370\",\"active\",\"\",\"\","));
}

static void test_multiline_expanded_value(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL, "-[ RECORD 1 ]-------\n"
					     "a | first line     +\n"
					     "  | second\n"
					     "b | x\n"
					     "\n"), 0);
	EXPECT("R", 0, "R 1 1 [\"first line\\nsecond\",\"x\"]");
}

static void test_garbage_is_rejected(void **state)
{
	(void)state;
	assert_int_equal(psink_run_file(&k, NULL, "malformed/garbage.txt"), 0);
	assert_int_equal(psink_count(&k, "S"), 0);
	assert_int_equal(psink_count(&k, "X"), 14);
	EXPECT("X", 0, "X 1 not a psql line");
	EXPECT("X", 13, "X 15 not a psql line");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_watch_title_utc, teardown),
		cmocka_unit_test_teardown(test_watch_title_berlin, teardown),
		cmocka_unit_test_teardown(test_watch_files, teardown),
		cmocka_unit_test_teardown(test_shell_prefixed_watch, teardown),
		cmocka_unit_test_teardown(test_shell_loop_count, teardown),
		cmocka_unit_test_teardown(test_echoed_queries_and_timing, teardown),
		cmocka_unit_test_teardown(test_interactive_tty, teardown),
		cmocka_unit_test_teardown(test_expanded_aligned_and_unaligned, teardown),
		cmocka_unit_test_teardown(test_multiline_expanded_value, teardown),
		cmocka_unit_test_teardown(test_garbage_is_rejected, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
