/* test_caddy.c - the Caddy parser on single lines: values, forms, rejects. */
#include "cmocka_include.h"

#include <stdio.h>
#include <string.h>

#include "capture.h"
#include "parse/parser.h"

/* hand-written lines have short float durations: their unit is said */
static const struct parse_opts opts = { .strip_prefix = "/api", .duration_unit = "s" };

struct fixture {
	const struct parser *p;
	void *state;
	struct capture cap;
	struct sink sink;
};

static int setup(void **state)
{
	static struct fixture f;
	struct diag err = DIAG_INIT;

	memset(&f, 0, sizeof(f));
	f.p = parser_by_name("caddy");
	f.sink.emit = capture_emit;
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

/* Feeds one line; returns the kind of record it gave. */
static enum record_kind feed(struct fixture *f, const char *text)
{
	struct diag err = DIAG_INIT;
	char *copy = strdup(text);
	struct line l = { .text = copy, .len = strlen(text), .no = 7, .off = 0 };
	int before = f->cap.count[REC_REQUEST] + f->cap.count[REC_PROXY_EVENT] +
		     f->cap.count[REC_REJECT];

	assert_int_equal(f->p->line(f->state, &l, &f->sink, &err), 0);
	free(copy);
	assert_int_equal(f->cap.count[REC_REQUEST] + f->cap.count[REC_PROXY_EVENT] +
			 f->cap.count[REC_REJECT], before + 1);
	return f->cap.last.kind;
}

/* A real Caddy 2.6.2 line (testdata/caddy/access.log), with redaction bait added. */
#define REAL_LINE \
	"{\"level\":\"info\",\"ts\":1795993413.8059893,\"logger\":\"http.log.access.log0\"," \
	"\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"127.0.0.1\",\"remote_port\":\"43966\"," \
	"\"proto\":\"HTTP/1.1\",\"method\":\"POST\",\"host\":\"127.0.0.1:18080\"," \
	"\"uri\":\"/api/guilds/01HZX3K7Q8W2N5R4T6Y9B1C3D5/messages?token=abc123&limit=50\"," \
	"\"headers\":{\"Accept\":[\"*/*\"],\"Cf-Connecting-Ip\":[\"203.0.113.7\"]," \
	"\"X-Forwarded-For\":[\"10.0.0.5\",\"203.0.113.7\"],\"User-Agent\":[\"ua <script>\"]," \
	"\"X-Request-Id\":[\"incoming-id\"],\"Authorization\":[\"Bearer s\"]}}," \
	"\"user_id\":\"\",\"duration\":10.060314519,\"size\":2,\"status\":408," \
	"\"resp_headers\":{\"X-Request-Id\":[\"123fb2cc-b8a1-4849-80ca-0538ff10e99b\"]}}"

static void test_access_line_values(void **state)
{
	struct fixture *f = *state;
	const struct request_rec *r;

	assert_int_equal(feed(f, REAL_LINE), REC_REQUEST);
	r = &f->cap.last.u.request;
	assert_int_equal(f->cap.last.line, 7);
	assert_int_equal(r->end_us, INT64_C(1795993413805989));
	assert_int_equal(r->duration_us, 10060315);
	assert_int_equal(r->start_us, INT64_C(1795993413805989) - 10060315);
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->uri, "/api/guilds/01HZX3K7Q8W2N5R4T6Y9B1C3D5/messages?token=REDACTED&limit=50");
	assert_string_equal(r->route, "/guilds/{id}/messages");
	assert_int_equal(r->status, 408);
	assert_int_equal(r->size, 2);
	assert_int_equal(r->bytes_read, RECORD_NONE);
	assert_int_equal(r->remote_port, 43966);
	assert_null(r->client_ip);
	assert_string_equal(r->cf_connecting_ip, "203.0.113.7");
	assert_string_equal(r->x_forwarded_for, "10.0.0.5, 203.0.113.7");
	assert_string_equal(r->user_agent, "ua <script>");
	/* the response's id wins over the incoming one */
	assert_string_equal(r->request_id, "123fb2cc-b8a1-4849-80ca-0538ff10e99b");
}

