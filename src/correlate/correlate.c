/* correlate.c - runs the passes in order: the window, the proxy prefix,
 * exact ids, the clock offset, method + path + time, time only, db writes.
 * Each pass is SQL of sql/correlate/; each link says how it was made. */
#include "correlate/correlate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "correlate/clock_offset.h"
#include "correlate/db_locks.h"
#include "correlate/db_writes.h"
#include "correlate/lock_links.h"
#include "correlate/path_sweep.h"
#include "correlate/rate_limits.h"
#include "correlate/write_candidates.h"
#include "record/record.h"
#include "store/query.h"

static struct store_arg time_arg(int64_t us)
{
	return us == RECORD_NONE ? (struct store_arg){ .type = ARG_NULL } : ARG_I(us);
}

static int read_prefix(void *ctx, const struct store_row *row)
{
	struct correlation *c = ctx;
	const char *p = store_row_text(row, 0);

	snprintf(c->prefix, sizeof(c->prefix), "%s", p ? p : "");
	c->prefix_votes = store_row_int(row, 1);
	return 1;
}

static int read_int(void *ctx, const struct store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, 0);
	return 1;
}

static int read_counts(void *ctx, const struct store_row *row)
{
	struct correlation *c = ctx;

	c->requests = store_row_int(row, 0);
	c->by_request_id = store_row_int(row, 1);
	c->by_path_time = store_row_int(row, 2);
	c->by_time_only = store_row_int(row, 3);
	c->by_rate_limit_order = store_row_int(row, 6);
	c->events = store_row_int(row, 4);
	c->linked_requests = store_row_int(row, 5);
	return 1;
}

int correlate_prefix(struct store *st, const char *given, struct correlation *c,
		     struct diag *err)
{
	if (given) {
		snprintf(c->prefix, sizeof(c->prefix), "%s", given);
		return 0;
	}
	c->prefix_detected = 1;
	if (store_query(st, "correlate/prefix_votes", NULL, 0, read_prefix, c, err) < 0)
		return -1;
	if (c->prefix_votes == 0)
		c->prefix[0] = '\0';
	return 0;
}

int correlate_window_build(struct store *st, int64_t since_us, int64_t until_us,
			   const char *prefix, struct diag *err)
{
	struct store_arg win[3] = { time_arg(since_us), time_arg(until_us), ARG_S(prefix) };

	return store_script(st, "correlate/window_table", err) < 0 ||
		       store_query(st, "correlate/window", win, 3, NULL, NULL, err) < 0 ||
		       store_script(st, "correlate/window_index", err) < 0
		       ? -1 : 0;
}

/* path_pairs: each unambiguous match bounds the offset */
static int add_offset_pair(void *ctx, const struct path_match *m)
{
	return clock_pairs_add(ctx, m->ts_us - m->end_us, m->ts_us - m->start_us);
}

/* by_path_time: each match a link, inserted in event order once all are in */
static int add_path_link(void *ctx, const struct path_match *m)
{
	return store_pairs_add(ctx, m->event_id, m->request_id);
}

int correlate_run(struct store *st, const struct correlate_opts *o, struct correlation *c,
		  struct diag *err)
{
	struct store_arg win[2] = { time_arg(o->since_us), time_arg(o->until_us) };
	int64_t max_dur = 0, tol = o->tolerance_us, with_paths = 0;
	struct store_arg prefix;

	memset(c, 0, sizeof(*c));
	c->offset_basis = "none";
	if (store_script(st, "correlate/setup", err) < 0 ||
	    correlate_prefix(st, o->strip_prefix, c, err) < 0)
		return -1;
	/* what needs only the events first: the window's requests may be in
	 * the making on another connection meanwhile (o->window_ready) */
	if (store_query(st, "correlate/window_event", win, 2, NULL, NULL, err) < 0 ||
	    store_merge_join(st, "correlate/key_requests", "correlate/key_events", win, 2,
			     "correlate/insert_id_link", err) < 0)
		return -1;

