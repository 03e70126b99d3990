/* test_redact.c - credentials are replaced, everything else kept. */
#include "cmocka_include.h"

#include <string.h>

#include "parse/redact.h"

static void test_query_params(void **state)
{
	struct buf b;
	const char *q = "token=abc123&limit=50&password=hunter2&api_key=K&q=hello%20world&Secret=x&flag";

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(redact_query(&b, q, strlen(q)), 0);
	assert_string_equal(buf_str(&b), "token=REDACTED&limit=50&password=REDACTED&api_key=REDACTED"
			    "&q=hello%20world&Secret=REDACTED&flag");
	buf_release(&b);
}

static void test_uri_keeps_path_and_fragment(void **state)
{
	struct buf b;
	const char *u = "/api/x?access_token=t#frag";

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(redact_uri(&b, u, strlen(u)), 0);
	assert_string_equal(buf_str(&b), "/api/x?access_token=REDACTED#frag");
	buf_reset(&b);
	assert_int_equal(redact_uri(&b, "/plain", 6), 0);
	assert_string_equal(buf_str(&b), "/plain");
	buf_release(&b);
}

static void test_headers(void **state)
{
	(void)state;
	assert_true(redact_is_secret_header("Authorization", 13));
	assert_true(redact_is_secret_header("cookie", 6));
	assert_true(redact_is_secret_header("Set-Cookie", 10));
	assert_true(redact_is_secret_header("Proxy-Authorization", 19));
	assert_false(redact_is_secret_header("User-Agent", 10));
	assert_false(redact_is_secret_header("Cookies-Enabled", 15));
}

/* The one list of secret field names, as JSON copies and tracing fields
 * both use it: a substring anywhere in the name, ASCII case folded, or a
 * secret header name; "key" alone is a broadcast key, not a secret. */
static void test_secret_names(void **state)
{
	static const char *const secret[] = {
		"token", "access_token", "X-Auth-Token", "ToKeN", "password", "Password",
		"USER_PASSWORD", "passwd", "secret", "client_secret", "api_key", "API_KEY",
		"apikey", "private_key", "access_key", "authorization", "Authorization",
		"proxy-authorization", "cookie", "Set-Cookie", "Cookies-Enabled", "x-api-key",
		"X-API-KEY", "x-csrf-token", "token_ms",        /* tracing exempts numeric durations */
	};
	static const char *const kept[] = {
		"", "key", "Key", "monkey", "route", "client_ip", "username", "event", "content",
		"listener_count", "ack_wait_ms", "x-api-key-id", "signature", "credential",
		"pass", "tok", "secre", "api-key",
	};
	char longname[200];

	(void)state;
	for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++)
		if (!redact_is_secret_name(secret[i], strlen(secret[i])))
			fail_msg("'%s' is not redacted", secret[i]);
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (redact_is_secret_name(kept[i], strlen(kept[i])))
			fail_msg("'%s' is redacted", kept[i]);
	/* the length is the name's: "token" past it does not count */
	assert_false(redact_is_secret_name("tokenizer", 3));
	assert_true(redact_is_secret_name("my_tokenizer", 8));
	/* only the first 127 bytes are looked at */
	memset(longname, 'x', sizeof(longname));
	memcpy(longname + 122, "token", 5);
	assert_true(redact_is_secret_name(longname, sizeof(longname)));
	memset(longname, 'x', sizeof(longname));
	memcpy(longname + 123, "token", 5);
	assert_false(redact_is_secret_name(longname, sizeof(longname)));
}

static void test_json_copy(void **state)
{
	struct buf b;
	const char *in = "{\"request\":{\"uri\":\"/a?token=t&x=1\",\"headers\":{\"Authorization\":"
			 "[\"Bearer s\"],\"Cookie\":[\"a=b\",\"c=d\"],\"Accept\":[\"*/*\"]}},"
			 "\"password\":\"p\",\"key\":\"guild:1\",\"n\":1.5,\"ok\":true,\"z\":null}";

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(redact_json(&b, in, strlen(in)), 0);
	assert_string_equal(buf_str(&b),
			    "{\"request\":{\"uri\":\"/a?token=REDACTED&x=1\",\"headers\":{\"Authorization\":"
			    "[\"REDACTED\"],\"Cookie\":[\"REDACTED\",\"REDACTED\"],\"Accept\":[\"*/*\"]}},"
			    "\"password\":\"REDACTED\",\"key\":\"guild:1\",\"n\":1.5,\"ok\":true,\"z\":null}");
	buf_reset(&b);
	assert_int_equal(redact_json(&b, "{\"a\":", 5), -1);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_params),
		cmocka_unit_test(test_uri_keeps_path_and_fragment),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_secret_names),
		cmocka_unit_test(test_json_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
