/* psql.c - the "psql" parser: what psql, a shell loop around it and pg_dump
 * printed, a line at a time, to snapshots, their rows and database writes.
 * This file dispatches: between results it tells what a line is (holding an
 * unknown line until the next says whether it was a header), and inside one
 * it hands lines to the form that is being read. It calls the forms and
 * result.c; none of them calls back into it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/psql/psql.h"
#include "util/scan.h"
#include "util/timeconv.h"

int psql_held_text(struct psql_state *s, const char *p, size_t n)
{
	buf_reset(&s->held);
	if (buf_add(&s->held, p, n) < 0)
		return -1;
	s->held_at.text = s->held.data;
	s->held_at.len = s->held.len;
	return 0;
}

static int hold(struct psql_state *s, const struct psql_line *l)
{
	s->held_at = *l->raw;
	if (psql_held_text(s, l->text, l->len) < 0)
		return -1;
	s->held_after_ts = s->after_ts_line;
	s->holding = 1;
	return 0;
}

/* Lines that end an unaligned single column's rows before they begin. */
static int is_session_line(struct psql_state *s, const struct psql_line *l)
{
	struct psql_watch w;
	int64_t v;

	return watch_title(l->text, l->len, &w) || session_footer(l->text, l->len, &v) ||
	       session_prompt(l->text, l->len) || session_known(&s->marker, l->text, l->len) ||
	       session_query_start(l->text, l->len);
}

/* The held line, now that `next` (NULL: none) is known not to be its
 * separator: an unaligned header, the first line of tuples-only output or
 * of expanded -A records, or nothing psql prints. */
static int resolve_held(struct psql_state *s, const struct psql_line *next,
			const struct sink *out, struct diag *err)
{
	static const char seps[] = { '|', '\t' };
	const char *h = s->held.data;
	size_t hn = s->held.len;
	int ident, k;

	s->holding = 0;
	if (aligned_tuples_grid(s, h, hn))
		return aligned_tuples_start(s, &s->held_at, out, err);
	for (size_t i = 0; i < sizeof(seps); i++) {
		k = unaligned_fields(s, h, hn, seps[i], 0, &ident);
		if (k < 2)
			continue;
		if (ident)
			return unaligned_start(s, &s->held_at, seps[i], 0, 1, out, err);
		/* "pid|17166" then "state|active": expanded -A records */
		if (seps[i] == '|' && k == 2 && session_is_ident(s->pieces[0].p, s->pieces[0].n) &&
		    next) {
			size_t n0 = s->pieces[0].n;
			const char *bar = memchr(next->text, '|', next->len);
			size_t m = bar ? (size_t)(bar - next->text) : 0;

			if (bar && session_is_ident(next->text, m) &&
			    (m != n0 || memcmp(next->text, h, m) != 0)) {
				struct psql_line first = { h, hn, &s->held_at };

				return expanded_start(s, &first, 0, out, err);
			}
		}
		return unaligned_start(s, &s->held_at, seps[i], 0, 0, out, err);
	}
	k = unaligned_fields(s, h, hn, ',', 1, &ident);
	if (k >= 2 && ident)
		return unaligned_start(s, &s->held_at, ',', 1, 1, out, err);
	if (k == 1 && s->held_after_ts)
		return unaligned_start(s, &s->held_at, '|', 0, 0, out, err);
	if (k == 1 && (session_is_ident(h, hn) || explain_is_header(h, hn)) && next &&
	    !session_is_blank(next->text, next->len) && !is_session_line(s, next))
		return unaligned_start(s, &s->held_at, '|', 0, 1, out, err);
	return line_reject(s, &s->held_at, "not a psql line", out, err);
}

static int query_add(struct psql_state *s, const struct psql_line *l)
{
	size_t room = PSQL_QUERY_MAX - s->query.len, n = l->len < room ? l->len : room;

	s->query_before_last = s->query.len;
	if (s->query.len && n)
		(void)buf_addc(&s->query, '\n');
	(void)buf_add(&s->query, l->text, n);
	return hold(s, l) < 0 ? -1 : 0;
}

