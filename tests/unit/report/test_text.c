/* test_text.c - the text summary of hand-written models, line by line: every
 * finding kind, the failed checks, and hostile strings kept to one inert
 * token. */
#include "cmocka_include.h"

#include "report_fixture.h"

static void assert_lines(const char *got, const char *const *want, size_t n)
{
	const char *p = got;

	for (size_t i = 0; i < n; i++) {
		const char *nl = strchr(p, '\n');

		assert_non_null(nl);
		if (strncmp(p, want[i], (size_t)(nl - p)) != 0 || strlen(want[i]) != (size_t)(nl - p))
			fail_msg("line %zu:\n  want: %s\n  got:  %.*s", i + 1, want[i], (int)(nl - p), p);
		p = nl + 1;
	}
	assert_string_equal(p, "");     /* nothing more */
}

static void test_every_kind(void **state)
{
	static const char *const want[] = {
		"summary requests=134 sources=3 warnings=0 timeout_clusters=2 limiter_collapses=2 "
		"post_write_stalls=2 checks=8 checks_failed=3 checks_unknown=1 clock_offset=server-42ms",
		/* the overview's routes, busiest first as the model lists them; its
		 * numbers as written; a null route and method print "-" */
		"route POST /guilds/{id}/channels/{id}/messages requests=18 errors=3 error_share=0.167 "
		"5xx=0 408=3 429=0 p50=18.664ms p95=10061.0ms p99=10061.0ms max=10061.25ms",
		"route POST /auth/login requests=64 errors=9 error_share=0.141 5xx=0 408=0 429=9 "
		"p50=61.8ms p95=88.4ms p99=89.0ms max=89.0ms",
		"route - - requests=2 errors=0 error_share=0 5xx=0 408=0 429=0 p50=- p95=- p99=- max=-",
		"timeout_cluster POST /guilds/{id}/channels/{id}/messages "
		"2026-11-29T23:21:13.084Z..23:21:25.174Z count=3 share=0.167 budget=10000ms p95=10061ms",
		/* across midnight the end keeps its date */
		"timeout_cluster POST,DELETE /voice/token 2026-11-29T23:59:58.000Z..2026-11-30T00:00:09.500Z "
		"count=2 share=1.000 budget=10000ms p95=10059ms",
		"limiter_collapse auth.rate_limit login 2026-11-29T23:22:00.100Z..23:22:41.900Z "
		"bucket=172.21.0.4 source=peer clients=5 requests=64 limit=60 rejections=4 early=2",
		/* null route, source and limit print "-"; rejections is optional */
		"limiter_collapse directory.join.rate_limit - 2026-11-29T23:23:00.000Z..23:23:00.000Z "
		"bucket=172.21.0.4 source=- clients=2 requests=3 limit=- rejections=- early=0",
		"post_write_stall POST /guilds/{id}/channels/{id}/messages 2026-11-29T23:21:15.000Z "
		"status=408 duration=10043ms table=messages key=01JDZ3K6Q8W0000000000000AB "
		"written_at=2026-11-29T23:21:15.212Z write_to_response=9831ms phase=\"search ack_wait\" "
		"request_id=6b15b0b9-6b4f-439e-8e31-9a475835dfbc",
		"post_write_stall - /guilds/{id}/join 2026-11-29T23:24:00.000Z status=408 duration=10010ms "
		"table=- key=- written_at=2026-11-29T23:24:01.000Z write_to_response=9010ms "
		"phase=\"after write, before completion event\" request_id=-",
		"check_failed limiter_keying auth.rate_limit keyed on the proxy peer 172.21.0.4 "
		"(client_ip_source=peer)",
		"check_failed fanout_backpressure ack_wait_ms up to 9800 while messages timed out",
		"check_failed post_write_boundary 2 requests timed out after their write committed",
	};
	char *out = render_fixture("text", "full.json", NULL);

	(void)state;
	assert_non_null(out);
	assert_lines(out, want, sizeof(want) / sizeof(want[0]));
	free(out);
}

