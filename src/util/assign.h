/* assign.h - one-to-one assignment: the most pairs, then the least total
 * cost, over the allowed (left, right) pairs; and for each chosen pair,
 * how much worse the best assignment without it would be. Knows nothing of
 * requests or rows: correlate/ builds the pairs. */
#ifndef ANALYZE_ASSIGN_H
#define ANALYZE_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

struct assign_pair {
	uint32_t left, right;   /* < nleft, < nright */
	int64_t cost;           /* >= 0 */
};

/* No assignment of as many pairs exists without this one. */
#define ASSIGN_FORCED INT64_MAX

/* chosen[k] is 1 when pairs[k] is in the assignment, else 0. For a chosen
 * pair, margin[k] is the extra cost of the best assignment of as many pairs
 * that leaves it out (0: an equally good other choice exists; ASSIGN_FORCED:
 * none exists); margin may be NULL. -1 when out of memory. */
int assign_solve(size_t nleft, size_t nright, const struct assign_pair *pairs, size_t npairs,
		 unsigned char *chosen, int64_t *margin);

#endif
