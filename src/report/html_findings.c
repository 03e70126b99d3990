/* html_findings.c - each finding with its details and evidence: one section
 * per kind, one article per item, at most HTML_ITEMS_MAX of each kind. */
#include <inttypes.h>

#include "report/html.h"

/* <dt>label</dt><dd> ... the caller writes the value and closes it. */
static void dt(struct html *h, const char *label)
{
	html_raw(h, "<dt>");
	html_raw(h, label);
	html_raw(h, "</dt><dd>");
}

static void dd_text(struct html *h, const char *label, const char *v)
{
	dt(h, label);
	html_text(h, v);
	html_raw(h, "</dd>\n");
}

static void dd_ms(struct html *h, const char *label, yajl_val o, const char *key)
{
	dt(h, label);
	if (tree_has(o, key))
		html_ms(h, tree_int(o, key, 0));
	else
		html_raw(h, "\xe2\x80\x93");
	html_raw(h, "</dd>\n");
}

static void timeout_cluster(struct html *h, yajl_val c)
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
	dt(h, "When");
	html_span(h, c);
	html_raw(h, "</dd>\n");
	dt(h, "Timed out");
	html_fmt(h, "%" PRId64, tree_int(c, "count", 0));
	if (tree_has(c, "route_requests"))
		html_fmt(h, " of %" PRId64, tree_int(c, "route_requests", 0));
	html_fmt(h, " requests to the route (%.1f%%)</dd>\n", 100 * tree_num(c, "share", 0));
	dd_ms(h, "Median duration", c, "median_duration_ms");
	dd_ms(h, "p95 duration", c, "p95_duration_ms");
	dd_ms(h, "Timeout budget", c, "timeout_budget_ms");
	dt(h, "Request ids");
	if (nid) {
		html_fmt(h, "<details><summary>%zu</summary><p class=\"ids\">", nid);
		html_list(h, ids, HTML_LIST_MAX);
		html_raw(h, "</p></details>");
	} else {
		html_raw(h, "none logged");
	}
	html_raw(h, "</dd>\n</dl>\n");
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

static void limiter_collapse(struct html *h, yajl_val c)
{
	size_t ne;
	yajl_val early = tree_arr(c, "early_rejections", &ne);

	html_raw(h, "<h4><code>");
	html_text(h, tree_str(c, "limiter"));
	html_raw(h, "</code>: ");
	html_fmt(h, "%" PRId64 " clients in one bucket</h4>\n<dl class=\"facts\">\n",
		 tree_int(c, "distinct_clients", 0));
	dt(h, "When");
	html_span(h, c);
	html_raw(h, "</dd>\n");
	dd_text(h, "Route", tree_str(c, "route"));
	dt(h, "Bucket key");
	html_raw(h, "<code>");
	html_text(h, tree_str(c, "bucket_ip"));
	html_raw(h, "</code> (client_ip_source ");
	html_text(h, tree_str(c, "client_ip_source"));
	html_raw(h, ")</dd>\n");
	dt(h, "Real clients");
	html_list(h, tree_get(c, "clients"), HTML_LIST_MAX);
	html_raw(h, "</dd>\n");
	dt(h, "Requests in the window");
	html_fmt(h, "%" PRId64, tree_int(c, "requests", 0));
	if (tree_has(c, "limit"))
		html_fmt(h, " against a limit of %" PRId64, tree_int(c, "limit", 0));
	if (tree_has(c, "rejections"))
		html_fmt(h, "; %" PRId64 " rejected", tree_int(c, "rejections", 0));
	html_raw(h, "</dd>\n</dl>\n");
	if (!ne)
		return;
	html_raw(h, "<table class=\"sortable\"><caption>Clients refused on their first or second "
		 "attempt</caption>\n<thead><tr><th>Client</th><th class=\"num\">Attempt</th>"
		 "<th>Request id</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < ne && i < HTML_LIST_MAX; i++) {
		yajl_val e = tree_at(early, i);

		html_raw(h, "<tr><td><code>");
		html_text(h, tree_str(e, "client_ip"));
		html_fmt(h, "</code></td><td class=\"num\">%" PRId64 "</td><td><code>",
			 tree_int(e, "attempt", 0));
		html_text(h, tree_str(e, "request_id"));
		html_raw(h, "</code></td></tr>\n");
	}
	html_raw(h, "</tbody></table>\n");
	if (ne > HTML_LIST_MAX)
		html_fmt(h, "<p>and %zu more</p>\n", ne - HTML_LIST_MAX);
}

