/* retried_timeouts.c - a 408 whose write had committed, sent again by the
 * same client soon after, and the retry wrote again: a duplicate the user
 * never meant (two messages, two orders). The client was told "timed out",
 * so it did what clients do. Reads the post-write stalls' conclusions
 * (stall_result); the first such retry of each stall is the finding, later
 * ones are counted. */
#include "detect/detector.h"
#include "detect/evidence.h"
#include "store/query.h"

#define RETRY_WINDOW_US (60 * INT64_C(1000000))        /* "soon after" the 408 */

struct scan {
	struct detect_ctx *ctx;
	struct jsonw *w;
	struct diag *err;
	int64_t open_stall, retries;    /* the stall being written, its retries so far */
	int64_t found;
	struct evidence ev;
	int failed;
};

static void close_finding(struct scan *s)
{
	if (s->open_stall < 0)
		return;
	jsonw_kint(s->w, "retries", s->retries);
	evidence_write(&s->ev, s->w);
	jsonw_close(s->w);
	evidence_release(&s->ev);
	s->open_stall = -1;
}

static void write_row(struct jsonw *w, const struct store_row *row, int table, int key, int at,
		      int link, int confidence)
{
	jsonw_key(w, "write");
	jsonw_open(w);
	if (table >= 0)
		jsonw_kstr(w, "table", store_row_text(row, table));
	jsonw_kstr(w, "key", store_row_text(row, key));
	jsonw_ktime(w, "written_at", store_row_int(row, at));
	if (link >= 0) {
		jsonw_kstr(w, "link", store_row_text(row, link));
		jsonw_key(w, "confidence");
		jsonw_fixed(w, store_row_real(row, confidence), 2);
	}
	jsonw_close(w);
}

static int on_retry(void *ctx, const struct store_row *row)
{
	struct scan *s = ctx;
	int64_t stall = store_row_int(row, 0);

	if (stall == s->open_stall) {
		s->retries++;
		return 0;
	}
	close_finding(s);
	s->open_stall = stall;
	s->retries = 1;
	s->found++;
	evidence_init(&s->ev, 4);
	if (evidence_add(&s->ev, store_row_text(row, 9), store_row_int(row, 10)) < 0 ||
	    evidence_add(&s->ev, store_row_text(row, 18), store_row_int(row, 19)) < 0) {
		s->failed = diag_oom(s->err);
		return 1;
	}
	jsonw_open(s->w);
	jsonw_kstr(s->w, "request_id", store_row_text(row, 1));
	jsonw_kstr(s->w, "method", store_row_text(row, 2));
	jsonw_kstr(s->w, "route", store_row_text(row, 3));
	jsonw_kstr(s->w, "client_ip", store_row_text(row, 4));
	jsonw_ktime(s->w, "end", store_row_int(row, 5));
	write_row(s->w, row, 6, 7, 8, -1, -1);
	jsonw_key(s->w, "retry");
	jsonw_open(s->w);
	jsonw_kstr(s->w, "request_id", store_row_text(row, 11));
	jsonw_ktime(s->w, "start", store_row_int(row, 12));
	jsonw_kint(s->w, "status", store_row_int(row, 13));
	write_row(s->w, row, -1, 14, 15, 16, 17);
	jsonw_close(s->w);
	jsonw_kint(s->w, "delay_ms", (store_row_int(row, 12) - store_row_int(row, 5)) / 1000);
	return 0;
}

static int run(struct detect_ctx *ctx, struct jsonw *w, int64_t *found, struct diag *err)
{
	struct scan s = { .ctx = ctx, .w = w, .err = err, .open_stall = -1 };
	struct store_arg a[2] = { ARG_I(RETRY_WINDOW_US), ARG_D(DETECT_LINK_SURE) };
	int rc = 0;

	if (store_query(ctx->st, "detect/retries", a, 2, on_retry, &s, err) < 0 || s.failed)
		rc = -1;
	if (rc == 0)
		close_finding(&s);
	else if (s.open_stall >= 0)
		evidence_release(&s.ev);
	*found = s.found;
	return rc;
}

const struct detector retried_timeouts_detector = {
	.name = "retried_timeouts",
	.help = "a 408 whose write had committed, retried by its client, and the retry wrote again",
	.needs = { "post_write_stalls" },       /* its stalls (stall_result) */
	.run = run,
};
