/* html_headline.c - the paragraph the page opens with: what broke, when and
 * how badly, written from the findings (a sentence per kind that has any,
 * by its view in kinds.c) and the failed checks; first, when any file was
 * read with a warning, which files, so a bad night never reads as quiet. */
#include <inttypes.h>
#include <string.h>

#include "report/html.h"
#include "report/html_page.h"
#include "report/kinds.h"

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

/* "No 408 clusters, limiter bucket collapses or post-write stalls in ..." */
static void nothing_found(struct html *h, yajl_val f)
{
	size_t n = f->u.object.len, sources;
	char title[128];

	tree_arr(h->m, "sources", &sources);
	html_raw(h, "No ");
	for (size_t k = 0; k < n; k++) {
		html_raw(h, k == 0 ? "" : k + 1 == n ? " or " : ", ");
		html_text(h, kind_title(f->u.object.keys[k], 1, title, sizeof(title)));
	}
	html_fmt(h, " in %" PRId64 " requests from %zu %s. ",
		 tree_int(tree_get(h->m, "correlation"), "requests", 0), sources,
		 html_plural(sources, "source", "sources"));
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
	size_t nkinds = f && YAJL_IS_OBJECT(f) ? f->u.object.len : 0, found = 0;

	html_raw(h, "<section id=\"headline\">\n");
	file_warnings(h);
	html_raw(h, "<p class=\"headline\">");
	for (size_t k = 0; k < nkinds; k++) {
		yajl_val list = f->u.object.values[k];

		if (tree_len(list) == 0)
			continue;
		kind_html_headline(h, f->u.object.keys[k], list);
		found++;
	}
	if (!found && nkinds)
		nothing_found(h, f);
	checks(h);
	html_raw(h, "</p>\n</section>\n");
}
