/* dump.c - pg_dump's plain format: COPY ... FROM stdin; blocks (tab-separated
 * text, \N for NULL, backslash escapes, ended by \.) and INSERT statements
 * (--inserts, --column-inserts, --rows-per-insert). Consecutive INSERTs into
 * one table are one snapshot. The rest of a dump (SET, comments, \restrict)
 * is session noise for session.c. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/psql/psql.h"

static int starts(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(p, prefix, k) == 0;
}

/* An identifier, maybe quoted ("My ""Table"""): its end, or NULL. The
 * unquoted name goes to out when out is not NULL. */
static const char *ident(const char *p, const char *end, struct buf *out)
{
	if (p < end && *p == '"') {
		for (p++; p < end; p++) {
			if (*p == '"' && (p + 1 >= end || p[1] != '"'))
				return p + 1;
			if (*p == '"')
				p++;
			if (out)
				(void)buf_addc(out, *p);
		}
		return NULL;
	}
	const char *s = p;

	while (p < end && *p != ' ' && *p != '.' && *p != '(' && *p != ',' && *p != ')' &&
	       *p != ';')
		p++;
	if (p == s)
		return NULL;
	if (out)
		(void)buf_add(out, s, (size_t)(p - s));
	return p;
}

/* "public.messages": the table's name without its schema into s->r.table. */
static const char *table_name(struct psql_state *s, const char *p, const char *end)
{
	for (;;) {
		buf_reset(&s->r.table);
		p = ident(p, end, &s->r.table);
		if (!p || s->r.table.len > PSQL_NAME_MAX)
			return NULL;
		if (p < end && *p == '.') {
			p++;
			continue;
		}
		return p;
	}
}

/* "(id, guild_id, ...)" -> column names; returns after the ')' or NULL. */
static const char *column_list(struct psql_state *s, const char *p, const char *end)
{
	if (p >= end || *p++ != '(')
		return NULL;
	for (;;) {
		buf_reset(&s->tmp);
		while (p < end && *p == ' ')
			p++;
		p = ident(p, end, &s->tmp);
		if (!p || result_add_name(s, buf_str(&s->tmp), s->tmp.len) < 0)
			return NULL;
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == ')')
			return p + 1;
		if (p >= end || *p++ != ',')
			return NULL;
	}
}

int dump_copy_start(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		    struct diag *err)
{
	const char *p = l->text, *end = l->text + l->len;

	if (!starts(p, l->len, "COPY ") || l->len < 20 ||
	    memcmp(end - 12, " FROM stdin;", 12) != 0)
		return 0;
	result_reset(s, "copy");
	s->r.use_marker = 0;
	p = table_name(s, p + 5, end - 12);
	if (!p || p >= end - 12 || *p++ != ' ' || !(p = column_list(s, p, end - 12)) ||
	    p != end - 12) {
		buf_reset(&s->r.table);
		return line_reject(s, l->raw, "COPY line without its column list", out, err) < 0 ?
			       -1 : 1;
	}
	buf_reset(&s->stmt);
	(void)buf_add(&s->stmt, l->text, l->len);
	s->stmt_at = *l->raw;
	s->stmt_at.text = s->stmt.data;
	s->stmt_at.len = s->stmt.len;
	buf_reset(&s->query);
	(void)buf_add(&s->query, l->text, l->len);
	s->mode = M_COPY;
	return result_begin(s, l->raw, out, err) < 0 ? -1 : 1;
}

/* COPY's text format: \b \f \n \r \t \v \\, octal \NNN, hex \xHH. */
static int unescape_copy(struct psql_state *s, int col, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];

		if (ch == '\\' && i + 1 < n) {
			char e = p[++i];
			int v = 0, k = 0;

			switch (e) {
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'n': ch = '\n'; break;
			case 'r': ch = '\r'; break;
			case 't': ch = '\t'; break;
			case 'v': ch = '\v'; break;
			case 'x':
				while (k < 2 && i + 1 < n &&
				       strchr("0123456789abcdefABCDEF", p[i + 1]) && p[i + 1]) {
					char h = p[++i];

					v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
					k++;
				}
				ch = k ? (char)v : 'x';
				break;
			default:
				if (e >= '0' && e <= '7') {
					v = e - '0';
					while (++k < 3 && i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '7')
						v = v * 8 + (p[++i] - '0');
					ch = (char)(v & 0xff);
				} else {
					ch = e;
				}
			}
		}
		if (cell_add(s, col, &ch, 1) < 0)
			return -1;
	}
	return cell_add(s, col, "", 0);
}

