/* text.c - tracing-subscriber's full (default) and compact formatters.
 *
 *   TS LEVEL request{method=POST uri=/x}:handler{name=h}: target: message k=v k="v"
 *   TS LEVEL request:handler: target: message k=v <span fields, root to leaf>
 *
 * ANSI colour is stripped first. The message is printed raw, so a message
 * with a newline goes on over the next physical line, which has no
 * timestamp: the event is held until the next one starts (or the input
 * ends), and only that one pending event is ever held. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/tracing/event.h"
#include "util/utf8.h"
#include "util/timeconv.h"

#define CONT_MAX (64 * 1024)    /* continuation bytes held after a first line */
#define MAX_SPANS 64
#define MAX_MARKS 64

/* TS, then the level right-aligned to 5 (so "  INFO" and " DEBUG"). */
#define HEADER_RE \
	"^( *)([0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}" \
	"(?:[.,][0-9]{1,9})?(?:[Zz]|[+-][0-9]{2}:?[0-9]{2})?) +" \
	"(TRACE|DEBUG|INFO|WARN|ERROR)(?: |$)"

/* Compiled once per run, shared read-only by every stream (and thread),
 * never freed; match data is per stream. */
static pcre2_code *header_re;
static pthread_once_t header_once = PTHREAD_ONCE_INIT;

static void header_compile(void)
{
	int code;
	PCRE2_SIZE at;

	header_re = pcre2_compile((PCRE2_SPTR)HEADER_RE, PCRE2_ZERO_TERMINATED,
				  PCRE2_MATCH_INVALID_UTF, &code, &at, NULL);
	if (header_re)
		(void)pcre2_jit_compile(header_re, PCRE2_JIT_COMPLETE);  /* no JIT: interpreter */
}

void *tr_md_new(void)
{
	/* room for the most groups any tracing pattern has */
	return pcre2_match_data_create(8, NULL);
}

void tr_md_free(void *md)
{
	pcre2_match_data_free(md);
}

int tr_text_header(void *md, const char *s, size_t n, struct tr_header *h)
{
	PCRE2_SIZE *ov;
	int rc;

	pthread_once(&header_once, header_compile);
	if (!header_re || !md)
		return -1;
	rc = pcre2_match(header_re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
	if (rc < 0)
		return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
	ov = pcre2_get_ovector_pointer(md);
	h->indent = ov[3] - ov[2];
	h->ts_off = ov[4];
	h->ts_len = ov[5] - ov[4];
	h->lvl_off = ov[6];
	h->lvl_len = ov[7] - ov[6];
	h->end = ov[1];
	return 1;
}

/* --- k=v lists ----------------------------------------------------------- */

static int ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}

/* s[i..] is an identifier followed by assign. */
static int at_key(const char *s, size_t n, size_t i, const char *assign, size_t alen)
{
	if (i >= n || !ident_start(s[i]))
		return 0;
	while (i < n && ident_char(s[i]))
		i++;
	return n - i >= alen && memcmp(s + i, assign, alen) == 0;
}

static int at_sep_key(const char *s, size_t n, size_t i, const char *sep, size_t slen,
		      const char *assign, size_t alen)
{
	return n - i >= slen && memcmp(s + i, sep, slen) == 0 &&
	       at_key(s, n, i + slen, assign, alen);
}

size_t tr_field_start(const char *s, size_t n, size_t from, const char *sep, const char *assign)
{
	size_t slen = strlen(sep), alen = strlen(assign);

	if (at_key(s, n, from, assign, alen))
		return from;
	for (size_t i = from; i < n; i++) {
		const char *p = memchr(s + i, sep[0], n - i);

		if (!p)
			break;
		i = (size_t)(p - s);
		if (at_sep_key(s, n, i, sep, slen, assign, alen))
			return i + slen;
	}
	return n;
}

/* Length of the Debug string at s (with its quotes), or 0. */
static size_t debug_len(const char *s, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return 0;
}

int tr_kv_scan(const char *s, size_t n, const char *sep, const char *assign, int braces,
	       struct tr_kv *kv, int max, size_t *end)
{
	size_t slen = strlen(sep), alen = strlen(assign), i = 0;
	int c = 0;

