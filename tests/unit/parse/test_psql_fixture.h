/* test_psql_fixture.h - what every psql parser test program shares: one
 * capture sink, emptied after each test, and EXPECT(prefix, i, want) that
 * prints everything captured when a value is not the one wanted. */
#ifndef ANALYZE_TEST_PSQL_FIXTURE_H
#define ANALYZE_TEST_PSQL_FIXTURE_H

#include "test_psql_sink.h"

static struct psink k;

static int teardown(void **state)
{
	(void)state;
	psink_release(&k);
	return 0;
}

#define EXPECT(prefix, i, want) \
	do { \
		const char *got_ = psink_nth(&k, prefix, i); \
		if (strcmp(got_, want) != 0) \
			psink_dump(&k); \
		assert_string_equal(got_, want); \
	} while (0)

#endif
