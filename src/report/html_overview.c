/* html_overview.c - the per-route table (the model's "overview"): each
 * route and method with its answers by status, error share, latency
 * percentiles and busiest clients and user agents; the whole window as
 * its last row. Route, client and user agent are log text: escaped. */
#include <inttypes.h>

#include "report/html.h"
#include "report/html_page.h"

#define SHARE_BAD 0.05          /* an error share marked in red from here */

/* a fractional duration in ms: "0.41 ms", "12.7 ms", "853 ms", "10.06 s" */
static void latency(struct html *h, yajl_val lat, const char *key)
{
	double ms = tree_num(lat, key, -1);

	html_raw(h, "<td class=\"num\">");
	if (ms < 0)
		html_raw(h, "\xe2\x80\x93");
	else if (ms >= 10000)
		html_fmt(h, "%.2f s", ms / 1000);
	else
		html_fmt(h, ms >= 100 ? "%.0f ms" : ms >= 10 ? "%.1f ms" : "%.2f ms", ms);
	html_raw(h, "</td>");
}

static void busiest(struct html *h, yajl_val row, const char *key)
{
	size_t n;
	yajl_val list = tree_arr(row, key, &n);

	html_raw(h, "<td class=\"who\">");
	if (n == 0)
		html_raw(h, "\xe2\x80\x93");
	for (size_t i = 0; i < n; i++) {
		yajl_val t = tree_at(list, i);

		/* one line each, cut by the stylesheet; the whole value on hover */
		html_raw(h, "<div title=\"");
		html_attr(h, tree_str(t, "value"));
		html_fmt(h, "\">%" PRId64 " \xc3\x97 <code>", tree_int(t, "requests", 0));
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
