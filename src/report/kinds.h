/* kinds.h - how each finding kind reads: its title and rule, its article on
 * the page, its sentence in the headline and its line in the text summary.
 * The writers ask by the kind's name (the key under "findings"); a kind
 * without a view here, or a view without some renderer, is drawn by the
 * generic renderers from its own fields, so no kind the model carries is
 * ever missing from a report. */
#ifndef ANALYZE_KINDS_H
#define ANALYZE_KINDS_H

#include <stddef.h>
#include <stdint.h>
#include <yajl/yajl_tree.h>

#include "report/html_page.h"
#include "util/buf.h"

/* One kind's own renderers (kind_<name>.c); any may be NULL. */
struct kind_view {
	const char *name;       /* the key under "findings" */
	const char *title;      /* "408 clusters"; NULL: made from the name */
	const char *rule;       /* one sentence: what makes a finding of the kind */
	void (*html_item)(struct html *h, yajl_val item);      /* inside its <article> */
	/* a non-empty list; returns the index of the finding the sentence
	 * names (its link's target) */
	size_t (*html_headline)(struct html *h, yajl_val list);
	void (*text_line)(struct buf *b, yajl_val item);       /* one line, with '\n' */
	/* what the whole model says of the kind beyond its items (a count kept
	 * apart): after its rule on the page, after its lines in the text */
	void (*html_note)(struct html *h, yajl_val model);
	void (*text_note)(struct buf *b, yajl_val model);
	/* the requests the kind's findings cost users, not counted by a kind
	 * before it; NULL: one per finding */
	int64_t (*impact)(yajl_val list);
};

/* The title ("lock_waits" without a view: "Lock waits"), in buf when made;
 * lower: with its first letter in lower case, for the middle of a sentence. */
const char *kind_title(const char *name, int lower, char *buf, size_t size);
const char *kind_rule(const char *name);                /* NULL: none */
/* The kind's id in the page: [a-z0-9-] only, whatever the name holds. */
void kind_anchor(const char *name, char *out, size_t size);

void kind_html_item(struct html *h, const char *name, yajl_val item);
/* Returns the index of the finding the sentence names (0: the first). */
size_t kind_html_headline(struct html *h, const char *name, yajl_val list);
void kind_text_line(struct buf *b, const char *name, yajl_val item);
/* Pieces the kinds' articles share, inside an open <dl>: "<dt>LABEL</dt><dd>
 * <code>request_id</code> from START" (the <dd> left open for more), and
 * "<dt>LABEL</dt><dd><code>table</code> key <code>key</code> at WRITTEN_AT"
 * (left open too) of a captured row. */
void kind_html_request(struct html *h, const char *label, yajl_val o);
void kind_html_row(struct html *h, const char *label, yajl_val w);
void kind_html_note(struct html *h, const char *name, yajl_val model);   /* may draw nothing */
/* How many requests a kind's list cost (its view's impact, else its length). */
int64_t kind_impact(const char *name, yajl_val list);
/* The kinds of the model's "findings" (at most max) in impact order, the
 * largest first, ties in the model's order: order[i] is an index into the
 * object's keys. Returns how many were written. */
size_t kind_order(yajl_val findings, size_t *order, size_t max);
void kind_text_note(struct buf *b, const char *name, yajl_val model);

#endif
