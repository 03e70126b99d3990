/* test_tracing_text.c - full and compact text lines (real ones from
 * testdata/tracing/text) -> exact stored values, ANSI, continuation lines. */
#include "cmocka_include.h"

#include "tracing_feed.h"

#define NONE "-9223372036854775808"
#define GUILD_FIELDS \
	"fields={\"event\":\"guild.create\",\"guild_id\":\"01HZX8V2K7Q4M9T3B6N1C5D8EF\"," \
	"\"name\":\"<script>alert(1)</script>\",\"owner_id\":\"01HZX7A1B2C3D4E5F6G7H8J9KM\"," \
	"\"public\":true,\"created_at_unix\":1717243261}"
#define GUILD_SPANS \
	"span=handler {\"name\":\"create_guild\"} spans=[{\"name\":\"request\",\"fields\":" \
	"{\"method\":\"POST\",\"uri\":\"/guilds\",\"version\":\"HTTP/1.1\",\"request_id\":" \
	"\"2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d\"}},{\"name\":\"handler\",\"fields\":" \
	"{\"name\":\"create_guild\"}}] rid=2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d method=POST " \
	"uri=/guilds start=0 thread=- tid=- file=-:" NONE "\n"

/* text/full.log 36: spans with fields in braces, the XSS value kept as text. */
static void test_full_nested_spans(void **state)
{
	(void)state;
	expect("2026-11-29T23:09:13.844382Z  INFO request{method=POST uri=/guilds version=HTTP/1.1 "
	       "request_id=2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d}:handler{name=create_guild}: "
	       "filament_server::guild: event=\"guild.create\" guild_id=\"01HZX8V2K7Q4M9T3B6N1C5D8EF\" "
	       "name=\"<script>alert(1)</script>\" owner_id=\"01HZX7A1B2C3D4E5F6G7H8J9KM\" public=true "
	       "created_at_unix=1717243261",
	       "E 1 ts=1795993753844382 wts=" NONE " INFO filament_server::guild name=guild.create "
	       "msg=- " GUILD_FIELDS " " GUILD_SPANS);
}

/* text/full.log 101-102: the message's newline split the record; the
 * second physical line belongs to it, and the event waits for it. */
static void test_message_continues_on_next_line(void **state)
{
	char *got;

	(void)state;
	got = feed_tracing("2026-11-29T23:09:13.845955Z  WARN request{method=POST uri=/channels/"
			   "01HZX9C3M4R8T2V6B1N5Q7W0YA/messages version=HTTP/1.1 request_id="
			   "c4d5e6f7-0819-4a2b-b3c4-d5e6f708192a}:handler{name=create_message}: "
			   "filament_server::server::messages: he said \"hi\"\nsecond line\n"
			   "2026-11-29T23:09:13.845965Z DEBUG request{method=POST uri=/x version=HTTP/1.1}: "
			   "tower_http::trace::on_response: finished processing request latency=5 ms status=400\n");
	assert_non_null(strstr(got, "E 1 ts=1795993753845955 wts=" NONE " WARN "
			       "filament_server::server::messages name=- msg=he said \"hi\"\nsecond line "
			       "fields={} span=handler {\"name\":\"create_message\"} "));
	assert_non_null(strstr(got, "rid=c4d5e6f7-0819-4a2b-b3c4-d5e6f708192a method=POST "
			       "uri=/channels/01HZX9C3M4R8T2V6B1N5Q7W0YA/messages"));
	/* bare Display values may hold spaces */
	assert_non_null(strstr(got, "E 3 ts=1795993753845965 wts=" NONE " DEBUG "
			       "tower_http::trace::on_response name=- msg=finished processing request "
			       "fields={\"latency\":\"5 ms\",\"status\":400} span=request "));
	free(got);
}

/* text/full-ansi.log 1: colours stripped; db.init is a process start. */
static void test_ansi_full(void **state)
{
	(void)state;
	expect("\x1b[2m2026-11-29T23:09:13.848684Z\x1b[0m \x1b[32m INFO\x1b[0m "
	       "\x1b[2mfilament_server::db\x1b[0m\x1b[2m:\x1b[0m database pool ready "
	       "\x1b[3mevent\x1b[0m\x1b[2m=\x1b[0m\"db.init\" \x1b[3mmax_connections\x1b[0m"
	       "\x1b[2m=\x1b[0m16 \x1b[3mmigrations_applied\x1b[0m\x1b[2m=\x1b[0m23 "
	       "\x1b[3mdatabase\x1b[0m\x1b[2m=\x1b[0m\"filament\"",
	       "E 1 ts=1795993753848684 wts=" NONE " INFO filament_server::db name=db.init "
	       "msg=database pool ready fields={\"event\":\"db.init\",\"max_connections\":16,"
	       "\"migrations_applied\":23,\"database\":\"filament\"} span=- - spans=- rid=- "
	       "method=- uri=- start=1 thread=- tid=- file=-:" NONE "\n");
}

