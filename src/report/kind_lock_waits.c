/* kind_lock_waits.c - how a lock episode reads: the holder first (who to go
 * and talk to), then how long and how many queued, then the timed-out
 * requests among them; its headline sentence and its text line. */
#include <inttypes.h>

#include "report/kinds.h"
#include "report/text_tokens.h"

static void holder(struct html *h, yajl_val e)
{
	yajl_val ho = tree_get(e, "holder");

	html_fmt(h, "pid %" PRId64 " <code>", tree_int(ho, "pid", 0));
	html_text(h, tree_str(ho, "application_name"));
	html_raw(h, "</code> (");
	html_text(h, tree_str(ho, "state"));
	html_raw(h, ")");
}

static void item(struct html *h, yajl_val e)
{
	yajl_val ho = tree_get(e, "holder"), reqs = tree_get(e, "requests");

	html_raw(h, "<h4>Lock on <code>");
	html_text(h, tree_str(e, "relation"));
	html_raw(h, "</code>");
	if (tree_str(e, "mode")) {
		html_raw(h, " (");
		html_text(h, tree_str(e, "mode"));
		html_raw(h, ")");
	}
	html_raw(h, "</h4>\n<dl class=\"facts\">\n");
	html_dt(h, "Held by");
	holder(h, e);
	if (tree_has(ho, "age_ms") && tree_int(ho, "age_ms", -1) >= 0) {
		html_raw(h, ", seen ");
		html_ms(h, tree_int(ho, "age_ms", 0));
		html_raw(h, " into its transaction");
	}
	html_raw(h, "</dd>\n");
	html_dd_text(h, "Its statement", tree_str(ho, "query"));
	html_dt(h, "When");
	html_span(h, e);
	html_fmt(h, " (%" PRId64 " captures)</dd>\n", tree_int(e, "captures", 0));
	html_dt(h, "Queued behind it");
	html_fmt(h, "%" PRId64 " %s</dd>\n", tree_int(e, "blocked_backends", 0),
		 html_plural((size_t)tree_int(e, "blocked_backends", 0), "backend", "backends"));
	html_dt(h, "Timed out waiting");
	html_fmt(h, "%" PRId64, tree_int(e, "timed_out", 0));
	if (tree_len(reqs)) {
		html_raw(h, ": <span class=\"ids\">");
		for (size_t i = 0; i < tree_len(reqs) && i < HTML_LIST_MAX; i++) {
			yajl_val r = tree_at(reqs, i);

			html_raw(h, i ? ", <code>" : "<code>");
			html_text(h, tree_str(r, "request_id"));
			html_raw(h, "</code> (");
			html_text(h, tree_str(r, "link"));
			html_fmt(h, " %.2f)", tree_num(r, "confidence", 0));
		}
		html_raw(h, "</span>");
	}
	html_raw(h, "</dd>\n</dl>\n");
}

static size_t headline(struct html *h, yajl_val list)
{
	size_t n = tree_len(list), worst = tree_largest_at(list, "timed_out");
	yajl_val e = tree_at(list, worst);

	html_fmt(h, "<strong>%zu lock %s</strong>", n, html_plural(n, "episode", "episodes"));
	html_raw(h, n > 1 ? "; the worst: " : ": ");
	holder(h, e);
	html_raw(h, " held <code>");
	html_text(h, tree_str(e, "relation"));
	html_raw(h, "</code> from ");
	html_span(h, e);
	html_fmt(h, ", %" PRId64 " backends queued and %" PRId64 " %s timed out waiting.",
		 tree_int(e, "blocked_backends", 0), tree_int(e, "timed_out", 0),
		 html_plural((size_t)tree_int(e, "timed_out", 0), "request", "requests"));
	return worst;
}

/* the requests that timed out waiting, and at least one per episode */
static int64_t impact(yajl_val list)
{
	int64_t n = 0;

	for (size_t i = 0; i < tree_len(list); i++) {
		int64_t t = tree_int(tree_at(list, i), "timed_out", 0);

		n += t > 0 ? t : 1;
	}
	return n;
}

static void line(struct buf *b, yajl_val e)
{
	yajl_val ho = tree_get(e, "holder");

	buf_adds(b, "lock_wait");
	text_tok(b, NULL, tree_str(e, "relation"));
	text_tok_span(b, e);
	text_tok(b, "mode", tree_str(e, "mode"));
	text_tok_int(b, "holder_pid", ho, "pid", "");
	text_tok(b, "holder_app", tree_str(ho, "application_name"));
	text_tok(b, "holder_state", tree_str(ho, "state"));
	text_tok_int(b, "blocked", e, "blocked_backends", "");
	text_tok_int(b, "timed_out", e, "timed_out", "");
	buf_addc(b, '\n');
}

const struct kind_view lock_waits_view = {
	.name = "lock_waits",
	.title = "Lock episodes",
	.rule = "A lock held while other backends queued behind it, from dated pg_stat_activity / "
		"pg_locks captures, with the timed-out requests whose own statements waited.",
	.html_item = item,
	.html_headline = headline,
	.text_line = line,
	.impact = impact,
};
