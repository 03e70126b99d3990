/* html_checks.c - the check board: each standard hypothesis with its verdict
 * (PASS ruled out, FAIL confirmed, UNKNOWN not enough data), its one-line
 * reason and the lines it rests on. */
#include <string.h>

#include "report/html.h"
#include "report/html_page.h"

/* A class for the verdict, from a fixed set: never the model's own text. */
static const char *verdict_class(const char *v)
{
	static const char *const known[] = { "PASS", "FAIL", "UNKNOWN" };

	for (size_t i = 0; v && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(v, known[i]) == 0)
			return known[i];
	return "OTHER";
}

void html_checks(struct html *h)
{
	size_t n;
	yajl_val list = tree_arr(h->m, "checks", &n);

	html_raw(h, "<section id=\"checks\">\n<h2>Check board</h2>\n");
	if (!list) {
		html_raw(h, "<p>This model has no check board.</p>\n</section>\n");
		return;
	}
	html_raw(h, "<table class=\"sortable checks\">\n<thead><tr><th>Verdict</th><th>Check</th>"
		 "<th>Reason</th><th>Evidence</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		yajl_val c = tree_at(list, i);
		const char *v = tree_str(c, "verdict");

		html_raw(h, "<tr id=\"check-");
		html_attr(h, tree_str(c, "id"));
		html_raw(h, "\"><td><span class=\"verdict v-");
		html_raw(h, verdict_class(v));
		html_raw(h, "\">");
		html_text(h, v);
		html_raw(h, "</span></td><td>");
		html_text(h, tree_str(c, "title"));
		html_raw(h, " <code class=\"id\">");
		html_text(h, tree_str(c, "id"));
		html_raw(h, "</code></td><td>");
		html_text(h, tree_str(c, "summary"));
		html_raw(h, "</td><td>");
		html_evidence(h, c, 1);
		html_raw(h, "</td></tr>\n");
	}
	html_raw(h, "</tbody>\n</table>\n</section>\n");
}