/* A \watch title dates the result after it: the shell's prefix if any,
 * else its own time. One that cannot be read is a reject, and its result
 * stays undated rather than wrongly dated. */
static int watch_line(struct psql_state *s, const struct psql_line *l,
		      const struct psql_watch *w, int known, const struct sink *out,
		      struct diag *err)
{
	const char *t = l->text;
	size_t n = l->len;
	int64_t utc;

	while (n && *t == ' ')
		t++, n--;
	buf_reset(&s->title);
	(void)buf_add(&s->title, t, n);
	if (s->line_ts != RECORD_NONE) {
		s->pending_us = s->line_ts;
		return 0;
	}
	s->pending_us = RECORD_NONE;
	if (known < 0)
		return line_reject(s, l->raw, w->why, out, err);
	if (watch_utc(w, s->tz, &utc) < 0) {
		snprintf(s->why, sizeof(s->why),
			 "\\watch title's zone '%s' is not one offset: give --tz", w->abbr);
		return line_reject(s, l->raw, s->why, out, err);
	}
	s->pending_us = utc * US_PER_SEC;
	return 0;
}

/* Between results: what is this line? 0, 1 to look at it again in the mode
 * it started, -1 when the sink failed. */
static int idle_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		     struct diag *err)
{
	int blank = session_is_blank(l->text, l->len), bar, known;
	struct psql_watch w;
	int64_t rows;
	size_t k;

	if (s->mode == M_QUERY) {
		if (!blank && aligned_separator(&s->g, l->text, l->len) && s->holding) {
			/* the last "query" line was the table's header */
			s->query.len = s->query_before_last;
			s->query.data[s->query.len] = '\0';
			s->mode = M_IDLE;
			s->holding = 0;
			return aligned_start(s, &s->held_at, l, out, err);
		}
		if (s->holding && aligned_tuples_grid(s, s->held.data, s->held.len)) {
			/* the last "query" line was a -t row (-e -c echoes no ';') */
			s->query.len = s->query_before_last;
			s->query.data[s->query.len] = '\0';
			s->mode = M_IDLE;
			s->holding = 0;
			return aligned_tuples_start(s, &s->held_at, out, err) < 0 ? -1 : 1;
		}
		s->holding = 0;
		if (blank || expanded_record_header(l->text, l->len, &bar) ||
		    watch_title(l->text, l->len, &w) ||
		    session_footer(l->text, l->len, &rows) || session_prompt(l->text, l->len) ||
		    session_known(&s->marker, l->text, l->len)) {
			s->mode = M_IDLE;
			if (blank)
				return 0;
		} else {
			if (query_add(s, l) < 0)
				return diag_oom(err);
			if (session_query_end(l->text, l->len)) {
				s->mode = M_IDLE;
				s->holding = 0;
			}
			return 0;
		}
	}
	if (s->holding) {
		if (!blank && aligned_separator(&s->g, l->text, l->len)) {
			s->holding = 0;
			return aligned_start(s, &s->held_at, l, out, err);
		}
		if (!blank && border0_separator(s, l->text, l->len) && s->b0.n > 1) {
			struct psql_line sep = *l;
			int rc = border0_start(s, &sep);

			if (rc < 0)
				return diag_oom(err);
			if (rc > 0) {
				s->holding = 0;
				return aligned_start(s, &s->held_at, &sep, out, err);
			}
		}
		if (resolve_held(s, blank ? NULL : l, out, err) < 0)
			return -1;
		if (s->mode != M_IDLE)
			return 1;
	}
	if (blank)
		return 0;
	if ((known = watch_title(l->text, l->len, &w)) != 0)
		return watch_line(s, l, &w, known, out, err);
	if (session_footer(l->text, l->len, &rows))
		return line_reject(s, l->raw, "footer without a table", out, err);
	/* a separator without a header reads as an SQL comment ("--"): skipped */
	if (expanded_record_header(l->text, l->len, &bar))
		return expanded_start(s, l, 1, out, err);
	if ((known = dump_copy_start(s, l, out, err)) != 0)
		return known < 0 ? -1 : 0;
	if (dump_is_insert(l->text, l->len)) {
		s->mode = M_INSERT;
		return 1;
	}
	if ((k = session_prompt(l->text, l->len)) > 0) {
		struct psql_line rest = { l->text + k, l->len - k, l->raw };

		if (session_is_blank(rest.text, rest.len) || session_known(&s->marker, rest.text, rest.len) ||
		    !session_query_start(rest.text, rest.len))
			return 0;       /* \timing, \x, \q, or a continuation line */
		l = &rest;
		buf_reset(&s->query);
		if (query_add(s, l) < 0)
			return diag_oom(err);
		s->holding = 0;
		if (!session_query_end(l->text, l->len))
			s->mode = M_QUERY;
		return 0;
	}
	if ((known = session_known(&s->marker, l->text, l->len)) != 0) {
		if (known == 2)
			buf_reset(&s->query);   /* the query's answer was a tag, not rows */
		return 0;
	}
	if (session_query_start(l->text, l->len)) {
		buf_reset(&s->query);
		if (query_add(s, l) < 0)
			return diag_oom(err);
		s->holding = 0;
		if (!session_query_end(l->text, l->len))
			s->mode = M_QUERY;
		return 0;
	}
	return hold(s, l) < 0 ? diag_oom(err) : 0;
}