int dump_copy_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		   struct diag *err)
{
	const char *p = l->text;
	size_t n = l->len, i = 0;
	int k = 0;

	if (n == 2 && p[0] == '\\' && p[1] == '.') {
		s->mode = M_IDLE;
		return result_close(s, RECORD_NONE, out, err);
	}
	for (;;) {              /* count first: a bad row stores nothing */
		const char *t = memchr(p + i, '\t', n - i);

		k++;
		if (!t)
			break;
		i = (size_t)(t - p) + 1;
	}
	if (k != s->r.ncols || l->raw->unterminated) {
		if (l->raw->unterminated)
			snprintf(s->why, sizeof(s->why), "row cut short at end of input");
		else
			snprintf(s->why, sizeof(s->why), "row has %d fields, COPY lists %d columns", k,
				 s->r.ncols);
		return row_reject(s, l->raw, s->why, out, err);
	}
	row_begin(s, l->raw);
	for (int j = 0, at = 0; j < k; j++) {
		const char *t = memchr(p + at, '\t', n - (size_t)at);
		size_t e = t ? (size_t)(t - p) : n;

		if (e - (size_t)at == 2 && p[at] == '\\' && p[at + 1] == 'N')
			s->r.isnull[j] = 1;
		else if (unescape_copy(s, j, p + at, e - (size_t)at) < 0)
			return row_reject(s, l->raw, "cell too long", out, err);
		at = (int)e + 1;
	}
	return row_emit(s, out, err);
}

/* "INSERT INTO public.t VALUES (" or "INSERT INTO public.t (a, b) VALUES (":
 * pg_dump qualifies the table; an echoed session INSERT seldom does, and
 * is a query, not data. */
int dump_is_insert(const char *p, size_t n)
{
	const char *end = p + n, *q;

	if (!starts(p, n, "INSERT INTO "))
		return 0;
	q = ident(p + 12, end, NULL);
	if (!q || q >= end || *q != '.' || !(q = ident(q + 1, end, NULL)))
		return 0;
	if (q < end && q[0] == ' ' && q + 1 < end && q[1] == '(') {
		q = memchr(q, ')', (size_t)(end - q));
		if (!q)
			return 0;
		q++;
	}
	return (size_t)(end - q) >= 9 && memcmp(q, " VALUES (", 9) == 0;
}

/* Advances the quote state over one line; 1 when the statement ends there. */
static int scan(struct psql_state *s, const char *p, size_t n)
{
	size_t e = n;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (s->stmt_quote == 0) {
			if (c == '\'')
				s->stmt_quote = i > 0 && (p[i - 1] == 'E' || p[i - 1] == 'e') ? 2 : 1;
		} else if (s->stmt_quote == 2 && c == '\\') {
			i++;
		} else if (c == '\'') {
			if (i + 1 < n && p[i + 1] == '\'')
				i++;
			else
				s->stmt_quote = 0;
		}
	}
	while (e && p[e - 1] == ' ')
		e--;
	return s->stmt_quote == 0 && e && p[e - 1] == ';';
}

/* One value of a VALUES tuple, into cell col when store. */
static const char *value(struct psql_state *s, const char *p, const char *end, int col, int store)
{
	int esc = 0;

	if (p + 1 < end && (*p == 'E' || *p == 'e') && p[1] == '\'')
		esc = 1, p++;
	if (p < end && *p == '\'') {
		for (p++; p < end; p++) {
			char c = *p;

			if (c == '\'' && (p + 1 >= end || p[1] != '\''))
				break;
			if (c == '\'') {
				p++;
			} else if (esc && c == '\\' && p + 1 < end) {
				c = *++p;
				c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'b' ? '\b' :
				    c == 'f' ? '\f' : c;
			}
			if (store && cell_add(s, col, &c, 1) < 0)
				return NULL;
		}
		if (p >= end)
			return NULL;
		p++;
	} else {
		const char *v = p;

		while (p < end && *p != ',' && *p != ')' && *p != ':')
			p++;
		while (p > v && p[-1] == ' ')
			p--;
		if (p == v)
			return NULL;
		if (store && (size_t)(p - v) == 4 && strncasecmp(v, "NULL", 4) == 0)
			s->r.isnull[col] = 1;
		else if (store && cell_add(s, col, v, (size_t)(p - v)) < 0)
			return NULL;
	}
	while (p < end && *p == ' ')
		p++;
	if (p + 1 < end && p[0] == ':' && p[1] == ':') {        /* a cast: skip it */
		int depth = 0;

		for (p += 2; p < end && (depth || (*p != ',' && *p != ')')); p++)
			depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
	}
	return p;
}

/* "(v, v, ...)": the values' count, or -1. */
static int tuple(struct psql_state *s, const char **pp, const char *end, int store)
{
	const char *p = *pp;
	int k = 0;

	if (p >= end || *p++ != '(')
		return -1;
	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (store && k >= s->r.ncols)
			return -1;
		p = value(s, p, end, k, store);
		if (!p)
			return -1;
		k++;
		if (p < end && *p == ')')
			break;
		if (p >= end || *p++ != ',' || k >= PSQL_COLS_MAX)
			return -1;
	}
	*pp = p + 1;
	if (store)
		s->r.have = k;
	return k;
}

