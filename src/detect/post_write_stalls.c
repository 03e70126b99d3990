/* post_write_stalls.c - requests that timed out after their write had
 * committed: the client saw a failure although the row exists. The stalled
 * phase comes from the best evidence there is (stall_phase.c). */
#include <stdio.h>
#include <string.h>

#include "detect/detector.h"
#include "detect/evidence.h"
#include "detect/stall_phase.h"
#include "store/query.h"

struct scan {
	struct detect_ctx *ctx;
	struct jsonw *w;
	struct diag *err;
	int64_t last_request;           /* one finding per request: its first write */
	struct stall_phases phases;
	int64_t found;
	int failed;
};

static int on_stall(void *ctx, const struct store_row *row)
{
	struct scan *s = ctx;
	struct detect_ctx *dc = s->ctx;
	int64_t req = store_row_int(row, 0), start = store_row_int(row, 5);
	int64_t end = store_row_int(row, 7), written = store_row_int(row, 10);
	struct stall_phase ph;
	struct evidence ev;

	if (req == s->last_request)
		return 0;
	s->last_request = req;
	if (stall_phase_find(&s->phases, req, store_row_text(row, 2), start, end, written, &ph,
			     s->err) < 0)
		goto fail;
	{
		struct store_arg res[5] = { ARG_I(req), ARG_I(store_row_int(row, 18)),
					    { .type = ARG_TEXT, .s = ph.detail },
					    ARG_S(ph.named_by),
					    ph.named ? (struct store_arg){ .type = ARG_TEXT, .s = ph.name }
						     : ARG_S(NULL) };

		if (store_query(dc->st, "detect/insert_stall_result", res, 5, NULL, NULL, s->err) < 0)
			goto fail;
	}
	evidence_init(&ev, 8);
	if (evidence_add(&ev, store_row_text(row, 13), store_row_int(row, 14)) < 0 ||
	    evidence_add(&ev, store_row_text(row, 15), store_row_int(row, 16)) < 0 ||
	    (ph.named && evidence_add(&ev, ph.source, ph.line) < 0)) {
		evidence_release(&ev);
		diag_oom(s->err);
		goto fail;
	}
	s->found++;
	jsonw_open(s->w);
	jsonw_kstr(s->w, "request_id", store_row_text(row, 1));
	jsonw_kstr(s->w, "route", store_row_text(row, 2));
	jsonw_kstr(s->w, "method", store_row_text(row, 3));
	jsonw_kint(s->w, "status", store_row_int(row, 4));
	jsonw_ktime(s->w, "start", start);
	jsonw_kint(s->w, "duration_ms", store_row_int(row, 6) / 1000);
	jsonw_key(s->w, "write");
	jsonw_open(s->w);
	jsonw_kstr(s->w, "table", store_row_text(row, 8));
	jsonw_kstr(s->w, "key", store_row_text(row, 9));
	jsonw_ktime(s->w, "written_at", written);
	jsonw_kint(s->w, "resolution_ms", store_row_int(row, 11) / 1000);
	jsonw_kstr(s->w, "link", store_row_text(row, 12));
	jsonw_key(s->w, "confidence");
	jsonw_fixed(s->w, store_row_real(row, 17), 2);
	jsonw_close(s->w);
	jsonw_kint(s->w, "write_to_response_ms", (end - written) / 1000);
	jsonw_kstr(s->w, "stalled_phase", ph.detail);
	jsonw_kstr(s->w, "phase", ph.named ? ph.name : NULL);
	jsonw_kstr(s->w, "phase_evidence", ph.named_by);
	evidence_write(&ev, s->w);
	jsonw_close(s->w);
	evidence_release(&ev);
	return 0;
fail:
	s->failed = 1;
	return 1;
}

static int run(struct detect_ctx *ctx, struct jsonw *w, int64_t *found, struct diag *err)
{
	struct scan s = { .ctx = ctx, .w = w, .err = err, .last_request = -1, .phases = { .ctx = ctx } };
	struct store_arg args[3] = { ARG_I(ctx->budget_us), ARG_D(DETECT_LINK_SURE),
				     ARG_I(ctx->corr->db_offset_us) };
	int rc = 0;

	if (store_query(ctx->st, "detect/write_stalls", args, 3, on_stall, &s, err) < 0 ||
	    s.failed)
		rc = -1;
	*found = s.found;
	return rc;
}

const struct detector post_write_stalls_detector = {
	.name = "post_write_stalls",
	.help = "requests that timed out after their database write had committed",
	.needs = { "timeout_clusters" },        /* the timeout budget */
	.run = run,
};
