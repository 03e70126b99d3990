/* test_uuid.c - which request ids an event keeps as 16 bytes: only those
 * event_v's lower(hex()) gives back exactly. */
#include "cmocka_include.h"

#include <string.h>

#include "util/uuid.h"

static int packs(const char *s)
{
	unsigned char b[16];

	return uuid_pack(s, strlen(s), b);
}

static void test_lower_case_uuid_packs_to_its_bytes(void **state)
{
	static const unsigned char want[16] = { 0x9e, 0x37, 0x79, 0xb9, 0x7f, 0x4a, 0x40, 0x01,
						0xa7, 0xc1, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };
	unsigned char b[16];

	(void)state;
	assert_int_equal(uuid_pack("9e3779b9-7f4a-4001-a7c1-000000000001", 36, b), 1);
	assert_memory_equal(b, want, 16);
}

static void test_other_ids_stay_text(void **state)
{
	(void)state;
	assert_int_equal(packs("9E3779B9-7F4A-4001-A7C1-000000000001"), 0);  /* upper case */
	assert_int_equal(packs("9e3779b97f4a4001a7c1000000000001"), 0);      /* no dashes */
	assert_int_equal(packs("9e3779b9-7f4a-4001-a7c1-00000000000"), 0);   /* 35 long */
	assert_int_equal(packs("9e3779b9-7f4a-4001-a7c1-0000000000011"), 0); /* 37 long */
	assert_int_equal(packs("9e3779b97-f4a-4001-a7c1-000000000001"), 0);  /* dash moved */
	assert_int_equal(packs("9e3779b9-7f4a-4001-a7c1-00000000000g"), 0);
	assert_int_equal(packs("req-42"), 0);
	assert_int_equal(packs(""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lower_case_uuid_packs_to_its_bytes),
		cmocka_unit_test(test_other_ids_stay_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