static void test_time_and_duration_forms(void **state)
{
	struct fixture *f = *state;
	const struct request_rec *r = &f->cap.last.u.request;

	assert_int_equal(feed(f, "{\"ts\":\"2026-11-29T23:03:33.805Z\",\"logger\":\"http.log.access\","
			      "\"request\":{\"method\":\"GET\",\"uri\":\"/\"},\"status\":200,"
			      "\"duration\":\"1.5s\"}"), REC_REQUEST);
	assert_int_equal(r->end_us, INT64_C(1795993413805000));
	assert_int_equal(r->duration_us, 1500000);
	assert_int_equal(feed(f, "{\"ts\":1795993413805989312,\"logger\":\"http.log.access\","
			      "\"request\":{\"method\":\"GET\",\"uri\":\"/\"},\"status\":200,"
			      "\"duration\":1500000000}"), REC_REQUEST);
	assert_int_equal(r->end_us, INT64_C(1795993413805989));
	assert_int_equal(r->duration_us, 1500000);
	/* no request id anywhere: NULL, and the incoming one when alone */
	assert_null(r->request_id);
	assert_int_equal(feed(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access.x\","
			      "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"headers\":"
			      "{\"x-request-id\":[\"in-1\"]}},\"status\":200,\"duration\":0.5}"), REC_REQUEST);
	assert_string_equal(r->request_id, "in-1");
	assert_int_equal(r->start_us, INT64_C(1795993413000000));
	/* header names in any case; a name one letter off, or the request's
	 * fields inside a header map, are not those fields */
	assert_int_equal(feed(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access\","
			      "\"request\":{\"method\":\"GET\",\"uri\":\"/\",\"headers\":"
			      "{\"USER-AGENT\":[\"ua\"],\"x-Forwarded-FOR\":[\"10.0.0.1\"],"
			      "\"X-Real-Ipx\":[\"nope\"],\"X_Real_Ip\":[\"nope\"],\"method\":[\"PUT\"]}},"
			      "\"resp_headers\":{\"x-REQUEST-id\":[\"out-1\"]},\"status\":200}"),
			 REC_REQUEST);
	assert_string_equal(r->user_agent, "ua");
	assert_string_equal(r->x_forwarded_for, "10.0.0.1");
	assert_null(r->x_real_ip);
	assert_string_equal(r->method, "GET");
	assert_string_equal(r->request_id, "out-1");
}

static void test_other_loggers_are_proxy_events(void **state)
{
	struct fixture *f = *state;
	const struct proxy_event_rec *e = &f->cap.last.u.proxy_event;

	assert_int_equal(feed(f, "{\"level\":\"error\",\"ts\":1795993420.25,\"logger\":"
			      "\"http.log.error.log0\",\"msg\":\"dial tcp 127.0.0.1:18081: connect: "
			      "connection refused\",\"request\":{\"uri\":\"/api/x?password=p\",\"headers\":"
			      "{\"Cookie\":[\"s=1\"]}},\"status\":502}"), REC_PROXY_EVENT);
	assert_string_equal(e->logger, "http.log.error.log0");
	assert_string_equal(e->level, "error");
	assert_int_equal(e->ts_us, INT64_C(1795993420250000));
	assert_non_null(strstr(e->fields_json, "\"uri\":\"/api/x?password=REDACTED\""));
	assert_non_null(strstr(e->fields_json, "\"Cookie\":[\"REDACTED\"]"));
	assert_null(strstr(e->fields_json, "s=1"));
	/* Caddy's root logger writes no logger name */
	assert_int_equal(feed(f, "{\"level\":\"info\",\"ts\":1795993413.75,\"msg\":\"serving initial "
			      "configuration\"}"), REC_PROXY_EVENT);
	assert_null(e->logger);
}

static void expect_reject(struct fixture *f, const char *line, const char *reason)
{
	assert_int_equal(feed(f, line), REC_REJECT);
	assert_string_equal(f->cap.last.u.reject.reason, reason);
}

static void test_reject_reasons(void **state)
{
	struct fixture *f = *state;

	expect_reject(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access\",\"request\":{\"meth",
		      "truncated JSON");
	expect_reject(f, "<html>not json</html>",
		      "invalid JSON: unexpected character where a value belongs at byte 1");
	expect_reject(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access\"} {}",
		      "invalid JSON: more text after the JSON value at byte 48");
	/* strict UTF-8: an overlong '/' and an encoded surrogate, which yajl let through */
	expect_reject(f, "{\"ts\":1795993413.5,\"msg\":\"\xc0\xaf\"}", "invalid UTF-8");
	expect_reject(f, "{\"ts\":1795993413.5,\"msg\":\"\xed\xa0\x80\"}", "invalid UTF-8");
	/* a line cut inside a multi-byte character is truncated, not bad UTF-8 */
	expect_reject(f, "{\"ts\":1795993413.5,\"msg\":\"\xe2\x82", "truncated JSON");
	expect_reject(f, "[1,2]", "not a JSON object");
	expect_reject(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access\",\"request\":{\"method\":"
		      "\"GET\",\"uri\":\"/\"},\"status\":\"200\"}", "field 'status' is not an integer");
	expect_reject(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access\",\"status\":200}",
		      "missing field 'request.method'");
	expect_reject(f, "{\"logger\":\"http.log.access\",\"request\":{\"method\":\"GET\",\"uri\":\"/\"},"
		      "\"status\":200}", "missing field 'ts'");
	expect_reject(f, "{\"ts\":\"yesterday\",\"logger\":\"http.log.access\",\"request\":{\"method\":"
		      "\"GET\",\"uri\":\"/\"},\"status\":200}", "field 'ts' is not a time");
	expect_reject(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access\",\"request\":{\"method\":"
		      "\"GET\",\"uri\":\"/\"},\"status\":200,\"duration\":\"soon\"}",
		      "field 'duration' is not a duration");
	expect_reject(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access\",\"request\":{\"method\":"
		      "\"GET\",\"uri\":\"/\xff\"},\"status\":200}", "invalid UTF-8");
	assert_string_equal(f->cap.last.u.reject.excerpt,
			    "{\"ts\":1795993413.5,\"logger\":\"http.log.access\",\"request\":{\"method\":"
			    "\"GET\",\"uri\":\"/\\xff\"},\"status\":200}");
	expect_reject(f, "{\"level\":\"info\"}", "not a Caddy log entry (no logger, ts or msg)");
}

