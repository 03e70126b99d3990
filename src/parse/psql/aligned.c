/* aligned.c - psql's default output: a header, a "----+----" separator, rows
 * padded to the separator's columns, "(N rows)". Cells are cut where the
 * separator says, in display columns, so a '|' inside a cell is just text;
 * '+' and '.' in a cell's right margin say it goes on on the next line (a
 * newline, or \pset format wrapped). Border style 1 only (the default). */
#include <stdio.h>
#include <string.h>

#include "parse/psql/psql.h"
#include "util/utf8.h"

/* Unicode ranges psql's pg_wcwidth() counts as two columns, and as none
 * (combining marks, zero-width characters); everything else is one. */
static const struct {
	unsigned lo, hi;
} wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a }, { 0x23e9, 0x23ec },
	{ 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 }, { 0x25fd, 0x25fe }, { 0x2614, 0x2615 },
	{ 0x2648, 0x2653 }, { 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 }, { 0x26ce, 0x26ce },
	{ 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea }, { 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 },
	{ 0x26fa, 0x26fa }, { 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf },
	{ 0x2b1b, 0x2b1c }, { 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
	{ 0xa960, 0xa97f }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe10, 0xfe19 },
	{ 0xfe30, 0xfe6f }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe4 },
	{ 0x17000, 0x18cff }, { 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf },
	{ 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a }, { 0x1f200, 0x1f251 }, { 0x1f300, 0x1f64f },
	{ 0x1f680, 0x1f6ff }, { 0x1f7e0, 0x1f7eb }, { 0x1f90c, 0x1f9ff }, { 0x1fa70, 0x1faff },
	{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
}, zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd }, { 0x0610, 0x061a },
	{ 0x064b, 0x065f }, { 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a }, { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x2028, 0x202e }, { 0x2060, 0x2064 },
	{ 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xe0100, 0xe01ef },
};

static int in_ranges(unsigned cp, const void *table, size_t n)
{
	const struct {
		unsigned lo, hi;
	} *t = table;

	for (size_t i = 0; i < n; i++)
		if (cp >= t[i].lo && cp <= t[i].hi)
			return 1;
	return 0;
}

int psql_char(const char *p, size_t n, int *width)
{
	unsigned cp;
	size_t k = utf8_decode((const unsigned char *)p, n, &cp);

	*width = 1;
	if (k == 0)
		return 1;               /* not UTF-8: a byte, a column */
	if (in_ranges(cp, zero, sizeof(zero) / sizeof(zero[0])))
		*width = 0;
	else if (in_ranges(cp, wide, sizeof(wide) / sizeof(wide[0])))
		*width = 2;
	return (int)k;
}

int aligned_separator(struct psql_grid *g, const char *p, size_t n)
{
	size_t i = 0;
	int col = 0, k = 0;

	if (n < 2 || p[0] != '-' || p[n - 1] != '-')
		return 0;
	while (i < n) {
		size_t d = i;

		while (i < n && p[i] == '-')
			i++;
		if (i - d < 2 || k >= PSQL_COLS_MAX)
			return 0;
		if (g) {
			g->start[k] = col;
			g->width[k] = (int)(i - d) - 2;
			g->n = k + 1;
		}
		k++;
		col += (int)(i - d) + 1;
		if (i < n && p[i++] != '+')
			return 0;
		if (i == n && p[n - 1] == '+')
			return 0;
	}
	return 1;
}

/* Moves *pos to display column `to`, over zero-width characters after it
 * too; -1 when a character straddles it or the line ends first. */
static int advance(const char *p, size_t n, size_t *pos, int *col, int to)
{
	int w;

	while (*col < to && *pos < n) {
		*pos += (size_t)psql_char(p + *pos, n - *pos, &w);
		*col += w;
	}
	if (*col != to)
		return -1;
	while (*pos < n) {
		int k = psql_char(p + *pos, n - *pos, &w);

		if (w != 0)
			break;
		*pos += (size_t)k;
	}
	return 0;
}

/* Cuts one physical line into the grid's cells. 0, or -1 when it does not
 * fit the grid (the caller then tries the plain '|' split). */
static int cut(const struct psql_grid *g, const char *p, size_t n, struct psql_piece *pc)
{
	size_t pos = 0;
	int col = 0;

	for (int j = 0; j < g->n; j++) {
		int left = g->start[j], right = left + 1 + g->width[j];
		size_t c0;

		if (advance(p, n, &pos, &col, left) < 0)
			return -1;
		if (pos >= n) {
			if (j != g->n - 1)
				return -1;
			pc[j] = (struct psql_piece){ p + pos, 0, 0, 0 };   /* "| " cut to "|" */
			break;
		}
		if (p[pos] != ' ' && p[pos] != '.')
			return -1;
		pc[j].lmark = p[pos];
		pos++, col++;
		c0 = pos;
		if (j < g->n - 1) {
			if (advance(p, n, &pos, &col, right) < 0 || pos + 1 >= n ||
			    !strchr(" +.", p[pos]) || p[pos + 1] != '|')
				return -1;
			pc[j].p = p + c0;
			pc[j].n = pos - c0;
			pc[j].rmark = p[pos];
			pos += 2, col += 2;
			continue;
		}
		/* the last cell runs to the line's end: psql does not pad it */
		while (pos < n) {
			int w;

			pos += (size_t)psql_char(p + pos, n - pos, &w);
			col += w;
		}
		pc[j].p = p + c0;
		pc[j].n = n - c0;
		pc[j].rmark = 0;
		if (col > right + 1)
			return -1;
		if (col == right + 1) {
			if (!strchr(" +.", p[n - 1]))
				return -1;
			pc[j].rmark = p[n - 1];
			pc[j].n--;
		}
	}
	return 0;
}

