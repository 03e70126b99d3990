/* topk.h - the most frequent strings of a stream in bounded memory (the
 * Space-Saving algorithm, Metwally et al. 2005): cap counters; a value not
 * counted yet takes a free counter, else the smallest one's (its count + 1).
 * While no counter was ever taken over, every count is exact; after, a
 * count is at most the true count + the smallest count at the takeover,
 * and any value seen more than total / cap times holds a counter. A leaf:
 * knows nothing of the project. Deterministic: same stream, same result. */
#ifndef ANALYZE_TOPK_H
#define ANALYZE_TOPK_H

#include <stddef.h>
#include <stdint.h>

struct topk {
	struct topk_counter {
		uint64_t fp;            /* fingerprint of value: most misses cost no strcmp */
		char *value;            /* owned */
		int64_t n;
	} *c;                           /* owned, cap of them */
	size_t used, cap;
	int taken_over;                 /* a counter changed hands: counts are upper bounds */
	/* Where each value's counter is, by fingerprint (linear probing, 2 cap
	 * slots, index + 1; 0 empty), and the smallest count: the first
	 * counter holding it is the one a new value takes over. Counts only
	 * grow, so the search for it moves forward until the count goes up. */
	uint32_t *slot;                 /* owned */
	size_t nslots;
	int64_t min_n;                  /* the smallest count, once all are used */
	size_t min_from;                /* counters before it all count more than min_n */
};

int topk_init(struct topk *t, size_t cap);     /* 0, -1 out of memory */
int topk_add(struct topk *t, const char *value);       /* 0, -1 out of memory */
/* The k largest counters, by count then value (byte order), into out[];
 * returns how many. */
size_t topk_best(const struct topk *t, const struct topk_counter **out, size_t k);
void topk_release(struct topk *t);

#endif
