/* test_redact_forms.c - each form a credential reached the database in
 * (issue 17 #12), one test each: percent-encoded names, jwt/auth/session
 * parameters, fragments, matrix parameters, a JWT as a path segment (in
 * uri and route), bearer tokens in messages, nested tracing header keys,
 * and reject excerpts. */
#include "cmocka_include.h"

#include <stdio.h>
#include <string.h>

#include "capture.h"
#include "parse/parser.h"
#include "parse/redact.h"

#define JWT "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl"

static char out[8192];

static const char *uri(const char *u)
{
	struct buf b;

	buf_init(&b, sizeof(out));
	assert_int_equal(redact_uri(&b, u, strlen(u)), 0);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_release(&b);
	return out;
}

static const char *text(const char *t)
{
	struct buf b;

	buf_init(&b, sizeof(out));
	assert_int_equal(redact_text(&b, t, strlen(t)), 0);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_release(&b);
	return out;
}

static void test_percent_encoded_names(void **state)
{
	(void)state;
	assert_string_equal(uri("/x?tok%65n=abc&pass%77ord=hunter2&q=1"),
			    "/x?tok%65n=REDACTED&pass%77ord=REDACTED&q=1");
	assert_string_equal(uri("/x?%74oken=abc"), "/x?%74oken=REDACTED");
	assert_true(redact_is_secret_name("pass%77ord", 10));
}

static void test_more_parameter_names(void **state)
{
	(void)state;
	assert_string_equal(uri("/x?jwt=a.b.c&auth=xyz&session=s1&author=bob&sig=9"),
			    "/x?jwt=REDACTED&auth=REDACTED&session=REDACTED&author=bob&sig=REDACTED");
}

static void test_fragment(void **state)
{
	(void)state;
	assert_string_equal(uri("/cb#access_token=abc&token_type=bearer&state=1"),
			    "/cb#access_token=REDACTED&token_type=REDACTED&state=1");
	assert_string_equal(uri("/cb?x=1#frag"), "/cb?x=1#frag");
}

static void test_matrix_parameters(void **state)
{
	(void)state;
	assert_string_equal(uri("/files;token=abc;v=2/list"), "/files;token=REDACTED;v=2/list");
	assert_string_equal(uri("/a;jsessionid=XYZ?q=1"), "/a;jsessionid=REDACTED?q=1");
}

static void test_jwt_in_path(void **state)
{
	(void)state;
	assert_string_equal(uri("/api/verify/" JWT "/done"), "/api/verify/REDACTED/done");
	assert_string_equal(uri("/api/x?next=/y/" JWT), "/api/x?next=/y/REDACTED");
	assert_string_equal(uri("/api/users/12345"), "/api/users/12345");
}

static void test_messages(void **state)
{
	(void)state;
	assert_string_equal(text("login with Authorization: Bearer abcdef123456789 failed"),
			    "login with Authorization: Bearer REDACTED failed");
	assert_string_equal(text("token " JWT " expired"), "token REDACTED expired");
	assert_string_equal(text("{\"user\":\"a\",\"password\": \"hun\\\"ter2\",\"n\":1}"),
			    "{\"user\":\"a\",\"password\": \"REDACTED\",\"n\":1}");
	assert_string_equal(text("retry password=hunter2 user=bob"), "retry password=REDACTED user=bob");
	assert_string_equal(text("ok, api_key: \"k1\", key: x"), "ok, api_key: \"REDACTED\", key: x");
	assert_string_equal(text("GET /x?key=k1&keyboard=2 HTTP/1.1"),
			    "GET /x?key=REDACTED&keyboard=REDACTED HTTP/1.1");
	assert_string_equal(text("a plain message, 10 ms"), "a plain message, 10 ms");
}

