/* expanded.c - \x output: a record per row, a "name | value" line per column.
 * Aligned records start with "-[ RECORD n ]---+---"; unaligned (-x -A) ones
 * are "name|value" lines with a blank line between records. Record 1 names
 * the columns, so the snapshot is emitted when it ends; later records must
 * name the same columns in the same order. */
#include <stdio.h>
#include <string.h>

#include "parse/psql/psql.h"

int expanded_record_header(const char *p, size_t n, int *bar_col)
{
	size_t i = 10;

	if (n < 13 || memcmp(p, "-[ RECORD ", 10) != 0 || p[i] < '0' || p[i] > '9')
		return 0;
	while (i < n && p[i] >= '0' && p[i] <= '9')
		i++;
	if (i + 2 > n || p[i] != ' ' || p[i + 1] != ']')
		return 0;
	*bar_col = -1;
	for (i += 2; i < n; i++) {
		if (p[i] == '+' && *bar_col < 0)
			*bar_col = (int)i;      /* ASCII up to here: bytes are columns */
		else if (p[i] != '-')
			return 0;
	}
	return 1;
}

static int end_record(struct psql_state *s, const struct sink *out, struct diag *err)
{
	struct psql_result *r = &s->r;

	if (!r->in_row)
		return 0;
	if (s->x_first) {
		s->x_first = 0;
		if (r->ncols == 0) {
			r->in_row = 0;
			return 0;
		}
		if (result_begin(s, &r->row_at, out, err) < 0)
			return -1;
		return row_emit(s, out, err);
	}
	if (s->x_bad || r->have != r->ncols) {
		snprintf(s->why, sizeof(s->why), "record's fields differ from record 1's (%d of %d)",
			 r->have, r->ncols);
		s->x_bad = 0;
		return row_reject(s, &r->row_at, s->why, out, err);
	}
	return row_emit(s, out, err);
}

/* Drops the mark ending c, ASCII or unicode (linestyle unicode): 1, or 0
 * when c ends in neither. */
static int drop_mark(struct buf *c, const char *ascii, const char *unicode)
{
	size_t k = strlen(unicode);

	if (c->len && c->data[c->len - 1] == ascii[0]) {
		c->data[--c->len] = '\0';
		return 1;
	}
	if (c->len >= k && memcmp(c->data + c->len - k, unicode, k) == 0) {
		c->len -= k;
		c->data[c->len] = '\0';
		return 1;
	}
	return 0;
}

/* A value line after a blank name: the field's next line. The last value
 * line ended in psql's '+' (newline) or '.' (wrapped) margin. */
static int go_on(struct psql_state *s, const char *v, size_t n, const struct psql_line *l,
		 const struct sink *out, struct diag *err)
{
	struct psql_result *r = &s->r;
	struct buf *c;

	if (r->have == 0) {
		s->x_bad = 1;
		return line_reject(s, l->raw, "value line without a field", out, err);
	}
	c = &r->cell[r->have - 1];
	if (drop_mark(c, ".", "\xe2\x80\xa6")) {       /* wrapped: '.', unicode '…' */
		;
	} else {
		if (drop_mark(c, "+", "\xe2\x86\xb5")) {   /* a newline: '+', unicode '↵' */
			while (c->len && c->data[c->len - 1] == ' ')
				c->data[--c->len] = '\0';
		}
		if (cell_add(s, r->have - 1, "\n", 1) < 0)
			return row_reject(s, &r->row_at, "cell too long", out, err);
	}
	if (cell_add(s, r->have - 1, v, n) < 0)
		return row_reject(s, &r->row_at, "cell too long", out, err);
	return 0;
}

static int field(struct psql_state *s, const char *name, size_t nn, const char *v, size_t vn,
		 const struct psql_line *l, const struct sink *out, struct diag *err)
{
	struct psql_result *r = &s->r;
	int col;

	if (s->x_first) {
		if (result_add_name(s, name, nn) < 0) {
			s->x_bad = 1;
			return line_reject(s, l->raw, "too many fields", out, err);
		}
		col = r->ncols - 1;
		buf_reset(&r->cell[col]);
		r->isnull[col] = 0;
		r->cont[col] = 0;
	} else {
		col = r->have;
		if (col >= r->ncols || strlen(result_name(s, col)) != nn ||
		    memcmp(result_name(s, col), name, nn) != 0) {
			s->x_bad = 1;
			return 0;
		}
	}
	if (cell_add(s, col, v, vn) < 0)
		return row_reject(s, &r->row_at, "cell too long", out, err);
	return 0;
}

static void trim(const char **p, size_t *n)
{
	while (*n && **p == ' ')
		(*p)++, (*n)--;
	while (*n && (*p)[*n - 1] == ' ')
		(*n)--;
}