/* Is this time-first line a shell loop's sample? Not inside a dump or an
 * unaligned result, where such a line is a row; after a space, only where
 * no table is being read (a prefixed \watch's rows start with a space). */
static int sample_here(struct psql_state *s, const struct psql_line *l, char sep)
{
	if (s->mode == M_COPY || s->mode == M_INSERT || s->mode == M_UNALIGNED)
		return 0;
	if (sep == ' ' && ((s->mode != M_IDLE && s->mode != M_QUERY) || l->text[0] == ' '))
		return 0;
	return sample_is_line(l->text, l->len, sep);
}

/* Ends what is being read: the held line, the result in progress, a dump. */
static int end_results(struct psql_state *s, const struct sink *out, struct diag *err)
{
	if (s->holding) {
		if (resolve_held(s, NULL, out, err) < 0)
			return -1;
	}
	if (dump_finish(s, out, err) < 0)
		return -1;
	s->mode = M_IDLE;
	return result_close(s, RECORD_NONE, out, err);
}

static int psql_line(void *state, const struct line *raw, const struct sink *out,
		     struct diag *err)
{
	struct psql_state *s = state;
	struct psql_line l = { raw->text, raw->len, raw };
	int64_t ts;
	size_t k;
	int rc, bare = 0, exact = 0;
	char sep = 0;

