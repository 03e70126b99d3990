/* test_span_template.c - which span values become placeholders, and which
 * stay: event_v must give every span list back byte for byte. */
#include "cmocka_include.h"

#include <string.h>

#include "store/span_template.h"

#define LIST "[{\"name\":\"request\",\"fields\":{\"method\":\"GET\"," \
	     "\"request_id\":\"abc-1\",\"uri\":\"/users/7\",\"version\":\"HTTP/1.1\"}}]"

static int made(const char *json, const char *rid, const char *method, const char *uri,
		struct buf *out)
{
	const char *const cut[SPAN_CUTS] = { rid, method, uri };

	return span_template(json, cut, out);
}

static void test_the_three_values_are_cut(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(made(LIST, "abc-1", "GET", "/users/7", &b), 1);
	assert_string_equal(buf_str(&b), "[{\"name\":\"request\",\"fields\":{\"method\":\"\x01m\","
			    "\"request_id\":\"\x01r\",\"uri\":\"\x01u\",\"version\":\"HTTP/1.1\"}}]");
	/* another request of the route: the same template */
	struct buf c;

	buf_init(&c, 4096);
	assert_int_equal(made("[{\"name\":\"request\",\"fields\":{\"method\":\"POST\","
			      "\"request_id\":\"zz\",\"uri\":\"/a\",\"version\":\"HTTP/1.1\"}}]",
			      "zz", "POST", "/a", &c), 1);
	assert_string_equal(buf_str(&c), "[{\"name\":\"request\",\"fields\":{\"method\":\"\x01m\","
			    "\"request_id\":\"\x01r\",\"uri\":\"\x01u\",\"version\":\"HTTP/1.1\"}}]");
	buf_release(&b);
	buf_release(&c);
}

static void test_keys_and_other_values_stay(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	/* "GET" as a key, and a value that only starts like the id */
	assert_int_equal(made("{\"GET\":\"abc-12\",\"x\":\"abc-1\"}", "abc-1", "GET", NULL, &b), 1);
	assert_string_equal(buf_str(&b), "{\"GET\":\"abc-12\",\"x\":\"\x01r\"}");
	/* a number equal to the id's text is no string: kept */
	assert_int_equal(made("{\"id\":17}", "17", NULL, NULL, &b), 0);
	/* nothing to cut with: the JSON is stored itself */
	assert_int_equal(made(LIST, NULL, NULL, NULL, &b), 0);
	assert_int_equal(made(LIST, "other", "PUT", "/x", &b), 0);
	buf_release(&b);
}

/* A value that JSON escapes is never cut: its string's bytes are not its
 * bytes, and json_quote() might write it differently. */
static void test_values_that_need_escaping_stay(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(made("{\"uri\":\"/a\\\"b\"}", NULL, NULL, "/a\"b", &b), 0);
	assert_int_equal(made("{\"uri\":\"/a\\\\nb\"}", NULL, NULL, "/a\\nb", &b), 0);
	/* the escaped text equal to a raw value holding a backslash: not that value */
	assert_int_equal(made("{\"uri\":\"a\\nb\"}", NULL, NULL, "a\\nb", &b), 0);
	/* an escaped quote inside a string does not end it */
	assert_int_equal(made("{\"k\":\"x\\\",\\\"v\\\":\\\"GET\",\"m\":\"GET\"}", NULL, "GET", NULL, &b), 1);
	assert_string_equal(buf_str(&b), "{\"k\":\"x\\\",\\\"v\\\":\\\"GET\",\"m\":\"\x01m\"}");
	/* a string ending in an escaped backslash ends at its quote; three
	 * backslashes before a quote escape it */
	assert_int_equal(made("{\"k\":\"a\\\\\",\"m\":\"GET\"}", NULL, "GET", NULL, &b), 1);
	assert_string_equal(buf_str(&b), "{\"k\":\"a\\\\\",\"m\":\"\x01m\"}");
	assert_int_equal(made("{\"k\":\"a\\\\\\\",\"m\":\"GET\"}", NULL, "GET", NULL, &b), 0);
	buf_release(&b);
}

/* An event's fields lose its name wherever it is a string value, as the
 * JSON string "\/n": valid JSON, which json_extract still reads. */
static void test_the_event_name_is_cut_from_the_fields(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(fields_template("{\"event\":\"db.write\",\"total_ms\":4,"
					 "\"m\":{\"again\":\"db.write\"},\"db.write\":1}", "db.write", &b), 1);
	assert_string_equal(buf_str(&b), "{\"event\":\"\\/n\",\"total_ms\":4,"
			    "\"m\":{\"again\":\"\\/n\"},\"db.write\":1}");
	/* no name, a name nowhere, a name JSON escapes: stored as they are */
	assert_int_equal(fields_template("{\"event\":\"x\"}", NULL, &b), 0);
	assert_int_equal(fields_template("{\"latency\":\"0 ms\"}", "db.write", &b), 0);
	assert_int_equal(fields_template("{\"event\":\"a\\\"b\"}", "a\"b", &b), 0);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_three_values_are_cut),
		cmocka_unit_test(test_keys_and_other_values_stay),
		cmocka_unit_test(test_values_that_need_escaping_stay),
		cmocka_unit_test(test_the_event_name_is_cut_from_the_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
