/* test_caddy_values.c - Caddy's time and duration forms, the console
 * encoder's parts, the per-file inference of a float duration's unit, and
 * the range and type checks that name the field (issue 17 #9, #10). */
#include "cmocka_include.h"

#include <stdio.h>
#include <string.h>

#include "capture.h"
#include "parse/caddy/console.h"
#include "parse/caddy/values.h"
#include "parse/parser.h"
#include "util/tz.h"

static int64_t ts(const char *s, int is_number, const struct tz *z)
{
	int64_t us = 0;

	assert_int_equal(caddy_ts(s, strlen(s), is_number, z, &us), 0);
	return us;
}

static void test_time_forms(void **state)
{
	struct diag err = DIAG_INIT;
	struct tz *berlin = NULL;

	(void)state;
	assert_int_equal(ts("29/Nov/2026:23:56:01 +0000", 0, NULL), INT64_C(1795996561000000));
	assert_int_equal(ts("30/Nov/2026:00:56:01 +0100", 0, NULL), INT64_C(1795996561000000));
	assert_int_equal(ts("2026/11/29 23:56:01.663", 0, NULL), INT64_C(1795996561663000));
	assert_int_equal(ts("2026-11-29T23:56:01.663123456Z", 0, NULL), INT64_C(1795996561663123));
	assert_int_equal(ts("2026-11-30T00:56:01.663+0100", 0, NULL), INT64_C(1795996561663000));
	assert_int_equal(ts("1795996561663.123", 1, NULL), INT64_C(1795996561663123));
	assert_int_equal(ts("1795996561663123456", 1, NULL), INT64_C(1795996561663123));
	/* a wall time carries no zone: --tz's; an offset is kept whatever --tz says */
	assert_int_equal(tz_load(&berlin, "Europe/Berlin", &err), 0);
	assert_int_equal(ts("2026/11/30 00:56:01.663", 0, berlin), INT64_C(1795996561663000));
	assert_int_equal(ts("2026-11-29T23:56:01.663Z", 0, berlin), INT64_C(1795996561663000));
	tz_free(berlin);
	assert_int_equal(caddy_ts("29/Nov/2026 23:56:01", 20, 0, NULL, &(int64_t){ 0 }), -1);
}

static int64_t dur(const char *s, enum caddy_unit unit)
{
	int64_t us = 0;

	assert_int_equal(caddy_duration_number(s, strlen(s), unit, &us), 0);
	return us;
}

static void test_duration_forms(void **state)
{
	(void)state;
	assert_int_equal(dur("10.057123456", CADDY_UNIT_S), 10057123);
	assert_int_equal(dur("10057.123456", CADDY_UNIT_MS), 10057123);
	assert_int_equal(dur("10057123456", CADDY_UNIT_NS), 10057123);
	assert_int_equal(dur("2", CADDY_UNIT_S), 2000000);
	/* the digits tell: 7+ decimals are seconds, 6 or fewer could be ms */
	assert_int_equal(caddy_duration_hint("0.004690603", 11), CADDY_UNIT_S);
	assert_int_equal(caddy_duration_hint("4.690603", 8), CADDY_UNIT_UNKNOWN);
	assert_int_equal(caddy_duration_hint("4690603", 7), CADDY_UNIT_NS);
	assert_int_equal(caddy_unit_named("millis"), CADDY_UNIT_MS);
	assert_int_equal(caddy_unit_named("weeks"), CADDY_UNIT_UNKNOWN);
}

static void test_console_split(void **state)
{
	struct buf clean;
	struct caddy_console k;
	const char *line = "2026/11/29 23:56:01.663\t\x1b[34mINFO\x1b[0m\thttp.log.access.log0\t"
			   "handled request\t{\"request\": {\"method\": \"GET\"}}";

	(void)state;
	buf_init(&clean, 4096);
	assert_int_equal(caddy_console_split(line, strlen(line), &clean, &k), 0);
	assert_int_equal(k.ts_len, 23);
	assert_memory_equal(k.level, "INFO", 4);
	assert_int_equal(k.level_len, 4);
	assert_memory_equal(k.logger, "http.log.access.log0", 20);
	assert_memory_equal(k.msg, "handled request", 15);
	assert_int_equal(k.msg_len, 15);
	assert_memory_equal(k.json, "{\"request\": {\"method\": \"GET\"}}", k.json_len);
	/* the root logger has no name, and a line may have no fields */
	line = "2026/11/29 23:56:01.663\tinfo\tserving initial configuration";
	assert_int_equal(caddy_console_split(line, strlen(line), &clean, &k), 0);
	assert_int_equal(k.logger_len, 0);
	assert_null(k.json);
	assert_memory_equal(k.msg, "serving initial configuration", k.msg_len);
	line = "2026/11/29 23:56:01.663\tNOTICE\tx\ty";
	assert_int_equal(caddy_console_split(line, strlen(line), &clean, &k), -1);
	buf_release(&clean);
}

