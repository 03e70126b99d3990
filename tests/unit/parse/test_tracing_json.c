/* test_tracing_json.c - fmt().json() lines (real ones from testdata/tracing)
 * -> exact stored values, phases and rejects. */
#include "cmocka_include.h"

#include "tracing_feed.h"

/* json/nested.log 35: the handler span's field "name" and its own name
 * share a key; the request id is only in spans[0]. */
static void test_duplicate_name_and_request_in_spans0(void **state)
{
	(void)state;
	expect("{\"timestamp\":\"2026-11-29T23:09:13.805341Z\",\"level\":\"DEBUG\",\"fields\":{"
	       "\"message\":\"row committed\",\"event\":\"db.write\",\"table\":\"guilds\","
	       "\"id\":\"01HZX8V2K7Q4M9T3B6N1C5D8EF\",\"created_at_unix\":1717243261,\"rows\":1},"
	       "\"target\":\"filament_server::db\",\"span\":{\"name\":\"create_guild\",\"name\":\"handler\"},"
	       "\"spans\":[{\"method\":\"POST\",\"request_id\":\"2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d\","
	       "\"uri\":\"/guilds\",\"version\":\"HTTP/1.1\",\"name\":\"request\"},"
	       "{\"name\":\"create_guild\",\"name\":\"handler\"}]}\n",
	       "E 1 ts=1795993753805341 wts=-9223372036854775808 DEBUG filament_server::db "
	       "name=db.write msg=row committed fields={\"event\":\"db.write\",\"table\":\"guilds\","
	       "\"id\":\"01HZX8V2K7Q4M9T3B6N1C5D8EF\",\"created_at_unix\":1717243261,\"rows\":1} "
	       "span=handler {\"name\":\"create_guild\"} spans=[{\"name\":\"request\",\"fields\":"
	       "{\"method\":\"POST\",\"request_id\":\"2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d\","
	       "\"uri\":\"/guilds\",\"version\":\"HTTP/1.1\"}},{\"name\":\"handler\",\"fields\":"
	       "{\"name\":\"create_guild\"}}] rid=2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d method=POST "
	       "uri=/guilds start=0 thread=- tid=- file=-:-9223372036854775808\n");
}

/* json/flat.log 57: flatten_event, u128 *_ms as strings -> numbers and phases. */
static void test_flat_u128_phases(void **state)
{
	(void)state;
	expect("{\"timestamp\":\"2026-11-29T23:09:13.814631Z\",\"level\":\"DEBUG\","
	       "\"event\":\"debug.search.enqueue_search_command.timing\",\"wait_for_apply\":true,"
	       "\"send_ms\":\"0\",\"ack_wait_ms\":\"4631\",\"total_ms\":\"4631\","
	       "\"target\":\"filament_server::search\",\"span\":{\"ack_wait\":4631,"
	       "\"channel_id\":\"01HZX9C3M4R8T2V6B1N5Q7W0YA\",\"send\":0,\"wait_for_apply\":true,"
	       "\"name\":\"enqueue_search_command\"}}",
	       "E 1 ts=1795993753814631 wts=-9223372036854775808 DEBUG filament_server::search "
	       "name=debug.search.enqueue_search_command.timing msg=- fields={\"event\":"
	       "\"debug.search.enqueue_search_command.timing\",\"wait_for_apply\":true,"
	       "\"send_ms\":0,\"ack_wait_ms\":4631,\"total_ms\":4631} span=enqueue_search_command "
	       "{\"ack_wait\":4631,\"channel_id\":\"01HZX9C3M4R8T2V6B1N5Q7W0YA\",\"send\":0,"
	       "\"wait_for_apply\":true} spans=- rid=- method=- uri=- start=0 thread=- tid=- "
	       "file=-:-9223372036854775808\n"
	       "P 1 debug.search.enqueue_search_command.timing send=0\n"
	       "P 1 debug.search.enqueue_search_command.timing ack_wait=4631\n"
	       "P 1 debug.search.enqueue_search_command.timing total=4631\n");
}

