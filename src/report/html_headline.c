/* html_headline.c - what the page opens with: first, when any file was
 * read with a warning, which files, so a bad night never reads as quiet;
 * then the three findings that cost the most requests, largest first, a
 * short statement each (by its kind's view in kinds.c) with a link to the
 * article of the finding it names (the largest, or the first); the other kinds with findings named in one line; the
 * failed checks. */
#include <inttypes.h>
#include <string.h>

#include "report/html.h"
#include "report/html_page.h"
#include "report/kinds.h"

#define HEADLINE_MAX 3          /* statements */
#define KINDS_MAX 64

static void checks(struct html *h)
{
	size_t n, nfail = 0, shown = 0;
	yajl_val list = tree_arr(h->m, "checks", &n);

	for (size_t i = 0; i < n; i++) {
		const char *v = tree_str(tree_at(list, i), "verdict");

		nfail += v && strcmp(v, "FAIL") == 0;
	}
	html_raw(h, "<p class=\"meta\">");
	if (!list) {
		html_raw(h, "This model has no check board.</p>\n");
		return;
	}
	if (nfail == 0) {
		html_fmt(h, "None of the %zu checks failed.</p>\n", n);
		return;
	}
	html_fmt(h, "<a href=\"#checks\">%zu of %zu checks failed</a>: ", nfail, n);
	for (size_t i = 0; i < n; i++) {
		yajl_val c = tree_at(list, i);
		const char *v = tree_str(c, "verdict");

		if (!v || strcmp(v, "FAIL") != 0)
			continue;
		html_raw(h, shown++ ? ", " : "");
		html_text(h, tree_str(c, "title") ? tree_str(c, "title") : tree_str(c, "id"));
	}
	html_raw(h, ".</p>\n");
}

/* "No 408 clusters, limiter bucket collapses or post-write stalls in ..." */
static void nothing_found(struct html *h, yajl_val f)
{
	size_t n = f->u.object.len, sources;
	char title[128];

	tree_arr(h->m, "sources", &sources);
	html_raw(h, "<p class=\"headline\">No ");
	for (size_t k = 0; k < n; k++) {
		html_raw(h, k == 0 ? "" : k + 1 == n ? " or " : ", ");
		html_text(h, kind_title(f->u.object.keys[k], 1, title, sizeof(title)));
	}
	html_fmt(h, " in %" PRId64 " requests from %zu %s.</p>\n",
		 tree_int(tree_get(h->m, "correlation"), "requests", 0), sources,
		 html_plural(sources, "source", "sources"));
}

/* "Also: 2 lock episodes, 9 timed-out requests": each a link to its section */
static void also(struct html *h, yajl_val f, const size_t *order, size_t n, size_t from)
{
	size_t shown = 0;

	for (size_t i = from; i < n; i++) {
		const char *kind = f->u.object.keys[order[i]];
		size_t len = tree_len(f->u.object.values[order[i]]);
		char id[64], title[128];

		if (len == 0)
			continue;
		kind_anchor(kind, id, sizeof(id));
		html_raw(h, shown++ ? ", " : "<p class=\"also\">Also: ");
		html_fmt(h, "<a href=\"#%s\">%zu ", id, len);
		html_text(h, kind_title(kind, 1, title, sizeof(title)));
		html_raw(h, "</a>");
	}
	if (shown)
		html_raw(h, ".</p>\n");
}

/* "2 files have warnings: <code>a.log</code>, <code>b.log</code>." linking
 * to the sources section, where each reason is listed; nothing when none. */
#define WARNED_NAMED_MAX 3

static void file_warnings(struct html *h)
{
	size_t n, nfiles = 0, nwarn = 0, shown = 0;
	yajl_val list = tree_arr(h->m, "sources", &n);

	for (size_t i = 0; i < n; i++) {
		size_t w = tree_len(tree_get(tree_at(list, i), "warnings"));

		nfiles += w > 0;
		nwarn += w;
	}
	if (!nfiles)
		return;
	html_fmt(h, "<p class=\"headline\"><a href=\"#sources\">%zu %s</a>: ", nfiles,
		 nfiles > 1 ? "files have warnings" : nwarn > 1 ? "file has warnings"
								 : "file has a warning");
	for (size_t i = 0; i < n && shown < WARNED_NAMED_MAX; i++) {
		yajl_val s = tree_at(list, i);

		if (!tree_len(tree_get(s, "warnings")))
			continue;
		html_raw(h, shown++ ? ", <code>" : "<code>");
		html_text(h, tree_str(s, "path"));
		html_raw(h, "</code>");
	}
	if (nfiles > shown)
		html_fmt(h, " and %zu more", nfiles - shown);
	html_raw(h, ". They were read, but maybe wrongly.</p>\n");
}

void html_headline(struct html *h)
{
	yajl_val f = tree_get(h->m, "findings");
	size_t order[KINDS_MAX], n = kind_order(f, order, KINDS_MAX), found = 0, k;

	html_raw(h, "<section id=\"headline\">\n");
	file_warnings(h);
	for (k = 0; k < n && found < HEADLINE_MAX; k++) {
		const char *kind = f->u.object.keys[order[k]];
		yajl_val list = f->u.object.values[order[k]];
		char id[64];
		size_t named;

		if (tree_len(list) == 0 || kind_impact(kind, list) <= 0)
			break;  /* in impact order: the rest are empty or counted */
		kind_anchor(kind, id, sizeof(id));
		html_raw(h, found++ ? "" : "<ol class=\"headline\">\n");
		html_raw(h, "<li>");
		named = kind_html_headline(h, kind, list);
		html_fmt(h, " <a class=\"go\" href=\"#%s-%zu\">Evidence</a></li>\n", id, named + 1);
	}
	if (found)
		html_raw(h, "</ol>\n");
	else if (f && YAJL_IS_OBJECT(f) && n && tree_len(f->u.object.values[order[0]]) == 0)
		nothing_found(h, f);
	if (f && YAJL_IS_OBJECT(f))
		also(h, f, order, n, k);
	checks(h);
	html_raw(h, "</section>\n");
}
