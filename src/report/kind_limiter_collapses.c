/* kind_limiter_collapses.c - how a collapsed rate-limit bucket reads: its
 * article on the page, its sentence in the headline, its line in the text
 * summary. */
#include <inttypes.h>
#include <string.h>

#include "report/kinds.h"
#include "report/text_tokens.h"

static void item(struct html *h, yajl_val c)
{
	size_t ne;
	yajl_val early = tree_arr(c, "early_rejections", &ne);

	html_raw(h, "<h4><code>");
	html_text(h, tree_str(c, "limiter"));
	html_raw(h, "</code>: ");
	html_fmt(h, "%" PRId64 " clients in one bucket</h4>\n<dl class=\"facts\">\n",
		 tree_int(c, "distinct_clients", 0));
	html_dt(h, "When");
	html_span(h, c);
	html_raw(h, "</dd>\n");
	html_dd_text(h, "Route", tree_str(c, "route"));
	html_dt(h, "Bucket key");
	html_raw(h, "<code>");
	html_text(h, tree_str(c, "bucket_ip"));
	html_raw(h, "</code> (client_ip_source ");
	html_text(h, tree_str(c, "client_ip_source"));
	html_raw(h, ")</dd>\n");
	html_dt(h, "Real clients");
	html_list(h, tree_get(c, "clients"), HTML_LIST_MAX);
	html_raw(h, "</dd>\n");
	html_dt(h, "Requests in the window");
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

/* The clients refused early: a client refused on its first and on its
 * second attempt is one victim, not two. */
static size_t early_clients(yajl_val c)
{
	size_t ne, n = 0;
	yajl_val early = tree_arr(c, "early_rejections", &ne);

	for (size_t i = 0; i < ne; i++) {
		const char *ip = tree_str(tree_at(early, i), "client_ip");
		size_t j = 0;

		while (j < i && !(ip && tree_str(tree_at(early, j), "client_ip") &&
				  strcmp(ip, tree_str(tree_at(early, j), "client_ip")) == 0))
			j++;
		n += j == i;
	}
	return n;
}

/* the requests refused: each collapse's rejections, else its early ones */
static int64_t impact(yajl_val list)
{
	int64_t n = 0;

	for (size_t i = 0; i < tree_len(list); i++) {
		yajl_val c = tree_at(list, i);

		n += tree_has(c, "rejections") ? tree_int(c, "rejections", 0) :
						 (int64_t)tree_len(tree_get(c, "early_rejections"));
	}
	return n;
}

static size_t headline(struct html *h, yajl_val list)
{
	size_t n = tree_len(list), largest = tree_largest_at(list, "distinct_clients");
	yajl_val c = tree_at(list, largest);
	size_t early = early_clients(c);
	int64_t refused = impact(list);

	html_fmt(h, "<strong>%" PRId64 " %s refused</strong> by %zu collapsed rate-limit %s: ",
		 refused, html_plural((size_t)refused, "request", "requests"), n,
		 html_plural(n, "bucket", "buckets"));
	html_raw(h, "<code>");
	html_text(h, tree_str(c, "limiter"));
	html_raw(h, "</code>");
	if (tree_str(c, "route")) {
		html_raw(h, " on <code>");
		html_text(h, tree_str(c, "route"));
		html_raw(h, "</code>");
	}
	html_fmt(h, " keyed %" PRId64 " clients on <code>", tree_int(c, "distinct_clients", 0));
	html_text(h, tree_str(c, "bucket_ip"));
	html_raw(h, "</code>");
	if (tree_str(c, "client_ip_source")) {
		html_raw(h, " (the ");
		html_text(h, tree_str(c, "client_ip_source"));
		html_raw(h, ")");
	}
	html_fmt(h, "; %zu refused on their first or second try%s.", early,
		 n > 1 ? " (the largest)" : "");
	return largest;
}

static void line(struct buf *b, yajl_val c)
{
	size_t early;

	tree_arr(c, "early_rejections", &early);
	buf_adds(b, "limiter_collapse");
	text_tok(b, NULL, tree_str(c, "limiter"));
	text_tok(b, NULL, tree_str(c, "route"));
	text_tok_span(b, c);
	text_tok(b, "bucket", tree_str(c, "bucket_ip"));
	text_tok(b, "source", tree_str(c, "client_ip_source"));
	text_tok_int(b, "clients", c, "distinct_clients", "");
	text_tok_int(b, "requests", c, "requests", "");
	text_tok_int(b, "limit", c, "limit", "");
	text_tok_int(b, "rejections", c, "rejections", "");
	buf_printf(b, " early=%zu\n", early);
}

const struct kind_view limiter_collapses_view = {
	.name = "limiter_collapses",
	.title = "Limiter bucket collapses",
	.rule = "A rate-limit key shared by many real clients: the server keys on the proxy.",
	.html_item = item,
	.html_headline = headline,
	.text_line = line,
	.impact = impact,
};
