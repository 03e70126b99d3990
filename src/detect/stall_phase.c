/* stall_phase.c - the phase a timed-out request stalled in, strongest
 * evidence first:
 *   own_timing         its own timing event shows a phase of STALL_MS or more;
 *   own_event          its own fan-out trouble (a full or closed gateway
 *                      queue) after its write;
 *   concurrent_timing  a request cancelled by the timeout logs no timing of
 *                      its own: other requests of its route report how long
 *                      they waited across its window; the longest such phase
 *                      that it did not itself get through quickly;
 *   no_completion_event  none of these: only that its handler never
 *                      reported back.
 * Names are the server's: the event's domain and the phase,
 * "debug.gateway.broadcast_channel_event.timing" + dispatch_ms ->
 * "gateway.dispatch". */
#include "detect/stall_phase.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "store/query.h"

#define STALL_MS 1000.0         /* a phase this long explains a stall; shorter ones do not */

struct hit {
	int found;
	char event[96], phase[48];
	double ms;
	char source[512];
	int64_t line;
};

static int read_phase(void *ctx, const struct store_row *row)
{
	struct hit *h = ctx;
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

static int read_fanout(void *ctx, const struct store_row *row)
{
	struct hit *h = ctx;
	const char *name = store_row_text(row, 0), *src = store_row_text(row, 2);

	h->found = 1;
	snprintf(h->event, sizeof(h->event), "%s", name ? name : "");
	snprintf(h->source, sizeof(h->source), "%s", src ? src : "");
	h->line = store_row_int(row, 3);
	return 1;
}

/* "debug.search.enqueue_search_command.timing" + "ack_wait" -> "search.ack_wait" */
static void logged_name(char *out, size_t cap, const char *event, const char *phase)
{
	const char *d = strncmp(event, "debug.", 6) == 0 ? event + 6 : event;
	size_t n = strcspn(d, ".");

	snprintf(out, cap, "%.*s.%s", (int)n, d, phase);
}

static void take(struct stall_phase *out, const struct hit *h, const char *named_by)
{
	out->named = 1;
	out->named_by = named_by;
	snprintf(out->source, sizeof(out->source), "%s", h->source);
	out->line = h->line;
}

static int read_counts(void *ctx, const struct store_row *row)
{
	struct stall_phases *sp = ctx;

	sp->waits = store_row_int(row, 0);
	sp->fanouts = store_row_int(row, 1);
	return 1;
}

/* The long waits and fan-out troubles of the window, made once per report
 * and counted once per kind. */
static int prepare(struct stall_phases *sp, struct diag *err)
{
	struct store *st = sp->ctx->st;

	if (sp->ready)
		return 0;
	if (store_script(st, "detect/wait_phases", err) < 0 ||
	    store_script(st, "detect/fanout_events", err) < 0 ||
	    store_query(st, "detect/stall_evidence", NULL, 0, read_counts, sp, err) < 0)
		return -1;
	sp->ready = 1;
	return 0;
}

int stall_phase_find(struct stall_phases *sp, int64_t req, const char *route, int64_t start_us,
		     int64_t end_us, int64_t after_us, struct stall_phase *out, struct diag *err)
{
	struct detect_ctx *dc = sp->ctx;
	int64_t off = dc->corr->offset_us;
	struct store_arg own = ARG_I(req);
	struct store_arg after[2] = { ARG_I(req), ARG_I(after_us + off) };
	struct store_arg span[4] = { ARG_I(start_us + off), ARG_I(end_us + off), ARG_S(route),
				     ARG_I(req) };
	struct hit h = { 0 };

	memset(out, 0, sizeof(*out));
	if (prepare(sp, err) < 0 ||
	    (sp->waits && store_query(dc->st, "detect/own_phases", &own, 1, read_phase, &h, err) < 0))
		return -1;
	if (h.found) {
		logged_name(out->name, sizeof(out->name), h.event, h.phase);
		snprintf(out->detail, sizeof(out->detail), "%s (%s took %" PRId64 " ms)", h.phase, h.event,
			 (int64_t)(h.ms + 0.5));
		take(out, &h, "own_timing");
		return 0;
	}
	memset(&h, 0, sizeof(h));
	if (sp->fanouts && store_query(dc->st, "detect/own_fanout", after, 2, read_fanout, &h, err) < 0)
		return -1;
	if (h.found) {
		snprintf(out->name, sizeof(out->name), "gateway.fanout");
		snprintf(out->detail, sizeof(out->detail),
			 "realtime fan-out (its own %s after the write)", h.event);
		take(out, &h, "own_event");
		return 0;
	}
	if (sp->waits && store_query(dc->st, "detect/concurrent_waits", span, 4, read_phase, &h, err) < 0)
		return -1;
	if (h.found && h.ms >= STALL_MS) {
		logged_name(out->name, sizeof(out->name), h.event, h.phase);
		snprintf(out->detail, sizeof(out->detail), "%s: concurrent %s events waited up to %" PRId64 " ms",
			 strcmp(h.phase, "ack_wait") == 0 ? "search index ack"
			 : strcmp(h.phase, "dispatch") == 0 ? "realtime fan-out" : out->name,
			 h.event, (int64_t)(h.ms + 0.5));
		take(out, &h, "concurrent_timing");
		return 0;
	}
	snprintf(out->detail, sizeof(out->detail), "after write, before completion event");
	out->named_by = "no_completion_event";
	return 0;
}
