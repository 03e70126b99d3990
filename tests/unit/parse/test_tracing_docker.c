/* test_tracing_docker.c - Docker json-file records (a split line joined)
 * and docker compose prefixes (coloured, other services) around tracing
 * lines; and pretty's multi-line records. */
#include "cmocka_include.h"

#include "tracing_feed.h"

#define NONE "-9223372036854775808"

/* A line cut into two records (no trailing \n in the first "log"): joined,
 * with the first record's line number and time. */
static void test_json_file_split_record(void **state)
{
	(void)state;
	expect("{\"log\":\"{\\\"timestamp\\\":\\\"2026-11-29T23:09:13.802956Z\\\",\\\"level\\\":\\\"INFO\\\","
	       "\\\"fields\\\":{\\\"message\\\":\\\"a \\u003cb\\u003e\",\"stream\":\"stdout\","
	       "\"time\":\"2026-11-29T23:09:13.8030524Z\"}\n"
	       "{\"log\":\" c\\\"},\\\"target\\\":\\\"x\\\"}\\n\",\"stream\":\"stdout\","
	       "\"time\":\"2026-11-29T23:09:13.8030524Z\"}\n"
	       "{\"log\":\"{\\\"timestamp\\\":\\\"2026-11-29T23:09:14Z\\\",\\\"level\\\":\\\"INFO\\\"}\\n\","
	       "\"stream\":\"stderr\",\"time\":\"2026-11-29T23:09:14.1Z\"}\n",
	       "E 1 ts=1795993753802956 wts=1795993753803052 INFO x name=- msg=a <b> c fields={} "
	       "span=- - spans=- rid=- method=- uri=- start=0 thread=- tid=- file=-:" NONE "\n"
	       "E 3 ts=1795993754000000 wts=1795993754100000 INFO - name=- msg=- fields={} "
	       "span=- - spans=- rid=- method=- uri=- start=0 thread=- tid=- file=-:" NONE "\n");
}

/* json-file around the text formatter with ANSI, and bad records. */
static void test_json_file_text_and_rejects(void **state)
{
	(void)state;
	expect("{\"log\":\"\\u001b[2m2026-11-29T23:09:13.848717Z\\u001b[0m \\u001b[32m INFO\\u001b[0m "
	       "app: he said\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-29T23:09:13.8488Z\"}\n"
	       "{\"log\":\"second line\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-29T23:09:13.8489Z\"}\n"
	       "{\"log\":\"x\",\"stream\":\"stdout\",\"time\":5}\n"
	       "{\"stream\":\"stdout\"}\n"
	       "{\"log\":\"x\\n\",\"stre\n",
	       "R 3 field 'time' is not a time\n"
	       "R 4 missing field 'log' in a docker record\n"
	       "R 5 truncated JSON\n"
	       "E 1 ts=1795993753848717 wts=1795993753848800 INFO app name=- msg=he said\nsecond line "
	       "fields={} span=- - spans=- rid=- method=- uri=- start=0 thread=- tid=- file=-:" NONE "\n");
}

/* docker compose logs with colour; the proxy's lines are rejected as such. */
static void test_compose(void **state)
{
	(void)state;
	expect("\x1b[36mserver-1  |\x1b[0m \x1b[2m2026-11-29T23:09:13.848717Z\x1b[0m \x1b[32m INFO\x1b[0m "
	       "\x1b[2mfilament_server\x1b[0m\x1b[2m:\x1b[0m listening \x1b[3maddr\x1b[0m\x1b[2m=\x1b[0m"
	       "0.0.0.0:8080\n"
	       "caddy-1   | {\"level\":\"info\",\"ts\":1795993753.8441858,\"logger\":\"http.log.access.log0\"}\n"
	       "server-1  | 2026-11-29T23:09:13.9Z  WARN app: two\n"
	       "server-1  | lines\n"
	       "no prefix here\n",
	       "R 2 line of compose service 'caddy-1' is not tracing output\n"
	       "E 1 ts=1795993753848717 wts=" NONE " INFO filament_server name=- msg=listening "
	       "fields={\"addr\":\"0.0.0.0:8080\"} span=- - spans=- rid=- method=- uri=- start=1 "
	       "thread=- tid=- file=-:" NONE "\n"
	       "R 5 no docker compose prefix\n"
	       "E 3 ts=1795993753900000 wts=" NONE " WARN app name=- msg=two\nlines fields={} span=- - "
	       "spans=- rid=- method=- uri=- start=0 thread=- tid=- file=-:" NONE "\n");
}

