/* kind_timeout_clusters.c - how a 408 cluster reads: its article on the
 * page, its sentence in the headline, its line in the text summary. */
#include <inttypes.h>

#include "report/kinds.h"
#include "report/text_tokens.h"

/* the route's requests that answered, but only after half the budget */
static void near_misses(struct html *h, yajl_val nm)
{
	yajl_val slowest = tree_get(nm, "slowest");
	int64_t n = tree_int(nm, "count", 0);

	if (!nm)
		return;
	html_dt(h, "Near misses");
	if (n == 0) {
		html_raw(h, "none: every other request to the route answered in under half the budget"
			 "</dd>\n");
		return;
	}
	html_fmt(h, "%" PRId64 " other %s answered after half the budget or more; the slowest ", n,
		 html_plural((size_t)n, "request", "requests"));
	html_ms(h, tree_int(slowest, "duration_ms", 0));
	html_raw(h, " (<code>");
	html_text(h, tree_str(slowest, "request_id"));
	html_raw(h, "</code>)</dd>\n");
}

/* The cluster's timed-out requests (findings.timeouts of its number), one
 * row each with its kind as a badge; folded: a cluster may hold hundreds. */
static void members(struct html *h, yajl_val c)
{
	yajl_val list = tree_get(tree_get(h->m, "findings"), "timeouts");
	int64_t no = tree_int(c, "cluster", 0);
	size_t n = 0, shown = 0;

	for (size_t i = 0; i < tree_len(list); i++)
		n += tree_int(tree_at(list, i), "cluster", 0) == no;
	if (no <= 0 || n == 0)
		return;
	html_fmt(h, "<details class=\"members\"><summary>Each timed-out request (%zu)</summary>\n"
		 "<table class=\"sortable\"><thead><tr><th>Kind</th><th>Request</th><th>Start</th>"
		 "<th class=\"num\">Duration</th><th>Stalled in</th></tr></thead>\n<tbody>\n", n);
	for (size_t i = 0; i < tree_len(list) && shown < HTML_LIST_MAX; i++) {
		yajl_val t = tree_at(list, i);

		if (tree_int(t, "cluster", 0) != no)
			continue;
		shown++;
		html_raw(h, "<tr><td><span class=\"badge\">");
		html_text(h, tree_str(t, "kind"));
		html_raw(h, "</span></td><td><code>");
		html_text(h, tree_str(t, "request_id"));
		html_raw(h, "</code></td><td>");
		html_time(h, tree_str(t, "start"));
		html_raw(h, "</td><td class=\"num\">");
		html_ms(h, tree_int(t, "duration_ms", 0));
		html_raw(h, "</td><td>");
		html_text(h, tree_str(t, "stalled_phase"));
		html_raw(h, "</td></tr>\n");
	}
	html_raw(h, "</tbody></table>\n");
	if (shown < n)
		html_fmt(h, "<p class=\"cut\">%zu more not shown.</p>\n", n - shown);
	html_raw(h, "</details>\n");
}

static void item(struct html *h, yajl_val c)
{
	size_t nh, nid;
	yajl_val healthy = tree_arr(c, "healthy_routes", &nh);
	yajl_val ids = tree_arr(c, "request_ids", &nid);

	html_raw(h, "<h4><code>");
	html_methods(h, c);
	html_raw(h, " ");
	html_text(h, tree_str(c, "route"));
	html_fmt(h, "</code>: %" PRId64 " \xc3\x97 408</h4>\n<dl class=\"facts\">\n",
		 tree_int(c, "count", 0));
	html_dt(h, "When");
	html_span(h, c);
	html_raw(h, "</dd>\n");
	html_dt(h, "Timed out");
	html_fmt(h, "%" PRId64, tree_int(c, "count", 0));
	if (tree_has(c, "route_requests"))
		html_fmt(h, " of %" PRId64, tree_int(c, "route_requests", 0));
	html_fmt(h, " requests to the route (%.1f%%)</dd>\n", 100 * tree_num(c, "share", 0));
	html_dd_ms(h, "Median duration", c, "median_duration_ms");
	html_dd_ms(h, "p95 duration", c, "p95_duration_ms");
	html_dd_ms(h, "Timeout budget", c, "timeout_budget_ms");
	near_misses(h, tree_get(c, "near_misses"));
	html_dt(h, "Request ids");
	if (nid) {
		html_fmt(h, "<details><summary>%zu</summary><p class=\"ids\">", nid);
		html_list(h, ids, HTML_LIST_MAX);
		html_raw(h, "</p></details>");
	} else {
		html_raw(h, "none logged");
	}
	html_raw(h, "</dd>\n</dl>\n");
	members(h, c);
	if (nh) {
		html_raw(h, "<table class=\"sortable\"><caption>Routes that stayed healthy meanwhile"
			 "</caption>\n<thead><tr><th>Route</th><th>Methods</th><th class=\"num\">"
			 "Requests</th><th class=\"num\">Slowest</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < nh && i < HTML_LIST_MAX; i++) {
			yajl_val r = tree_at(healthy, i);

			html_raw(h, "<tr><td><code>");
			html_text(h, tree_str(r, "route"));
			html_raw(h, "</code></td><td>");
			html_methods(h, r);
			html_fmt(h, "</td><td class=\"num\">%" PRId64 "</td><td class=\"num\">",
				 tree_int(r, "requests", 0));
			html_ms(h, tree_int(r, "max_duration_ms", 0));
			html_raw(h, "</td></tr>\n");
		}
		html_raw(h, "</tbody></table>\n");
	}
}

