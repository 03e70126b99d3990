/* text_tokens.c - the tokens of the text summary: every model value one
 * token (escape_term), so lines stay stable to grep and a log line cannot
 * drive the terminal. */
#include "report/text_tokens.h"

#include <inttypes.h>

#include "report/escape.h"
#include "report/tree.h"

void text_tok(struct buf *b, const char *key, const char *v)
{
	if (key)
		buf_printf(b, " %s=", key);
	else
		buf_addc(b, ' ');
	if (v && *v)
		escape_term(b, v, 0);
	else
		buf_addc(b, '-');
}

void text_tok_int(struct buf *b, const char *key, yajl_val o, const char *field,
		    const char *unit)
{
	if (tree_has(o, field))
		buf_printf(b, " %s=%" PRId64 "%s", key, tree_int(o, field, 0), unit);
	else
		buf_printf(b, " %s=-", key);
}

void text_tok_span(struct buf *b, yajl_val o)
{
	const char *start = tree_str(o, "start"), *end = tree_str(o, "end");

	text_tok(b, NULL, start);
	buf_adds(b, "..");
	escape_term(b, end ? tree_short_end(start, end) : "-", 0);
}

void text_tok_methods(struct buf *b, yajl_val o)
{
	yajl_val m = tree_get(o, "methods");

	if (m && YAJL_IS_STRING(m)) {
		text_tok(b, NULL, m->u.string);
		return;
	}
	buf_addc(b, ' ');
	text_tok_list(b, m);
}

void text_tok_list(struct buf *b, yajl_val arr)
{
	size_t n = tree_len(arr);

	if (n == 0)
		buf_addc(b, '-');
	for (size_t i = 0; i < n; i++) {
		yajl_val s = tree_at(arr, i);

		if (i)
			buf_addc(b, ',');
		escape_term(b, YAJL_IS_STRING(s) ? s->u.string : "?", 0);
	}
}

void text_tok_request(struct buf *b, yajl_val o)
{
	text_tok(b, NULL, tree_str(o, "method"));
	text_tok(b, NULL, tree_str(o, "route"));
	text_tok(b, NULL, tree_str(o, "start"));
	text_tok_int(b, "status", o, "status", "");
	text_tok_int(b, "duration", o, "duration_ms", "ms");
}