	while (i < n) {
		size_t k = i, v, j;

		if (braces && s[i] == '}')
			break;
		if (!at_key(s, n, i, assign, alen))
			break;
		while (i < n && ident_char(s[i]))
			i++;
		if (c == max)
			return -1;
		kv[c].koff = (uint32_t)k;
		kv[c].klen = (uint32_t)(i - k);
		v = i += alen;
		if (i < n && s[i] == '"') {
			size_t q = debug_len(s + i, n - i);

			if (q && (i + q == n || (braces && s[i + q] == '}') ||
				  at_sep_key(s, n, i + q, sep, slen, assign, alen))) {
				kv[c].voff = (uint32_t)v;
				kv[c].vlen = (uint32_t)q;
				i += q;
				goto next;
			}
		}
		for (j = i; j < n; j++) {
			if (braces && s[j] == '}' && (j + 1 == n || s[j + 1] == ':'))
				break;
			if (s[j] == sep[0] && at_sep_key(s, n, j, sep, slen, assign, alen))
				break;
		}
		kv[c].voff = (uint32_t)v;
		kv[c].vlen = (uint32_t)(j - v);
		i = j;
next:
		c++;
		if (i < n && braces && s[i] == '}')
			break;
		if (i < n)
			i += slen;      /* a value ends only before sep, '}' or the end */
	}
	*end = i;
	return c;
}

int tr_kv_feed(struct tr_event *ev, int span, const char *s, const struct tr_kv *kv,
	       struct buf *tmp)
{
	const char *k = s + kv->koff, *v = s + kv->voff;
	size_t vlen = kv->vlen;
	enum tr_type t = TR_STRING;

	if (vlen >= 2 && v[0] == '"' && debug_len(v, vlen) == vlen &&
	    tr_debug_string(v, vlen, tmp) == vlen) {
		v = tmp->data;
		vlen = tmp->len;
	} else if ((vlen == 4 && memcmp(v, "true", 4) == 0) ||
		   (vlen == 5 && memcmp(v, "false", 5) == 0)) {
		t = TR_BOOL;
	} else if (tr_is_number(v, vlen)) {
		t = TR_NUMBER;
	}
	return span ? tr_span_field(ev, k, kv->klen, t, v, vlen) :
		      tr_field(ev, k, kv->klen, t, v, vlen);
}

/* --- the span prefix and the target --------------------------------------- */

struct span_ref {
	size_t name_off, name_len;
	int kv_first, kv_count;         /* fields in braces (full) */
	int braces;
};

struct tr_text {
	struct tr_event ev;
	void *md;
	struct buf clean, pend, tmp;
	int pending;
	int64_t p_no, p_off, p_wts;
	size_t p_first_len;             /* the first physical line, in pend */
	struct tr_header h;
	uint32_t marks[MAX_MARKS];      /* compact's span field blocks (ANSI only) */
	int nmarks;
	struct span_ref spans[MAX_SPANS];
	struct tr_kv skv[TR_MAX_FIELDS], fkv[TR_MAX_FIELDS];
};

/* name{k=v ...}:name:...: then a space. 1 a chain, 0 none, -1 too many. */
static int scan_chain(struct tr_text *t, const char *s, size_t n, size_t p, int *nspans,
		      size_t *after)
{
	int ns = 0, nkv = 0;
	size_t q = p;

	for (;;) {
		struct span_ref *sp;

		if (q >= n || !ident_start(s[q]))
			return 0;
		if (ns == MAX_SPANS)
			return -1;
		sp = &t->spans[ns];
		sp->name_off = q;
		while (q < n && (ident_char(s[q]) || s[q] == '-'))
			q++;
		sp->name_len = q - sp->name_off;
		sp->braces = 0;
		sp->kv_first = nkv;
		sp->kv_count = 0;
		if (q < n && s[q] == '{') {
			size_t end;
			int c;

			sp->braces = 1;
			q++;
			c = tr_kv_scan(s + q, n - q, " ", "=", 1, t->skv + nkv,
				       TR_MAX_FIELDS - nkv, &end);
			if (c < 0)
				return -1;
			for (int i = 0; i < c; i++) {
				t->skv[nkv + i].koff += (uint32_t)q;
				t->skv[nkv + i].voff += (uint32_t)q;
			}
			sp->kv_count = c;
			nkv += c;
			q += end;
			if (q >= n || s[q] != '}')
				return 0;
			q++;
		}
		if (q >= n || s[q] != ':' || (q + 1 < n && s[q + 1] == ':'))
			return 0;       /* "::" belongs to a target */
		q++;
		ns++;
		if (q < n && s[q] == ' ') {
			*nspans = ns;
			*after = q + 1;
			return 1;
		}
	}
}

