/* sample.c - a shell loop's sample line: an ISO 8601 time, then '|', a tab
 * or a space, then what one psql call printed on one line, e.g.
 *   2026-11-29T22:02:57.232Z|active=1|waiting=0|total=2
 * Each line is a snapshot of one row dated by its time (form "sample").
 * Fields written "name=value" name their columns; other fields are cells
 * of unnamed columns. After a space only name=value fields or a lone
 * number make a sample: other text there is a psql line with `date` before
 * it (a prefixed \watch), which psql.c reads as usual. */
#include <string.h>

#include "parse/psql/psql.h"

/* Splits p[0..n) at sep (spaces: runs of them) into s->pieces; the count,
 * or -1 past PSQL_COLS_MAX. */
static int fields(struct psql_state *s, const char *p, size_t n, char sep)
{
	int k = 0;

	for (size_t i = 0; i <= n;) {
		size_t e = i;

		while (e < n && p[e] != sep)
			e++;
		if (sep != ' ' || e > i) {
			if (k == PSQL_COLS_MAX)
				return -1;
			s->pieces[k++] = (struct psql_piece){ p + i, e - i, 0, 0 };
		}
		i = e + 1;
	}
	return k;
}

/* "active=1": the length of its name, or 0. */
static size_t kv_name(const struct psql_piece *f)
{
	const char *eq = memchr(f->p, '=', f->n);

	return eq && session_is_ident(f->p, (size_t)(eq - f->p)) ? (size_t)(eq - f->p) : 0;
}

static int is_count(const struct psql_piece *f)
{
	return f->n && f->n <= 19 && strspn(f->p, "0123456789") >= f->n;
}

int sample_is_line(const char *p, size_t n, char sep)
{
	int k = 0, kv = 1;

	if (sep == '|' || sep == '\t')
		return !session_is_blank(p, n);
	if (sep != ' ')
		return 0;
	for (size_t i = 0; i < n;) {
		struct psql_piece f = { p + i, 0, 0, 0 };

		while (i + f.n < n && p[i + f.n] != ' ')
			f.n++;
		if (f.n) {
			k++;
			kv &= kv_name(&f) > 0;
			if (k == 1 && i + f.n >= n && is_count(&f))
				return 1;
		}
		i += f.n + 1;
	}
	return k > 0 && kv;
}

int sample_line(struct psql_state *s, const struct psql_line *l, char sep, int64_t ts,
		const struct sink *out, struct diag *err)
{
	int k = fields(s, l->text, l->len, sep), named = k > 0;

	if (k < 0)
		return line_reject(s, l->raw, "sample has too many fields", out, err);
	for (int j = 0; j < k; j++)
		named &= kv_name(&s->pieces[j]) > 0;
	result_reset(s, "sample");
	for (int j = 0; named && j < k; j++)
		if (result_add_name(s, s->pieces[j].p, kv_name(&s->pieces[j])) < 0)
			return line_reject(s, l->raw, "column name too long", out, err);
	if (!named) {
		s->r.ncols = k;
		if (k == 1 && is_count(&s->pieces[0]))
			s->r.shape_hint = "count";
	}
	s->pending_us = ts;
	if (result_begin(s, l->raw, out, err) < 0)
		return -1;
	/* result_begin() used the pieces for nothing: they still point into l */
	row_begin(s, l->raw);
	for (int j = 0; j < k; j++) {
		size_t skip = named ? kv_name(&s->pieces[j]) + 1 : 0;

		if (cell_add(s, j, s->pieces[j].p + skip, s->pieces[j].n - skip) < 0)
			return row_reject(s, l->raw, "cell too long", out, err);
	}
	if (row_emit(s, out, err) < 0)
		return -1;
	return result_close(s, RECORD_NONE, out, err);
}
