/* write_candidates.c - the candidates of sql/correlate/write_candidates
 * come a request at a time; of each request's, the ones of the table its
 * path names are kept if any, and of those the ones sharing its deepest
 * identifier (the channel beats the guild), each row once. Ranked here as
 * they stream: in SQL a window function sorted every candidate (0.64 s of
 * 354 k on the writes bench). The order of write_cand does not matter: its
 * readers group or sort it themselves. */
#include "correlate/write_candidates.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define NONE SIZE_MAX           /* a NULL text */

struct cand {
	int64_t dw_id, written_us, resolution_us, start_us, end_us, named, depth;
	size_t shared, table, route;    /* offsets into text, or NONE */
};

struct request_cands {
	struct store *st;
	struct diag *err;
	int64_t r_id;
	struct cand *v;         /* owned: the current request's */
	size_t n, cap;
	struct buf text;
	int failed;
};

/* s kept for the flush, *at its offset (NONE for NULL); -1 when out of memory */
static int keep_text(struct buf *b, const char *s, size_t *at)
{
	*at = s ? b->len : NONE;
	return s ? buf_add(b, s, strlen(s) + 1) : 0;
}

static const char *text_at(const struct buf *b, size_t at)
{
	return at == NONE ? NULL : (const char *)b->data + at;
}

/* The request's best candidates into write_cand. */
static int flush(struct request_cands *rc)
{
	int64_t named = -1, depth = -1;

	for (size_t i = 0; i < rc->n; i++)
		if (rc->v[i].named > named || (rc->v[i].named == named && rc->v[i].depth > depth)) {
			named = rc->v[i].named;
			depth = rc->v[i].depth;
		}
	for (size_t i = 0; i < rc->n; i++) {
		const struct cand *c = &rc->v[i];
		int seen = 0;

		if (c->named != named || c->depth != depth)
			continue;
		for (size_t j = 0; j < i && !seen; j++)   /* one row's identifier twice */
			seen = rc->v[j].dw_id == c->dw_id && rc->v[j].named == named &&
			       rc->v[j].depth == depth;
		if (seen)
			continue;
		struct store_arg a[9] = {
			ARG_I(c->dw_id), ARG_I(rc->r_id), ARG_S(text_at(&rc->text, c->shared)),
			ARG_S(text_at(&rc->text, c->table)), ARG_I(c->written_us),
			ARG_I(c->resolution_us), ARG_I(c->start_us), ARG_I(c->end_us),
			ARG_S(text_at(&rc->text, c->route)),
		};

		if (store_query(rc->st, "correlate/insert_write_cand", a, 9, NULL, NULL, rc->err) < 0)
			return -1;
	}
	rc->n = 0;
	buf_reset(&rc->text);
	return 0;
}

static int on_cand(void *ctx, const struct store_row *row)
{
	struct request_cands *rc = ctx;
	int64_t r_id = store_row_int(row, 1);
	struct cand *c;

	if (rc->n && r_id != rc->r_id && flush(rc) < 0)
		goto fail;
	rc->r_id = r_id;
	if (rc->n == rc->cap) {
		size_t cap = rc->cap ? rc->cap * 2 : 64;
		struct cand *v = realloc(rc->v, cap * sizeof(*v));

		if (!v) {
			diag_oom(rc->err);
			goto fail;
		}
		rc->v = v;
		rc->cap = cap;
	}
	c = &rc->v[rc->n++];
	*c = (struct cand){ store_row_int(row, 0), store_row_int(row, 4), store_row_int(row, 5),
			    store_row_int(row, 6), store_row_int(row, 7), store_row_int(row, 9),
			    store_row_int(row, 10), NONE, NONE, NONE };
	if (keep_text(&rc->text, store_row_text(row, 2), &c->shared) < 0 ||
	    keep_text(&rc->text, store_row_text(row, 3), &c->table) < 0 ||
	    keep_text(&rc->text, store_row_text(row, 8), &c->route) < 0) {
		diag_oom(rc->err);
		goto fail;
	}
	return 0;
fail:
	rc->failed = 1;
	return 1;
}

int write_candidates_find(struct store *st, const struct store_arg args[2], struct diag *err)
{
	struct request_cands rc = { .st = st, .err = err };
	int rc_q;

	buf_init(&rc.text, SIZE_MAX - 1);
	rc_q = store_query(st, "correlate/write_candidates", args, 2, on_cand, &rc, err);
	if (rc_q == 0 && !rc.failed && rc.n && flush(&rc) < 0)
		rc.failed = 1;
	free(rc.v);
	buf_release(&rc.text);
	return rc_q < 0 || rc.failed ? -1 : 0;
}