/* A target: no spaces, ends in ':' before a space or the end. */
static int scan_target(const char *s, size_t n, size_t p, size_t *len, size_t *after)
{
	size_t q = p;

	while (q < n && s[q] != ' ' && s[q] != '\n')
		q++;
	if (q - p < 2 || s[q - 1] != ':' || s[q - 2] == ':')
		return 0;
	*len = q - 1 - p;
	*after = q < n && s[q] == ' ' ? q + 1 : q;
	return 1;
}

static int has_colons(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == ':' && s[i + 1] == ':')
			return 1;
	return 0;
}

static int text_reject(struct tr_text *t, const char *reason, const struct sink *out,
		       struct diag *err)
{
	struct line l = { .text = t->pend.data, .len = t->p_first_len, .no = t->p_no,
			  .off = t->p_off };

	return parser_reject(out, &l, reason, err);
}

/* The pending event, parsed and emitted. */
static int text_flush(struct tr_text *t, const struct sink *out, struct diag *err)
{
	struct tr_event *ev = &t->ev;
	const char *s = t->pend.data;
	size_t n = t->pend.len, p = t->h.end, tlen = 0, after, fs, end;
	int nspans = 0, nf, chain, compact_split;
	int64_t ts;

	if (!t->pending)
		return 0;
	t->pending = 0;
	tr_event_reset(ev, t->p_no, t->p_off, t->p_wts);
	if (timeconv_parse_rfc3339(s + t->h.ts_off, t->h.ts_len, &ts) < 0)
		return text_reject(t, "timestamp is not a time", out, err);
	ev->ts_us = ts;
	if (tr_set(&ev->level, s + t->h.lvl_off, t->h.lvl_len) < 0)
		return text_reject(t, "event too large", out, err);

	/* spans, then the target; "x: y: ..." with no "::" and no braces is
	 * read as a target and a message: a span with no fields before a
	 * crate-root target is rarer than a message with a colon */
	chain = scan_chain(t, s, n, p, &nspans, &after);
	if (chain < 0)
		return text_reject(t, "too many spans or span fields", out, err);
	if (chain) {
		size_t alen, aafter;
		int braces = 0;

		for (int i = 0; i < nspans; i++)
			braces |= t->spans[i].braces;
		if (!scan_target(s, n, after, &alen, &aafter) ||
		    (!braces && nspans == 1 && !has_colons(s + after, alen)))
			chain = 0;
	}
	if (!chain)
		nspans = 0;
	else
		p = after;
	if (scan_target(s, n, p, &tlen, &after)) {
		if (tr_set(&ev->target, s + p, tlen) < 0)
			return text_reject(t, "event too large", out, err);
		p = after;
	}

	/* message, then fields */
	fs = tr_field_start(s, n, p, " ", "=");
	if (fs > p) {
		size_t mend = fs < n ? fs - 1 : n;

		if (mend > p && tr_field(ev, "message", 7, TR_STRING, s + p, mend - p) < 0)
			return text_reject(t, "event too large", out, err);
	}
	nf = 0;
	if (fs < n) {
		nf = tr_kv_scan(s + fs, n - fs, " ", "=", 0, t->fkv, TR_MAX_FIELDS, &end);
		if (nf < 0)
			return text_reject(t, "too many fields", out, err);
		for (int i = 0; i < nf; i++) {
			t->fkv[i].koff += (uint32_t)fs;
			t->fkv[i].voff += (uint32_t)fs;
		}
	}
	/* compact appends each span's fields after the event's; with ANSI on,
	 * each span's block is dimmed, which says where it starts */
	compact_split = nspans > 0 && t->nmarks == nspans;
	for (int i = 0; i < nspans && compact_split; i++)
		if (t->spans[i].braces)
			compact_split = 0;
	for (int i = 0; i < nf; i++)
		if (!compact_split || t->fkv[i].koff < t->marks[0])
			tr_kv_feed(ev, 0, s, &t->fkv[i], &t->tmp);
	for (int i = 0; i < nspans; i++) {
		const struct span_ref *sp = &t->spans[i];

		tr_span_begin(ev);
		for (int k = 0; k < sp->kv_count; k++)
			tr_kv_feed(ev, 1, s, &t->skv[sp->kv_first + k], &t->tmp);
		for (int k = 0; compact_split && k < nf; k++) {
			uint32_t at = t->fkv[k].koff;

			if (at >= t->marks[i] && (i + 1 == nspans || at < t->marks[i + 1]))
				tr_kv_feed(ev, 1, s, &t->fkv[k], &t->tmp);
		}
		tr_span_end(ev, s + sp->name_off, sp->name_len,
			    TR_SPAN_LIST | (i + 1 == nspans ? TR_SPAN_CURRENT : 0));
	}
	if (ev->overflow || ev->bad[0])
		return text_reject(t, ev->overflow ? "event too large" : ev->bad, out, err);
	return tr_emit(ev, out, err);
}

