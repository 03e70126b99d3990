/* timeouts.c - every request that ran out of time, explained: which kind
 * of timeout it was, the phase it stalled in and the evidence that named
 * it. It reads what the earlier kinds concluded (their `needs`): its
 * cluster (timeout_clusters), its own committed write (post_write_stalls),
 * and the lock its statement queued behind (lock_waits, via the captured
 * waits of correlate/lock_links.c). Kinds, strongest evidence first:
 *   lock_wait  its own statement was seen waiting on a lock;
 *   post_write its own row had committed before the response;
 *   pre_write  its route writes, yet no row of its own committed: it
 *              stalled before writing, the cause not captured;
 *   unknown    nothing says where it spent its time.
 * (pool_wait, a wait for a pooled connection, needs the server's pool
 * events, which the stand-in does not log yet: never claimed.) */
#include <inttypes.h>
#include <stdio.h>

#include "detect/detector.h"
#include "detect/evidence.h"
#include "detect/stall_phase.h"
#include "store/query.h"

struct scan {
	struct detect_ctx *ctx;
	struct jsonw *w;
	struct diag *err;
	struct stall_phases phases;
	int64_t found;
	int failed;
};

static void write_blocked_by(struct jsonw *w, const struct store_row *row)
{
	jsonw_key(w, "blocked_by");
	if (store_row_is_null(row, 18)) {
		jsonw_null(w);
		return;
	}
	jsonw_open(w);
	jsonw_kint(w, "pid", store_row_int(row, 18));
	jsonw_kstr(w, "application_name", store_row_text(row, 22));
	jsonw_kstr(w, "state", store_row_text(row, 23));
	jsonw_kstr(w, "query", store_row_text(row, 24));
	jsonw_kstr(w, "relation", store_row_text(row, 19));
	jsonw_kstr(w, "mode", store_row_text(row, 26));
	jsonw_kstr(w, "waited_mode", store_row_text(row, 25));
	jsonw_kstr(w, "link", store_row_text(row, 20));
	jsonw_key(w, "confidence");
	jsonw_fixed(w, store_row_real(row, 21), 2);
	jsonw_close(w);
}

static void write_write(struct jsonw *w, const struct store_row *row)
{
	jsonw_key(w, "write");
	if (store_row_is_null(row, 11)) {
		jsonw_null(w);
		return;
	}
	jsonw_open(w);
	jsonw_kstr(w, "table", store_row_text(row, 13));
	jsonw_kstr(w, "key", store_row_text(row, 14));
	jsonw_ktime(w, "written_at", store_row_int(row, 15));
	jsonw_kstr(w, "link", store_row_text(row, 16));
	jsonw_key(w, "confidence");
	jsonw_fixed(w, store_row_real(row, 17), 2);
	jsonw_close(w);
}

static int on_timeout(void *ctx, const struct store_row *row)
{
	struct scan *s = ctx;
	int locked = !store_row_is_null(row, 18), wrote = !store_row_is_null(row, 11);
	const char *kind = locked ? "lock_wait" : wrote ? "post_write"
			 : store_row_int(row, 29) ? "pre_write" : "unknown";
	struct stall_phase ph = { 0 };
	struct evidence ev;

	if (locked) {
		const char *rel = store_row_text(row, 19), *mode = store_row_text(row, 25);

		/* the capture is the strongest evidence: other requests' timings
		 * on the route tell of their own stall, not of this wait */
		ph.named = 1;
		snprintf(ph.name, sizeof(ph.name), "db.lock_wait");
		snprintf(ph.detail, sizeof(ph.detail), "waiting on a lock of %s%s%s%s held by pid %" PRId64,
			 rel ? rel : "a relation", mode ? " (" : "", mode ? mode : "", mode ? ")" : "",
			 store_row_int(row, 18));
		ph.named_by = "lock_capture";
	} else if (wrote) {
		ph.named = !store_row_is_null(row, 30);
		snprintf(ph.name, sizeof(ph.name), "%s", ph.named ? store_row_text(row, 30) : "");
		snprintf(ph.detail, sizeof(ph.detail), "%s", store_row_text(row, 11));
		ph.named_by = store_row_text(row, 12);
	} else if (stall_phase_find(&s->phases, store_row_int(row, 0), store_row_text(row, 3),
				    store_row_int(row, 5), store_row_int(row, 6), store_row_int(row, 5),
				    &ph, s->err) < 0) {
		s->failed = 1;
		return 1;
	}
	evidence_init(&ev, 4);
	if (evidence_add(&ev, store_row_text(row, 8), store_row_int(row, 9)) < 0 ||
	    (locked && evidence_add(&ev, store_row_text(row, 27), store_row_int(row, 28)) < 0) ||
	    (!locked && !wrote && ph.named && evidence_add(&ev, ph.source, ph.line) < 0)) {
		evidence_release(&ev);
		s->failed = diag_oom(s->err);
		return 1;
	}
	s->found++;
	jsonw_open(s->w);
	jsonw_kstr(s->w, "request_id", store_row_text(row, 1));
	jsonw_kstr(s->w, "method", store_row_text(row, 2));
	jsonw_kstr(s->w, "route", store_row_text(row, 3));
	jsonw_kint(s->w, "status", store_row_int(row, 4));
	jsonw_ktime(s->w, "start", store_row_int(row, 5));
	jsonw_ktime(s->w, "end", store_row_int(row, 6));
	jsonw_kint(s->w, "duration_ms", store_row_int(row, 7) / 1000);
	jsonw_key(s->w, "cluster");
	if (store_row_is_null(row, 10))
		jsonw_null(s->w);
	else
		jsonw_int(s->w, store_row_int(row, 10));
	jsonw_kstr(s->w, "kind", kind);
	jsonw_kstr(s->w, "stalled_phase", ph.named ? ph.name : NULL);
	jsonw_kstr(s->w, "phase_detail", ph.named || wrote ? ph.detail : NULL);
	jsonw_kstr(s->w, "phase_evidence", ph.named || wrote ? ph.named_by : NULL);
	write_write(s->w, row);
	write_blocked_by(s->w, row);
	evidence_write(&ev, s->w);
	jsonw_close(s->w);
	evidence_release(&ev);
	return 0;
}

static int run(struct detect_ctx *ctx, struct jsonw *w, int64_t *found, struct diag *err)
{
	struct scan s = { .ctx = ctx, .w = w, .err = err, .phases = { .ctx = ctx } };
	struct store_arg a[3] = { ARG_I(ctx->budget_us),
				  ARG_I((int64_t)(DETECT_AT_BUDGET_SHARE * (double)ctx->budget_us)),
				  ARG_D(DETECT_LINK_SURE) };
	int rc = 0;

	if (store_query(ctx->st, "detect/timed_out", a, 3, on_timeout, &s, err) < 0 || s.failed)
		rc = -1;
	*found = s.found;
	return rc;
}

const struct detector timeouts_detector = {
	.name = "timeouts",
	.help = "every request that ran out of time: its kind, stalled phase, write and blocking lock",
	.needs = { "timeout_clusters", "post_write_stalls", "lock_waits" },
	.run = run,
};
