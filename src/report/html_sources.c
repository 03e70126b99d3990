/* html_sources.c - where the findings come from: the table of sources, with
 * the correlation behind the links. */
#include <inttypes.h>

#include "report/html.h"
#include "report/html_page.h"

static void correlation(struct html *h)
{
	yajl_val c = tree_get(h->m, "correlation"), le = tree_get(c, "linked_events");
	yajl_val sp = tree_get(c, "strip_prefix"), dw = tree_get(c, "db_writes");
	yajl_val det = tree_get(sp, "detected");

	if (!c)
		return;
	html_fmt(h, "<dl class=\"facts\">\n<dt>Requests</dt><dd>%" PRId64 ", %" PRId64
		 " linked to server events</dd>\n", tree_int(c, "requests", 0),
		 tree_int(c, "linked_requests", 0));
	html_fmt(h, "<dt>Server events</dt><dd>%" PRId64 ": linked by request id %" PRId64
		 ", by method, path and time %" PRId64 ", by time only (low confidence) %" PRId64
		 ", rate-limit rejections in order of the 429s %" PRId64 "</dd>\n",
		 tree_int(c, "events", 0), tree_int(le, "request_id", 0),
		 tree_int(le, "path_time", 0), tree_int(le, "time_only", 0),
		 tree_int(le, "rate_limit_order", 0));
	html_raw(h, "<dt>Proxy prefix strip</dt><dd><code>");
	html_text(h, tree_str(sp, "value"));
	html_raw(h, YAJL_IS_TRUE(det) ? "</code> (detected from the data)</dd>\n"
				      : "</code> (as given)</dd>\n");
	html_fmt(h, "<dt>DB writes linked</dt><dd>%" PRId64 " by a shared identifier alone, %"
		 PRId64 " assigned one to one among requests sharing it, %" PRId64
		 " as the single candidate (low confidence)</dd>\n</dl>\n",
		 tree_int(dw, "shared_id", 0), tree_int(dw, "assigned", 0),
		 tree_int(dw, "single_candidate", 0));
}

/* Each file warning under the table, "path: reason": read, but maybe wrongly. */
static void warnings(struct html *h, yajl_val list, size_t n)
{
	int open = 0;

	for (size_t i = 0; i < n && !html_full(h); i++) {
		yajl_val s = tree_at(list, i), ws = tree_get(s, "warnings");

		for (size_t k = 0; k < tree_len(ws); k++) {
			const char *why = YAJL_GET_STRING(tree_at(ws, k));

			if (!open)
				html_raw(h, "<p>File warnings: these files were read, but maybe "
					 "wrongly.</p>\n<ul class=\"warnings\">\n");
			open = 1;
			html_raw(h, "<li class=\"bad\"><code>");
			html_text(h, tree_str(s, "path"));
			html_raw(h, "</code>: ");
			html_text(h, why);
			html_raw(h, "</li>\n");
		}
	}
	if (open)
		html_raw(h, "</ul>\n");
}

void html_sources(struct html *h)
{
	size_t n, nw;
	yajl_val list = tree_arr(h->m, "sources", &n);

	html_raw(h, "<section id=\"sources\">\n<h2>Sources and correlation</h2>\n");
	correlation(h);
	html_raw(h, "<table class=\"sortable\">\n<thead><tr><th>File</th><th>Kind</th>"
		 "<th class=\"num\">Lines</th><th class=\"num\">Records</th>"
		 "<th class=\"num\">Rejects</th><th class=\"num\">Warnings</th></tr></thead>\n"
		 "<tbody>\n");
	for (size_t i = 0; i < n && !html_full(h); i++) {
		yajl_val s = tree_at(list, i);

		html_raw(h, "<tr><td><code>");
		html_text(h, tree_str(s, "path"));
		html_raw(h, "</code></td><td>");
		html_text(h, tree_str(s, "kind"));
		if (tree_has(s, "lines"))
			html_fmt(h, "</td><td class=\"num\">%" PRId64, tree_int(s, "lines", 0));
		else
			html_raw(h, "</td><td class=\"num\">");
		html_fmt(h, "</td><td class=\"num\">%" PRId64 "</td><td class=\"num%s\">%" PRId64
			 "</td>", tree_int(s, "records", 0),
			 tree_int(s, "rejects", 0) ? " bad" : "", tree_int(s, "rejects", 0));
		nw = tree_len(tree_get(s, "warnings"));
		html_fmt(h, "<td class=\"num%s\">%zu</td></tr>\n", nw ? " bad" : "", nw);
	}
	html_raw(h, "</tbody>\n</table>\n");
	warnings(h, list, n);
	html_raw(h, "</section>\n");
}
