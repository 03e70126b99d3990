/* test_psql_forms.c - the forms read by rewriting or by the session: shell
 * loop samples, one-row clock readings that date what follows, tuples-only
 * rows named from the echoed query, \pset border 0 (sniffed from its
 * lines together) and linestyle unicode with their marks, and box
 * characters inside cells kept as text. */
#include "cmocka_include.h"

#include "sniff/sniff.h"
#include "test_psql_sink.h"
#include "test_psql_fixture.h"

static void test_samples(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL,
				   "2026-11-29T22:02:57.232Z|active=1|waiting=0|total=2\n"
				   "2026-11-29T22:02:58.5+01:00\t3\t4\n"
				   "2026-11-29T22:02:59Z 17\n"
				   "2026-11-29T22:03:00Z active=2 idle=5\n"),
			 0);
	assert_int_equal(psink_count(&k, "X"), 0);
	EXPECT("S", 0, "S 1 sample shape=- cap=1795989777232000 cols=[\"active\",\"waiting\",\"total\"] "
		       "title=- query=-");
	EXPECT("R", 0, "R 1 1 [\"1\",\"0\",\"2\"]");
	EXPECT("S", 1, "S 2 sample shape=- cap=1795986178500000 cols=- title=- query=-");
	EXPECT("R", 1, "R 2 1 [\"3\",\"4\"]");
	EXPECT("S", 2, "S 3 sample shape=count cap=1795989779000000 cols=- title=- query=-");
	EXPECT("R", 2, "R 3 1 [\"17\"]");
	EXPECT("R", 3, "R 4 1 [\"2\",\"5\"]");
	EXPECT("E", 3, "E rows=1 footer=-1 plan=-1.000 exec=-1.000");
}

/* `date` before every line of a \watch is no sample: the title's time. */
static void test_prefixed_table_is_no_sample(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL,
				   "2026-11-29T23:07:33.444Z  count \n"
				   "2026-11-29T23:07:33.445Z -------\n"
				   "2026-11-29T23:07:33.446Z      2\n"
				   "2026-11-29T23:07:33.447Z (1 row)\n"),
			 0);
	assert_int_equal(psink_count(&k, "S"), 1);
	EXPECT("S", 0, "S 1 aligned shape=count cap=1795993653444000 cols=[\"count\"] title=- query=-");
}

/* A one-row clock reading dates the results after it, until the next one;
 * not itself, and not a result whose \watch title could not be read. */
static void test_clock_readings(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL,
				   "          sampled_at          \n"
				   "------------------------------\n"
				   " 2026-12-03 18:46:55.09871+00\n"
				   "(1 row)\n"
				   "\n"
				   " state  | count \n"
				   "--------+-------\n"
				   " active |     1\n"
				   "(1 row)\n"
				   "\n"
				   " 2026-12-03 18:46:56.5+00\n"
				   "\n"
				   " active |     2\n"
				   "\n"
				   "Mon 03 Dec 2026 06:46:22 PM UTC (every 1s)\n"
				   "\n"
				   " count \n"
				   "-------\n"
				   "     3\n"
				   "(1 row)\n"),
			 0);
	EXPECT("S", 0, "S 1 aligned shape=- cap=-1 cols=[\"sampled_at\"] title=- query=-");
	EXPECT("S", 1, "S 6 aligned shape=pg_stat_activity cap=1796323615098710 "
		       "cols=[\"state\",\"count\"] title=- query=-");
	EXPECT("S", 2, "S 11 aligned shape=- cap=-1 cols=- title=- query=-");
	EXPECT("S", 3, "S 13 aligned shape=- cap=1796323616500000 cols=- title=- query=-");
	EXPECT("S", 4, "S 17 aligned shape=count cap=-1 cols=[\"count\"] title=Mon 03 Dec 2026 "
		       "06:46:22 PM UTC (every 1s) query=-");
	EXPECT("X", 0, "X 15 \\watch title's weekday does not match its date");
	assert_int_equal(psink_count(&k, "X"), 1);
}

/* A one-row result with a clock column among others is a reading too,
 * and is dated by the one before it like any other result. */
static void test_clock_column_among_others(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL,
				   "        now         | waiting \n"
				   "--------------------+---------\n"
				   " 2026-12-03 18:00:00Z |       2\n"
				   "(1 row)\n"
				   "\n"
				   "              now              | state  | count \n"
				   "-------------------------------+--------+-------\n"
				   " 2026-12-03 18:00:01.5+00 | active |     1\n"
				   " 2026-12-03 18:00:01.5+00 | idle   |     3\n"
				   "(2 rows)\n"
				   "\n"
				   " count \n"
				   "-------\n"
				   "     9\n"
				   "(1 row)\n"),
			 0);
	assert_non_null(strstr(psink_nth(&k, "S", 0), " cap=-1 "));
	assert_non_null(strstr(psink_nth(&k, "S", 1), " cap=1796320800000000 "));
	/* two rows: no reading; the first one still dates what follows */
	assert_non_null(strstr(psink_nth(&k, "S", 2), " cap=1796320800000000 "));
}

/* A shell loop around `psql -t -c 'SELECT count(*) …'`: aligned counts. */
static void test_aligned_tuples_counts(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL,
				   "2026-11-29T23:07:33Z\n"
				   "    16\n"
				   "\n"
				   "2026-11-29T23:07:34Z\n"
				   "    17\n"
				   "\n"),
			 0);
	assert_int_equal(psink_count(&k, "X"), 0);
	EXPECT("S", 0, "S 2 aligned shape=count cap=1795993653000000 cols=- title=- query=-");
	EXPECT("R", 0, "R 2 1 [\"16\"]");
	EXPECT("S", 1, "S 5 aligned shape=count cap=1795993654000000 cols=- title=- query=-");
	EXPECT("R", 1, "R 5 1 [\"17\"]");
}