static void test_no_findings(void **state)
{
	static const char *const want[] = {
		"summary requests=0 sources=0 warnings=0 timeout_clusters=0 limiter_collapses=0 "
		"post_write_stalls=0 checks=0 checks_failed=0 checks_unknown=0 clock_offset=server+0ms",
	};
	char *out = render_fixture("text", "empty.json", NULL);

	(void)state;
	assert_non_null(out);
	assert_lines(out, want, 1);
	free(out);
}

/* Terminal controls, bidi overrides and spaces from the logs stay inert. */
static void test_hostile(void **state)
{
	char *out = render_fixture("text", "hostile.json", NULL);

	(void)state;
	assert_non_null(out);
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x07'));
	assert_null(strstr(out, "\xe2\x80\xae"));      /* U+202E */
	assert_non_null(strstr(out, " bucket=172.21.0.4\\x1b]0;pwned\\x07 "));
	assert_non_null(strstr(out, "limiter_collapse auth.rate_limit<script>document"));
	assert_non_null(strstr(out, " \"login \\u202etxt.exe\" "));
	assert_non_null(strstr(out, " key=\"k\\\\ey <script>alert(1)</script>\" "));
	/* yajl's tree keeps C strings: a NUL ends the value, it never passes */
	assert_non_null(strstr(out, " request_id=id\n"));
	assert_non_null(strstr(out, " \\x1b[2J cleared\n"));   /* a summary keeps its spaces */
	/* every line is one record: 1 summary + 1 file warning + 3 routes + 2
	 * clusters + 2 collapses + 2 stalls + 1 lock episode + 2 timeouts and
	 * their count by kind + 1 retry + 3 failed checks */
	assert_int_equal(count_of(out, "\n"), 19);
	assert_non_null(strstr(out, " warnings=1 "));
	assert_non_null(strstr(out, "\nwarning \"logs/access<img src=x onerror="));
	assert_non_null(strstr(out, " is missing on every access line \\x1b[2J\n"));
	assert_non_null(strstr(out, "\nroute \"POST\\\"'><svg onload=document"));
	assert_non_null(strstr(out, "\ntimeouts_by_kind post_write=1 lock_wait=0 pool_wait=0 pre_write=0 "
				    "unknown=0\n"));
	free(out);
}

/* Warnings come right after the summary line, which counts them, before any
 * finding: the first lines a cron mail shows. A source without any adds none. */
static void test_warnings_first(void **state)
{
	static const char model[] =
		"{\"sources\":[{\"path\":\"a.log\",\"warnings\":[\"x y\",\"z\"]},"
		"{\"path\":\"quiet.log\",\"warnings\":[]},{\"path\":\"b c.log\",\"warnings\":[\"w\"]}],"
		"\"findings\":{\"disk_stalls\":[{\"relation\":\"t\"}]}}";
	static const char summary[] = "summary requests=0 sources=3 warnings=3 disk_stalls=1 "
				      "checks=0 checks_failed=0 checks_unknown=0";
	static const char *const want[] = {
		summary,
		"warning a.log x y",
		"warning a.log z",
		"warning \"b c.log\" w",
		"disk_stalls relation=t",
	};
	char *out = render_model("text", model, sizeof(model) - 1, NULL);

	(void)state;
	assert_non_null(out);
	assert_lines(out, want, sizeof(want) / sizeof(want[0]));
	free(out);
}

/* A kind without a view: counted in the summary, one line of its scalar
 * fields, each one token. */
static void test_unknown_kind(void **state)
{
	static const char *const want[] = {
		"summary requests=5 sources=0 warnings=0 timeout_clusters=0 disk_stalls=1 checks=0 "
		"checks_failed=0 checks_unknown=0",
		"disk_stalls relation=guild_members holder_pid=4242 granted=false "
		"query=\"<img src=x onerror=alert(1)> LOCK TABLE\"",
	};
	char *out = render_fixture("text", "unknown_kind.json", NULL);

	(void)state;
	assert_non_null(out);
	assert_lines(out, want, sizeof(want) / sizeof(want[0]));
	free(out);
}

static void test_not_json(void **state)
{
	size_t n;

	(void)state;
	assert_null(render_model("text", "{\"findings\":", 12, &n));
	assert_null(render_model("text", "[]", 2, &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind),
		cmocka_unit_test(test_no_findings),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_unknown_kind),
		cmocka_unit_test(test_warnings_first),
		cmocka_unit_test(test_not_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