static size_t rtrim(const char *p, size_t n)
{
	while (n && p[n - 1] == ' ')
		n--;
	return n;
}

/* psql right-aligns numbers: their leading spaces are padding. */
static int is_number(const char *p, size_t n)
{
	size_t i = 0, digits = 0;

	if ((n == 3 && !memcmp(p, "NaN", 3)) || (n == 8 && !memcmp(p, "Infinity", 8)) ||
	    (n == 9 && !memcmp(p, "-Infinity", 9)))
		return 1;
	if (i < n && p[i] == '-')
		i++;
	for (; i < n && ((p[i] >= '0' && p[i] <= '9') || p[i] == '.'); i++)
		digits += p[i] != '.';
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		while (i < n && p[i] >= '0' && p[i] <= '9')
			i++;
	}
	return digits > 0 && i == n;
}

static void unpad_numbers(struct psql_state *s)
{
	for (int j = 0; j < s->r.ncols; j++) {
		struct buf *c = &s->r.cell[j];
		size_t k = 0;

		while (k < c->len && c->data[k] == ' ')
			k++;
		if (k && k < c->len && is_number(c->data + k, c->len - k)) {
			memmove(c->data, c->data + k, c->len - k + 1);
			c->len -= k;
		}
	}
}

/* The '|'-split of a line that does not fit the grid: trimmed fields. */
static int split_bars(struct psql_state *s, const char *p, size_t n)
{
	int k = 0;
	size_t i = 0;

	for (;;) {
		size_t e = i;
		const char *f;
		size_t fn;

		while (e < n && p[e] != '|')
			e++;
		f = p + i, fn = e - i;
		while (fn && (*f == ' ' || *f == '.'))
			f++, fn--;
		fn = rtrim(f, fn);
		if (k <= PSQL_COLS_MAX)
			s->pieces[k] = (struct psql_piece){ f, fn, ' ', 0 };
		k++;
		if (e >= n)
			break;
		i = e + 1;
	}
	return k;
}

int aligned_start(struct psql_state *s, const struct line *header, const struct psql_line *sep,
		  const struct sink *out, struct diag *err)
{
	const char *p = header->text;
	size_t n = header->len;
	int k;

	if (!aligned_separator(&s->g, sep->text, sep->len))
		return line_reject(s, header, "not a psql line", out, err);
	result_reset(s, "aligned");
	if (cut(&s->g, p, n, s->pieces) == 0) {
		k = s->g.n;
		for (int j = 0; j < k; j++) {
			const char *f = s->pieces[j].p;
			size_t fn = s->pieces[j].n;

			while (fn && *f == ' ')
				f++, fn--;
			s->pieces[j].p = f;
			s->pieces[j].n = rtrim(f, fn);
		}
	} else {
		k = split_bars(s, p, n);
	}
	s->mode = M_ALIGNED;
	for (int j = 0; j < k && k == s->g.n; j++)
		if (result_add_name(s, s->pieces[j].p, s->pieces[j].n) < 0)
			k = -1;
	if (k != s->g.n) {
		/* its rows cannot be read either: they are rejected up to its end */
		s->r.ncols = 0;
		return line_reject(s, header, k < 0 ? "column name too long" :
				   "header does not match its separator line", out, err);
	}
	if (k == 1 && explain_is_header(s->pieces[0].p, s->pieces[0].n))
		s->r.form = "explain";
	s->r.empty_is_null = 1;
	return result_begin(s, header, out, err);
}

/* Tuples-only output (-t): rows without a header or a separator, so the
 * grid comes from the first row's bars (a '|' between a margin and a
 * margin). One column has no bar: only a number or a timestamp is taken
 * for one, since any indented text would look the same. The last column
 * is not padded: it runs to each line's end (its '+' marks are not read). */
static int lone_number(const char *p, size_t n)
{
	size_t k = strspn(p, " ");

	return k < n && is_number(p + k, rtrim(p + k, n - k));
}

int aligned_tuples_grid(struct psql_state *s, const char *p, size_t n)
{
	struct psql_grid *g = &s->g;
	size_t pos = 0;
	int col = 0, w, start = 0;
	int64_t us, res;

	if (n < 2 || p[0] != ' ')
		return 0;
	g->n = 0;
	while (pos < n) {
		int k = psql_char(p + pos, n - pos, &w);

		if (p[pos] == '|' && pos >= 2 && strchr(" +.", p[pos - 1]) &&
		    (pos + 1 == n || p[pos + 1] == ' ' || p[pos + 1] == '.')) {
			if (g->n + 1 >= PSQL_COLS_MAX || col - start < 3)
				return 0;
			g->start[g->n] = start;
			g->width[g->n++] = col - start - 2;
			start = col + 1;
		}
		pos += (size_t)k;
		col += w;
	}
	if (g->n == 0 && !lone_number(p, n) &&
	    shapes_parse_timestamp(s, p + 1, rtrim(p + 1, n - 1), &us, &res) < 0)
		return 0;
	g->start[g->n] = start;
	g->width[g->n++] = PSQL_CELL_MAX;
	return 1;
}