/* -t: no header; names from the echoed query when it names as many. */
static void test_tuples_named_from_query(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL,
				   "SELECT m.id, count(*), now()::text, 1 + 2 AS \"Sum\", x y, 'a' FROM m;\n"
				   " a  |  5 | t | 3 | q | a\n"
				   "\n"
				   "SELECT * FROM m;\n"
				   " a  |  5\n"
				   "\n"
				   "SELECT a, b FROM m;\n"
				   " a  |  5 | 6\n"),
			 0);
	assert_int_equal(psink_count(&k, "X"), 0);
	assert_non_null(strstr(psink_nth(&k, "S", 0),
			       "cols=[\"id\",\"count\",\"text\",\"Sum\",\"y\",\"?column?\"]"));
	EXPECT("R", 0, "R 2 1 [\"a\",\"5\",\"t\",\"3\",\"q\",\"a\"]");
	assert_non_null(strstr(psink_nth(&k, "S", 1), "cols=- "));     /* "*" */
	assert_non_null(strstr(psink_nth(&k, "S", 2), "cols=- "));     /* two names, three cells */
	EXPECT("R", 2, "R 8 1 [\"a\",\"5\",\"6\"]");
}

/* Border 0: the gap after a cell holds its '+'; unicode: '↵' and '│' are
 * marks and bars only at the rule's columns. */
static void test_border0_and_unicode(void **state)
{
	(void)state;
	assert_int_equal(psink_run(&k, NULL,
				   "id name body  note \n"
				   "-- ---- ----- ----\n"
				   " 1 a b  two  +\n"
				   "        lines \n"
				   "22 x|y. z     \xc3\xa9\n"
				   "(2 rows)\n"
				   "\n"
				   " id \xe2\x94\x82 name \xe2\x94\x82 body  \xe2\x94\x82 note \n"
				   "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\xbc"
				   "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
				   "\xe2\x94\xbc\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
				   "\xe2\x94\x80\xe2\x94\x80\xe2\x94\xbc\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
				   "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\n"
				   "  1 \xe2\x94\x82 a b  \xe2\x94\x82 two  \xe2\x86\xb5\xe2\x94\x82 \n"
				   "    \xe2\x94\x82      \xe2\x94\x82 lines \xe2\x94\x82 \n"
				   " 22 \xe2\x94\x82 x\xe2\x94\x82y\xe2\x80\xa6 \xe2\x94\x82 z     \xe2\x94\x82 "
				   "\xc3\xa9\n"
				   "(2 rows)\n"),
			 0);
	assert_int_equal(psink_count(&k, "X"), 0);
	EXPECT("S", 0, "S 1 aligned shape=- cap=-1 cols=[\"id\",\"name\",\"body\",\"note\"] "
		       "title=- query=-");
	EXPECT("R", 0, "R 3 1 [\"1\",\"a b\",\"two\\nlines\",null]");
	EXPECT("R", 1, "R 5 2 [\"22\",\"x|y.\",\"z\",\"\xc3\xa9\"]");
	EXPECT("S", 1, "S 8 aligned shape=- cap=-1 cols=[\"id\",\"name\",\"body\",\"note\"] "
		       "title=- query=-");
	EXPECT("R", 2, "R 10 1 [\"1\",\"a b\",\"two\\nlines\",null]");
	EXPECT("R", 3, "R 12 2 [\"22\",\"x\xe2\x94\x82y\xe2\x80\xa6\",\"z\",\"\xc3\xa9\"]");
	EXPECT("E", 1, "E rows=2 footer=2 plan=-1.000 exec=-1.000");
}

/* text's lines -> what sniff() makes of them (NULL: nothing). */
static const char *sniffed(const char *text)
{
	struct line lines[SNIFF_LINES];
	char *copy = strdup(text), *at = copy, *nl;
	const struct parser *p;
	int n = 0;

	assert_non_null(copy);
	while (n < SNIFF_LINES && (nl = strchr(at, '\n')) != NULL) {
		*nl = '\0';
		lines[n] = (struct line){ .text = at, .len = (size_t)(nl - at), .no = n + 1 };
		n++;
		at = nl + 1;
	}
	p = sniff(lines, n);
	free(copy);
	return p ? p->name : NULL;
}

/* Border 0 is sniffed from the lines together, ASCII or unicode rule; a
 * rule under words that cross its gaps is no table. */
static void test_border0_sniffed(void **state)
{
	(void)state;
	assert_string_equal(sniffed("id name body  note \n"
				    "-- ---- ----- ----\n"
				    " 1 a b  two  +\n"
				    "        lines \n"
				    "22 x|y. z     \xc3\xa9\n"
				    "(2 rows)\n"), "psql");
	assert_string_equal(sniffed("id name \n"
				    "\xe2\x94\x80\xe2\x94\x80 \xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
				    "\xe2\x94\x80\n"
				    " 1 a\n"
				    "22 bcd\n"
				    "(2 rows)\n"), "psql");
	assert_null(sniffed("release notes\n"
			    "------- -----\n"
			    "the quick brown fox jumps\n"
			    "over the lazy dog again\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_samples, teardown),
		cmocka_unit_test_teardown(test_prefixed_table_is_no_sample, teardown),
		cmocka_unit_test_teardown(test_clock_readings, teardown),
		cmocka_unit_test_teardown(test_clock_column_among_others, teardown),
		cmocka_unit_test_teardown(test_aligned_tuples_counts, teardown),
		cmocka_unit_test_teardown(test_tuples_named_from_query, teardown),
		cmocka_unit_test_teardown(test_border0_and_unicode, teardown),
		cmocka_unit_test(test_border0_sniffed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
