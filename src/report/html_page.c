/* html_page.c - the page being built: our own markup in, model text in
 * escaped and capped, and the few ways a model value is shown (times,
 * spans, durations, lists). Every part of report.html writes through
 * these. */
#include "report/html_page.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"

void html_track(struct html *h, int rc)
{
	if (rc < 0)
		h->failed = 1;
}

void html_raw(struct html *h, const char *markup)
{
	html_track(h, buf_adds(&h->b, markup));
}

void html_fmt(struct html *h, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(small)) {
		h->failed = 1;  /* only short markup and numbers come this way */
		return;
	}
	html_track(h, buf_add(&h->b, small, (size_t)n));
}

/* At most HTML_TEXT_MAX bytes of s, cut at a character boundary. */
static void capped(struct html *h, const char *s, int (*esc)(struct buf *, const char *))
{
	size_t n;
	char *copy;

	if (!s) {
		html_raw(h, "\xe2\x80\x93");
		return;
	}
	n = strlen(s);
	if (n <= HTML_TEXT_MAX) {
		html_track(h, esc(&h->b, s));
		return;
	}
	n = HTML_TEXT_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	copy = strndup(s, n);
	if (!copy) {
		h->failed = 1;
		return;
	}
	html_track(h, esc(&h->b, copy));
	free(copy);
	html_fmt(h, "\xe2\x80\xa6 (%zu bytes)", strlen(s));
}

void html_text(struct html *h, const char *s)
{
	capped(h, s, escape_html);
}

void html_attr(struct html *h, const char *s)
{
	capped(h, s, escape_attr);
}

void html_time(struct html *h, const char *s)
{
	html_raw(h, "<time datetime=\"");
	html_attr(h, s);
	html_raw(h, "\">");
	html_text(h, s);
	html_raw(h, "</time>");
}

void html_span(struct html *h, yajl_val o)
{
	const char *start = tree_str(o, "start"), *end = tree_str(o, "end");

	html_time(h, start);
	if (!end || (start && strcmp(start, end) == 0))
		return;
	html_raw(h, " \xe2\x80\x93 ");
	html_raw(h, "<time datetime=\"");
	html_attr(h, end);
	html_raw(h, "\">");
	html_text(h, tree_short_end(start, end));
	html_raw(h, "</time>");
}

void html_ms(struct html *h, int64_t ms)
{
	if (ms >= 10000 || ms <= -10000)
		html_fmt(h, "%.2f s", (double)ms / 1000);
	else
		html_fmt(h, "%" PRId64 " ms", ms);
}

void html_list(struct html *h, yajl_val arr, size_t max)
{
	size_t n = tree_len(arr);

	if (n == 0) {
		html_raw(h, "none");
		return;
	}
	for (size_t i = 0; i < n && i < max; i++) {
		yajl_val v = tree_at(arr, i);

		if (i)
			html_raw(h, ", ");
		html_text(h, YAJL_IS_STRING(v) ? v->u.string : NULL);
	}
	if (n > max)
		html_fmt(h, " and %zu more", n - max);
}

void html_methods(struct html *h, yajl_val o)
{
	yajl_val m = tree_get(o, "methods");

	if (m && YAJL_IS_STRING(m))
		html_text(h, m->u.string);
	else
		html_list(h, m, HTML_LIST_MAX);
}

int html_full(struct html *h)
{
	if (h->b.len < HTML_SOFT_MAX)
		return 0;
	h->cut = 1;
	return 1;
}

const char *html_plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The model's evidence_text entry of source:line, or NULL: its lines are
 * sorted by source (bytes) then line, so a binary search. */
