/* pretty.c - tracing-subscriber's pretty formatter: one record over lines.
 *
 *     TS LEVEL target: message, k: v, k: "v"       (two spaces first)
 *   <message lines that go on, when it had newlines>
 *       at src/main.rs:133 [on thread]
 *       in target::span with k: v, k: v             (leaf first, then outward)
 *   <blank>
 *
 * The record is held until its blank line, the next header or the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/tracing/event.h"
#include "util/utf8.h"
#include "util/timeconv.h"

#define MAX_SPAN_LINES 64
#define CONT_MAX (64 * 1024)

struct tr_pretty {
	struct tr_event ev;
	void *md;
	struct buf clean, pend, spl, tmp;
	int pending, tail;              /* tail: an at/in line was seen */
	int64_t p_no, p_off, p_wts;
	size_t p_first_len;
	struct tr_header h;
	uint32_t sp_off[MAX_SPAN_LINES], sp_len[MAX_SPAN_LINES];
	int nsp;
	struct tr_kv kv[TR_MAX_FIELDS];
};

static int pretty_reject(struct tr_pretty *p, const char *reason, const struct sink *out,
			 struct diag *err)
{
	struct line l = { .text = p->pend.data, .len = p->p_first_len, .no = p->p_no,
			  .off = p->p_off };

	return parser_reject(out, &l, reason, err);
}

/* Scans and feeds "k: v, k: v" at s[0..n). */
static int feed_fields(struct tr_pretty *p, int span, const char *s, size_t n)
{
	size_t end;
	int c = tr_kv_scan(s, n, ", ", ": ", 0, p->kv, TR_MAX_FIELDS, &end);

	if (c < 0)
		return -1;
	for (int i = 0; i < c; i++)
		tr_kv_feed(&p->ev, span, s, &p->kv[i], &p->tmp);
	return 0;
}

/* "in filament_server::server::request with k: v": the name is the last
 * path segment. Span lines come leaf first; the list goes root first. */
static int feed_span(struct tr_pretty *p, const char *s, size_t n, int leaf)
{
	const char *with = NULL, *name;
	size_t nlen;

	for (size_t i = 0; i + 6 <= n; i++)
		if (memcmp(s + i, " with ", 6) == 0) {
			with = s + i;
			break;
		}
	nlen = with ? (size_t)(with - s) : n;
	name = s;
	for (size_t i = 0; i + 1 < nlen; i++)
		if (s[i] == ':' && s[i + 1] == ':')
			name = s + i + 2;
	nlen -= (size_t)(name - s);
	tr_span_begin(&p->ev);
	if (with && feed_fields(p, 1, with + 6, n - (size_t)(with + 6 - s)) < 0)
		return -1;
	return tr_span_end(&p->ev, name, nlen, TR_SPAN_LIST | (leaf ? TR_SPAN_CURRENT : 0));
}

/* "at src/main.rs:133", perhaps with " on <thread>" after it. */
static void feed_at(struct tr_pretty *p, const char *s, size_t n)
{
	const char *on = NULL, *colon = NULL;
	size_t flen;

	for (size_t i = 0; i + 4 <= n; i++)
		if (memcmp(s + i, " on ", 4) == 0) {
			on = s + i;
			break;
		}
	flen = on ? (size_t)(on - s) : n;
	for (size_t i = 0; i < flen; i++)
		if (s[i] == ':')
			colon = s + i;
	if (colon && colon + 1 < s + flen && strspn(colon + 1, "0123456789") ==
	    (size_t)(s + flen - colon - 1)) {
		int64_t v = 0;

		for (const char *d = colon + 1; d < s + flen && v < INT64_MAX / 10 - 10; d++)
			v = v * 10 + (*d - '0');
		p->ev.file_line = v;
		flen = (size_t)(colon - s);
	}
	if (tr_set(&p->ev.file, s, flen) < 0)
		p->ev.overflow = 1;
	p->ev.has_file = 1;
	if (on) {
		if (tr_set(&p->ev.thread_name, on + 4, n - (size_t)(on + 4 - s)) < 0)
			p->ev.overflow = 1;
		p->ev.has_thread_name = 1;
	}
}

