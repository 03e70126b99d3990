/* unaligned.c - psql -A (any -F separator, with or without -t) and --csv.
 * Unaligned output escapes nothing: a cell's newline breaks the physical
 * line, so a line with fewer fields than columns goes on on the next one;
 * a line with more holds the separator inside a cell, and which cell
 * cannot be told: it is rejected, not guessed. CSV quotes as RFC 4180. */
#include <stdio.h>
#include <string.h>

#include "parse/psql/psql.h"

/* Splits one line into s->pieces; the count (pieces past PSQL_COLS_MAX are
 * counted, not kept). CSV fields are unquoted into s->tmp; *open says a
 * quoted field goes on past the line's end; quoted_in, that one began on
 * an earlier line. */
static int split(struct psql_state *s, const char *p, size_t n, char sep, int csv,
		 int quoted_in, int *open)
{
	int k = 0, quoted = quoted_in, began = quoted_in;
	size_t at = 0;

	*open = 0;
	if (!csv) {
		for (size_t i = 0;;) {
			const char *e = memchr(p + i, sep, n - i);
			size_t end = e ? (size_t)(e - p) : n;

			if (k < PSQL_COLS_MAX)
				s->pieces[k] = (struct psql_piece){ p + i, end - i, 0, 0 };
			k++;
			if (!e)
				return k;
			i = end + 1;
		}
	}
	buf_reset(&s->tmp);
	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? p[i] : '\0';

		if (i < n && quoted) {
			if (c == '"' && i + 1 < n && p[i + 1] == '"') {
				(void)buf_addc(&s->tmp, '"');
				i++;
			} else if (c == '"') {
				quoted = 0;
			} else {
				(void)buf_addc(&s->tmp, c);
			}
			continue;
		}
		if (i == n || c == sep) {
			if (k < PSQL_COLS_MAX)
				s->pieces[k] = (struct psql_piece){ NULL, s->tmp.len - at, 0, 0 };
			k++;
			at = s->tmp.len;
			began = 0;
			continue;
		}
		if (c == '"' && !began && s->tmp.len == at) {
			quoted = began = 1;
			continue;
		}
		began = 1;
		(void)buf_addc(&s->tmp, c);
	}
	*open = quoted;
	/* the buffer has stopped moving: point the pieces into it, in order */
	at = 0;
	for (int j = 0; j < k && j < PSQL_COLS_MAX; j++) {
		s->pieces[j].p = buf_str(&s->tmp) + at;
		at += s->pieces[j].n;
	}
	return k;
}

int unaligned_fields(struct psql_state *s, const char *p, size_t n, char sep, int csv,
		     int *all_ident)
{
	int open, k = split(s, p, n, sep, csv, 0, &open);

	*all_ident = !open;
	for (int j = 0; j < k && j < PSQL_COLS_MAX; j++)
		if (!session_is_ident(s->pieces[j].p, s->pieces[j].n))
			*all_ident = 0;
	return open ? -1 : k;
}

static const char *field_count(struct psql_state *s, int k)
{
	snprintf(s->why, sizeof(s->why),
		 k < s->r.ncols ? "row has %d of %d columns" :
				  "row has %d fields for %d columns (a separator inside a cell?)",
		 k, s->r.ncols);
	return s->why;
}

static int take(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		struct diag *err)
{
	struct psql_result *r = &s->r;
	int open, k = split(s, l->text, l->len, s->sep, s->csv, s->csv_quoted, &open);
	int base = 0;

	if (r->in_row && r->have + k - 1 > r->ncols) {
		/* not the rest of that row: it was short, and this one starts anew */
		s->csv_quoted = 0;
		if (row_reject(s, &r->row_at, field_count(s, r->have), out, err) < 0)
			return -1;
		k = split(s, l->text, l->len, s->sep, s->csv, 0, &open);
	}
	if (!r->in_row) {
		if (k > r->ncols)
			return row_reject(s, l->raw, field_count(s, k), out, err);
		row_begin(s, l->raw);
	} else {
		/* the first field goes on with the last cell, after its newline */
		base = r->have - 1;
		if (cell_add(s, base, "\n", 1) < 0)
			return row_reject(s, &r->row_at, "cell too long", out, err);
	}
	for (int j = 0; j < k; j++)
		if (cell_add(s, base + j, s->pieces[j].p, s->pieces[j].n) < 0)
			return row_reject(s, &r->row_at, "cell too long", out, err);
	r->have = base + k;
	s->csv_quoted = open;
	if (!open && r->have == r->ncols)
		return row_emit(s, out, err);
	if (l->raw->unterminated)
		return row_reject(s, &r->row_at, "row cut short at end of input", out, err);
	return 0;
}

int unaligned_start(struct psql_state *s, const struct line *first, char sep, int csv,
		    int header, const struct sink *out, struct diag *err)
{
	struct psql_line l = { first->text, first->len, first };
	int open, k;

	result_reset(s, csv ? "csv" : "unaligned");
	s->sep = sep;
	s->csv = csv;
	s->csv_quoted = 0;
	k = split(s, first->text, first->len, sep, csv, 0, &open);
	if (k > PSQL_COLS_MAX || open)
		return line_reject(s, first, "not a psql line", out, err);
	s->mode = M_UNALIGNED;
	if (header) {
		for (int j = 0; j < k; j++)
			if (result_add_name(s, s->pieces[j].p, s->pieces[j].n) < 0)
				return line_reject(s, first, "column name too long", out, err);
		if (k == 1 && explain_is_header(s->pieces[0].p, s->pieces[0].n))
			s->r.form = "explain";
		return result_begin(s, first, out, err);
	}
	/* tuples only (-t): no names; a lone integer is a shell loop's count */
	s->r.ncols = k;
	if (k == 1 && first->len && strspn(first->text, "0123456789") == first->len)
		s->r.shape_hint = "count";
	if (result_begin(s, first, out, err) < 0)
		return -1;
	return take(s, &l, out, err);
}

int unaligned_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		   struct diag *err)
{
	struct psql_watch w;
	int64_t rows;

	if (!s->csv_quoted) {
		if (session_footer(l->text, l->len, &rows)) {
			if (s->r.in_row &&
			    row_reject(s, &s->r.row_at, field_count(s, s->r.have), out, err) < 0)
				return -1;
			if (rows != s->r.rows + s->r.bad_rows) {
				snprintf(s->why, sizeof(s->why),
					 "footer says %lld rows, the table has %lld", (long long)rows,
					 (long long)(s->r.rows + s->r.bad_rows));
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
		if (watch_title(l->text, l->len, &w) ||
		    session_prompt(l->text, l->len) || session_known(&s->marker, l->text, l->len)) {
			s->mode = M_IDLE;
			return result_close(s, RECORD_NONE, out, err) < 0 ? -1 : 1;
		}
	}
	return take(s, l, out, err);
}
