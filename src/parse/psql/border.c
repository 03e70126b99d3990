/* border.c - tables printed with \pset border 2, read as the border-1
 * tables aligned.c knows: each line loses its outer '|' frame, the rule
 * under the header becomes the separator line, the rules above the header
 * and under the last row go. Multi-line and wrapped cells keep their '+'
 * and '.' marks where border 1 has them. */
#include <string.h>

#include "parse/psql/psql.h"

enum { B2_NONE, B2_HEADER, B2_SEPARATOR, B2_ROWS };

/* "+----+----+": a border-1 separator line in a frame. */
int border2_rule(const char *p, size_t n)
{
	return n >= 4 && p[0] == '+' && p[n - 1] == '+' && aligned_separator(NULL, p + 1, n - 2);
}

static int framed(const struct psql_line *l)
{
	return l->len >= 2 && l->text[0] == '|' && l->text[l->len - 1] == '|';
}

/* The line without its first and last byte, NUL-terminated like every
 * line the readers see. */
static int unframe(struct psql_state *s, struct psql_line *l)
{
	buf_reset(&s->unframed);
	if (buf_add(&s->unframed, l->text + 1, l->len - 2) < 0)
		return -1;
	l->text = s->unframed.data;
	l->len = s->unframed.len;
	return 0;
}

int border2_line(struct psql_state *s, struct psql_line *l)
{
	int rule = border2_rule(l->text, l->len);

	switch (s->border2) {
	case B2_HEADER:
		if (framed(l)) {
			s->border2 = B2_SEPARATOR;
			return unframe(s, l);
		}
		break;
	case B2_SEPARATOR:
		if (rule) {
			s->border2 = B2_ROWS;
			return unframe(s, l);
		}
		break;
	case B2_ROWS:
		if (framed(l))
			return unframe(s, l);
		if (rule) {             /* the bottom rule: the footer or a blank follows */
			s->border2 = B2_NONE;
			return 1;
		}
		break;
	}
	s->border2 = B2_NONE;
	if (!rule)
		return 0;
	/* a top rule starts a table: what came before was not its header */
	s->border2 = B2_HEADER;
	l->text += l->len;
	l->len = 0;
	return 0;
}
