/* test_assign.c - the assignment solver: most pairs first, then least cost,
 * where nearest-first would go wrong; margins 0 for a tie, ASSIGN_FORCED for
 * a pair nothing can replace, the extra cost otherwise. */
#include "cmocka_include.h"

#include "util/assign.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Nearest-first gives left 0 its cheapest right 0 and leaves left 1 none:
 * the most pairs come first. */
static void test_most_pairs_first(void **state)
{
	const struct assign_pair p[] = { { 0, 0, 1 }, { 0, 1, 50 }, { 1, 0, 2 } };
	unsigned char chosen[N(p)];
	int64_t margin[N(p)];

	(void)state;
	assert_int_equal(assign_solve(2, 2, p, N(p), chosen, margin), 0);
	assert_int_equal(chosen[0], 0);
	assert_int_equal(chosen[1], 1);
	assert_int_equal(chosen[2], 1);
	assert_int_equal(margin[1], ASSIGN_FORCED);
	assert_int_equal(margin[2], ASSIGN_FORCED);
}

/* Two rows, two requests, both fit both: the cheaper crossing wins, and the
 * margin is what the other way costs more. */
static void test_least_cost_and_margin(void **state)
{
	const struct assign_pair p[] = { { 0, 0, 10 }, { 0, 1, 3 }, { 1, 0, 4 }, { 1, 1, 10 } };
	unsigned char chosen[N(p)];
	int64_t margin[N(p)];

	(void)state;
	assert_int_equal(assign_solve(2, 2, p, N(p), chosen, margin), 0);
	assert_int_equal(chosen[0] + chosen[3], 0);
	assert_int_equal(chosen[1] + chosen[2], 2);
	assert_int_equal(margin[1], 20 - 7);
	assert_int_equal(margin[2], 20 - 7);
}

static void test_tie_has_no_margin(void **state)
{
	const struct assign_pair p[] = { { 0, 0, 5 }, { 0, 1, 5 } };
	unsigned char chosen[N(p)];
	int64_t margin[N(p)];

	(void)state;
	assert_int_equal(assign_solve(1, 2, p, N(p), chosen, margin), 0);
	assert_int_equal(chosen[0] + chosen[1], 1);
	assert_int_equal(margin[chosen[0] ? 0 : 1], 0);
}

/* An unmatched right item is an alternative too: leaving left 0's pair
 * means taking right 1 at 7 instead of right 0 at 2. */
static void test_margin_through_a_free_item(void **state)
{
	const struct assign_pair p[] = { { 0, 0, 2 }, { 0, 1, 7 } };
	unsigned char chosen[N(p)];
	int64_t margin[N(p)];

	(void)state;
	assert_int_equal(assign_solve(1, 2, p, N(p), chosen, margin), 0);
	assert_int_equal(chosen[0], 1);
	assert_int_equal(margin[0], 5);
}

/* A chain of 200 where each left fits its own right and the next: every
 * left gets its own, cheaper one. */
static void test_chain(void **state)
{
	enum { n = 200 };
	struct assign_pair p[2 * n - 1];
	unsigned char chosen[2 * n - 1];
	size_t k = 0;

	(void)state;
	for (uint32_t i = 0; i < n; i++) {
		p[k++] = (struct assign_pair){ i, i, 1 };
		if (i + 1 < n)
			p[k++] = (struct assign_pair){ i, i + 1, 0 };
	}
	assert_int_equal(assign_solve(n, n, p, k, chosen, NULL), 0);
	for (size_t j = 0; j < k; j++)
		assert_int_equal(chosen[j], p[j].left == p[j].right);
}

static void test_nothing(void **state)
{
	unsigned char chosen[1];

	(void)state;
	assert_int_equal(assign_solve(3, 3, NULL, 0, chosen, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_most_pairs_first),
		cmocka_unit_test(test_least_cost_and_margin),
		cmocka_unit_test(test_tie_has_no_margin),
		cmocka_unit_test(test_margin_through_a_free_item),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
