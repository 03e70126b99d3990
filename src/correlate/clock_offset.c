/* clock_offset.c - the server's clock against the proxy's, from pairs of
 * (event, request) known to belong together. An event happens inside its
 * request, so each pair bounds the offset to [ts - end, ts - start]; the
 * offset is the point of the pairs' common range nearest zero, or, when
 * noise leaves no common range, the median of the ranges' midpoints. */
#include "correlate/clock_offset.h"

#include <stdlib.h>

#include "store/query.h"

int clock_pairs_add(struct clock_pairs *b, int64_t lo, int64_t hi)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		int64_t *m = realloc(b->mid, cap * sizeof(*m));

		if (!m)
			return -1;
		b->mid = m;
		b->cap = cap;
	}
	b->mid[b->n++] = lo / 2 + hi / 2;
	if (lo > b->lo)
		b->lo = lo;
	if (hi < b->hi)
		b->hi = hi;
	return 0;
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void clock_pairs_settle(struct clock_pairs *b, int64_t *offset_us, int64_t *pairs)
{
	*pairs = (int64_t)b->n;
	if (b->n == 0) {
		*offset_us = 0;
	} else if (b->lo <= b->hi) {
		*offset_us = b->lo > 0 ? b->lo : b->hi < 0 ? b->hi : 0;
	} else {
		qsort(b->mid, b->n, sizeof(*b->mid), by_value);
		*offset_us = b->mid[b->n / 2];
	}
	free(b->mid);
	*b = (struct clock_pairs)CLOCK_PAIRS_INIT;
}

struct pass {
	struct clock_pairs b;
	int failed;
};

static int add_pair(void *ctx, const struct store_row *row)
{
	struct pass *p = ctx;

	if (clock_pairs_add(&p->b, store_row_int(row, 0), store_row_int(row, 1)) < 0) {
		p->failed = 1;
		return 1;
	}
	return 0;
}

int clock_offset_estimate(struct store *st, const char *query, const struct store_arg *args,
			  int nargs, int64_t *offset_us, int64_t *pairs, struct diag *err)
{
	struct pass p = { CLOCK_PAIRS_INIT, 0 };

	if (store_query(st, query, args, nargs, add_pair, &p, err) < 0 || p.failed) {
		free(p.b.mid);
		return p.failed ? diag_oom(err) : -1;
	}
	clock_pairs_settle(&p.b, offset_us, pairs);
	return 0;
}
