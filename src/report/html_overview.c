/* html_overview.c - the per-route table (the model's "overview"): each
 * route and method with its answers by status, error share, latency
 * percentiles and busiest clients and user agents; the whole window as
 * its last row. Route, client and user agent are log text: escaped. */
#include <inttypes.h>
#include <string.h>

#include "report/html.h"
#include "report/html_page.h"

#define SHARE_BAD 0.05          /* an error share marked in red from here */
#define CHANGED_MAX 10          /* routes in the "changed" table */

/* a fractional duration in ms: "0.41 ms", "12.7 ms", "853 ms", "10.06 s" */
static void latency_cell(struct html *h, yajl_val lat, const char *key)
{
	double ms = tree_num(lat, key, -1);

	if (ms < 0)
		html_raw(h, "\xe2\x80\x93");
	else if (ms >= 10000)
		html_fmt(h, "%.2f s", ms / 1000);
	else
		html_fmt(h, ms >= 100 ? "%.0f ms" : ms >= 10 ? "%.1f ms" : "%.2f ms", ms);
}

static void latency(struct html *h, yajl_val lat, const char *key)
{
	html_raw(h, "<td class=\"num\">");
	latency_cell(h, lat, key);
	html_raw(h, "</td>");
}

static void busiest(struct html *h, yajl_val row, const char *key)
{
	size_t n;
	yajl_val list = tree_arr(row, key, &n), ex = tree_get(row, "busiest_exact");
	int exact = !ex || !YAJL_IS_FALSE(ex);

	html_raw(h, "<td class=\"who\">");
	if (n == 0)
		html_raw(h, "\xe2\x80\x93");
	for (size_t i = 0; i < n; i++) {
		yajl_val t = tree_at(list, i);

		/* one line each, cut by the stylesheet; the whole value on hover */
		html_raw(h, "<div title=\"");
		html_attr(h, tree_str(t, "value"));
		/* from bounded counters: an upper bound */
		html_fmt(h, "\">%s%" PRId64 " \xc3\x97 <code>", exact ? "" : "\xe2\x89\xa4",
			 tree_int(t, "requests", 0));
		html_text(h, tree_str(t, "value"));
		html_raw(h, "</code></div>");
	}
	html_raw(h, "</td>");
}

static void count(struct html *h, yajl_val status, const char *cls)
{
	int64_t n = tree_int(status, cls, 0);

	html_fmt(h, n ? "<td class=\"num\">%" PRId64 "</td>" : "<td class=\"num zero\">%" PRId64 "</td>", n);
}

/* A mark from the fixed set, as a badge: never the model's own text. */
static void marks(struct html *h, yajl_val change)
{
	static const char *const known[] = { "failing", "slower", "new" };
	size_t n;
	yajl_val list = tree_arr(change, "marks", &n);

	for (size_t i = 0; i < n; i++) {
		yajl_val m = tree_at(list, i);

		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (m && YAJL_IS_STRING(m) && strcmp(m->u.string, known[k]) == 0)
				html_fmt(h, " <span class=\"badge mark-%s\">%s</span>", known[k], known[k]);
	}
}

/* baseline -> now: "12.7 ms \xe2\x86\x92 853 ms (\xc3\x9767.2)", "1.2% \xe2\x86\x92 16.7% (+15.5 pts)" */
static void then_now(struct html *h, yajl_val r, int latency)
{
	yajl_val b = tree_get(r, "baseline"), c = tree_get(r, "change");

	if (latency) {
		latency_cell(h, tree_get(b, "latency_ms"), "p95");
		html_raw(h, " \xe2\x86\x92 ");
		latency_cell(h, tree_get(r, "latency_ms"), "p95");
		if (tree_has(c, "p95_ratio"))
			html_fmt(h, " (\xc3\x97%.1f)", tree_num(c, "p95_ratio", 0));
		return;
	}
	if (b)
		html_fmt(h, "%.1f%% \xe2\x86\x92 ", 100 * tree_num(b, "error_share", 0));
	else
		html_raw(h, "\xe2\x80\x93 \xe2\x86\x92 ");
	html_fmt(h, "%.1f%%", 100 * tree_num(r, "error_share", 0));
	if (b)
		html_fmt(h, " (%+.1f pts)", 100 * tree_num(c, "error_share_delta", 0));
}

