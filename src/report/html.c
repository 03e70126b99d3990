/* html.c - the html writer: one self-contained page (inline CSS, SVG and a
 * little script; nothing fetched, readable with scripts off, printable).
 * This file lays out the page; the parts (headline, routes, check board, timeline,
 * findings, evidence) have files of their own, and all of them write
 * through html_page.c. */
#include "report/html.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/assets.h"
#include "report/escape.h"
#include "report/html_page.h"
#include "report/writer.h"
#include "util/fingerprint.h"

/* The model rides along for the page's "download JSON" button while small. */
#define HTML_MODEL_MAX ((size_t)512 << 10)

static void asset(struct html *h, const char *name)
{
	for (unsigned i = 0; i < asset_texts_count; i++)
		if (strcmp(asset_texts[i].name, name) == 0) {
			html_track(h, buf_add(&h->b, asset_texts[i].text, asset_texts[i].len));
			return;
		}
	h->failed = 1;  /* a missing asset is a build bug */
}

static void head(struct html *h, const char *nonce)
{
	html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
	/* Nothing may be fetched, and only our own script runs: a second line
	 * of defence behind escaping. */
	html_fmt(h, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		 "style-src 'unsafe-inline'; img-src data:; script-src 'nonce-%s'\">\n", nonce);
	html_raw(h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<title>analyze report</title>\n<style>\n");
	asset(h, "report.css");
	html_raw(h, "</style>\n</head>\n<body>\n");
}

/* " · window A – B": the --since/--until bounds, and where one is open,
 * the first or last second the timeline holds. */
static void window_span(struct html *h, yajl_val win)
{
	yajl_val buckets = tree_get(tree_get(h->m, "timeline"), "buckets");
	size_t n = tree_len(buckets);
	const char *since = tree_str(win, "since"), *until = tree_str(win, "until");
	const char *first = n ? tree_str(tree_at(buckets, 0), "t") : NULL;
	const char *last = n ? tree_str(tree_at(buckets, n - 1), "t") : NULL;

	html_raw(h, since || until ? " \xc2\xb7 window " : " \xc2\xb7 all data, ");
	if (!since && !first) {
		html_raw(h, "no requests");
		return;
	}
	html_text(h, since ? since : first);
	html_raw(h, " \xe2\x80\x93 ");
	if (until)
		html_text(h, until);
	else if (last)
		html_text(h, tree_short_end(since ? since : first, last));
	else
		html_raw(h, "end");
}

/* What the reader must know to trust the times: UTC, whose clock, offsets. */
static void banner(struct html *h)
{
	yajl_val win = tree_get(h->m, "window"), corr = tree_get(h->m, "correlation");
	yajl_val offs;
	size_t n;

	html_raw(h, "<header>\n<h1>Incident report</h1>\n<p class=\"meta\">");
	html_text(h, tree_str(h->m, "generator"));
	window_span(h, win);
	html_raw(h, "</p>\n<p class=\"meta\">All times are UTC on the proxy's clock");
	offs = tree_arr(corr, "clock_offsets", &n);
	for (size_t i = 0; i < n; i++) {
		yajl_val o = tree_at(offs, i);
		const char *basis = tree_str(o, "basis");

		html_raw(h, "; ");
		html_text(h, tree_str(o, "source"));
		html_raw(h, " clock ");
		if (basis && strcmp(basis, "none") == 0) {
			html_raw(h, "offset unknown (no pairs to estimate it), taken as 0 ms");
			continue;
		}
		html_fmt(h, "offset %+" PRId64 " ms from ", tree_int(o, "offset_ms", 0));
		html_text(h, tree_str(o, "relative_to"));
		html_fmt(h, " (%" PRId64 " ", tree_int(o, "pairs", 0));
		html_text(h, basis);
		html_raw(h, " pairs)");
	}
	html_raw(h, ".</p>\n<nav><a href=\"#overview\">Routes</a> <a href=\"#checks\">Check board</a> <a href=\"#timeline\">"
		 "Timeline</a> <a href=\"#findings\">Findings</a> <a href=\"#sources\">Sources</a>"
		 "</nav>\n</header>\n");
}

static void tail(struct html *h, const char *model, size_t len, const char *nonce)
{
	if (h->cut)
		html_raw(h, "<p class=\"cut\">Lists were shortened to keep this page small; "
			 "<code>analyze report --format json</code> has them all.</p>\n");
	if (len <= HTML_MODEL_MAX) {
		html_raw(h, "<script type=\"application/json\" id=\"model\">");
		html_track(h, escape_script_json(&h->b, model, len));
		html_raw(h, "</script>\n");
	}
	html_fmt(h, "<script nonce=\"%s\">\n", nonce);
	asset(h, "report.js");
	html_raw(h, "</script>\n</body>\n</html>\n");
}

static int write_html(const char *model, size_t len, FILE *out, struct diag *err)
{
	struct html h = { .failed = 0 };
	char nonce[17];
	int rc = -1;

	if (tree_parse(model, len, &h.m, err) < 0)
		return -1;
	/* same model, same page: the nonce comes from the content */
	snprintf(nonce, sizeof(nonce), "%016" PRIx64,
		 fingerprint_update(FINGERPRINT_SEED, model, len));
	buf_init(&h.b, HTML_HARD_MAX);
	head(&h, nonce);
	banner(&h);
	html_headline(&h);
	html_overview(&h);
	html_checks(&h);
	html_timeline(&h);
	html_findings(&h);
	html_sources(&h);
	tail(&h, model, len, nonce);
	if (h.failed)
		diag_set(err, "html report larger than %zu bytes", (size_t)HTML_HARD_MAX);
	else if (fwrite(h.b.data, 1, h.b.len, out) != h.b.len)
		diag_set(err, "write failed");
	else
		rc = 0;
	buf_release(&h.b);
	tree_free(h.m);
	return rc;
}

const struct report_writer html_writer = { "html", write_html };
