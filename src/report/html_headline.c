/* html_headline.c - the paragraph the page opens with: what broke, when and
 * how badly, written from the findings (the largest of each kind named, the
 * rest counted) and the failed checks. */
#include <inttypes.h>
#include <string.h>

#include "report/html.h"

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The item of a list with the largest integer `key`, the first on ties. */
static yajl_val largest(yajl_val list, const char *key)
{
	yajl_val best = NULL;

	for (size_t i = 0; i < tree_len(list); i++) {
		yajl_val v = tree_at(list, i);

		if (!best || tree_int(v, key, 0) > tree_int(best, key, 0))
			best = v;
	}
	return best;
}

static void timeouts(struct html *h, yajl_val list)
{
	size_t n = tree_len(list);
	int64_t total = 0;
	yajl_val c = largest(list, "count"), healthy;

	for (size_t i = 0; i < n; i++)
		total += tree_int(tree_at(list, i), "count", 0);
	html_fmt(h, "<strong>%" PRId64 " %s timed out</strong> in %zu %s. ", total,
		 plural((size_t)total, "request", "requests"), n, plural(n, "cluster", "clusters"));
	html_raw(h, n == 1 ? "It hit " : "The largest hit ");
	html_raw(h, "<code>");
	html_methods(h, c);
	html_raw(h, " ");
	html_text(h, tree_str(c, "route"));
	html_fmt(h, "</code> %" PRId64 " times from ", tree_int(c, "count", 0));
	html_span(h, c);
	html_fmt(h, " (%.1f%% of that route's requests", 100 * tree_num(c, "share", 0));
	if (tree_has(c, "timeout_budget_ms")) {
		html_raw(h, ", after the ");
		html_ms(h, tree_int(c, "timeout_budget_ms", 0));
		html_raw(h, " timeout budget");
	}
	html_raw(h, ")");
	healthy = tree_at(tree_get(c, "healthy_routes"), 0);
	if (healthy) {
		html_raw(h, " while <code>");
		html_methods(h, healthy);
		html_raw(h, " ");
		html_text(h, tree_str(healthy, "route"));
		html_raw(h, "</code> stayed fast (at most ");
		html_ms(h, tree_int(healthy, "max_duration_ms", 0));
		html_raw(h, ")");
	}
	html_raw(h, ". ");
}

static void collapses(struct html *h, yajl_val list)
{
	size_t n = tree_len(list), early;
	yajl_val c = largest(list, "distinct_clients");

	tree_arr(c, "early_rejections", &early);
	html_fmt(h, "<strong>%zu rate-limit %s collapsed</strong>: ", n,
		 plural(n, "bucket", "buckets"));
	html_raw(h, "<code>");
	html_text(h, tree_str(c, "limiter"));
	html_raw(h, "</code>");
	if (tree_str(c, "route")) {
		html_raw(h, " on <code>");
		html_text(h, tree_str(c, "route"));
		html_raw(h, "</code>");
	}
	html_fmt(h, " put %" PRId64 " distinct clients in the one bucket of <code>",
		 tree_int(c, "distinct_clients", 0));
	html_text(h, tree_str(c, "bucket_ip"));
	html_raw(h, "</code>");
	if (tree_str(c, "client_ip_source")) {
		html_raw(h, " (keyed on the ");
		html_text(h, tree_str(c, "client_ip_source"));
		html_raw(h, " address)");
	}
	html_fmt(h, ", and refused %zu of them on their first or second attempt", early);
	html_raw(h, n > 1 ? " (the largest). " : ". ");
}

static void stalls(struct html *h, yajl_val list)
{
	size_t n = tree_len(list);
	yajl_val s = tree_at(list, 0), w = tree_get(s, "write");

	html_fmt(h, "<strong>%zu %s timed out after %s write had committed</strong>", n,
		 plural(n, "request", "requests"), plural(n, "its", "their"));
	html_raw(h, ", the first <code>");
	if (tree_str(s, "method")) {
		html_text(h, tree_str(s, "method"));
		html_raw(h, " ");
	}
	html_text(h, tree_str(s, "route"));
	html_raw(h, "</code>: ");
	if (tree_str(w, "table")) {
		html_raw(h, "its row in <code>");
		html_text(h, tree_str(w, "table"));
		html_raw(h, "</code> was written at ");
	} else {
		html_raw(h, "its write landed at ");
	}
	html_time(h, tree_str(w, "written_at"));
	html_raw(h, ", then the client waited ");
	html_ms(h, tree_int(s, "write_to_response_ms", 0));
	html_fmt(h, " more for a %" PRId64 " (stalled: ", tree_int(s, "status", 0));
	html_text(h, tree_str(s, "stalled_phase"));
	html_raw(h, "). ");
}

static void checks(struct html *h)
{
	size_t n, nfail = 0, shown = 0;
	yajl_val list = tree_arr(h->m, "checks", &n);

	for (size_t i = 0; i < n; i++) {
		const char *v = tree_str(tree_at(list, i), "verdict");

		nfail += v && strcmp(v, "FAIL") == 0;
	}
	if (!list) {
		html_raw(h, "This model has no check board. ");
		return;
	}
	if (nfail == 0) {
		html_fmt(h, "None of the %zu checks failed.", n);
		return;
	}
	html_fmt(h, "%zu of %zu checks failed: ", nfail, n);
	for (size_t i = 0; i < n; i++) {
		yajl_val c = tree_at(list, i);
		const char *v = tree_str(c, "verdict");

		if (!v || strcmp(v, "FAIL") != 0)
			continue;
		html_raw(h, shown++ ? ", " : "");
		html_text(h, tree_str(c, "title") ? tree_str(c, "title") : tree_str(c, "id"));
	}
	html_raw(h, ".");
}

void html_headline(struct html *h)
{
	yajl_val f = tree_get(h->m, "findings");
	yajl_val tc = tree_get(f, "timeout_clusters"), lc = tree_get(f, "limiter_collapses");
	yajl_val ps = tree_get(f, "post_write_stalls");
	size_t sources;

	tree_arr(h->m, "sources", &sources);
	html_raw(h, "<section id=\"headline\">\n<p class=\"headline\">");
	if (tree_len(tc))
		timeouts(h, tc);
	if (tree_len(lc))
		collapses(h, lc);
	if (tree_len(ps))
		stalls(h, ps);
	if (!tree_len(tc) && !tree_len(lc) && !tree_len(ps))
		html_fmt(h, "No 408 clusters, limiter bucket collapses or post-write stalls in "
			 "%" PRId64 " requests from %zu %s. ",
			 tree_int(tree_get(h->m, "correlation"), "requests", 0), sources,
			 plural(sources, "source", "sources"));
	checks(h);
	html_raw(h, "</p>\n</section>\n");
}