/* --- the parser, no --duration-unit ------------------------------------- */

struct fixture {
	const struct parser *p;
	void *state;
	struct capture cap;
	struct sink sink;
	int64_t lines[80], durations[80];
	int n;
};

static int keep_order(void *ctx, const struct record *rec, struct diag *err)
{
	struct fixture *f = (struct fixture *)((char *)ctx - offsetof(struct fixture, cap));

	if (rec->kind == REC_REQUEST || rec->kind == REC_REJECT) {
		f->lines[f->n] = rec->line;
		f->durations[f->n++] = rec->kind == REC_REQUEST ? rec->u.request.duration_us : -1;
	}
	return capture_emit(ctx, rec, err);
}

static const struct parse_opts opts = { .strip_prefix = "/api" };

static int setup(void **state)
{
	static struct fixture f;
	struct diag err = DIAG_INIT;

	memset(&f, 0, sizeof(f));
	f.p = parser_by_name("caddy");
	f.sink.emit = keep_order;
	f.sink.ctx = &f.cap;
	*state = &f;
	return f.p && f.p->open(&f.state, &opts, &err) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	f->p->close(f->state);
	capture_release(&f->cap);
	return 0;
}

static void feed(struct fixture *f, int64_t no, const char *text)
{
	struct diag err = DIAG_INIT;
	char *copy = strdup(text);
	struct line l = { .text = copy, .len = strlen(text), .no = no };

	assert_int_equal(f->p->line(f->state, &l, &f->sink, &err), 0);
	free(copy);
}

static void finish(struct fixture *f)
{
	struct diag err = DIAG_INIT;

	assert_int_equal(f->p->finish(f->state, &f->sink, &err), 0);
}

static void access_at(struct fixture *f, int64_t no, const char *ts, const char *duration)
{
	char line[512];

	snprintf(line, sizeof(line), "{\"ts\":%s,\"logger\":\"http.log.access.log0\","
		 "\"request\":{\"method\":\"GET\",\"uri\":\"/\"},\"status\":200,\"duration\":%s}",
		 ts, duration);
	feed(f, no, line);
}

static void access(struct fixture *f, int64_t no, const char *duration)
{
	access_at(f, no, "1795996561.5", duration);
}

static void test_eight_short_floats_are_milliseconds(void **state)
{
	struct fixture *f = *state;

	for (int i = 1; i <= 7; i++)
		access(f, i, "10057.123456");
	assert_int_equal(f->n, 0);              /* held: the unit is not known yet */
	access(f, 8, "2.5");
	assert_int_equal(f->n, 8);
	for (int i = 0; i < 7; i++) {
		assert_int_equal(f->lines[i], i + 1);
		assert_int_equal(f->durations[i], 10057123);   /* 10 s, not 10 057 s */
	}
	assert_int_equal(f->durations[7], 2500);
	access(f, 9, "1500");                   /* an integer: of the floats' unit */
	assert_int_equal(f->durations[8], 1500000);
}

static void test_nine_decimals_say_seconds(void **state)
{
	struct fixture *f = *state;

	access(f, 1, "0.000951");               /* a real seconds value, 6 decimals */
	feed(f, 2, "{\"level\":\"info\"}");    /* a reject keeps its place */
	access(f, 3, "0.004690603");
	assert_int_equal(f->n, 3);
	assert_int_equal(f->lines[0], 1);
	assert_int_equal(f->durations[0], 951);
	assert_int_equal(f->lines[1], 2);
	assert_int_equal(f->durations[1], -1);
	assert_int_equal(f->durations[2], 4691);
}

static void test_end_of_input_decides(void **state)
{
	struct fixture *f = *state;

	access(f, 1, "1502.05");
	access(f, 2, "2.5");
	access(f, 3, "3.25");
	finish(f);
	assert_int_equal(f->n, 3);
	assert_int_equal(f->durations[0], 1502050);
	assert_int_equal(f->cap.count[REC_WARNING], 0);   /* inferred right: no doubt */
}

