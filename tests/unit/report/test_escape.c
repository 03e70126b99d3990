/* test_escape.c - each output context of escape.c on hostile strings. */
#include "cmocka_include.h"

#include <string.h>

#include "report/escape.h"

static char out[4096];

static const char *run(int (*f)(struct buf *, const char *), const char *s)
{
	struct buf b;

	buf_init(&b, sizeof(out) - 1);
	assert_int_equal(f(&b, s), 0);
	strcpy(out, buf_str(&b));
	buf_release(&b);
	return out;
}

static int term_token(struct buf *b, const char *s)
{
	return escape_term(b, s, 0);
}

static int term_text(struct buf *b, const char *s)
{
	return escape_term(b, s, 1);
}

static int script(struct buf *b, const char *s)
{
	return escape_script_json(b, s, strlen(s));
}

static void test_html(void **state)
{
	(void)state;
	assert_string_equal(run(escape_html, "<script>alert(1)</script>"),
			    "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_string_equal(run(escape_html, "a&b \"q\" 's'"), "a&amp;b &quot;q&quot; &#39;s&#39;");
	assert_string_equal(run(escape_html, "tab\tnl\nok"), "tab\tnl\nok");
	/* controls and invalid UTF-8 become U+FFFD; valid UTF-8 passes */
	assert_string_equal(run(escape_html, "\x1b[31m\x7f\xc2\x9b"), "\xef\xbf\xbd[31m\xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(run(escape_html, "\xff\xc0\xaf\xed\xa0\x80x"),
			    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx");
	assert_string_equal(run(escape_html, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
			    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	assert_string_equal(run(escape_html, "\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd");  /* truncated */
	/* a right-to-left override would reverse the rest of the page */
	assert_string_equal(run(escape_html, "a\xe2\x80\xae" "b\xe2\x81\xa6" "c"),
			    "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
}

static void test_attr(void **state)
{
	(void)state;
	assert_string_equal(run(escape_attr, "\" onmouseover=\"x\nnext"),
			    "&quot; onmouseover=&quot;x&#10;next");
}

static void test_script_json(void **state)
{
	(void)state;
	assert_string_equal(run(script, "{\"a\":\"</script><!--&\"}"),
			    "{\"a\":\"\\u003c/script\\u003e\\u003c!--\\u0026\"}");
	assert_string_equal(run(script, "[\"\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xa6\"]"),
			    "[\"\\u2028\\u2029\xe2\x80\xa6\"]");
}

static void test_term(void **state)
{
	(void)state;
	/* a token with a space or a quote is quoted, logfmt's way; else bare */
	assert_string_equal(run(term_token, "a b\\c\x1b[2J\x07"), "\"a b\\\\c\\x1b[2J\\x07\"");
	assert_string_equal(run(term_token, "say \"hi\""), "\"say \\\"hi\\\"\"");
	assert_string_equal(run(term_token, "k=\"v\""), "\"k=\\\"v\\\"\"");
	assert_string_equal(run(term_token, "a\tb\\c"), "a\\x09b\\\\c");
	assert_string_equal(run(term_text, "a b\r\n"), "a b\\x0d\\x0a");
	assert_string_equal(run(term_text, "x\xe2\x80\xaey\xc2\x9b\xff"), "x\\u202ey\\u009b\\xff");
	assert_string_equal(run(term_text, "\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9");
}

static void test_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(escape_html(&b, "<<<"), -1);  /* 12 bytes do not fit */
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_attr),
		cmocka_unit_test(test_script_json),
		cmocka_unit_test(test_term),
		cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
