/* kind_post_write_stalls.c - how a post-write stall reads: its article on
 * the page, its sentence in the headline, its line in the text summary. */
#include <inttypes.h>
#include <string.h>

#include "report/kinds.h"
#include "report/text_tokens.h"

static void item(struct html *h, yajl_val s)
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
	kind_html_request(h, "Request", s);
	html_raw(h, ", answered after ");
	html_ms(h, tree_int(s, "duration_ms", 0));
	html_raw(h, "</dd>\n");
	kind_html_row(h, "The write", w);
	if (tree_has(w, "resolution_ms")) {
		html_raw(h, " (\xc2\xb1");
		html_ms(h, tree_int(w, "resolution_ms", 0));
		html_raw(h, ")");
	}
	if (tree_str(w, "link")) {
		html_raw(h, ", linked by ");
		html_text(h, tree_str(w, "link"));
		if (tree_has(w, "confidence"))
			html_fmt(h, " (confidence %.2f)", tree_num(w, "confidence", 0));
	}
	html_raw(h, "</dd>\n");
	html_dd_ms(h, "Write to response", s, "write_to_response_ms");
	html_dd_text(h, "Stalled in", tree_str(s, "stalled_phase"));
	html_raw(h, "</dl>\n");
}

/* The phase's name, without what it was inferred from ("search index ack:
 * concurrent ... events waited up to 5458 ms" -> "search index ack"). */
static void phase(struct html *h, const char *p)
{
	size_t n = p ? strcspn(p, ":(") : 0;
	char name[128];

	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (!p || n == 0 || n >= sizeof(name)) {
		html_text(h, p);
		return;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	html_text(h, name);
}

static size_t headline(struct html *h, yajl_val list)
{
	size_t n = tree_len(list);
	yajl_val s = tree_at(list, 0), w = tree_get(s, "write");

	html_fmt(h, "<strong>%zu %s timed out after %s write had committed</strong>", n,
		 html_plural(n, "request", "requests"), html_plural(n, "its", "their"));
	html_raw(h, ": the first, <code>");
	if (tree_str(s, "method")) {
		html_text(h, tree_str(s, "method"));
		html_raw(h, " ");
	}
	html_text(h, tree_str(s, "route"));
	html_raw(h, "</code>, wrote ");
	if (tree_str(w, "table")) {
		html_raw(h, "<code>");
		html_text(h, tree_str(w, "table"));
		html_raw(h, "</code> ");
	}
	html_raw(h, "then waited ");
	html_ms(h, tree_int(s, "write_to_response_ms", 0));
	html_raw(h, " (");
	phase(h, tree_str(s, "stalled_phase"));
	html_raw(h, ").");
	return 0;               /* the first it names */
}

static void line(struct buf *b, yajl_val s)
{
	yajl_val w = tree_get(s, "write");

	buf_adds(b, "post_write_stall");
	text_tok_request(b, s);
	text_tok(b, "table", tree_str(w, "table"));
	text_tok(b, "key", tree_str(w, "key"));
	text_tok(b, "written_at", tree_str(w, "written_at"));
	text_tok_int(b, "write_to_response", s, "write_to_response_ms", "ms");
	text_tok(b, "phase", tree_str(s, "stalled_phase"));
	text_tok(b, "request_id", tree_str(s, "request_id"));
	buf_addc(b, '\n');
}

const struct kind_view post_write_stalls_view = {
	.name = "post_write_stalls",
	.title = "Post-write stalls",
	.rule = "Requests that timed out after their write had committed.",
	.html_item = item,
	.html_headline = headline,
	.text_line = line,
};