static size_t headline(struct html *h, yajl_val list)
{
	size_t n = tree_len(list), largest = tree_largest_at(list, "count");
	int64_t total = 0;
	yajl_val c = tree_at(list, largest), healthy;

	for (size_t i = 0; i < n; i++)
		total += tree_int(tree_at(list, i), "count", 0);
	html_fmt(h, "<strong>%" PRId64 " %s timed out</strong> in %zu %s. ", total,
		 html_plural((size_t)total, "request", "requests"), n, html_plural(n, "cluster", "clusters"));
	html_raw(h, n == 1 ? "On " : "The largest on ");
	html_raw(h, "<code>");
	html_methods(h, c);
	html_raw(h, " ");
	html_text(h, tree_str(c, "route"));
	html_fmt(h, "</code>: %" PRId64 " \xc3\x97 408 from ", tree_int(c, "count", 0));
	html_span(h, c);
	html_fmt(h, " (%.1f%% of its requests)", 100 * tree_num(c, "share", 0));
	healthy = tree_at(tree_get(c, "healthy_routes"), 0);
	if (healthy) {
		html_raw(h, "; <code>");
		html_methods(h, healthy);
		html_raw(h, " ");
		html_text(h, tree_str(healthy, "route"));
		html_raw(h, "</code> stayed fast");
	}
	html_raw(h, ".");
	return largest;
}

static int64_t impact(yajl_val list)
{
	int64_t n = 0;

	for (size_t i = 0; i < tree_len(list); i++)
		n += tree_int(tree_at(list, i), "count", 0);
	return n;
}

static void line(struct buf *b, yajl_val c)
{
	buf_adds(b, "timeout_cluster");
	text_tok_methods(b, c);
	text_tok(b, NULL, tree_str(c, "route"));
	text_tok_span(b, c);
	text_tok_int(b, "count", c, "count", "");
	buf_printf(b, " share=%.3f", tree_num(c, "share", 0));
	text_tok_int(b, "budget", c, "timeout_budget_ms", "ms");
	text_tok_int(b, "p95", c, "p95_duration_ms", "ms");
	buf_addc(b, '\n');
}

/* 408s answered in far less than the budget: counted, never clustered */
static void html_note(struct html *h, yajl_val m)
{
	yajl_val tb = tree_get(m, "timeout_budget");
	int64_t n = tree_int(tb, "below_budget", 0);

	if (n <= 0)
		return;
	html_fmt(h, "<p class=\"note\">%" PRId64 " other %s answered in less than half the ", n,
		 html_plural((size_t)n, "408 was", "408s were"));
	html_ms(h, tree_int(tb, "ms", 0));
	html_raw(h, " budget: not the server's timeout (a client giving up, a handler's own 408), "
		 "so in no cluster.</p>\n");
}

static void text_note(struct buf *b, yajl_val m)
{
	yajl_val tb = tree_get(m, "timeout_budget");

	if (tree_int(tb, "below_budget", 0) <= 0)
		return;
	buf_printf(b, "timeouts_below_budget count=%" PRId64, tree_int(tb, "below_budget", 0));
	text_tok_int(b, "budget", tb, "ms", "ms");
	buf_addc(b, '\n');
}

const struct kind_view timeout_clusters_view = {
	.name = "timeout_clusters",
	.title = "408 clusters",
	.rule = "Requests answered 408 (or 502/504 from upstream timeouts), grouped by route and "
		 "time.",
	.html_item = item,
	.html_headline = headline,
	.text_line = line,
	.html_note = html_note,
	.text_note = text_note,
	.impact = impact,
};
