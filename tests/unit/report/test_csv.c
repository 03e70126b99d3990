/* test_csv.c - the csv writer over hand-written models: one long table of
 * section,item,field,value with CRLF ends, RFC 4180 quoting, and log text
 * that a spreadsheet would run as a formula written inert. */
#include "cmocka_include.h"

#include "report_fixture.h"

static void test_rows(void **state)
{
	static const char *const want[] = {
		"section,item,field,value\r\n",
		"overview,all,requests,134\r\n",
		"overview,all,latency_ms.p95,10042.1\r\n",
		"overview,all,clients.2.value,203.0.113.11\r\n",
		"overview,1,route,/guilds/{id}/channels/{id}/messages\r\n",
		"overview,1,status.408,3\r\n",
		"overview,3,route,\r\n",              /* null: an empty cell */
		"timeout_clusters,1,methods.1,POST\r\n",
		"timeout_clusters,1,share,0.16666666\r\n",
		"timeout_clusters,1,healthy_routes.2.max_duration_ms,35\r\n",
		"limiter_collapses,2,route,\r\n",
		"post_write_stalls,1,write.table,messages\r\n",
		"checks,3,verdict,FAIL\r\n",
		"checks,4,summary,at most 3 active connections\r\n",
	};
	char *out = render_fixture("csv", "full.json", NULL);
	const char *p;

	(void)state;
	assert_non_null(out);
	assert_int_equal(strncmp(out, want[0], strlen(want[0])), 0);
	p = out;
	for (size_t i = 1; i < sizeof(want) / sizeof(want[0]); i++) {
		if (!(p = strstr(p, want[i])))
			fail_msg("missing, or out of order: %s", want[i]);
	}
	/* every line ends CRLF: no bare LF */
	for (p = out; (p = strchr(p, '\n')); p++)
		assert_int_equal(p[-1], '\r');
	free(out);
}

static void test_hostile(void **state)
{
	char *out = render_fixture("csv", "hostile.json", NULL);

	(void)state;
	assert_non_null(out);
	/* a formula is text; quotes doubled; a cell with CR LF or comma quoted */
	assert_non_null(strstr(out, "overview,1,clients.2.value,\"'=HYPERLINK(\"\"http://evil/\"\","
				    "\"\"x\"\")\"\r\n"));
	assert_non_null(strstr(out, "overview,1,user_agents.2.value,\"'@SUM(1+1)\r\n-2,\"\"q\"\"\"\r\n"));
	assert_int_equal(count_of(out, "=HYPERLINK"), 1);
	assert_null(strstr(out, ",=HYPERLINK"));
	assert_null(strstr(out, ",@SUM"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