/* text/compact-ansi.log 36: the dimmed blocks say which fields are the spans'. */
static void test_ansi_compact_span_fields(void **state)
{
	(void)state;
	expect("\x1b[2m2026-11-29T23:09:13.861242Z\x1b[0m \x1b[32m INFO\x1b[0m \x1b[1mrequest\x1b[0m:"
	       "\x1b[1mhandler\x1b[0m: \x1b[1mfilament_server::guild\x1b[0m\x1b[2m:\x1b[0m "
	       "\x1b[3mevent\x1b[0m\x1b[2m=\x1b[0m\"guild.create\" \x1b[3mguild_id\x1b[0m\x1b[2m=\x1b[0m"
	       "\"01HZX8V2K7Q4M9T3B6N1C5D8EF\" \x1b[3mname\x1b[0m\x1b[2m=\x1b[0m\"<script>alert(1)"
	       "</script>\" \x1b[3mowner_id\x1b[0m\x1b[2m=\x1b[0m\"01HZX7A1B2C3D4E5F6G7H8J9KM\" "
	       "\x1b[3mpublic\x1b[0m\x1b[2m=\x1b[0mtrue \x1b[3mcreated_at_unix\x1b[0m\x1b[2m=\x1b[0m"
	       "1717243261 \x1b[2m\x1b[3mmethod\x1b[0m\x1b[2m=\x1b[0mPOST \x1b[3muri\x1b[0m\x1b[2m="
	       "\x1b[0m/guilds \x1b[3mversion\x1b[0m\x1b[2m=\x1b[0mHTTP/1.1 \x1b[3mrequest_id\x1b[0m"
	       "\x1b[2m=\x1b[0m2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d\x1b[0m \x1b[2m\x1b[3mname\x1b[0m"
	       "\x1b[2m=\x1b[0mcreate_guild\x1b[0m",
	       "E 1 ts=1795993753861242 wts=" NONE " INFO filament_server::guild name=guild.create "
	       "msg=- " GUILD_FIELDS " " GUILD_SPANS);
}

/* text/compact.log 36: without colour the span fields cannot be told from
 * the event's: they stay in the fields, the event's own "name" first. */
static void test_compact_plain(void **state)
{
	char *got;

	(void)state;
	got = feed_tracing("2026-11-29T23:09:13.855672Z  INFO request:handler: filament_server::guild: "
			   "event=\"guild.create\" guild_id=\"01HZX8V2K7Q4M9T3B6N1C5D8EF\" "
			   "name=\"<script>alert(1)</script>\" owner_id=\"01HZX7A1B2C3D4E5F6G7H8J9KM\" "
			   "public=true created_at_unix=1717243261 method=POST uri=/guilds "
			   "version=HTTP/1.1 request_id=2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d "
			   "name=create_guild");
	assert_non_null(strstr(got, "\"name\":\"<script>alert(1)</script>\""));
	assert_null(strstr(got, "\"name\":\"create_guild\""));
	assert_non_null(strstr(got, "span=handler {} spans=[{\"name\":\"request\",\"fields\":{}},"
			       "{\"name\":\"handler\",\"fields\":{}}] "
			       "rid=2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d method=POST uri=/guilds "));
	free(got);
}

/* Hand-written: a colon in a message, Debug escapes, typed bare values,
 * a line before any event, invalid UTF-8. */
static void test_tricky_lines(void **state)
{
	(void)state;
	expect("orphan\n"
	       "2026-11-29T23:09:13.1Z  INFO filament_server: failed: x=1\n"
	       "2026-11-29T23:09:13.1Z  INFO request: app::x: msg s=\"a\\u{1f600}\\\"b\" n=-1.5e3 "
	       "b=false q=\"unterminated\n"
	       "2026-11-29T23:09:13.1Z  INFO app: bad \xff\n"
	       "2026-11-29T23:09:13.1Z  INFO app: ok\n",
	       "R 1 not a tracing line (json, text or pretty)\n"
	       "E 2 ts=1795993753100000 wts=" NONE " INFO filament_server name=- msg=failed: "
	       "fields={\"x\":1} span=- - spans=- rid=- method=- uri=- start=0 thread=- tid=- "
	       "file=-:" NONE "\n"
	       "E 3 ts=1795993753100000 wts=" NONE " INFO app::x name=- msg=msg fields={\"s\":"
	       "\"a\xf0\x9f\x98\x80\\\"b\",\"n\":-1.5e3,\"b\":false,\"q\":\"\\\"unterminated\"} "
	       "span=request {} spans=[{\"name\":\"request\",\"fields\":{}}] rid=- method=- uri=- "
	       "start=0 thread=- tid=- file=-:" NONE "\n"
	       "R 4 invalid UTF-8\n"
	       "E 5 ts=1795993753100000 wts=" NONE " INFO app name=- msg=ok fields={} span=- - "
	       "spans=- rid=- method=- uri=- start=0 thread=- tid=- file=-:" NONE "\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_nested_spans),
		cmocka_unit_test(test_message_continues_on_next_line),
		cmocka_unit_test(test_ansi_full),
		cmocka_unit_test(test_ansi_compact_span_fields),
		cmocka_unit_test(test_compact_plain),
		cmocka_unit_test(test_tricky_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
