/* kind_timeouts.c - how a timed-out request reads: one row with its kind
 * as a badge, the phase it stalled in and what named it, its own write or
 * the lock it waited on; a line in the text summary; and per kind, how many
 * (the text note); the headline says how many of each. */
#include <inttypes.h>
#include <string.h>

#include "report/kinds.h"
#include "report/text_tokens.h"

static void item(struct html *h, yajl_val t)
{
	yajl_val w = tree_get(t, "write"), b = tree_get(t, "blocked_by");

	html_raw(h, "<h4><span class=\"badge\">");
	html_text(h, tree_str(t, "kind"));
	html_raw(h, "</span> <code>");
	html_methods(h, t);
	html_raw(h, " ");
	html_text(h, tree_str(t, "route"));
	html_fmt(h, "</code>: %" PRId64 " after ", tree_int(t, "status", 0));
	html_ms(h, tree_int(t, "duration_ms", 0));
	html_raw(h, "</h4>\n<dl class=\"facts\">\n");
	kind_html_request(h, "Request", t);
	if (tree_has(t, "cluster") && tree_int(t, "cluster", 0) > 0)
		html_fmt(h, ", in 408 cluster %" PRId64, tree_int(t, "cluster", 0));
	html_raw(h, "</dd>\n");
	if (tree_str(t, "stalled_phase")) {
		html_dt(h, "Stalled in");
		html_text(h, tree_str(t, "stalled_phase"));
		html_raw(h, " <small>(named by ");
		html_text(h, tree_str(t, "phase_evidence"));
		html_raw(h, ")</small></dd>\n");
	}
	if (w && YAJL_IS_OBJECT(w)) {
		kind_html_row(h, "Its write", w);
		html_raw(h, "</dd>\n");
	}
	if (b && YAJL_IS_OBJECT(b)) {
		html_dt(h, "Blocked by");
		html_fmt(h, "pid %" PRId64 " ", tree_int(b, "pid", 0));
		html_raw(h, "<code>");
		html_text(h, tree_str(b, "application_name"));
		html_raw(h, "</code> (");
		html_text(h, tree_str(b, "state"));
		html_raw(h, "): <code>");
		html_text(h, tree_str(b, "query"));
		html_fmt(h, "</code>, linked by ");
		html_text(h, tree_str(b, "link"));
		html_fmt(h, " (confidence %.2f)</dd>\n", tree_num(b, "confidence", 0));
	}
	html_raw(h, "</dl>\n");
}

static void line(struct buf *b, yajl_val t)
{
	yajl_val bl = tree_get(t, "blocked_by");

	buf_adds(b, "timeout");
	text_tok_request(b, t);
	text_tok_int(b, "cluster", t, "cluster", "");
	text_tok(b, "kind", tree_str(t, "kind"));
	text_tok(b, "phase", tree_str(t, "stalled_phase"));
	text_tok_int(b, "blocked_by", bl, "pid", "");
	text_tok(b, "request_id", tree_str(t, "request_id"));
	buf_addc(b, '\n');
}

/* the kinds in the order the schema gives them, and how each reads */
static const struct {
	const char *kind, *says;
} kinds[] = {
	{ "post_write", "stalled after their write committed" },
	{ "lock_wait", "waited on a lock" },
	{ "pool_wait", "waited for a database connection" },
	{ "pre_write", "stalled before writing" },
	{ "unknown", "left no trace of where they waited" },
};

static size_t count_kind(yajl_val list, const char *kind)
{
	size_t c = 0;

	for (size_t i = 0; i < tree_len(list); i++) {
		const char *k = tree_str(tree_at(list, i), "kind");

		c += k && strcmp(k, kind) == 0;
	}
	return c;
}

/* "Of the 17 timed-out requests, 12 stalled after ..., 5 waited on a lock." */
static size_t headline(struct html *h, yajl_val list)
{
	size_t n = tree_len(list);
	int first = 1;

	html_fmt(h, "<strong>Of the %zu timed-out %s</strong>, ", n,
		 html_plural(n, "request", "requests"));
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t c = count_kind(list, kinds[k].kind);

		if (c == 0)
			continue;
		html_fmt(h, "%s%zu %s", first ? "" : ", ", c, kinds[k].says);
		first = 0;
	}
	html_raw(h, ".");
	return 0;
}

/* Only the timed-out requests no cluster counted already. */
static int64_t impact(yajl_val list)
{
	int64_t n = 0;

	for (size_t i = 0; i < tree_len(list); i++)
		n += tree_int(tree_at(list, i), "cluster", 0) <= 0;
	return n;
}

/* "timeouts_by_kind post_write=7 lock_wait=0 ...": every kind, zeros too */
static void text_note(struct buf *b, yajl_val m)
{
	yajl_val list = tree_get(tree_get(m, "findings"), "timeouts");

	if (tree_len(list) == 0)
		return;
	buf_adds(b, "timeouts_by_kind");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		buf_printf(b, " %s=%zu", kinds[k].kind, count_kind(list, kinds[k].kind));
	buf_addc(b, '\n');
}

const struct kind_view timeouts_view = {
	.name = "timeouts",
	.title = "Timed-out requests",
	.rule = "Every request that ran out of time, with the kind of its timeout: it waited on a "
		"lock, it stalled after its write committed, it stalled before writing, or nothing "
		"says.",
	.html_item = item,
	.html_headline = headline,
	.text_line = line,
	.text_note = text_note,
	.impact = impact,
};