/* One line through a parser; the last record it emitted. */
static const struct record *run(const char *parser, const char *line, struct capture *cap)
{
	static const struct parse_opts opts = { .strip_prefix = "/api", .duration_unit = "s" };
	const struct parser *p = parser_by_name(parser);
	struct sink sink = { capture_emit, cap };
	struct diag err = DIAG_INIT;
	char *copy = strdup(line);
	struct line l = { .text = copy, .len = strlen(line), .no = 1 };
	void *st;

	assert_int_equal(p->open(&st, &opts, &err), 0);
	assert_int_equal(p->line(st, &l, &sink, &err), 0);
	assert_int_equal(p->finish(st, &sink, &err), 0);
	p->close(st);
	free(copy);
	return &cap->last;
}

static void test_caddy_uri_and_route(void **state)
{
	struct capture cap = { 0 };
	const struct record *r = run("caddy", "{\"ts\":1795996561.5,\"logger\":\"http.log.access\","
				     "\"request\":{\"method\":\"GET\",\"uri\":\"/api/verify/" JWT
				     ";token=t1?jwt=a.b.c\"},\"status\":200,\"duration\":0.5}", &cap);

	(void)state;
	assert_int_equal(r->kind, REC_REQUEST);
	assert_string_equal(r->u.request.uri, "/api/verify/REDACTED;token=REDACTED?jwt=REDACTED");
	assert_string_equal(r->u.request.route, "/verify/REDACTED;token=REDACTED");
	capture_release(&cap);
}

static void test_reject_excerpts(void **state)
{
	struct capture cap = { 0 };
	const struct record *r;

	(void)state;
	r = run("caddy", "{\"ts\":1795996561.5,\"logger\":\"http.log.access\",\"request\":{\"uri\":"
		"\"/login?token=abc123\",\"password\":\"hunter2\"", &cap);
	assert_int_equal(r->kind, REC_REJECT);
	assert_string_equal(r->u.reject.reason, "truncated JSON");
	assert_null(strstr(r->u.reject.excerpt, "abc123"));
	assert_null(strstr(r->u.reject.excerpt, "hunter2"));
	capture_release(&cap);
	r = run("tracing", "{\"timestamp\":\"2026-11-29T23:55:51Z\",\"level\":\"INFO\",\"fields\":"
		"{\"message\":\"Bearer abcdefgh12345678\",\"api_key\":\"K9\"", &cap);
	assert_int_equal(r->kind, REC_REJECT);
	assert_null(strstr(r->u.reject.excerpt, "abcdefgh12345678"));
	assert_null(strstr(r->u.reject.excerpt, "K9"));
	capture_release(&cap);
}

static void test_tracing_nested_keys(void **state)
{
	struct capture cap = { 0 };
	const struct record *r = run("tracing", "{\"timestamp\":\"2026-11-29T23:55:51Z\",\"level\":"
				     "\"INFO\",\"fields\":{\"message\":\"auth with " JWT "\","
				     "\"req\":{\"headers\":{\"authorization\":\"Bearer s3cr3t-value\","
				     "\"x-api-key\":\"k-123\",\"accept\":\"*/*\"}},"
				     "\"note\":\"sent Bearer abcdefghijkl\"},\"target\":\"t\"}", &cap);

	(void)state;
	assert_int_equal(r->kind, REC_EVENT);
	assert_string_equal(r->u.event.message, "auth with REDACTED");
	assert_string_equal(r->u.event.fields_json,
			    "{\"req\":{\"headers\":{\"authorization\":\"REDACTED\",\"x-api-key\":"
			    "\"REDACTED\",\"accept\":\"*/*\"}},\"note\":\"sent Bearer REDACTED\"}");
	capture_release(&cap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percent_encoded_names),
		cmocka_unit_test(test_more_parameter_names),
		cmocka_unit_test(test_fragment),
		cmocka_unit_test(test_matrix_parameters),
		cmocka_unit_test(test_jwt_in_path),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_caddy_uri_and_route),
		cmocka_unit_test(test_reject_excerpts),
		cmocka_unit_test(test_tracing_nested_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
