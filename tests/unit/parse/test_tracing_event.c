/* test_tracing_event.c - the event builder's rules that must agree with
 * the rest of the tool: secret field names as redact_json() has them. */
#include "cmocka_include.h"

#include "parse/redact.h"
#include "tracing_feed.h"

static void test_secret_names_agree_with_redact_json(void **state)
{
	static const char *const names[] = {
		"password", "Password", "user_password", "passwd", "token", "access_token",
		"refresh_token", "secret", "client_secret", "api_key", "apikey", "private_key",
		"access_key", "authorization", "Authorization", "cookie", "set-cookie",
		"x-api-key", "key", "route", "client_ip", "username", "event", "listener_count",
		"ack_wait_ms", "content",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char in[256], ev[512];
		struct buf b;
		char *got;
		int by_redact, by_tracing;

		snprintf(in, sizeof(in), "{\"%s\":\"v\"}", names[i]);
		buf_init(&b, 4096);
		assert_int_equal(redact_json(&b, in, strlen(in)), 0);
		by_redact = strstr(buf_str(&b), REDACTED) != NULL;
		buf_release(&b);
		snprintf(ev, sizeof(ev), "{\"timestamp\":\"2026-11-29T23:09:13Z\",\"level\":\"INFO\","
			 "\"fields\":%s}", in);
		got = feed_tracing(ev);
		by_tracing = strstr(got, REDACTED) != NULL;
		free(got);
		if (by_redact != by_tracing)
			fail_msg("'%s': redact_json %d, tracing %d", names[i], by_redact, by_tracing);
	}
}

/* Durations are never secrets: a numeric *_ms named like one stays. */
static void test_ms_fields_kept(void **state)
{
	char *got;

	(void)state;
	got = feed_tracing("{\"timestamp\":\"2026-11-29T23:09:13Z\",\"level\":\"INFO\",\"fields\":"
			   "{\"token_ms\":\"12\",\"x_ms\":\"n/a\",\"y_ms\":1.5,\"retry_after_ms\":60000}}");
	assert_non_null(strstr(got, "fields={\"token_ms\":12,\"x_ms\":\"n/a\",\"y_ms\":1.5,"
			       "\"retry_after_ms\":60000}"));
	assert_non_null(strstr(got, "P 1 - token=12\nP 1 - y=1.5\nP 1 - retry_after=60000\n"));
	assert_null(strstr(got, " x="));
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_names_agree_with_redact_json),
		cmocka_unit_test(test_ms_fields_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