	if (raw->too_long) {
		snprintf(s->why, sizeof(s->why), "line longer than %d bytes", READER_MAX_LINE);
		return line_reject(s, raw, s->why, out, err);
	}
	s->line_ts = RECORD_NONE;
	if ((k = session_ts_prefix(raw->text, raw->len, &ts, &sep)) > 0) {
		l.text += k;
		l.len -= k;
		s->line_ts = ts;
		bare = session_is_blank(l.text, l.len);
		if (!bare && sample_here(s, &l, sep)) {
			s->after_ts_line = 0;
			if (end_results(s, out, err) < 0)
				return -1;
			return sample_line(s, &l, sep, ts, out, err);
		}
		exact = k == raw->len && raw->text[k - 1] != ' ';
		/* a result takes the time of its first line, and of none after */
		if (!bare && s->pending_us == RECORD_NONE &&
		    (s->mode == M_IDLE || s->mode == M_QUERY))
			s->pending_us = ts;
	}
	if (linestyle_line(s, &l) < 0)
		return diag_oom(err);
	if ((rc = border2_line(s, &l)) != 0)
		return rc < 0 ? diag_oom(err) : 0;
	border0_line(s, &l);
	for (int i = 0; i < 4; i++) {
		switch (s->mode) {
		case M_ALIGNED:
			rc = aligned_line(s, &l, out, err);
			break;
		case M_UNALIGNED:
			rc = unaligned_line(s, &l, out, err);
			break;
		case M_XALIGNED:
		case M_XUNALIGNED:
			rc = expanded_line(s, &l, out, err);
			break;
		case M_COPY:
			rc = dump_copy_line(s, &l, out, err);
			break;
		case M_INSERT:
			rc = dump_insert_line(s, &l, out, err);
			break;
		default:
			rc = idle_line(s, &l, out, err);
		}
		if (rc <= 0) {
			if (rc < 0)
				return -1;
			break;
		}
	}
	/* a bare shell timestamp dates the result that follows it */
	if (bare && s->pending_us == RECORD_NONE)
		s->pending_us = ts;
	if (!session_is_blank(l.text, l.len) || bare)
		s->after_ts_line = exact;
	return 0;
}

static int psql_finish(void *state, const struct sink *out, struct diag *err)
{
	return end_results(state, out, err);
}

static void psql_close(void *state)
{
	struct psql_state *s = state;

	if (!s)
		return;
	for (int j = 0; j < PSQL_COLS_MAX; j++)
		buf_release(&s->r.cell[j]);
	buf_release(&s->r.names);
	buf_release(&s->r.table);
	buf_release(&s->title);
	buf_release(&s->query);
	buf_release(&s->query_last);
	buf_release(&s->held);
	buf_release(&s->stmt);
	buf_release(&s->ins_key);
	buf_release(&s->marker);
	buf_release(&s->json);
	buf_release(&s->json2);
	buf_release(&s->tmp);
	buf_release(&s->unframed);
	buf_release(&s->border0_buf);
	buf_release(&s->ls_kind);
	buf_release(&s->ls_line);
	free(s->pieces);
	tz_free(s->tz);
	free(s);
}

static int psql_open(void **state, const struct parse_opts *opts, struct diag *err)
{
	struct psql_state *s = calloc(1, sizeof(*s));

	if (!s)
		return diag_oom(err);
	s->pieces = calloc(PSQL_COLS_MAX + 1, sizeof(*s->pieces));
	if (!s->pieces) {
		free(s);
		return diag_oom(err);
	}
	s->opts = opts;
	if (opts && opts->tz && tz_load(&s->tz, opts->tz, err) < 0) {
		psql_close(s);
		return -1;
	}
	for (int j = 0; j < PSQL_COLS_MAX; j++)
		buf_init(&s->r.cell[j], PSQL_CELL_MAX);
	buf_init(&s->r.names, (size_t)PSQL_COLS_MAX * (PSQL_NAME_MAX + 1));
	buf_init(&s->r.table, PSQL_NAME_MAX * 2);
	buf_init(&s->title, 4096);
	buf_init(&s->query, PSQL_QUERY_MAX + 16);
	buf_init(&s->query_last, READER_MAX_LINE);
	buf_init(&s->held, READER_MAX_LINE);
	buf_init(&s->stmt, PSQL_ROW_MAX);
	buf_init(&s->ins_key, PSQL_QUERY_MAX);
	buf_init(&s->marker, 256);
	buf_init(&s->json, PSQL_ROW_MAX + 1024 * 1024);
	buf_init(&s->json2, 2 * PSQL_ROW_MAX);
	buf_init(&s->tmp, READER_MAX_LINE + 16);
	buf_init(&s->unframed, READER_MAX_LINE);
	/* a border-0 line grows by two bytes a column */
	buf_init(&s->border0_buf, READER_MAX_LINE + 3 * PSQL_COLS_MAX);
	buf_init(&s->ls_kind, READER_MAX_LINE);
	buf_init(&s->ls_line, READER_MAX_LINE);
	s->pending_us = RECORD_NONE;
	s->stamp_us = RECORD_NONE;
	s->line_ts = RECORD_NONE;
	result_reset(s, "aligned");
	*state = s;
	return 0;
}