/* json/nospan.log 1: threads, file and line; db.init is a process start. */
static void test_nospan_thread_file_start(void **state)
{
	(void)state;
	expect("{\"timestamp\":\"2026-11-29T23:09:13.819450Z\",\"level\":\"INFO\",\"fields\":{"
	       "\"message\":\"database pool ready\",\"event\":\"db.init\",\"max_connections\":16,"
	       "\"migrations_applied\":23,\"database\":\"filament\"},\"target\":\"filament_server::db\","
	       "\"filename\":\"src/main.rs\",\"line_number\":194,\"threadName\":\"main\","
	       "\"threadId\":\"ThreadId(1)\"}",
	       "E 1 ts=1795993753819450 wts=-9223372036854775808 INFO filament_server::db "
	       "name=db.init msg=database pool ready fields={\"event\":\"db.init\","
	       "\"max_connections\":16,\"migrations_applied\":23,\"database\":\"filament\"} "
	       "span=- - spans=- rid=- method=- uri=- start=1 thread=main tid=ThreadId(1) "
	       "file=src/main.rs:194\n");
}

/* json/offset.log and utctime.log times; "listening" (flat.log 3) is a start. */
static void test_times_and_listening(void **state)
{
	char *got;

	(void)state;
	got = feed_tracing("{\"timestamp\":\"2026-11-30T01:09:13.834347061+02:00\",\"level\":\"INFO\","
			   "\"fields\":{\"x\":1}}\n"
			   "{\"timestamp\":\"2026-11-29T23:09:13.82592742Z\",\"level\":\"INFO\"}\n"
			   "{\"timestamp\":\"2026-11-29T23:09:13Z\",\"level\":\"INFO\"}\n"
			   "{\"timestamp\":\"2026-11-29T23:09:13.812531Z\",\"level\":\"INFO\","
			   "\"message\":\"listening\",\"addr\":\"0.0.0.0:8080\",\"target\":\"filament_server\"}\n");
	assert_non_null(strstr(got, "E 1 ts=1795993753834347 "));
	assert_non_null(strstr(got, "E 2 ts=1795993753825927 "));
	assert_non_null(strstr(got, "E 3 ts=1795993753000000 "));
	assert_non_null(strstr(got, "E 4 ts=1795993753812531 wts=-9223372036854775808 INFO "
			       "filament_server name=- msg=listening fields={\"addr\":\"0.0.0.0:8080\"} "));
	assert_non_null(strstr(got, "start=1"));
	free(got);
}

/* Escaped quotes and a newline in a message, non-ASCII, a nested value. */
static void test_escapes_non_ascii_nested(void **state)
{
	(void)state;
	expect("{\"timestamp\":\"2026-11-29T23:09:13.808967Z\",\"level\":\"WARN\",\"fields\":{"
	       "\"message\":\"he said \\\"hi\\\"\\nsecond line\",\"query\":\"h\xc3\xa9llo \xe2\x9c\x93 "
	       "\xe6\x97\xa5\xe6\x9c\xac\",\"min_score\":0.35,\"obj\":{\"a\":[1,{\"b\":null}],\"c\":\"\\u0001\"}},"
	       "\"target\":\"t\"}",
	       "E 1 ts=1795993753808967 wts=-9223372036854775808 WARN t name=- "
	       "msg=he said \"hi\"\nsecond line fields={\"query\":\"h\xc3\xa9llo \xe2\x9c\x93 "
	       "\xe6\x97\xa5\xe6\x9c\xac\",\"min_score\":0.35,\"obj\":{\"a\":[1,{\"b\":null}],"
	       "\"c\":\"\\u0001\"}} span=- - spans=- rid=- method=- uri=- start=0 thread=- tid=- "
	       "file=-:-9223372036854775808\n");
}