static void post_write_stall(struct html *h, yajl_val s)
{
	yajl_val w = tree_get(s, "write");

	html_raw(h, "<h4><code>");
	if (tree_str(s, "method")) {
		html_text(h, tree_str(s, "method"));
		html_raw(h, " ");
	}
	html_text(h, tree_str(s, "route"));
	html_fmt(h, "</code>: %" PRId64 " after its write</h4>\n<dl class=\"facts\">\n",
		 tree_int(s, "status", 0));
	dt(h, "Request");
	html_raw(h, "<code>");
	html_text(h, tree_str(s, "request_id"));
	html_raw(h, "</code> from ");
	html_time(h, tree_str(s, "start"));
	html_raw(h, ", answered after ");
	html_ms(h, tree_int(s, "duration_ms", 0));
	html_raw(h, "</dd>\n");
	dt(h, "The write");
	html_raw(h, "<code>");
	html_text(h, tree_str(w, "table"));
	html_raw(h, "</code> key <code>");
	html_text(h, tree_str(w, "key"));
	html_raw(h, "</code> at ");
	html_time(h, tree_str(w, "written_at"));
	if (tree_has(w, "resolution_ms")) {
		html_raw(h, " (\xc2\xb1");
		html_ms(h, tree_int(w, "resolution_ms", 0));
		html_raw(h, ")");
	}
	if (tree_str(w, "link")) {
		html_raw(h, ", linked by ");
		html_text(h, tree_str(w, "link"));
	}
	html_raw(h, "</dd>\n");
	dd_ms(h, "Write to response", s, "write_to_response_ms");
	dd_text(h, "Stalled in", tree_str(s, "stalled_phase"));
	html_raw(h, "</dl>\n");
}

static const struct {
	const char *key, *id, *title, *rule;
	void (*item)(struct html *h, yajl_val v);
} kinds[] = {
	{ "timeout_clusters", "timeout-clusters", "408 clusters",
	  "Requests answered 408 (or 502/504 from upstream timeouts), grouped by route and "
	  "time.", timeout_cluster },
	{ "limiter_collapses", "limiter-collapses", "Limiter bucket collapses",
	  "A rate-limit key shared by many real clients: the server keys on the proxy.",
	  limiter_collapse },
	{ "post_write_stalls", "post-write-stalls", "Post-write stalls",
	  "Requests that timed out after their write had committed.", post_write_stall },
};

void html_findings(struct html *h)
{
	yajl_val f = tree_get(h->m, "findings");

	html_raw(h, "<section id=\"findings\">\n<h2>Findings</h2>\n"
		 "<p class=\"filter\" hidden><label>Filter <input type=\"search\" id=\"filter\" "
		 "placeholder=\"route, ip, request id\"></label></p>\n");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t n;
		yajl_val list = tree_arr(f, kinds[k].key, &n);

		html_fmt(h, "<section class=\"kind\" id=\"%s\">\n<h3>%s (%zu)</h3>\n<p class=\"rule\">",
			 kinds[k].id, kinds[k].title, n);
		html_raw(h, kinds[k].rule);
		html_raw(h, "</p>\n");
		if (n == 0)
			html_raw(h, "<p class=\"none\">None found.</p>\n");
		for (size_t i = 0; i < n; i++) {
			if (i == HTML_ITEMS_MAX || html_full(h)) {
				html_fmt(h, "<p class=\"cut\">%zu more not shown.</p>\n", n - i);
				h->cut = 1;
				break;
			}
			html_fmt(h, "<article class=\"finding\" id=\"%s-%zu\">\n", kinds[k].id, i + 1);
			kinds[k].item(h, tree_at(list, i));
			html_raw(h, "<div class=\"ev\">Evidence: ");
			html_evidence(h, tree_at(list, i));
			html_raw(h, "</div>\n</article>\n");
		}
		html_raw(h, "</section>\n");
	}
	html_raw(h, "</section>\n");
}