/* pretty/pretty.log 225-229: spans leaf first in the file, root first stored. */
static void test_pretty_record(void **state)
{
	(void)state;
	expect("  2026-11-29T23:09:13.867690Z DEBUG filament_server::search: event: "
	       "\"debug.search.enqueue_search_command.timing\", wait_for_apply: true, send_ms: 0, "
	       "ack_wait_ms: 4631, total_ms: 4631\n"
	       "    at src/main.rs:133\n"
	       "    in filament_server::search::enqueue_search_command with channel_id: "
	       "\"01HZX9C3M4R8T2V6B1N5Q7W0YA\", wait_for_apply: true, send: 0, ack_wait: 4631\n"
	       "    in filament_server::server::messages::handler with name: create_message\n"
	       "    in filament_server::server::request with method: POST, uri: /channels/"
	       "01HZX9C3M4R8T2V6B1N5Q7W0YA/messages, version: HTTP/1.1, request_id: "
	       "5d6e7f80-91a2-43b4-c5d6-e7f8091a2b3c\n"
	       "\n"
	       "  2026-11-29T23:09:13.868683Z  WARN filament_server::server::messages: he said \"hi\"\n"
	       "second line\n"
	       "    at src/main.rs:406\n"
	       "    in filament_server::server::messages::handler with name: create_message\n"
	       "\n",
	       "E 1 ts=1795993753867690 wts=" NONE " DEBUG filament_server::search "
	       "name=debug.search.enqueue_search_command.timing msg=- fields={\"event\":"
	       "\"debug.search.enqueue_search_command.timing\",\"wait_for_apply\":true,\"send_ms\":0,"
	       "\"ack_wait_ms\":4631,\"total_ms\":4631} span=enqueue_search_command {\"channel_id\":"
	       "\"01HZX9C3M4R8T2V6B1N5Q7W0YA\",\"wait_for_apply\":true,\"send\":0,\"ack_wait\":4631} "
	       "spans=[{\"name\":\"request\",\"fields\":{\"method\":\"POST\",\"uri\":\"/channels/"
	       "01HZX9C3M4R8T2V6B1N5Q7W0YA/messages\",\"version\":\"HTTP/1.1\",\"request_id\":"
	       "\"5d6e7f80-91a2-43b4-c5d6-e7f8091a2b3c\"}},{\"name\":\"handler\",\"fields\":{\"name\":"
	       "\"create_message\"}},{\"name\":\"enqueue_search_command\",\"fields\":{\"channel_id\":"
	       "\"01HZX9C3M4R8T2V6B1N5Q7W0YA\",\"wait_for_apply\":true,\"send\":0,\"ack_wait\":4631}}] "
	       "rid=5d6e7f80-91a2-43b4-c5d6-e7f8091a2b3c method=POST uri=/channels/"
	       "01HZX9C3M4R8T2V6B1N5Q7W0YA/messages start=0 thread=- tid=- file=src/main.rs:133\n"
	       "P 1 debug.search.enqueue_search_command.timing send=0\n"
	       "P 1 debug.search.enqueue_search_command.timing ack_wait=4631\n"
	       "P 1 debug.search.enqueue_search_command.timing total=4631\n"
	       "E 7 ts=1795993753868683 wts=" NONE " WARN filament_server::server::messages name=- "
	       "msg=he said \"hi\"\nsecond line fields={} span=handler {\"name\":\"create_message\"} "
	       "spans=[{\"name\":\"handler\",\"fields\":{\"name\":\"create_message\"}}] rid=- method=- "
	       "uri=- start=0 thread=- tid=- file=src/main.rs:406\n");
}

/* A pretty record cut short by the end of input still counts; a stray
 * line after the at/in lines is rejected. */
static void test_pretty_edges(void **state)
{
	(void)state;
	expect("  2026-11-29T23:09:13Z  INFO app: a, k: \"v\"\n"
	       "    at src/x.rs:1 on main\n"
	       "stray\n"
	       "  2026-11-29T23:09:14Z ERROR app: end",
	       "R 3 unexpected line in a pretty record\n"
	       "E 1 ts=1795993753000000 wts=" NONE " INFO app name=- msg=a fields={\"k\":\"v\"} "
	       "span=- - spans=- rid=- method=- uri=- start=0 thread=main tid=- file=src/x.rs:1\n"
	       "E 4 ts=1795993754000000 wts=" NONE " ERROR app name=- msg=end fields={} span=- - "
	       "spans=- rid=- method=- uri=- start=0 thread=- tid=- file=-:" NONE "\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_file_split_record),
		cmocka_unit_test(test_json_file_text_and_rejects),
		cmocka_unit_test(test_compose),
		cmocka_unit_test(test_pretty_record),
		cmocka_unit_test(test_pretty_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