static int pretty_flush(struct tr_pretty *p, const struct sink *out, struct diag *err)
{
	struct tr_event *ev = &p->ev;
	const char *s = p->pend.data;
	size_t n = p->pend.len, at = p->h.end, q, fs;
	int64_t ts;

	if (!p->pending)
		return 0;
	p->pending = 0;
	tr_event_reset(ev, p->p_no, p->p_off, p->p_wts);
	if (timeconv_parse_rfc3339(s + p->h.ts_off, p->h.ts_len, &ts) < 0)
		return pretty_reject(p, "timestamp is not a time", out, err);
	ev->ts_us = ts;
	if (tr_set(&ev->level, s + p->h.lvl_off, p->h.lvl_len) < 0)
		return pretty_reject(p, "event too large", out, err);
	/* the target: up to ": " */
	for (q = at; q < n && s[q] != ' ' && s[q] != '\n'; q++)
		;
	if (q - at >= 2 && s[q - 1] == ':' && s[q - 2] != ':') {
		if (tr_set(&ev->target, s + at, q - 1 - at) < 0)
			return pretty_reject(p, "event too large", out, err);
		at = q < n ? q + 1 : q;
	}
	fs = tr_field_start(s, n, at, ", ", ": ");
	if (fs > at) {
		size_t mend = fs < n ? fs - 2 : n;

		if (mend > at)
			tr_field(ev, "message", 7, TR_STRING, s + at, mend - at);
	}
	if (fs < n && feed_fields(p, 0, s + fs, n - fs) < 0)
		return pretty_reject(p, "too many fields", out, err);
	/* at and in lines (kept in spl); spans go root first */
	for (int i = p->nsp - 1; i >= 0; i--) {
		const char *l = p->spl.data + p->sp_off[i];
		size_t len = p->sp_len[i];

		if (len > 3 && memcmp(l, "at ", 3) == 0) {
			feed_at(p, l + 3, len - 3);
			continue;
		}
		if (feed_span(p, l + 3, len - 3, i == 0 || memcmp(p->spl.data + p->sp_off[i - 1],
								   "at ", 3) == 0) < 0)
			return pretty_reject(p, "too many span fields", out, err);
	}
	if (ev->overflow || ev->bad[0])
		return pretty_reject(p, ev->overflow ? "event too large" : ev->bad, out, err);
	return tr_emit(ev, out, err);
}

static int pretty_line(void *state, const struct line *l, int64_t wrapper_ts_us,
		       const struct sink *out, struct diag *err)
{
	struct tr_pretty *p = state;
	struct tr_header h;
	const char *s;
	size_t n;
	int hit;

	if (l->too_long || !utf8_valid(l->text, l->len)) {
		char why[64];

		if (pretty_flush(p, out, err) < 0)
			return -1;
		snprintf(why, sizeof(why), l->too_long ? "line longer than %d bytes" :
			 "invalid UTF-8", READER_MAX_LINE);
		return parser_reject(out, l, why, err);
	}
	if (strspn(l->text, " \t") == l->len)
		return pretty_flush(p, out, err);       /* the record's end */
	if (tr_strip_ansi(&p->clean, l->text, l->len, NULL, NULL, 0) < 0)
		return diag_oom(err);
	s = p->clean.data;
	n = p->clean.len;
	hit = tr_text_header(p->md, s, n, &h);
	if (hit == 1 && h.indent >= 1) {
		if (pretty_flush(p, out, err) < 0)
			return -1;
		p->h = h;
		buf_reset(&p->pend);
		buf_reset(&p->spl);
		if (buf_add(&p->pend, s, n) < 0)
			return diag_oom(err);
		p->pending = 1;
		p->tail = 0;
		p->nsp = 0;
		p->p_no = l->no;
		p->p_off = l->off;
		p->p_wts = wrapper_ts_us;
		p->p_first_len = n;
		return 0;
	}
	if (!p->pending)
		return parser_reject(out, l, "not a pretty tracing record", err);
	if (n > 7 && (memcmp(s, "    at ", 7) == 0 || memcmp(s, "    in ", 7) == 0)) {
		if (p->nsp == MAX_SPAN_LINES)
			return parser_reject(out, l, "too many span lines in a record", err);
		p->sp_off[p->nsp] = (uint32_t)p->spl.len;
		p->sp_len[p->nsp] = (uint32_t)(n - 4);
		if (p->spl.len + n > CONT_MAX * 4 || buf_add(&p->spl, s + 4, n - 4) < 0)
			return parser_reject(out, l, "record too long", err);
		p->nsp++;
		p->tail = 1;
		return 0;
	}
	if (p->tail)
		return parser_reject(out, l, "unexpected line in a pretty record", err);
	/* the message goes on */
	if (p->pend.len - p->p_first_len + 1 + n > CONT_MAX)
		return parser_reject(out, l, "continuation of a message too long", err);
	if (buf_addc(&p->pend, '\n') < 0 || buf_add(&p->pend, s, n) < 0)
		return diag_oom(err);
	return 0;
}

static int pretty_open(void **state, struct diag *err)
{
	struct tr_pretty *p = calloc(1, sizeof(*p));

	if (!p)
		return diag_oom(err);
	tr_event_init(&p->ev);
	p->md = tr_md_new();
	if (!p->md) {
		free(p);
		return diag_oom(err);
	}
	buf_init(&p->clean, READER_MAX_LINE + 1);
	buf_init(&p->pend, READER_MAX_LINE + CONT_MAX + 1);
	buf_init(&p->spl, READER_MAX_LINE + 1);
	buf_init(&p->tmp, READER_MAX_LINE + 1);
	*state = p;
	return 0;
}

static int pretty_finish(void *state, const struct sink *out, struct diag *err)
{
	return pretty_flush(state, out, err);
}

static void pretty_close(void *state)
{
	struct tr_pretty *p = state;

	if (!p)
		return;
	tr_event_release(&p->ev);
	tr_md_free(p->md);
	buf_release(&p->clean);
	buf_release(&p->pend);
	buf_release(&p->spl);
	buf_release(&p->tmp);
	free(p);
}

const struct tr_form tr_form_pretty = {
	.name = "pretty",
	.open = pretty_open,
	.line = pretty_line,
	.finish = pretty_finish,
	.close = pretty_close,
};