/* Scores for sniff(), which averages them over a file's first lines. */
static int count_char(const char *p, size_t n, char c)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		k += p[i] == c;
	return k;
}

static int is_level(const char *p, size_t n)
{
	static const char *const levels[] = { "TRACE", "DEBUG", "INFO", "WARN", "ERROR" };

	while (n && *p == ' ')
		p++, n--;
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (n >= strlen(levels[i]) && !memcmp(p, levels[i], strlen(levels[i])))
			return 1;
	return 0;
}

/* Is every SEP-separated cell of p[0..n) an identifier (a header line)? */
static int all_idents(const char *p, size_t n, char sep)
{
	size_t i = 0;

	while (i <= n) {
		size_t e = i;

		while (e < n && p[e] != sep)
			e++;
		if (!session_is_ident(p + i, e - i))
			return 0;
		i = e + 1;
	}
	return 1;
}

/* " 2026-12-03 18:46:59.716758+00": a lone timestamptz cell, as psql -t
 * prints `SELECT now()` (a date, a space, a time, an offset). */
static int is_timestamptz_row(const char *p, size_t n)
{
	static const char form[] = "dddd-dd-dd dd:dd:dd";
	size_t i = 0;

	if (n < 23 || p[0] != ' ')
		return 0;
	for (p++, n--; form[i]; i++)
		if (form[i] == 'd' ? p[i] < '0' || p[i] > '9' : p[i] != form[i])
			return 0;
	while (i < n && (p[i] == '.' || (p[i] >= '0' && p[i] <= '9')))
		i++;
	return i + 3 <= n && (p[i] == '+' || p[i] == '-') && strspn(p + i + 1, "0123456789:") == n - i - 1;
}

static int psql_probe(const char *p, size_t n)
{
	const char *b;
	struct psql_watch w;
	int64_t v;
	int bar;
	size_t k;
	char sep;

	if (n == 0 || p[0] == '{' || memchr(p, '\x1b', n))
		return 0;
	if ((k = session_ts_prefix(p, n, &v, &sep)) > 0) {
		/* tracing-subscriber's text: "2026-…Z  INFO target: msg" */
		if (is_level(p + k, n - k))
			return 0;
		if (k >= n || session_is_blank(p + k, n - k))
			return 80;      /* a shell loop's `date` line between captures */
		if (sample_is_line(p + k, n - k, sep))
			return 80;      /* a shell loop's sample */
		p += k, n -= k;
	}
	{
		/* docker compose: "server-1  | 2026-…" or "server-1  | {…" */
		const char *b = scan_find(p, n, "  | ");

		if (b && p[0] != ' ') {
			const char *r = b + 4;
			size_t rn = n - (size_t)(r - p);

			if ((rn && r[0] == '{') || session_ts_prefix(r, rn, &v, NULL))
				return 0;
		}
	}
	if (watch_title(p, n, &w) || session_footer(p, n, &v) ||
	    expanded_record_header(p, n, &bar) || explain_is_header(p, n) ||
	    scan_contains(p, n, "-- PostgreSQL database dump") ||
	    (n > 15 && !memcmp(p, "COPY ", 5) && scan_contains(p, n, " FROM stdin;")))
		return 100;
	if (aligned_separator(NULL, p, n) || border2_rule(p, n) || border0_rule(p, n) ||
	    linestyle_rule(p, n) || linestyle_x_header(p, n))
		return 100;
	if (scan_contains(p, n, "(cost=") || scan_contains(p, n, "(actual time=") ||
	    scan_contains(p, n, "Planning Time:") || scan_contains(p, n, "Execution Time:"))
		return 90;
	if (session_prompt(p, n) || (n == 2 && p[0] == '\\' && p[1] == '.') ||
	    scan_contains(p, n, "pg_catalog.set_config("))
		return 90;
	if (session_known(NULL, p, n))
		return 80;
	if (dump_is_insert(p, n) || scan_contains(p, n, "->  ") || scan_contains(p, n, "Buffers: "))
		return 80;
	/* tuples-only aligned rows (-t): a margin, then cells between bars */
	if ((p[0] == ' ' && scan_contains(p, n, " | ")) || is_timestamptz_row(p, n) ||
	    scan_contains(p, n, " \xe2\x94\x82 "))
		return 80;      /* " │ ": a unicode table's bar */
	if ((b = memchr(p, '|', n)) != NULL) {
		size_t k0 = (size_t)(b - p), e = k0;

		while (e && p[e - 1] == ' ')
			e--;
		/* "name|value" (-A), "name      | value" (\x): a column name first */
		if (e && session_is_ident(p, e) && (e == k0 || k0 - e >= 1))
			return 80;
		if (count_char(p, n, '|') >= 2 && e == k0)
			return 80;      /* unaligned cells */
		return scan_contains(p, n, " | ") ? 60 : 55;
	}
	if (session_query_start(p, n))
		return 60;
	if (count_char(p, n, '\t') >= 1)
		return all_idents(p, n, '\t') ? 80 : 55;      /* -A -F tab: a header names columns */
	if (count_char(p, n, ',') >= 2)
		return all_idents(p, n, ',') ? 80 : 60;        /* a CSV header names columns */
	if (count_char(p, n, ',') == 1 && n > 1 && p[n - 1] != '.')
		return 40;      /* the tail of a multi-line CSV cell */
	while (n && *p == ' ')
		p++, n--;
	if (n && strspn(p, "0123456789") >= n)
		return 50;      /* a right-aligned count, a shell loop's value */
	if (session_is_ident(p, n))
		return 40;      /* a one-column header */
	return 0;
}