/* Credentials in event or span fields never reach the store. */
static void test_secrets_redacted(void **state)
{
	(void)state;
	expect("{\"timestamp\":\"2026-11-29T23:09:13Z\",\"level\":\"INFO\",\"fields\":{"
	       "\"password\":\"hunter2\",\"access_token\":{\"x\":1},\"uri\":\"/a?token=abc&b=1\","
	       "\"verify_token_ms\":\"3\"},\"span\":{\"api_key\":\"k\",\"name\":\"request\"}}",
	       "E 1 ts=1795993753000000 wts=-9223372036854775808 INFO - name=- msg=- fields="
	       "{\"password\":\"REDACTED\",\"access_token\":\"REDACTED\",\"uri\":\"/a?token=REDACTED&b=1\","
	       "\"verify_token_ms\":3} span=request {\"api_key\":\"REDACTED\"} spans=- rid=- method=- "
	       "uri=/a?token=REDACTED&b=1 start=0 thread=- tid=- file=-:-9223372036854775808\n"
	       "P 1 - verify_token=3\n");
}

/* x_request_id in the fields wins over the spans; inner spans over outer. */
static void test_request_identity_order(void **state)
{
	char *got;

	(void)state;
	got = feed_tracing("{\"timestamp\":\"2026-11-29T23:09:13Z\",\"level\":\"INFO\",\"spans\":["
			   "{\"method\":\"GET\",\"request_id\":\"outer\",\"name\":\"request\"},"
			   "{\"request_id\":\"inner\",\"name\":\"x\"}]}\n"
			   "{\"timestamp\":\"2026-11-29T23:09:13Z\",\"level\":\"INFO\",\"fields\":"
			   "{\"x_request_id\":\"mine\"},\"spans\":[{\"request_id\":\"outer\",\"name\":\"r\"}]}\n");
	assert_non_null(strstr(got, "span=x {\"request_id\":\"inner\"} spans=[{\"name\":\"request\",\"fields\":{\"method\":"
			       "\"GET\",\"request_id\":\"outer\"}},{\"name\":\"x\",\"fields\":"
			       "{\"request_id\":\"inner\"}}] rid=inner method=GET"));
	assert_non_null(strstr(got, "rid=mine"));
	free(got);
}

static void test_rejects(void **state)
{
	char *big = malloc(READER_MAX_LINE + 100), *got;

	(void)state;
	expect("{\"timestamp\":\"2026-11-29T23:09:13Z\",\"level\":\"INFO\",\"fields\":{\"a\":\n"
	       "{\"timestamp\":1795993753,\"level\":\"INFO\"}\n"
	       "{\"level\":\"INFO\",\"fields\":{}}\n"
	       "{\"timestamp\":\"2026-11-29T23:09:13Z\",\"fields\":{}}\n"
	       "{\"timestamp\":\"yesterday\",\"level\":\"INFO\"}\n"
	       "{\"timestamp\":\"2026-11-29T23:09:13Z\",\"level\":\"INFO\",\"fields\":[1]}\n"
	       "{\"timestamp\":\"2026-11-29T23:09:13Z\",\"level\":\"INFO\",\"spans\":{}}\n"
	       "{\"timestamp\":\"2026-11-29T23:09:13Z\",\"level\":\"INFO\",\"fields\":{\"m\":\"\xff\"}}\n"
	       "[1,2]\n"
	       "\n",
	       "R 1 truncated JSON\n"
	       "R 2 field 'timestamp' is not a string\n"
	       "R 3 missing field 'timestamp'\n"
	       "R 4 missing field 'level'\n"
	       "R 5 field 'timestamp' is not a time\n"
	       "R 6 field 'fields' is not an object\n"
	       "R 7 field 'spans' is not an array\n"
	       "R 8 invalid UTF-8\n"
	       "R 9 not a JSON object\n");
	/* too long: the reader keeps the first READER_MAX_LINE bytes */
	memset(big, 'x', READER_MAX_LINE + 99);
	memcpy(big, "{\"timestamp\":\"", 14);
	big[READER_MAX_LINE + 99] = '\0';
	got = feed_tracing(big);
	assert_string_equal(got, "R 1 line longer than 1048576 bytes\n");
	free(got);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicate_name_and_request_in_spans0),
		cmocka_unit_test(test_flat_u128_phases),
		cmocka_unit_test(test_nospan_thread_file_start),
		cmocka_unit_test(test_times_and_listening),
		cmocka_unit_test(test_escapes_non_ascii_nested),
		cmocka_unit_test(test_secrets_redacted),
		cmocka_unit_test(test_request_identity_order),
		cmocka_unit_test(test_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
