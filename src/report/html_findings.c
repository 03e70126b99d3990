/* html_findings.c - each finding with its details and evidence: one section
 * per kind the model carries, the kinds that cost the most requests first
 * (kind_order: as the headline), one article per item in the model's order
 * (drawn by the kind's view, kinds.c), at most HTML_ITEMS_MAX of each kind. */
#include "report/html.h"
#include "report/html_page.h"
#include "report/kinds.h"

void html_findings(struct html *h)
{
	yajl_val f = tree_get(h->m, "findings");
	size_t order[64], nkinds = kind_order(f, order, 64);

	html_raw(h, "<section id=\"findings\">\n<h2>Findings</h2>\n"
		 "<p class=\"filter\" hidden><label>Filter <input type=\"search\" id=\"filter\" "
		 "placeholder=\"route, ip, request id\"></label></p>\n");
	for (size_t k = 0; k < nkinds; k++) {
		const char *kind = f->u.object.keys[order[k]], *rule = kind_rule(kind);
		yajl_val list = f->u.object.values[order[k]];
		size_t n = tree_len(list);
		char id[64], title[128];

		kind_anchor(kind, id, sizeof(id));
		html_fmt(h, "<section class=\"kind\" id=\"%s\">\n<h3>", id);
		html_text(h, kind_title(kind, 0, title, sizeof(title)));
		html_fmt(h, " (%zu)</h3>\n", n);
		if (rule) {
			html_raw(h, "<p class=\"rule\">");
			html_raw(h, rule);
			html_raw(h, "</p>\n");
		}
		kind_html_note(h, kind, h->m);
		if (n == 0)
			html_raw(h, "<p class=\"none\">None found.</p>\n");
		for (size_t i = 0; i < n; i++) {
			if (i == HTML_ITEMS_MAX || html_full(h)) {
				html_fmt(h, "<p class=\"cut\">%zu more not shown.</p>\n", n - i);
				h->cut = 1;
				break;
			}
			html_fmt(h, "<article class=\"finding\" id=\"%s-%zu\">\n", id, i + 1);
			kind_html_item(h, kind, tree_at(list, i));
			html_raw(h, "<div class=\"ev\">Evidence: ");
			html_evidence(h, tree_at(list, i), 0);
			html_raw(h, "</div>\n</article>\n");
		}
		html_raw(h, "</section>\n");
	}
	html_raw(h, "</section>\n");
}