/* status, size and bytes_read as strtoll() read them: every integer that
 * fits, no fraction or exponent, the range after the digits' own overflow. */
static void test_integer_fields(void **state)
{
	static const struct {
		const char *size;       /* the JSON number of "size" */
		int64_t want;           /* RECORD_NONE: rejected with WHY */
		const char *why;
	} cases[] = {
		{ "0", 0, NULL },
		{ "-0", 0, NULL },
		{ "1234567", 1234567, NULL },
		{ "9223372036854775807", INT64_MAX, NULL },
		{ "9223372036854775808", RECORD_NONE, "field 'size' is out of range" },
		{ "99999999999999999999999", RECORD_NONE, "field 'size' is out of range" },
		{ "-1", RECORD_NONE, "field 'size' is out of range" },
		{ "-9223372036854775808", RECORD_NONE, "field 'size' is out of range" },
		{ "2.5", RECORD_NONE, "field 'size' is not an integer" },
		{ "99999999999999999999999.5", RECORD_NONE, "field 'size' is not an integer" },
		{ "1e3", RECORD_NONE, "field 'size' is not an integer" },
		{ "12E0", RECORD_NONE, "field 'size' is not an integer" },
	};
	struct fixture *f = *state;
	char line[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(line, sizeof(line), "{\"ts\":1795993413.5,\"logger\":\"http.log.access\","
			 "\"request\":{\"method\":\"GET\",\"uri\":\"/\"},\"status\":599,\"size\":%s}",
			 cases[i].size);
		if (cases[i].why) {
			expect_reject(f, line, cases[i].why);
			continue;
		}
		assert_int_equal(feed(f, line), REC_REQUEST);
		assert_int_equal(f->cap.last.u.request.size, cases[i].want);
		assert_int_equal(f->cap.last.u.request.status, 599);
	}
	expect_reject(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access\",\"request\":{\"method\":"
		      "\"GET\",\"uri\":\"/\"},\"status\":600}", "field 'status' is out of range (100-599)");
	expect_reject(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access\",\"request\":{\"method\":"
		      "\"GET\",\"uri\":\"/\"},\"status\":99}", "field 'status' is out of range (100-599)");
	assert_int_equal(feed(f, "{\"ts\":1795993413.5,\"logger\":\"http.log.access\",\"request\":"
			      "{\"method\":\"GET\",\"uri\":\"/\"},\"status\":0,\"bytes_read\":-0}"),
			 REC_REQUEST);
	assert_int_equal(f->cap.last.u.request.status, 0);
	assert_int_equal(f->cap.last.u.request.bytes_read, 0);
	assert_int_equal(f->cap.last.u.request.size, RECORD_NONE);
}

static void test_too_long_line(void **state)
{
	struct fixture *f = *state;
	struct diag err = DIAG_INIT;
	char text[] = "{\"ts\":1";
	struct line l = { .text = text, .len = strlen(text), .no = 3, .too_long = 1 };

	assert_int_equal(f->p->line(f->state, &l, &f->sink, &err), 0);
	assert_int_equal(f->cap.last.kind, REC_REJECT);
	assert_string_equal(f->cap.last.u.reject.reason, "line longer than 1048576 bytes");
}

static void test_blank_line_is_nothing(void **state)
{
	struct fixture *f = *state;
	struct diag err = DIAG_INIT;
	char text[] = "  \t";
	struct line l = { .text = text, .len = 3, .no = 1 };

	assert_int_equal(f->p->line(f->state, &l, &f->sink, &err), 0);
	assert_int_equal(f->cap.count[REC_REJECT] + f->cap.count[REC_REQUEST], 0);
}

static void test_probe(void **state)
{
	const struct parser *p = parser_by_name("caddy");

	(void)state;
	assert_true(p->probe(REAL_LINE, strlen(REAL_LINE)) >= 50);
	assert_int_equal(p->probe("2024-01-01 INFO hello", 21), 0);
	assert_int_equal(p->probe("{\"timestamp\":\"2024\",\"level\":\"INFO\"}", 35), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_access_line_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_and_duration_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_loggers_are_proxy_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reject_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integer_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_long_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_line_is_nothing, setup, teardown),
		cmocka_unit_test(test_probe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
