/* border0.c - tables printed with \pset border 0, read as the border-1
 * tables aligned.c knows. Border 0 has no bars and no margins: its
 * separator is a run of dashes per column with one space between runs,
 * each cell fills its run's columns, and the space after a cell holds the
 * cell's '+' (a newline) or '.' (wrapped) mark. So every line is cut by the
 * separator's columns and written again as border 1 prints it:
 *   "id name body  note"  ->  " id | name | body  | note"
 * A line that does not fit (a footer, the next thing in the file) is left
 * as it is, and ends the table as it would a border-1 one. */
#include <string.h>

#include "parse/psql/psql.h"

/* "-- ---- ----- ----": its runs into s->b0; 1, or 0 when it is not one.
 * A single run is a border-1 separator as well: the caller decides. */
int border0_separator(struct psql_state *s, const char *p, size_t n)
{
	struct psql_grid *g = &s->b0;
	size_t i = 0;

	if (n < 1 || p[0] != '-' || p[n - 1] != '-')
		return 0;
	g->n = 0;
	while (i < n) {
		size_t d = i;

		while (i < n && p[i] == '-')
			i++;
		if (i == d || g->n == PSQL_COLS_MAX)
			return 0;
		g->start[g->n] = (int)d;
		g->width[g->n++] = (int)(i - d);
		if (i < n && p[i++] != ' ')
			return 0;
	}
	return 1;
}

/* "-- ----": a border-0 separator of two columns or more, for the probe. */
int border0_rule(const char *p, size_t n)
{
	int spaces = 0;

	if (n < 4 || p[0] != '-' || p[n - 1] != '-')
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (p[i] != '-' && (p[i] != ' ' || p[i - 1] != '-'))
			return 0;
		spaces += p[i] == ' ';
	}
	return spaces > 0;
}

/* "── ────": the same drawn by \pset linestyle unicode (U+2500). */
int border0_rule_unicode(const char *p, size_t n)
{
	static const char dash[] = "\xe2\x94\x80";
	int spaces = 0, runs = 0;
	size_t i = 0;

	while (i < n) {
		size_t d = i;

		while (i + 3 <= n && memcmp(p + i, dash, 3) == 0)
			i += 3;
		if (i == d)
			return 0;
		runs++;
		if (i < n && p[i++] != ' ')
			return 0;
		spaces += i < n;
	}
	return runs >= 2 && spaces == runs - 1;
}

/* Moves *pos over display columns up to `to`; -1 if a character straddles it. */
static int skip_to(const char *p, size_t n, size_t *pos, int *col, int to)
{
	int w;

	while (*col < to && *pos < n) {
		*pos += (size_t)psql_char(p + *pos, n - *pos, &w);
		*col += w;
	}
	return *col > to ? -1 : 0;
}

/* Writes p[0..n) as border 1 into b: 0, or -1 when it does not fit. */
static int rewrite(const struct psql_grid *g, const char *p, size_t n, struct buf *b)
{
	size_t pos = 0;
	int col = 0;

	buf_reset(b);
	for (int j = 0; j < g->n; j++) {
		int last = j == g->n - 1, end = g->start[j] + g->width[j];
		size_t c0 = pos;
		char mark = ' ';

		if (skip_to(p, n, &pos, &col, end) < 0 || (!last && pos >= n))
			return -1;
		if (last) {
			/* the last cell is not padded: it runs to the line's end */
			size_t rest = n - c0;

			if (pos < n && pos + 1 == n && strchr(" +.", p[pos]))
				mark = p[pos], rest--;
			else if (pos < n)
				return -1;
			if (buf_addc(b, ' ') < 0 || buf_add(b, p + c0, rest) < 0 ||
			    (mark != ' ' && buf_addc(b, mark) < 0))
				return -1;
			break;
		}
		if (!strchr(" +.", p[pos]))
			return -1;
		mark = p[pos];
		if (buf_addc(b, ' ') < 0 || buf_add(b, p + c0, pos - c0) < 0 ||
		    buf_addc(b, mark) < 0 || buf_addc(b, '|') < 0)
			return -1;
		pos++, col++;
	}
	return 0;
}

int border0_start(struct psql_state *s, struct psql_line *sep)
{
	struct buf *b = &s->border0_buf;

	/* the header, then the separator, as border 1 */
	if (rewrite(&s->b0, s->held.data, s->held.len, b) < 0)
		return 0;
	if (psql_held_text(s, b->data, b->len) < 0)
		return -1;
	buf_reset(b);
	for (int j = 0; j < s->b0.n; j++) {
		if (j && buf_addc(b, '+') < 0)
			return -1;
		for (int k = 0; k < s->b0.width[j] + 2; k++)
			if (buf_addc(b, '-') < 0)
				return -1;
	}
	sep->text = b->data;
	sep->len = b->len;
	s->border0 = 1;
	return 1;
}

void border0_line(struct psql_state *s, struct psql_line *l)
{
	int64_t rows;

	if (!s->border0)
		return;
	if (s->mode != M_ALIGNED) {
		s->border0 = 0;
		return;
	}
	if (session_is_blank(l->text, l->len) || session_footer(l->text, l->len, &rows) ||
	    rewrite(&s->b0, l->text, l->len, &s->border0_buf) < 0)
		return;         /* not a row: aligned.c ends the table */
	l->text = s->border0_buf.data;
	l->len = s->border0_buf.len;
}
