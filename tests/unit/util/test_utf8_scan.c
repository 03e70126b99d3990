/* test_utf8_scan.c - strict UTF-8 decoding and counted-text search. */
#include "cmocka_include.h"

#include <string.h>

#include "util/scan.h"
#include "util/utf8.h"

static void test_decode(void **state)
{
	unsigned cp = 0;

	(void)state;
	assert_int_equal(utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x9c\x93", 3, &cp), 3);
	assert_int_equal(cp, 0x2713);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf0\x9f\x91\x8b", 4, &cp), 4);
	assert_int_equal(cp, 0x1f44b);
	/* overlong, surrogate, past U+10FFFF, truncated, stray continuation */
	assert_int_equal(utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x9c", 2, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\x80", 1, &cp), 0);
	assert_true(utf8_valid("h\xc3\xa9llo \xe2\x9c\x93", 10));
	assert_false(utf8_valid("caf\xe9", 4));
}

/* utf8_len agrees with utf8_decode: psql's JSON cells copy sequences whole. */
static void test_len(void **state)
{
	(void)state;
	assert_int_equal(utf8_len((const unsigned char *)"A", 1), 1);
	assert_int_equal(utf8_len((const unsigned char *)"\xc3\xa9x", 3), 2);
	assert_int_equal(utf8_len((const unsigned char *)"\xe2\x9c\x93", 3), 3);
	assert_int_equal(utf8_len((const unsigned char *)"\xf0\x9f\x91\x8b", 4), 4);
	assert_int_equal(utf8_len((const unsigned char *)"\xc0\xaf", 2), 0);
	assert_int_equal(utf8_len((const unsigned char *)"\xed\xa0\x80", 3), 0);
	assert_int_equal(utf8_len((const unsigned char *)"\xf4\x90\x80\x80", 4), 0);
	assert_int_equal(utf8_len((const unsigned char *)"\xe2\x9c", 2), 0);
	assert_int_equal(utf8_len((const unsigned char *)"\x80", 1), 0);
}

static void test_find(void **state)
{
	const char text[] = "{\"logger\":\"http.log\"}";

	(void)state;
	assert_ptr_equal(scan_find(text, sizeof(text) - 1, "http"), text + 11);
	assert_null(scan_find(text, 10, "http"));               /* outside the count */
	assert_null(scan_find(text, sizeof(text) - 1, "https"));
	assert_true(scan_contains("aab", 3, "ab"));               /* restart after a near miss */
	assert_false(scan_contains("", 0, "a"));
	assert_non_null(scan_find("abc", 3, ""));              /* the empty needle is everywhere */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_len),
		cmocka_unit_test(test_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