static yajl_val line_text(struct html *h, const char *source, int64_t line)
{
	size_t n, lo = 0, hi;
	yajl_val lines = tree_arr(tree_get(h->m, "evidence_text"), "lines", &n);

	for (hi = n; source && lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		yajl_val e = tree_at(lines, mid);
		const char *s = tree_str(e, "source");
		int c = s ? strcmp(s, source) : -1;
		int64_t l = tree_int(e, "line", 0);

		if (c == 0 && l == line)
			return e;
		if (c < 0 || (c == 0 && l < line))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Why a file's lines are not shown ("file gone"), or NULL. */
static const char *unavailable(struct html *h, const char *source)
{
	size_t n;
	yajl_val list = tree_arr(tree_get(h->m, "evidence_text"), "unavailable", &n);

	for (size_t i = 0; source && i < n; i++) {
		const char *s = tree_str(tree_at(list, i), "source");

		if (s && strcmp(s, source) == 0)
			return tree_str(tree_at(list, i), "reason");
	}
	return NULL;
}

/* One evidence line read back: where, the command that prints it, and its
 * (capped) text; or where, and why it is not shown. */
static void shown_line(struct html *h, yajl_val e)
{
	const char *source = tree_str(e, "source");
	int64_t line = tree_int(e, "line", 0);
	yajl_val t = line_text(h, source, line);
	const char *why = t ? NULL : unavailable(h, source);

	html_raw(h, "<li><code>");
	html_text(h, source);
	html_fmt(h, ":%" PRId64 "</code>", line);
	if (!t) {
		html_raw(h, " <span class=\"none\">(");
		html_text(h, why ? why : "line not read back");
		html_raw(h, ")</span></li>");
		return;
	}
	if (tree_str(t, "command")) {
		html_raw(h, " <code class=\"cmd\">");
		html_text(h, tree_str(t, "command"));
		html_raw(h, "</code>");
	}
	html_raw(h, "<pre class=\"line\">");
	html_text(h, tree_str(t, "text"));
	if (tree_int(t, "bytes", 0) > (int64_t)strlen(tree_str(t, "text") ? tree_str(t, "text") : ""))
		html_fmt(h, "\xe2\x80\xa6 (%" PRId64 " bytes)", tree_int(t, "bytes", 0));
	html_raw(h, "</pre></li>");
}

/* The first evidence_text.per_item lines with their text (in a table cell,
 * folded), then every file:line the model lists (at most 50 per item) in a
 * <details>, with the total. */
void html_evidence(struct html *h, yajl_val item, int folded)
{
	size_t n, shown;
	yajl_val ev = tree_arr(item, "evidence", &n);
	yajl_val et = tree_get(h->m, "evidence_text");
	int64_t total = tree_int(item, "evidence_total", (int64_t)n);

	if (n == 0) {
		html_raw(h, "<span class=\"none\">no lines</span>");
		return;
	}
	shown = et ? (size_t)tree_int(et, "per_item", 0) : 0;
	shown = shown < n ? shown : n;
	if (shown && folded)
		html_raw(h, "<details class=\"lines\"><summary>the lines</summary>");
	if (shown) {
		html_raw(h, "<ul class=\"lines\">");
		for (size_t i = 0; i < shown; i++)
			shown_line(h, tree_at(ev, i));
		html_raw(h, "</ul>");
	}
	if (shown && folded)
		html_raw(h, "</details>");
	if ((int64_t)shown == total)
		return;
	html_fmt(h, "<details class=\"evidence\"><summary>%s%" PRId64 " %s", shown ? "all " : "",
		 total, total == 1 ? "line" : "lines");
	if (total > (int64_t)n)
		html_fmt(h, ", first %zu", n);
	html_raw(h, "</summary>\n<ol>");
	for (size_t i = 0; i < n; i++) {
		yajl_val e = tree_at(ev, i);

		html_raw(h, "<li><code>");
		html_text(h, tree_str(e, "source"));
		html_fmt(h, ":%" PRId64 "</code></li>", tree_int(e, "line", 0));
	}
	html_raw(h, "</ol></details>");
}

/* <dt>label</dt><dd> ... the caller writes the value and closes it. */
void html_dt(struct html *h, const char *label)
{
	html_raw(h, "<dt>");
	html_raw(h, label);
	html_raw(h, "</dt><dd>");
}

void html_dd_text(struct html *h, const char *label, const char *v)
{
	html_dt(h, label);
	html_text(h, v);
	html_raw(h, "</dd>\n");
}

void html_dd_ms(struct html *h, const char *label, yajl_val o, const char *key)
{
	html_dt(h, label);
	if (tree_has(o, key))
		html_ms(h, tree_int(o, key, 0));
	else
		html_raw(h, "\xe2\x80\x93");
	html_raw(h, "</dd>\n");
}