/* The routes that changed most against the baseline, by their rank. */
static void changed(struct html *h, yajl_val ov, yajl_val routes, size_t n)
{
	yajl_val base = tree_get(ov, "baseline"), all = tree_get(base, "all");
	int64_t nchanged = tree_int(base, "changed", 0);

	if (!base) {
		html_raw(h, "<p class=\"meta no-baseline\">No baseline given, so no route is marked "
			 "as changed: add <code>--baseline D</code> (the D before <code>--since</code>) or "
			 "<code>--baseline-since T --baseline-until T</code>.</p>\n");
		return;
	}
	/* one short line above the table, the marks' rule under it: the
	 * changed routes stay on the first screen */
	html_raw(h, "<h3 id=\"changed\">Changed against the baseline <span class=\"meta\">");
	html_time(h, tree_str(base, "since"));
	html_raw(h, " \xe2\x80\x93 ");
	html_time(h, tree_str(base, "until"));
	html_fmt(h, ": %" PRId64 " requests, %.1f%% errors, p95 ", tree_int(all, "requests", 0),
		 100 * tree_num(all, "error_share", 0));
	latency_cell(h, tree_get(all, "latency_ms"), "p95");
	html_raw(h, "</span></h3>\n");
	if (nchanged == 0) {
		html_raw(h, "<p class=\"none\">No route changed.</p>\n");
		return;
	}
	html_raw(h, "<table class=\"changed\">\n<thead><tr><th>Route</th><th class=\"num\">Requests "
		 "(baseline)</th><th>Errors, baseline \xe2\x86\x92 now</th><th>p95, baseline \xe2\x86\x92 now"
		 "</th></tr></thead>\n<tbody>\n");
	for (int64_t rank = 1, shown = 0; rank <= nchanged && shown < CHANGED_MAX; rank++)
		for (size_t i = 0; i < n; i++) {
			yajl_val r = tree_at(routes, i);

			if (tree_int(tree_get(r, "change"), "rank", 0) != rank)
				continue;
			shown++;
			html_raw(h, "<tr><td><code>");
			html_text(h, tree_str(r, "method"));
			html_raw(h, " ");
			html_text(h, tree_str(r, "route"));
			html_raw(h, "</code>");
			marks(h, tree_get(r, "change"));
			html_fmt(h, "</td><td class=\"num\">%" PRId64 " (%" PRId64 ")</td><td>",
				 tree_int(r, "requests", 0), tree_int(tree_get(r, "baseline"), "requests", 0));
			then_now(h, r, 0);
			html_raw(h, "</td><td>");
			then_now(h, r, 1);
			html_raw(h, "</td></tr>\n");
			break;
		}
	html_raw(h, "</tbody></table>\n<p class=\"rule\">Marked: error share up 5 points or more "
		 "(failing), p95 twice or more (slower), no request in the baseline (new); 3 requests "
		 "in the window at least.</p>\n");
	if (nchanged > CHANGED_MAX)
		html_fmt(h, "<p class=\"cut\">%" PRId64 " more changed: marked in the table below.</p>\n",
			 nchanged - CHANGED_MAX);
}

static void row(struct html *h, yajl_val r, int all)
{
	yajl_val st = tree_get(r, "status"), lat = tree_get(r, "latency_ms");
	double share = tree_num(r, "error_share", 0);

	html_raw(h, all ? "<tr class=\"all\"><th scope=\"row\">All routes" : "<tr><td><code>");
	if (!all) {
		html_text(h, tree_str(r, "method"));
		html_raw(h, " ");
		html_text(h, tree_str(r, "route"));
		html_raw(h, "</code>");
		marks(h, tree_get(r, "change"));
	}
	html_raw(h, all ? "</th>" : "</td>");
	html_fmt(h, "<td class=\"num\">%" PRId64 "</td>", tree_int(r, "requests", 0));
	count(h, st, "2xx");
	count(h, st, "3xx");
	count(h, st, "4xx");
	count(h, st, "5xx");
	count(h, st, "408");
	count(h, st, "429");
	html_fmt(h, "<td class=\"num%s\">%.1f%%</td>", share >= SHARE_BAD ? " bad" : "", 100 * share);
	latency(h, lat, "p50");
	latency(h, lat, "p95");
	latency(h, lat, "p99");
	latency(h, lat, "max");
	busiest(h, r, "clients");
	busiest(h, r, "user_agents");
	html_raw(h, "</tr>\n");
}

void html_overview(struct html *h)
{
	yajl_val ov = tree_get(h->m, "overview");
	size_t n;
	yajl_val routes = tree_arr(ov, "routes", &n);
	int64_t total = tree_int(ov, "routes_total", (int64_t)n);

	if (!ov)
		return;         /* a model from before the overview */
	html_raw(h, "<section id=\"overview\">\n<h2>Routes</h2>\n");
	if (n == 0) {
		html_raw(h, "<p class=\"none\">No requests in the window.</p>\n</section>\n");
		return;
	}
	changed(h, ov, routes, n);
	html_raw(h, "<p class=\"rule\">Each route and method in the window, the busiest first. "
		 "Errors: 5xx, 408 and 429; 4xx counts the other 4xx. Latency: nearest-rank "
		 "percentiles of the proxy's durations.</p>\n<div class=\"wide\">"
		 "<table class=\"sortable overview\">\n<thead><tr><th>Route</th>"
		 "<th class=\"num\">Requests</th><th class=\"num\">2xx</th><th class=\"num\">3xx</th>"
		 "<th class=\"num\">4xx</th><th class=\"num\">5xx</th><th class=\"num\">408</th>"
		 "<th class=\"num\">429</th><th class=\"num\">Errors</th><th class=\"num\">p50</th>"
		 "<th class=\"num\">p95</th><th class=\"num\">p99</th><th class=\"num\">Max</th>"
		 "<th>Busiest clients</th><th>Busiest user agents</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		if (i == HTML_LIST_MAX || html_full(h)) {
			h->cut = 1;
			break;
		}
		row(h, tree_at(routes, i), 0);
	}
	html_raw(h, "</tbody>\n<tfoot>\n");
	row(h, tree_get(ov, "all"), 1);
	html_raw(h, "</tfoot>\n</table></div>\n");
	if (total > (int64_t)n)
		html_fmt(h, "<p class=\"cut\">%" PRId64 " quieter routes not listed.</p>\n",
			 total - (int64_t)n);
	html_raw(h, "</section>\n");
}