static int statement(struct psql_state *s, const struct sink *out, struct diag *err)
{
	const char *p = s->stmt.data + 12, *end = s->stmt.data + s->stmt.len, *cols;
	struct line *at = &s->stmt_at;
	int k;

	at->text = s->stmt.data;
	at->len = s->stmt.len;
	while (end > p && (end[-1] == ' ' || end[-1] == ';'))
		end--;
	cols = p;
	p = ident(p, end, NULL);
	while (p && p < end && *p == '.')
		p = ident(p + 1, end, NULL);
	if (!p)
		goto bad;
	if (p + 1 < end && p[0] == ' ' && p[1] == '(') {
		p = memchr(p, ')', (size_t)(end - p));
		if (!p)
			goto bad;
		p++;
	}
	if ((size_t)(end - p) < 8 || memcmp(p, " VALUES ", 8) != 0)
		goto bad;
	/* the same table and columns as the statement before: the same snapshot */
	if (!s->open || s->ins_key.len != (size_t)(p - cols) ||
	    memcmp(s->ins_key.data, cols, (size_t)(p - cols)) != 0) {
		const char *q, *t;

		if (result_close(s, RECORD_NONE, out, err) < 0)
			return -1;
		buf_reset(&s->ins_key);
		(void)buf_add(&s->ins_key, cols, (size_t)(p - cols));
		result_reset(s, "insert");
		s->r.use_marker = 0;
		q = table_name(s, cols, end);
		if (!q)
			goto bad;
		if (q < p && q[0] == ' ' && q[1] == '(' && column_list(s, q + 1, p) != p)
			goto bad;
		t = p + 8;
		if (!s->r.named) {
			k = tuple(s, &t, end, 0);
			if (k < 0)
				goto bad;
			s->r.ncols = k;
		}
		buf_reset(&s->query);
		if (result_begin(s, at, out, err) < 0)
			return -1;
	}
	p += 8;
	for (;;) {
		row_begin(s, at);
		if (tuple(s, &p, end, 1) != s->r.ncols) {
			snprintf(s->why, sizeof(s->why), "INSERT values do not match its %d columns",
				 s->r.ncols);
			return row_reject(s, at, s->why, out, err);
		}
		if (row_emit(s, out, err) < 0)
			return -1;
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			return 0;
		if (*p++ != ',')
			goto bad;
		while (p < end && (*p == ' ' || *p == '\n'))
			p++;
	}
bad:
	buf_reset(&s->ins_key);
	return line_reject(s, at, "not an INSERT statement as pg_dump writes them", out, err);
}

int dump_insert_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		     struct diag *err)
{
	if (s->stmt.len) {
		if (buf_addc(&s->stmt, '\n') < 0 || buf_add(&s->stmt, l->text, l->len) < 0) {
			buf_reset(&s->stmt);
			s->stmt_quote = 0;
			return line_reject(s, &s->stmt_at, "INSERT statement too long", out, err);
		}
	} else if (session_is_blank(l->text, l->len)) {
		return 0;
	} else if (dump_is_insert(l->text, l->len)) {
		s->stmt_quote = 0;
		(void)buf_add(&s->stmt, l->text, l->len);
		s->stmt_at = *l->raw;
		s->stmt_at.text = NULL;
	} else {
		s->mode = M_IDLE;
		return result_close(s, RECORD_NONE, out, err) < 0 ? -1 : 1;
	}
	if (!scan(s, l->text, l->len)) {
		if (l->raw->unterminated) {
			s->stmt_at.text = s->stmt.data;
			s->stmt_at.len = s->stmt.len;
			if (line_reject(s, &s->stmt_at, "INSERT statement cut short at end of input",
					out, err) < 0)
				return -1;
			buf_reset(&s->stmt);
		}
		return 0;
	}
	if (statement(s, out, err) < 0)
		return -1;
	buf_reset(&s->stmt);
	return 0;
}

int dump_finish(struct psql_state *s, const struct sink *out, struct diag *err)
{
	if (s->mode == M_COPY) {
		snprintf(s->why, sizeof(s->why), "COPY block of '%s' has no \\. terminator",
			 buf_str(&s->r.table));
		if (line_reject(s, &s->stmt_at, s->why, out, err) < 0)
			return -1;
	}
	if (s->mode == M_INSERT && s->stmt.len) {
		s->stmt_at.text = s->stmt.data;
		s->stmt_at.len = s->stmt.len;
		if (line_reject(s, &s->stmt_at, "INSERT statement cut short at end of input", out,
				err) < 0)
			return -1;
		buf_reset(&s->stmt);
	}
	return 0;
}
