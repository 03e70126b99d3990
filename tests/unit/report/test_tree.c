/* test_tree.c - the model's tree, built into an arena: the same nodes
 * yajl_tree_parse would give, errors named, a shared key stored once. */
#include "cmocka_include.h"

#include <stdio.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "report/tree.h"

static void test_values_as_yajl_gives_them(void **state)
{
	static const char m[] = "{\"a\":[1,-2,3.5,1e3,99999999999999999999,\"x\\u00e9\",true,false,"
				"null,{},[]],\"b\":{\"c\":{\"d\":\"deep\"}}}";
	struct diag err = DIAG_INIT;
	yajl_val t, a, n;

	(void)state;
	assert_int_equal(tree_parse(m, sizeof(m) - 1, &t, &err), 0);
	a = tree_get(t, "a");
	assert_int_equal(tree_len(a), 11);
	n = tree_at(a, 0);
	assert_true(YAJL_IS_INTEGER(n) && YAJL_GET_INTEGER(n) == 1 && YAJL_IS_DOUBLE(n));
	assert_true(YAJL_IS_INTEGER(tree_at(a, 1)) && YAJL_GET_INTEGER(tree_at(a, 1)) == -2);
	n = tree_at(a, 2);
	assert_true(!YAJL_IS_INTEGER(n) && YAJL_IS_DOUBLE(n) && YAJL_GET_DOUBLE(n) == 3.5);
	assert_string_equal(YAJL_GET_NUMBER(n), "3.5");
	assert_true(!YAJL_IS_INTEGER(tree_at(a, 3)) && YAJL_GET_DOUBLE(tree_at(a, 3)) == 1000);
	/* too large for an integer: a double only, as yajl_tree has it */
	n = tree_at(a, 4);
	assert_true(!YAJL_IS_INTEGER(n) && YAJL_IS_DOUBLE(n));
	assert_string_equal(YAJL_GET_STRING(tree_at(a, 5)), "x\xc3\xa9");
	assert_true(YAJL_IS_TRUE(tree_at(a, 6)) && YAJL_IS_FALSE(tree_at(a, 7)));
	assert_true(YAJL_IS_NULL(tree_at(a, 8)));
	assert_true(YAJL_IS_OBJECT(tree_at(a, 9)) && tree_at(a, 9)->u.object.len == 0);
	assert_true(YAJL_IS_ARRAY(tree_at(a, 10)) && tree_len(tree_at(a, 10)) == 0);
	assert_string_equal(tree_str(tree_get(tree_get(t, "b"), "c"), "d"), "deep");
	assert_int_equal(tree_int(t, "missing", 7), 7);
	tree_free(t);
}

static void test_a_key_is_kept_once(void **state)
{
	static const char m[] = "{\"l\":[{\"route\":1,\"n\":2},{\"route\":3,\"n\":4},{\"route\":5}]}";
	struct diag err = DIAG_INIT;
	yajl_val t, l;

	(void)state;
	assert_int_equal(tree_parse(m, sizeof(m) - 1, &t, &err), 0);
	l = tree_get(t, "l");
	assert_ptr_equal(tree_at(l, 0)->u.object.keys[0], tree_at(l, 1)->u.object.keys[0]);
	assert_ptr_equal(tree_at(l, 0)->u.object.keys[0], tree_at(l, 2)->u.object.keys[0]);
	assert_int_equal(tree_int(tree_at(l, 1), "route", 0), 3);
	assert_int_equal(tree_int(tree_at(l, 1), "n", 0), 4);
	tree_free(t);
}

/* Many members: the scratch arrays grow, and a frame used by an array
 * first and then by an object at the same depth keeps its keys apart. */
static void test_large_containers(void **state)
{
	char m[64 * 1024];
	size_t o = 0;
	struct diag err = DIAG_INIT;
	yajl_val t;

	(void)state;
	o += (size_t)snprintf(m + o, sizeof(m) - o, "{\"arr\":[");
	for (int i = 0; i < 3000; i++)
		o += (size_t)snprintf(m + o, sizeof(m) - o, "%s%d", i ? "," : "", i);
	o += (size_t)snprintf(m + o, sizeof(m) - o, "],\"obj\":{");
	for (int i = 0; i < 2000; i++)
		o += (size_t)snprintf(m + o, sizeof(m) - o, "%s\"k%d\":%d", i ? "," : "", i, i);
	o += (size_t)snprintf(m + o, sizeof(m) - o, "}}");
	assert_int_equal(tree_parse(m, o, &t, &err), 0);
	assert_int_equal(tree_len(tree_get(t, "arr")), 3000);
	assert_int_equal(YAJL_GET_INTEGER(tree_at(tree_get(t, "arr"), 2999)), 2999);
	assert_int_equal(tree_get(t, "obj")->u.object.len, 2000);
	assert_int_equal(tree_int(tree_get(t, "obj"), "k1999", 0), 1999);
	assert_int_equal(tree_int(tree_get(t, "obj"), "k0", -1), 0);
	tree_free(t);
}

static void test_bad_models_are_named(void **state)
{
	struct diag err = DIAG_INIT;
	yajl_val t;
	char deep[400];

	(void)state;
	assert_int_equal(tree_parse("{\"a\":", 5, &t, &err), -1);
	assert_non_null(strstr(err.msg, "report model is not JSON"));
	assert_null(t);
	err = (struct diag)DIAG_INIT;
	assert_int_equal(tree_parse("[1]", 3, &t, &err), -1);
	assert_string_equal(err.msg, "report model is not a JSON object");
	err = (struct diag)DIAG_INIT;
	assert_int_equal(tree_parse("{\"a\":\"x\0y\"}", 11, &t, &err), -1);
	assert_string_equal(err.msg, "report model is not JSON: a NUL byte inside it");
	/* deeper than any model: refused, not overrun */
	memset(deep, '[', 200);
	memcpy(deep, "{\"a\":", 5);
	memset(deep + 200, ']', 195);
	deep[395] = '}';
	err = (struct diag)DIAG_INIT;
	assert_int_equal(tree_parse(deep, 396, &t, &err), -1);
	assert_string_equal(err.msg, "report model nested deeper than 128");
	assert_null(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_as_yajl_gives_them),
		cmocka_unit_test(test_a_key_is_kept_once),
		cmocka_unit_test(test_large_containers),
		cmocka_unit_test(test_bad_models_are_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
