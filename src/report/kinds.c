/* kinds.c - the table of finding-kind views, and the generic renderers for
 * a kind without one: its scalar fields and lists of scalars as they are,
 * nested values counted (the JSON report has them), evidence as for every
 * kind. */
#include "report/kinds.h"

#include <stdio.h>
#include <string.h>

#include "report/escape.h"
#include "report/text_tokens.h"

extern const struct kind_view timeout_clusters_view;
extern const struct kind_view limiter_collapses_view;
extern const struct kind_view post_write_stalls_view;
extern const struct kind_view lock_waits_view;
extern const struct kind_view timeouts_view;

static const struct kind_view *const views[] = {
	&timeout_clusters_view,
	&limiter_collapses_view,
	&post_write_stalls_view,
	&lock_waits_view,
	&timeouts_view,
	NULL,
};

static const struct kind_view *find(const char *name)
{
	for (int i = 0; name && views[i]; i++)
		if (strcmp(views[i]->name, name) == 0)
			return views[i];
	return NULL;
}

const char *kind_title(const char *name, int lower, char *buf, size_t size)
{
	const struct kind_view *v = find(name);
	size_t i;

	snprintf(buf, size, "%s", v && v->title ? v->title : name ? name : "");
	for (i = 0; !(v && v->title) && buf[i]; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
	if (buf[0] >= 'a' && buf[0] <= 'z' && !lower)
		buf[0] = (char)(buf[0] - 'a' + 'A');
	else if (buf[0] >= 'A' && buf[0] <= 'Z' && lower)
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

const char *kind_rule(const char *name)
{
	const struct kind_view *v = find(name);

	return v ? v->rule : NULL;
}

void kind_anchor(const char *name, char *out, size_t size)
{
	size_t i;

	for (i = 0; name && name[i] && i + 1 < size; i++) {
		char c = name[i];

		out[i] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '-';
	}
	if (size)
		out[i] = '\0';
}

static int is_scalar(yajl_val v)
{
	return v && (YAJL_IS_STRING(v) || YAJL_IS_NUMBER(v) || YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v));
}

/* A scalar as the model has it: strings as they are, numbers as written. */
static const char *scalar_text(yajl_val v)
{
	if (YAJL_IS_STRING(v))
		return v->u.string;
	if (YAJL_IS_NUMBER(v))
		return v->u.number.r;
	return YAJL_IS_TRUE(v) ? "true" : "false";
}

/* The members a generic renderer shows: not the evidence, which every
 * kind's article shows the same way, and not nulls. */
static int shown(const char *key, yajl_val v)
{
	return v && !YAJL_IS_NULL(v) && strcmp(key, "evidence") != 0 &&
	       strcmp(key, "evidence_total") != 0;
}

static void generic_item(struct html *h, yajl_val item)
{
	if (!item || !YAJL_IS_OBJECT(item))
		return;
	html_raw(h, "<dl class=\"facts\">\n");
	for (size_t i = 0; i < item->u.object.len; i++) {
		const char *key = item->u.object.keys[i];
		yajl_val v = item->u.object.values[i];

		if (!shown(key, v))
			continue;
		html_raw(h, "<dt>");
		html_text(h, key);
		html_raw(h, "</dt><dd>");
		if (is_scalar(v))
			html_text(h, scalar_text(v));
		else if (YAJL_IS_ARRAY(v) && (tree_len(v) == 0 || is_scalar(tree_at(v, 0))))
			html_list(h, v, HTML_LIST_MAX);
		else if (YAJL_IS_ARRAY(v))
			html_fmt(h, "%zu %s (see the JSON report)", tree_len(v),
				 html_plural(tree_len(v), "item", "items"));
		else
			html_raw(h, "an object (see the JSON report)");
		html_raw(h, "</dd>\n");
	}
	html_raw(h, "</dl>\n");
}

void kind_html_item(struct html *h, const char *name, yajl_val item)
{
	const struct kind_view *v = find(name);

	if (v && v->html_item)
		v->html_item(h, item);
	else
		generic_item(h, item);
}

size_t kind_html_headline(struct html *h, const char *name, yajl_val list)
{
	const struct kind_view *v = find(name);
	char title[128];

	if (v && v->html_headline)
		return v->html_headline(h, list);
	html_fmt(h, "<strong>%zu ", tree_len(list));
	html_text(h, kind_title(name, 1, title, sizeof(title)));
	html_raw(h, "</strong>.");
	return 0;
}

/* "<name> key=value..." for the scalar members, in the model's order. */
void kind_text_line(struct buf *b, const char *name, yajl_val item)
{
	const struct kind_view *v = find(name);

	if (v && v->text_line) {
		v->text_line(b, item);
		return;
	}
	escape_term(b, name, 0);
	for (size_t i = 0; item && YAJL_IS_OBJECT(item) && i < item->u.object.len; i++) {
		const char *key = item->u.object.keys[i];
		yajl_val m = item->u.object.values[i];

		if (!shown(key, m) || !is_scalar(m))
			continue;
		buf_addc(b, ' ');
		escape_term(b, key, 0);
		buf_addc(b, '=');
		if (*scalar_text(m))
			escape_term(b, scalar_text(m), 0);
		else
			buf_addc(b, '-');       /* a value is always one token */
	}
	buf_addc(b, '\n');
}

void kind_html_note(struct html *h, const char *name, yajl_val model)
{
	const struct kind_view *v = find(name);

	if (v && v->html_note)
		v->html_note(h, model);
}

int64_t kind_impact(const char *name, yajl_val list)
{
	const struct kind_view *v = find(name);

	return v && v->impact ? v->impact(list) : (int64_t)tree_len(list);
}

size_t kind_order(yajl_val findings, size_t *order, size_t max)
{
	size_t n = findings && YAJL_IS_OBJECT(findings) ? findings->u.object.len : 0;
	int64_t impact[64];

	if (n > max)
		n = max;
	if (n > sizeof(impact) / sizeof(impact[0]))
		n = sizeof(impact) / sizeof(impact[0]);
	/* insertion: a handful of kinds, and stable */
	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		impact[i] = kind_impact(findings->u.object.keys[i], findings->u.object.values[i]);
		while (j > 0 && impact[order[j - 1]] < impact[i]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	return n;
}

void kind_text_note(struct buf *b, const char *name, yajl_val model)
{
	const struct kind_view *v = find(name);

	if (v && v->text_note)
		v->text_note(b, model);
}

void kind_html_request(struct html *h, const char *label, yajl_val o)
{
	html_dt(h, label);
	html_raw(h, "<code>");
	html_text(h, tree_str(o, "request_id"));
	html_raw(h, "</code> from ");
	html_time(h, tree_str(o, "start"));
}

void kind_html_row(struct html *h, const char *label, yajl_val w)
{
	html_dt(h, label);
	html_raw(h, "<code>");
	html_text(h, tree_str(w, "table"));
	html_raw(h, "</code> key <code>");
	html_text(h, tree_str(w, "key"));
	html_raw(h, "</code> at ");
	html_time(h, tree_str(w, "written_at"));
}