	prefix = ARG_S(c->prefix);
	/* the offset from exact pairs, else from unambiguous path matches */
	struct store_arg basis[2] = { ARG_S("request_id") };

	if (clock_offset_estimate(st, "correlate/offset_pairs", basis, 1, &c->offset_us,
				  &c->offset_pairs, err) < 0)
		return -1;
	if (store_script(st, "correlate/unlinked", err) < 0 ||
	    store_query(st, "correlate/unlinked_paths", NULL, 0, read_int, &with_paths, err) < 0)
		return -1;
	if ((o->window_ready ? o->window_ready(o->window_ctx, err)
			     : correlate_window_build(st, o->since_us, o->until_us, c->prefix, err)) < 0 ||
	    store_query(st, "correlate/max_duration", NULL, 0, read_int, &max_dur, err) < 0)
		return -1;
	if (c->offset_pairs > 0) {
		c->offset_basis = "request_id";
	} else {
		struct clock_pairs pairs = CLOCK_PAIRS_INIT;
		struct path_fit any = { -(max_dur + tol), max_dur + tol, 0, 0 };

		if (path_sweep(st, "correlate/path_pairs", &prefix, 1, "correlate/sweep_requests", &any,
			       add_offset_pair, &pairs, err) < 0) {
			free(pairs.mid);
			return -1;
		}
		clock_pairs_settle(&pairs, &c->offset_us, &c->offset_pairs);
		if (c->offset_pairs > 0)
			c->offset_basis = "path_time";
	}

	/* inside the request, on the server's clock, within the tolerance */
	struct path_fit inside = { -c->offset_us - max_dur - tol, -c->offset_us + tol, 1,
				   -c->offset_us - tol };
	struct store_arg to[3] = { ARG_I(c->offset_us), ARG_I(tol), ARG_I(max_dur) };
	struct store_arg wr[2] = { ARG_I(tol + (c->offset_us < 0 ? -c->offset_us : c->offset_us)),
				   ARG_I(DB_WRITE_RESOLUTION_MAX_US) };

	/* the events with a method and path the ids left: their one fitting request */
	if (with_paths) {
		struct store_pairs links = { 0 };

		if (path_sweep(st, "correlate/by_path_time", &prefix, 1, "correlate/sweep_requests",
			       &inside, add_path_link, &links, err) < 0) {
			free(links.v);
			return -1;
		}
		if (store_pairs_insert(st, "correlate/insert_path_link", &links, err) < 0)
			return -1;
	}
	if (store_query(st, "correlate/by_time_only", to, 3, NULL, NULL, err) < 0 ||
	    rate_limits_link(st, c, err) < 0 ||
	    store_script(st, "correlate/link_index", err) < 0 ||
	    write_candidates_find(st, wr, err) < 0 ||
	    db_writes_assign(st, c, err) < 0)
		return -1;
	/* rows sharing no id: inside the request, once the rows' offset is off */
	wr[0] = ARG_I(DB_WRITE_SLACK_US + (c->db_offset_us < 0 ? -c->db_offset_us : c->db_offset_us));
	wr[1] = ARG_I(max_dur);
	if (store_query(st, "correlate/write_single", wr, 2, NULL, NULL, err) < 0)
		return -1;
	c->write_links_single = store_changes(st);
	/* the captures inside the window, on their (the rows') clock */
	win[0] = o->since_us == RECORD_NONE ? ARG_S(NULL) : ARG_I(o->since_us + c->db_offset_us);
	win[1] = o->until_us == RECORD_NONE ? ARG_S(NULL) : ARG_I(o->until_us + c->db_offset_us);
	if (db_locks_observe(st, win, &c->lock_observations, err) < 0 ||
	    lock_links_assign(st, c, tol, max_dur, err) < 0)
		return -1;
	return store_query(st, "correlate/link_counts", NULL, 0, read_counts, c, err) < 0 ? -1 : 0;
}
