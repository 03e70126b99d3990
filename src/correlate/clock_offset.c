/* clock_offset.c - the server's clock against the proxy's, from pairs of
 * (event, request) known to belong together. An event happens inside its
 * request, so each pair bounds the offset to [ts - end, ts - start]; the
 * offset is the point of the pairs' common range nearest zero, or, when
 * noise leaves no common range, the median of the ranges' midpoints. */
#include "correlate/clock_offset.h"

#include <stdlib.h>

#include "store/query.h"

struct bounds {
	int64_t lo, hi;                 /* intersection so far */
	int64_t *mid;                   /* owned: midpoints for the median */
	size_t n, cap;
	int failed;
};

static int add_pair(void *ctx, const struct store_row *row)
{
	struct bounds *b = ctx;
	int64_t lo = store_row_int(row, 0), hi = store_row_int(row, 1);

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		int64_t *m = realloc(b->mid, cap * sizeof(*m));

		if (!m) {
			b->failed = 1;
			return 1;
		}
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

int clock_offset_estimate(struct store *st, const char *query, const struct store_arg *args,
			  int nargs, int64_t *offset_us, int64_t *pairs, struct diag *err)
{
	struct bounds b = { .lo = INT64_MIN, .hi = INT64_MAX };

	if (store_query(st, query, args, nargs, add_pair, &b, err) < 0 || b.failed) {
		free(b.mid);
		return b.failed ? diag_oom(err) : -1;
	}
	*pairs = (int64_t)b.n;
	if (b.n == 0) {
		*offset_us = 0;
	} else if (b.lo <= b.hi) {
		*offset_us = b.lo > 0 ? b.lo : b.hi < 0 ? b.hi : 0;
	} else {
		qsort(b.mid, b.n, sizeof(*b.mid), by_value);
		*offset_us = b.mid[b.n / 2];
	}
	free(b.mid);
	return 0;
}
