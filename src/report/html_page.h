/* html_page.h - the page being built and the only ways to put text into
 * it (html_page.c). Model strings go in through html_text()/html_attr()
 * (escape.c), never through html_raw() or html_fmt(), which are for our
 * own markup. */
#ifndef ANALYZE_HTML_PAGE_H
#define ANALYZE_HTML_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "report/tree.h"
#include "util/buf.h"

/* The page stays small enough to mail: lists stop once it passes the soft
 * limit (the JSON report has everything); the hard limit is the buffer's. */
#define HTML_SOFT_MAX ((size_t)4 << 20)
#define HTML_HARD_MAX ((size_t)16 << 20)
#define HTML_TEXT_MAX 1000      /* bytes of one model string shown */
#define HTML_LIST_MAX 100       /* request ids, clients, rows per list */
#define HTML_ITEMS_MAX 200      /* findings of one kind */

struct html {
	struct buf b;
	yajl_val m;             /* the model; borrowed */
	int failed;             /* sticky: an append hit the hard limit */
	int cut;                /* lists were cut at HTML_SOFT_MAX */
};

/* Tracks an append: rc < 0 makes the page fail, at the end. */
void html_track(struct html *h, int rc);
void html_raw(struct html *h, const char *markup);
void html_fmt(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Model text, escaped, at most HTML_TEXT_MAX bytes of it; NULL prints "–". */
void html_text(struct html *h, const char *s);
void html_attr(struct html *h, const char *s);
/* <time> around a model time string */
void html_time(struct html *h, const char *s);
/* start – end of an object with "start" and "end" */
void html_span(struct html *h, yajl_val o);
/* 10042 -> "10.04 s", 35 -> "35 ms" */
void html_ms(struct html *h, int64_t ms);
/* Strings of an array, comma separated, the first `max` of them. */
void html_list(struct html *h, yajl_val arr, size_t max);
/* "POST" from ["POST"], or a string member as it is */
void html_methods(struct html *h, yajl_val o);
/* 1 once the page passed HTML_SOFT_MAX: the caller stops its list. */
int html_full(struct html *h);
/* An item's "evidence": its first lines' text (the model's evidence_text)
 * with a command printing each, folded in a <details> when `folded`; then
 * every file:line in a <details>. */
void html_evidence(struct html *h, yajl_val item, int folded);
/* <dt>label</dt><dd>: the caller writes the value and the </dd> */
void html_dt(struct html *h, const char *label);
/* a whole <dt>/<dd> pair: text, or a duration member in ms ("–" when absent) */
void html_dd_text(struct html *h, const char *label, const char *v);
void html_dd_ms(struct html *h, const char *label, yajl_val o, const char *key);
/* one or many, by n */
const char *html_plural(size_t n, const char *one, const char *many);

#endif