static void test_one_short_float_stays_seconds(void **state)
{
	struct fixture *f = *state;

	access(f, 1, "0.5");
	finish(f);
	assert_int_equal(f->n, 1);
	assert_int_equal(f->durations[0], 500000);
}

/* Too few to decide by count: durations that, as seconds, outlast the
 * file's own 0.5 s are milliseconds; within its 2 s they stay seconds;
 * one of two over the span is not most of them. No doubt is said. */
static void test_durations_against_the_span(void **state)
{
	static const struct {
		const char *ts2, *d1, *d2;
		int64_t want1, want2;
	} cases[] = {
		{ "1795996562.0", "2.5", "3.25", 2500, 3250 },
		{ "1795996563.5", "0.25", "0.125", 250000, 125000 },
		{ "1795996562.0", "0.25", "3.25", 250000, 3250000 },
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag err = DIAG_INIT;

		f->p->close(f->state);
		assert_int_equal(f->p->open(&f->state, &opts, &err), 0);
		f->n = 0;
		access_at(f, 1, "1795996561.5", cases[i].d1);
		access_at(f, 2, cases[i].ts2, cases[i].d2);
		finish(f);
		assert_int_equal(f->n, 2);
		assert_int_equal(f->durations[0], cases[i].want1);
		assert_int_equal(f->durations[1], cases[i].want2);
		assert_int_equal(f->cap.count[REC_WARNING], 0);
	}
}

static void test_a_full_hold_decides(void **state)
{
	struct fixture *f = *state;

	access(f, 1, "1.5");
	for (int i = 2; i <= 70; i++)           /* rejects, held to keep the order */
		feed(f, i, "{\"level\":\"info\"}");
	assert_int_equal(f->n, 70);
	assert_int_equal(f->lines[0], 1);
	assert_int_equal(f->durations[0], 1500000);     /* one such float: seconds */
	for (int i = 1; i < 70; i++)
		assert_int_equal(f->lines[i], i + 1);
}

static void expect(struct fixture *f, const char *line, const char *reason)
{
	int before = f->cap.count[REC_REJECT];

	feed(f, 1, line);
	assert_int_equal(f->cap.count[REC_REJECT], before + 1);
	assert_string_equal(f->cap.last.u.reject.reason, reason);
}

#define HEAD "{\"ts\":1795996561.5,\"logger\":\"http.log.access.log0\","
#define REQ "\"request\":{\"method\":\"GET\",\"uri\":\"/\"},"

static void test_values_that_lie(void **state)
{
	struct fixture *f = *state;

	access(f, 1, "0.004690603");            /* the unit: seconds */
	expect(f, HEAD REQ "\"status\":99}", "field 'status' is out of range (100-599)");
	expect(f, HEAD REQ "\"status\":600}", "field 'status' is out of range (100-599)");
	expect(f, HEAD REQ "\"status\":-9223372036854775809}",
	       "field 'status' is out of range (100-599)");
	expect(f, HEAD REQ "\"status\":200,\"size\":9223372036854775808}",
	       "field 'size' is out of range");
	expect(f, HEAD REQ "\"status\":200,\"bytes_read\":-1}", "field 'bytes_read' is out of range");
	expect(f, HEAD REQ "\"status\":200,\"duration\":1e23}", "field 'duration' is not a duration");
	expect(f, HEAD REQ "\"status\":200,\"duration\":-0.5}", "field 'duration' is not a duration");
	expect(f, HEAD REQ "\"status\":200,\"duration\":86400.000000001}",
	       "field 'duration' is a day or more: another unit? (--duration-unit)");
	expect(f, HEAD "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"remote_ip\":5},\"status\":200}",
	       "field 'request.remote_ip' is not a string");
	expect(f, HEAD "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"host\":[\"h\"]},\"status\":200}",
	       "field 'request.host' is not a string");
	expect(f, HEAD "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"proto\":{}},\"status\":200}",
	       "field 'request.proto' is not a string");
	expect(f, HEAD "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"remote_port\":[1]},\"status\":200}",
	       "field 'request.remote_port' is not a string");
	expect(f, HEAD "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"remote_port\":\"99999\"},"
	       "\"status\":200}", "field 'request.remote_port' is not a port");
	expect(f, HEAD "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"headers\":[]},\"status\":200}",
	       "field 'request.headers' is not an object");
	expect(f, HEAD "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"headers\":\"x\"},\"status\":200}",
	       "field 'request.headers' is not an object");
	expect(f, HEAD "\"request\":\"GET /\",\"status\":200}", "field 'request' is not an object");
	expect(f, HEAD REQ "\"status\":200,\"resp_headers\":7}", "field 'resp_headers' is not an object");
	expect(f, HEAD "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"headers\":"
	       "{\"User-Agent\":7}},\"status\":200}", "field 'request.headers.User-Agent' is not a string");
	/* logger null, 123, [] is no access entry */
	expect(f, "{\"ts\":1795996561.5,\"logger\":null," REQ "\"status\":200}",
	       "field 'logger' is not a string");
	expect(f, "{\"ts\":1795996561.5,\"logger\":123," REQ "\"status\":200}",
	       "field 'logger' is not a string");
	expect(f, "{\"ts\":1795996561.5,\"logger\":[]," REQ "\"status\":200}",
	       "field 'logger' is not a string");
	/* an empty uri is a request to nowhere, not a crash (fuzz) */
	feed(f, 3, HEAD "\"request\":{\"method\":\"GET\",\"uri\":\"\"},\"status\":200}");
	assert_int_equal(f->cap.last.kind, REC_REQUEST);
	assert_string_equal(f->cap.last.u.request.uri, "");
	/* a header as a plain string, as other writers put it, is read */
	feed(f, 2, HEAD "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"headers\":"
	     "{\"User-Agent\":\"curl/8\",\"X-Request-Id\":\"r-1\"}},\"status\":0}");
	assert_int_equal(f->cap.last.kind, REC_REQUEST);
	assert_string_equal(f->cap.last.u.request.user_agent, "curl/8");
	assert_string_equal(f->cap.last.u.request.request_id, "r-1");
	assert_int_equal(f->cap.last.u.request.status, 0);     /* the client went away */
}

