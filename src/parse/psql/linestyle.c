/* linestyle.c - tables printed with \pset linestyle unicode, read as the
 * ASCII ones the forms know. A rule line (the separator, border 2's frame
 * rules) is all box drawing: it becomes ASCII whole ('─' '-', a crossing
 * '+'), and its columns say where the later lines of the table have their
 * bars and margins. Only there is a '│' a bar, a '↵' a newline mark ('+')
 * and a '…' a wrap mark ('.'): the same characters inside a cell are text.
 * The header comes before border 1's separator: it is rewritten when the
 * separator arrives. A blank line or a footer ends the table. */
#include <string.h>

#include "parse/psql/psql.h"

/* kinds of a rule's display columns */
enum { K_DASH = 'd', K_CROSS = 'x', K_GAP = 'g' };

#define BOX_DASH "\xe2\x94\x80"         /* ─ */
#define BOX_BAR "\xe2\x94\x82"          /* │ */
#define MARK_NEWLINE "\xe2\x86\xb5"     /* ↵ */
#define MARK_WRAP "\xe2\x80\xa6"        /* … */

/* ┌ ┐ └ ┘ ├ ┤ ┬ ┴ ┼: the last bytes after e2 94 */
static int is_cross(const char *p, size_t n)
{
	return n >= 3 && (unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x94 &&
	       strchr("\x8c\x90\x94\x98\x9c\xa4\xac\xb4\xbc", p[2]) && p[2] != '\0';
}

static int is_seq(const char *p, size_t n, const char *seq)
{
	return n >= 3 && memcmp(p, seq, 3) == 0;
}

/* The kind of the character at p, its length in *k; 0 when a rule has none. */
static char rule_char(const char *p, size_t n, size_t *k, char *ascii)
{
	*k = 3;
	if (is_seq(p, n, BOX_DASH))
		return *ascii = '-', K_DASH;
	if (is_cross(p, n))
		return *ascii = '+', K_CROSS;
	*k = 1;
	return p[0] == ' ' ? (*ascii = ' ', K_GAP) : 0;
}

int linestyle_rule(const char *p, size_t n)
{
	size_t k;
	char ascii = 0;

	if (n < 3 || !(is_seq(p, n, BOX_DASH) || is_cross(p, n)))
		return 0;
	for (size_t i = 0; i < n; i += k)
		if (!rule_char(p + i, n - i, &k, &ascii))
			return 0;
	return 1;
}

/* A rule: box dashes and crossings, maybe single spaces (border 0). Its
 * kinds into s->ls_kind, its ASCII form into s->ls_line; a line that is no
 * rule leaves the last rule's kinds alone. */
static int rule(struct psql_state *s, const struct psql_line *l)
{
	const char *p = l->text;
	size_t n = l->len, i, k;
	char ascii = 0;

	if (!linestyle_rule(p, n))
		return 0;
	buf_reset(&s->ls_kind);
	buf_reset(&s->ls_line);
	for (i = 0; i < n; i += k) {
		char kind = rule_char(p + i, n - i, &k, &ascii);

		if (buf_addc(&s->ls_kind, kind) < 0 || buf_addc(&s->ls_line, ascii) < 0)
			return 0;
	}
	return 1;
}

static char kind_at(const struct psql_state *s, size_t c)
{
	return c < s->ls_kind.len ? s->ls_kind.data[c] : 0;
}

/* Is display column c where a cell's right mark goes? Before a crossing;
 * border 0: in a gap, or just past the rule; border 1: the rule's last
 * column when it is a dash; border 2: before the frame. */
static int right_margin(const struct psql_state *s, size_t c)
{
	size_t len = s->ls_kind.len;
	int gaps = memchr(s->ls_kind.data, K_GAP, len) != NULL;

	if (gaps)
		return kind_at(s, c) == K_GAP || c == len;
	return kind_at(s, c + 1) == K_CROSS || (c + 1 == len && kind_at(s, c) == K_DASH);
}

static int left_margin(const struct psql_state *s, size_t c)
{
	return c == 0 ? kind_at(s, 0) == K_DASH : kind_at(s, c - 1) == K_CROSS;
}

/* Rewrites p[0..n) into out by the rule's columns: 0, or -1 out of room. */
static int rewrite(struct psql_state *s, const char *p, size_t n, struct buf *out)
{
	size_t i = 0, c = 0;

	buf_reset(out);
	while (i < n) {
		int w, k = psql_char(p + i, n - i, &w);
		char ascii = 0;

		if (is_seq(p + i, n - i, BOX_BAR) && kind_at(s, c) == K_CROSS)
			ascii = '|';
		else if (is_seq(p + i, n - i, MARK_NEWLINE) && right_margin(s, c))
			ascii = '+';
		else if (is_seq(p + i, n - i, MARK_WRAP) && (right_margin(s, c) || left_margin(s, c)))
			ascii = '.';
		if (ascii ? buf_addc(out, ascii) < 0 : buf_add(out, p + i, (size_t)k) < 0)
			return -1;
		i += (size_t)k;
		c += (size_t)w;
	}
	return 0;
}

/* "─[ RECORD 1 ]───": an expanded record's header in box characters. */
int linestyle_x_header(const char *p, size_t n)
{
	return n >= 15 && is_seq(p, n, BOX_DASH) && memcmp(p + 3, "[ RECORD ", 9) == 0;
}

/* Expanded (\x) records: the header in ASCII whole; in the lines after it
 * the first '│' after a space is the bar (names come first and hold none). */
static int expanded(struct psql_state *s, struct psql_line *l)
{
	const char *p = l->text, *bar = NULL;
	size_t n = l->len, k;
	char ascii = 0;

	buf_reset(&s->ls_line);
	if (linestyle_x_header(p, n)) {
		for (size_t i = 0; i < n; i += k) {
			char kind = rule_char(p + i, n - i, &k, &ascii);

			if (buf_addc(&s->ls_line, kind == K_DASH || kind == K_CROSS ? ascii : p[i]) < 0)
				return -1;
		}
	} else {
		for (size_t i = 1; i + 3 <= n && !bar; i++)
			if (p[i - 1] == ' ' && is_seq(p + i, n - i, BOX_BAR))
				bar = p + i;
		if (!bar)
			return 0;
		if (buf_add(&s->ls_line, p, (size_t)(bar - p)) < 0 || buf_addc(&s->ls_line, '|') < 0)
			return -1;
		/* a '↵' or '…' ending the value is a mark only if a continuation
		 * line follows: expanded.c decides, as for '+' and '.' */
		if (buf_add(&s->ls_line, bar + 3, n - (size_t)(bar + 3 - p)) < 0)
			return -1;
	}
	l->text = s->ls_line.data;
	l->len = s->ls_line.len;
	return 0;
}

int linestyle_line(struct psql_state *s, struct psql_line *l)
{
	int64_t rows;

	if (linestyle_x_header(l->text, l->len))
		s->ls_x = 1;
	else if (s->ls_x && session_is_blank(l->text, l->len))
		s->ls_x = 0;
	if (s->ls_x)
		return expanded(s, l);
	if (rule(s, l)) {
		if (s->holding) {
			/* border 1's header, read before its separator */
			if (rewrite(s, s->held.data, s->held.len, &s->tmp) < 0 ||
			    psql_held_text(s, s->tmp.data, s->tmp.len) < 0)
				return -1;
		}
		l->text = s->ls_line.data;
		l->len = s->ls_line.len;
		return 0;
	}
	if (!s->ls_kind.len)
		return 0;
	if (session_is_blank(l->text, l->len) || session_footer(l->text, l->len, &rows)) {
		buf_reset(&s->ls_kind);
		return 0;
	}
	if (!memchr(l->text, '\xe2', l->len))
		return 0;
	if (rewrite(s, l->text, l->len, &s->ls_line) < 0)
		return -1;
	l->text = s->ls_line.data;
	l->len = s->ls_line.len;
	return 0;
}