/* probe_head(): what the parser makes of the lines, counted. */
struct head_count {
	int snapshots, rows, rejects;
};

static int count_head(void *ctx, const struct record *rec, struct diag *err)
{
	struct head_count *c = ctx;

	(void)err;
	c->snapshots += rec->kind == REC_SNAPSHOT;
	c->rows += rec->kind == REC_SNAPSHOT_ROW && !rec->u.snapshot_row.is_end;
	c->rejects += rec->kind == REC_REJECT;
	return 0;
}

/* A border-0 table has no line a probe can tell alone: the header and the
 * rows are words and spaces. Together they can: a header line, under it a
 * rule of dash runs (ASCII or unicode), and rows the parser cuts at the
 * rule's columns without a reject. So the head is parsed, by parsing. */
static int psql_probe_head(const struct line *lines, int n)
{
	struct head_count c = { 0, 0, 0 };
	const struct sink count = { count_head, &c };
	struct parse_opts none = { 0 };
	struct diag err = DIAG_INIT;
	void *st = NULL;
	int rule = 0, rc = 0;

	for (int i = 1; i < n && !rule; i++)
		rule = (border0_rule(lines[i].text, lines[i].len) ||
			border0_rule_unicode(lines[i].text, lines[i].len)) &&
		       !session_is_blank(lines[i - 1].text, lines[i - 1].len);
	if (!rule || psql_open(&st, &none, &err) < 0)
		return 0;
	for (int i = 0; i < n && rc == 0; i++)
		rc = psql_line(st, &lines[i], &count, &err);
	if (rc == 0)
		rc = psql_finish(st, &count, &err);
	psql_close(st);
	return rc == 0 && c.snapshots >= 1 && c.rows >= 1 && c.rejects == 0 ? 90 : 0;
}

const struct parser psql_parser = {
	.name = "psql",
	.probe = psql_probe,
	.probe_head = psql_probe_head,
	.open = psql_open,
	.line = psql_line,
	.finish = psql_finish,
	.close = psql_close,
};