static const char *short_row(struct psql_state *s, int k)
{
	snprintf(s->why, sizeof(s->why), k < s->r.ncols ? "row has %d of %d columns" :
				     "row has %d cells for %d columns", k, s->r.ncols);
	return s->why;
}

/* A physical line of the row in progress, or of a new one. */
static int take_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		     struct diag *err)
{
	struct psql_result *r = &s->r;
	int first = !r->in_row, more = 0, k;

	if (cut(&s->g, l->text, l->len, s->pieces) < 0) {
		if (!first)
			return row_reject(s, &r->row_at, "row's next line does not fit the table",
					  out, err);
		k = split_bars(s, l->text, l->len);
		if (l->raw->unterminated)
			return row_reject(s, l->raw, "row cut short at end of input", out, err);
		if (k != r->ncols)
			return row_reject(s, l->raw, short_row(s, k), out, err);
		row_begin(s, l->raw);
		for (int j = 0; j < k; j++)
			if (cell_add(s, j, s->pieces[j].p, s->pieces[j].n) < 0)
				return row_reject(s, l->raw, "cell too long", out, err);
		unpad_numbers(s);
		return row_emit(s, out, err);
	}
	if (first)
		row_begin(s, l->raw);
	for (int j = 0; j < r->ncols; j++) {
		struct psql_piece *pc = &s->pieces[j];
		size_t n = pc->n;
		char was = r->cont[j];

		/* a wrapped piece fills its width exactly: its spaces are text */
		if (pc->rmark != '.' && (j < r->ncols - 1 || pc->rmark))
			n = rtrim(pc->p, n);
		if (!first && !was) {
			if (rtrim(pc->p, pc->n))
				return row_reject(s, &r->row_at, "row's next line writes a finished cell",
						  out, err);
			continue;
		}
		if ((was == '+' && cell_add(s, j, "\n", 1) < 0) || cell_add(s, j, pc->p, n) < 0)
			return row_reject(s, &r->row_at, "cell too long", out, err);
		r->cont[j] = pc->rmark == '+' || pc->rmark == '.' ? pc->rmark : 0;
		more |= r->cont[j] != 0;
	}
	if (more) {
		if (l->raw->unterminated)
			return row_reject(s, &r->row_at, "row cut short at end of input", out, err);
		return 0;
	}
	unpad_numbers(s);
	return row_emit(s, out, err);
}

int aligned_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		 struct diag *err)
{
	int64_t rows;

	if (session_footer(l->text, l->len, &rows)) {
		if (s->r.in_row &&
		    row_reject(s, &s->r.row_at, "row cut short by the footer", out, err) < 0)
			return -1;
		if (s->open && rows != s->r.rows + s->r.bad_rows) {
			snprintf(s->why, sizeof(s->why), "footer says %lld rows, the table has %lld",
				 (long long)rows, (long long)(s->r.rows + s->r.bad_rows));
			if (line_reject(s, l->raw, s->why, out, err) < 0)
				return -1;
		}
		s->mode = M_IDLE;
		return result_close(s, rows, out, err);
	}
	if (session_is_blank(l->text, l->len)) {
		s->mode = M_IDLE;
		return result_close(s, RECORD_NONE, out, err);
	}
	/* every line of a border-1 table starts with its margin */
	if (l->text[0] != ' ' && l->text[0] != '.') {
		s->mode = M_IDLE;
		return result_close(s, RECORD_NONE, out, err) < 0 ? -1 : 1;
	}
	if (!s->open)
		return line_reject(s, l->raw, "row of a table whose header was rejected", out, err);
	return take_line(s, l, out, err);
}

/* Starts a tuples-only result at its first row, whose grid
 * aligned_tuples_grid() has just set. Its columns have no names unless the
 * echoed query names as many (shapes.c). */
int aligned_tuples_start(struct psql_state *s, const struct line *first, const struct sink *out,
			 struct diag *err)
{
	struct psql_line l = { first->text, first->len, first };

	result_reset(s, "aligned");
	s->mode = M_ALIGNED;
	if (shapes_names_from_query(s, s->g.n) < 0)
		s->r.ncols = s->g.n;
	/* one column: a number is a shell loop's count, else a clock reading
	 * (see the grid) */
	if (s->g.n == 1 && lone_number(first->text, first->len))
		s->r.shape_hint = "count";
	s->r.is_clock = s->g.n == 1 && !s->r.shape_hint;
	s->r.empty_is_null = 1;
	if (result_begin(s, first, out, err) < 0)
		return -1;
	return take_line(s, &l, out, err);
}