static int aligned_field(struct psql_state *s, const struct psql_line *l, const struct sink *out,
			 struct diag *err)
{
	const char *p = l->text, *bar = NULL, *name, *v;
	size_t n = l->len, nn, vn, pos = 0;
	int col = 0, w;

	/* the '|' sits where the record header has its '+' */
	if (s->g.start[0] > 0) {
		while (col < s->g.start[0] && pos < n) {
			pos += (size_t)psql_char(p + pos, n - pos, &w);
			col += w;
		}
		if (col == s->g.start[0] && pos < n && p[pos] == '|')
			bar = p + pos;
	}
	if (!bar)
		bar = memchr(p, '|', n);
	if (!bar) {
		s->x_bad = 1;
		return line_reject(s, l->raw, "not a field of the record", out, err);
	}
	name = p;
	nn = (size_t)(bar - p);
	trim(&name, &nn);
	v = bar + 1;
	vn = n - (size_t)(v - p);
	if (vn && (*v == ' ' || *v == '.'))
		v++, vn--;
	if (nn == 0)
		return go_on(s, v, vn, l, out, err);
	return field(s, name, nn, v, vn, l, out, err);
}

static int unaligned_field(struct psql_state *s, const struct psql_line *l,
			   const struct sink *out, struct diag *err)
{
	const char *p = l->text, *bar = memchr(p, s->sep, l->len);
	size_t nn = bar ? (size_t)(bar - p) : 0;
	int is_field = 0;

	if (bar && s->x_first) {
		is_field = session_is_ident(p, nn);
		for (int j = 0; j < s->r.ncols && is_field; j++)
			if (strlen(result_name(s, j)) == nn && !memcmp(result_name(s, j), p, nn))
				is_field = 0;   /* seen: this is a value line */
	} else if (bar && s->r.have < s->r.ncols) {
		const char *want = result_name(s, s->r.have);

		is_field = strlen(want) == nn && !memcmp(want, p, nn);
	}
	if (!is_field)
		return go_on(s, p, l->len, l, out, err);
	return field(s, p, nn, bar + 1, l->len - nn - 1, l, out, err);
}

int expanded_start(struct psql_state *s, const struct psql_line *l, int aligned,
		   const struct sink *out, struct diag *err)
{
	int bar;

	result_reset(s, "expanded");
	s->r.end_record = end_record;   /* result_close() flushes the last record */
	s->r.empty_is_null = aligned;
	s->mode = aligned ? M_XALIGNED : M_XUNALIGNED;
	s->x_first = 1;
	s->x_between = 0;
	s->x_bad = 0;
	s->sep = '|';
	row_begin(s, l->raw);
	if (!aligned)
		return unaligned_field(s, l, out, err);
	s->g.start[0] = expanded_record_header(l->text, l->len, &bar) ? bar : -1;
	return 0;
}

static int end_all(struct psql_state *s, int64_t footer, const struct psql_line *l,
		   const struct sink *out, struct diag *err)
{
	if (end_record(s, out, err) < 0)
		return -1;
	if (footer != RECORD_NONE && s->open && footer != s->r.rows + s->r.bad_rows) {
		snprintf(s->why, sizeof(s->why), "footer says %lld rows, the records are %lld",
			 (long long)footer, (long long)(s->r.rows + s->r.bad_rows));
		if (line_reject(s, l->raw, s->why, out, err) < 0)
			return -1;
	}
	s->mode = M_IDLE;
	return result_close(s, footer, out, err);
}

int expanded_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		  struct diag *err)
{
	int64_t rows;
	int bar;

	if (session_footer(l->text, l->len, &rows))
		return end_all(s, rows, l, out, err);
	if (s->mode == M_XUNALIGNED) {
		if (session_is_blank(l->text, l->len)) {
			s->x_between = 1;
			return end_record(s, out, err);
		}
		if (s->x_between) {
			const char *first = s->r.ncols ? result_name(s, 0) : "";
			size_t k = strlen(first);

			if (!k || l->len <= k || memcmp(l->text, first, k) != 0 ||
			    l->text[k] != s->sep)
				return end_all(s, RECORD_NONE, l, out, err) < 0 ? -1 : 1;
			s->x_between = 0;
			row_begin(s, l->raw);
		}
		return unaligned_field(s, l, out, err);
	}
	if (expanded_record_header(l->text, l->len, &bar)) {
		if (end_record(s, out, err) < 0)
			return -1;
		if (!strncmp(l->text, "-[ RECORD 1 ]", 13))
			return end_all(s, RECORD_NONE, l, out, err) < 0 ? -1 : 1;
		s->g.start[0] = bar;
		row_begin(s, l->raw);
		return 0;
	}
	if (session_is_blank(l->text, l->len) || !s->r.in_row || !memchr(l->text, '|', l->len))
		return end_all(s, RECORD_NONE, l, out, err) < 0 ? -1 : !session_is_blank(l->text,
											  l->len);
	return aligned_field(s, l, out, err);
}