static int text_line(void *state, const struct line *l, int64_t wrapper_ts_us,
		     const struct sink *out, struct diag *err)
{
	struct tr_text *t = state;
	struct tr_header h;
	uint32_t marks[MAX_MARKS];      /* the pending event keeps its own */
	int m, hit;

	if (l->too_long || !utf8_valid(l->text, l->len)) {
		char why[64];

		if (text_flush(t, out, err) < 0)
			return -1;
		snprintf(why, sizeof(why), l->too_long ? "line longer than %d bytes" :
			 "invalid UTF-8", READER_MAX_LINE);
		return parser_reject(out, l, why, err);
	}
	if (strspn(l->text, " \t") == l->len)
		return 0;       /* blank: nothing to keep, nothing lost */
	if (tr_strip_ansi(&t->clean, l->text, l->len, marks, &m, MAX_MARKS) < 0)
		return diag_oom(err);
	hit = tr_text_header(t->md, t->clean.data, t->clean.len, &h);  /* -1: taken as no match */
	if (hit == 1 && h.indent == 0) {
		if (text_flush(t, out, err) < 0)
			return -1;
		buf_reset(&t->pend);
		if (buf_add(&t->pend, t->clean.data, t->clean.len) < 0)
			return diag_oom(err);
		t->pending = 1;
		t->p_no = l->no;
		t->p_off = l->off;
		t->p_wts = wrapper_ts_us;
		t->p_first_len = t->clean.len;
		t->h = h;
		t->nmarks = m;
		memcpy(t->marks, marks, sizeof(marks[0]) * (size_t)m);
		return 0;
	}
	/* no timestamp: the message of the pending event goes on */
	if (!t->pending)
		return parser_reject(out, l, "not a tracing text line (no timestamp and level)", err);
	if (t->pend.len - t->p_first_len + 1 + t->clean.len > CONT_MAX)
		return parser_reject(out, l, "continuation of a message too long", err);
	/* compact puts the span fields after the message: maybe on this line */
	for (int i = 0; i < m && t->nmarks < MAX_MARKS; i++)
		t->marks[t->nmarks++] = (uint32_t)(t->pend.len + 1 + marks[i]);
	if (buf_addc(&t->pend, '\n') < 0 || buf_add(&t->pend, t->clean.data, t->clean.len) < 0)
		return diag_oom(err);
	return 0;
}

static int text_open(void **state, struct diag *err)
{
	struct tr_text *t = calloc(1, sizeof(*t));

	if (!t)
		return diag_oom(err);
	tr_event_init(&t->ev);
	t->md = tr_md_new();
	if (!t->md) {
		free(t);
		return diag_oom(err);
	}
	buf_init(&t->clean, READER_MAX_LINE + 1);
	buf_init(&t->pend, READER_MAX_LINE + CONT_MAX + 1);
	buf_init(&t->tmp, READER_MAX_LINE + 1);
	*state = t;
	return 0;
}

static int text_finish(void *state, const struct sink *out, struct diag *err)
{
	return text_flush(state, out, err);
}

static void text_close(void *state)
{
	struct tr_text *t = state;

	if (!t)
		return;
	tr_event_release(&t->ev);
	tr_md_free(t->md);
	buf_release(&t->clean);
	buf_release(&t->pend);
	buf_release(&t->tmp);
	free(t);
}

const struct tr_form tr_form_text = {
	.name = "text",
	.open = text_open,
	.line = text_line,
	.finish = text_finish,
	.close = text_close,
};
