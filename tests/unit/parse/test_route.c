/* test_route.c - route templates: which segments are identifiers. */
#include "cmocka_include.h"

#include <string.h>

#include "parse/route.h"

static void check(const char *path, const char *prefix, const char *want)
{
	struct buf b;

	buf_init(&b, 4096);
	assert_int_equal(route_template(&b, path, strlen(path), prefix), 0);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

static void test_identifiers_become_id(void **state)
{
	(void)state;
	check("/api/guilds/01HZX3K7Q8W2N5R4T6Y9B1C3D5/channels/01HZX3M0A2B4C6D8E0F1G2H3J4/messages",
	      "/api", "/guilds/{id}/channels/{id}/messages");
	check("/api/items/123e4567-e89b-12d3-a456-426614174000", "/api", "/items/{id}");
	check("/api/users/12345", "/api", "/users/{id}");
	check("/files/0123456789abcdef0123456789abcdef", NULL, "/files/{id}");
	check("/health", "/api", "/health");
}

static void test_words_stay(void **state)
{
	(void)state;
	/* 26 letters but not Crockford (has U), short hex, a word */
	check("/x/UUUUUUUUUUUUUUUUUUUUUUUUUU", NULL, "/x/UUUUUUUUUUUUUUUUUUUUUUUUUU");
	check("/x/deadbeef", NULL, "/x/deadbeef");
	check("/auth/login", NULL, "/auth/login");
	/* a ULID starts with 0-7: the first char 8 exceeds the 48-bit time */
	check("/x/81HZX3K7Q8W2N5R4T6Y9B1C3D5", NULL, "/x/81HZX3K7Q8W2N5R4T6Y9B1C3D5");
}

static void test_prefix_only_as_whole_segment(void **state)
{
	(void)state;
	check("/apiv2/users", "/api", "/apiv2/users");
	check("/api", "/api", "/");
	check("/api/", "/api/", "/");
	check("//double//slash", NULL, "//double//slash");
	check("", NULL, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identifiers_become_id),
		cmocka_unit_test(test_words_stay),
		cmocka_unit_test(test_prefix_only_as_whole_segment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