static void test_console_proxy_events(void **state)
{
	struct fixture *f = *state;

	feed(f, 1, "2026/11/29 23:56:01.663\tINFO\tserving initial configuration");
	assert_int_equal(f->cap.last.kind, REC_PROXY_EVENT);
	assert_null(f->cap.last.u.proxy_event.logger);
	assert_string_equal(f->cap.last.u.proxy_event.level, "info");
	assert_string_equal(f->cap.last.u.proxy_event.msg, "serving initial configuration");
	assert_string_equal(f->cap.last.u.proxy_event.fields_json, "{}");
	assert_int_equal(f->cap.last.u.proxy_event.ts_us, INT64_C(1795996561663000));
	feed(f, 2, "2026/11/29 23:56:01.663\t\x1b[31mERROR\x1b[0m\thttp.log.error.log0\tdial tcp: "
	     "refused\t{\"request\": {\"uri\": \"/x?token=abc\"}, \"duration\": 0.000951}");
	assert_int_equal(f->cap.last.kind, REC_PROXY_EVENT);
	assert_string_equal(f->cap.last.u.proxy_event.logger, "http.log.error.log0");
	assert_string_equal(f->cap.last.u.proxy_event.level, "error");
	assert_string_equal(f->cap.last.u.proxy_event.fields_json,
			    "{\"request\":{\"uri\":\"/x?token=REDACTED\"},\"duration\":0.000951}");
}

static void test_probe_by_parsing(void **state)
{
	const struct parser *p = parser_by_name("caddy");
	const char *spaced = "{ \"level\" : \"info\", \"ts\" : 1795996561.5, \"logger\" : "
			     "\"http.log.access.log0\", \"msg\": \"handled request\" }";
	const char *console = "2026/11/29 23:56:01.663\t\x1b[34mINFO\x1b[0m\thttp.log.access.log0\t"
			      "handled request\t{\"request\": {}}";

	(void)state;
	assert_int_equal(p->probe(spaced, strlen(spaced)), 90);
	assert_int_equal(p->probe(console, strlen(console)), 90);
	assert_int_equal(p->probe("{\"timestamp\": \"x\", \"ts\": 1}", 28), 0);
	assert_int_equal(p->probe("a\tinfo\tb", 8), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_forms),
		cmocka_unit_test(test_duration_forms),
		cmocka_unit_test(test_console_split),
		cmocka_unit_test_setup_teardown(test_eight_short_floats_are_milliseconds, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nine_decimals_say_seconds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_of_input_decides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_short_float_stays_seconds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_durations_against_the_span, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_full_hold_decides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_that_lie, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_proxy_events, setup, teardown),
		cmocka_unit_test(test_probe_by_parsing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
