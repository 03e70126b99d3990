/* post_write_stalls.c - requests that timed out after their write had
 * committed: the client saw a failure although the row exists. The stalled
 * phase comes from the best evidence there is: the request's own timing
 * phases; else concurrent timing events with long search-ack or fan-out
 * waits; else only that the handler's completion event never came. */
#include <stdio.h>
#include <string.h>

#include "detect/detector.h"
#include "detect/evidence.h"
#include "store/query.h"

#define STALL_MS 1000.0         /* a phase this long explains a stall; shorter ones do not */
#define ATTRIBUTED 0.5          /* a write link this sure names the request's own row */

struct phase_hit {
	int found;
	char event[96], phase[48];
	double ms;
	char source[512];
	int64_t line;
};

static int read_phase(void *ctx, const struct store_row *row)
{
	struct phase_hit *h = ctx;
	const char *ev = store_row_text(row, 0), *ph = store_row_text(row, 1);
	const char *src = store_row_text(row, 3);

	h->found = 1;
	snprintf(h->event, sizeof(h->event), "%s", ev ? ev : "");
	snprintf(h->phase, sizeof(h->phase), "%s", ph ? ph : "");
	h->ms = store_row_real(row, 2);
	snprintf(h->source, sizeof(h->source), "%s", src ? src : "");
	h->line = store_row_int(row, 4);
	return 1;
}

struct fanout_hit {
	int found;
	char name[96], source[512];
	int64_t line;
};

static int read_fanout(void *ctx, const struct store_row *row)
{
	struct fanout_hit *f = ctx;
	const char *name = store_row_text(row, 0), *src = store_row_text(row, 2);

	f->found = 1;
	snprintf(f->name, sizeof(f->name), "%s", name ? name : "");
	snprintf(f->source, sizeof(f->source), "%s", src ? src : "");
	f->line = store_row_int(row, 3);
	return 1;
}

struct scan {
	struct detect_ctx *ctx;
	struct jsonw *w;
	struct diag *err;
	int64_t last_request;           /* one finding per request: its first write */
	int waits_ready;                /* detect/wait_phases has run */
	int64_t found;
	int failed;
};

static int on_stall(void *ctx, const struct store_row *row)
{
	struct scan *s = ctx;
	struct detect_ctx *dc = s->ctx;
	int64_t req = store_row_int(row, 0), start = store_row_int(row, 5);
	int64_t end = store_row_int(row, 7), written = store_row_int(row, 10);
	struct store_arg own = ARG_I(req);
	struct store_arg span[3] = { ARG_I(start + dc->corr->offset_us),
				     ARG_I(end + dc->corr->offset_us), ARG_S(store_row_text(row, 2)) };
	struct store_arg after[2] = { ARG_I(req), ARG_I(written + dc->corr->offset_us) };
	struct fanout_hit fo = { 0 };
	struct phase_hit h = { 0 };
	struct evidence ev;
	char phase[256];
	const char *named_by;   /* which evidence named the phase */

	if (req == s->last_request)
		return 0;
	s->last_request = req;
	if (store_query(dc->st, "detect/own_phases", &own, 1, read_phase, &h, s->err) < 0)
		goto fail;
	if (h.found && h.ms >= STALL_MS) {
		snprintf(phase, sizeof(phase), "%s (%s took %.0f ms)", h.phase, h.event, h.ms);
		named_by = "own_timing";
	} else if (h.found = 0,
		   store_query(dc->st, "detect/own_fanout", after, 2, read_fanout, &fo, s->err) < 0) {
		goto fail;
	} else if (fo.found) {
		snprintf(phase, sizeof(phase), "realtime fan-out (its own %s after the write)", fo.name);
		named_by = "own_event";
	} else {
		if (!s->waits_ready && store_script(dc->st, "detect/wait_phases", s->err) < 0)
			goto fail;
		s->waits_ready = 1;
		if (store_query(dc->st, "detect/concurrent_waits", span, 3, read_phase, &h,
				s->err) < 0)
			goto fail;
		named_by = h.found && h.ms >= STALL_MS ? "concurrent_timing" : "no_completion_event";
		if (h.found && h.ms >= STALL_MS)
			snprintf(phase, sizeof(phase), "%s: concurrent %s events waited up to %.0f ms",
				 strcmp(h.phase, "ack_wait") == 0 ? "search index ack" :
								    "realtime fan-out",
				 h.event, h.ms);
		else
			snprintf(phase, sizeof(phase), "after write, before completion event");
	}
	{
		struct store_arg res[4] = { ARG_I(req), ARG_I(store_row_int(row, 18)),
					    { .type = ARG_TEXT, .s = phase },
					    ARG_S(named_by) };

		if (store_query(dc->st, "detect/insert_stall_result", res, 4, NULL, NULL, s->err) < 0)
			goto fail;
	}
	evidence_init(&ev, 8);
	if (evidence_add(&ev, store_row_text(row, 13), store_row_int(row, 14)) < 0 ||
	    evidence_add(&ev, store_row_text(row, 15), store_row_int(row, 16)) < 0 ||
	    (h.found && h.ms >= STALL_MS && evidence_add(&ev, h.source, h.line) < 0) ||
	    (fo.found && evidence_add(&ev, fo.source, fo.line) < 0)) {
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
	jsonw_kstr(s->w, "stalled_phase", phase);
	jsonw_kstr(s->w, "phase_evidence", named_by);
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
	struct scan s = { .ctx = ctx, .w = w, .err = err, .last_request = -1 };
	struct store_arg args[3] = { ARG_I(ctx->budget_us), ARG_D(ATTRIBUTED),
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
