/* event.c - one tracing event being built, whatever form it came in:
 * typed fields as JSON, spans, request identity, the emit. Every form
 * (json, text, pretty) feeds the same builder, so the stored shape is one. */
#include "parse/json_scan.h"
#include "parse/tracing/event.h"

#include <stdio.h>
#include <string.h>

#include "parse/redact.h"
#include "parse/tracing/latency.h"
#include "util/scan.h"
#include "util/utf8.h"

#define SMALL_MAX (64 * 1024)

static void ident_init(struct tr_ident *id)
{
	buf_init(&id->request_id, SMALL_MAX);
	buf_init(&id->method, SMALL_MAX);
	buf_init(&id->uri, SMALL_MAX);
}

static void ident_reset(struct tr_ident *id)
{
	buf_reset(&id->request_id);
	buf_reset(&id->method);
	buf_reset(&id->uri);
}

static void ident_release(struct tr_ident *id)
{
	buf_release(&id->request_id);
	buf_release(&id->method);
	buf_release(&id->uri);
}

void tr_event_init(struct tr_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	buf_init(&ev->level, SMALL_MAX);
	buf_init(&ev->target, SMALL_MAX);
	buf_init(&ev->name, SMALL_MAX);
	buf_init(&ev->message, TR_TEXT_MAX);
	buf_init(&ev->thread_name, SMALL_MAX);
	buf_init(&ev->thread_id, SMALL_MAX);
	buf_init(&ev->file, SMALL_MAX);
	buf_init(&ev->fields, TR_TEXT_MAX);
	buf_init(&ev->fkeys, TR_TEXT_MAX);
	buf_init(&ev->sp, TR_TEXT_MAX);
	buf_init(&ev->spkeys, TR_TEXT_MAX);
	buf_init(&ev->spname, SMALL_MAX);
	buf_init(&ev->spans, TR_TEXT_MAX);
	buf_init(&ev->spobj, TR_TEXT_MAX);
	buf_init(&ev->cur_name, SMALL_MAX);
	buf_init(&ev->cur_fields, TR_TEXT_MAX);
	buf_init(&ev->phases.names, SMALL_MAX);
	buf_init(&ev->scratch, TR_TEXT_MAX);
	ident_init(&ev->sp_id);
	for (int i = 0; i < 3; i++)
		ident_init(&ev->id[i]);
	tr_event_reset(ev, 0, 0, RECORD_NONE);
}

void tr_event_release(struct tr_event *ev)
{
	struct buf *all[] = { &ev->level, &ev->target, &ev->name, &ev->message,
			      &ev->thread_name, &ev->thread_id, &ev->file, &ev->fields,
			      &ev->fkeys, &ev->sp, &ev->spkeys, &ev->spname, &ev->spans,
			      &ev->spobj, &ev->cur_name, &ev->cur_fields, &ev->phases.names,
			      &ev->scratch };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		buf_release(all[i]);
	ident_release(&ev->sp_id);
	for (int i = 0; i < 3; i++)
		ident_release(&ev->id[i]);
}

void tr_event_reset(struct tr_event *ev, int64_t line, int64_t off, int64_t wrapper_ts_us)
{
	ev->line = line;
	ev->off = off;
	ev->ts_us = RECORD_NONE;
	ev->wrapper_ts_us = wrapper_ts_us;
	ev->file_line = RECORD_NONE;
	ev->has_name = ev->has_message = ev->has_thread_name = ev->has_thread_id = 0;
	ev->has_file = ev->has_latency = 0;
	buf_reset(&ev->level);
	buf_reset(&ev->target);
	buf_reset(&ev->fields);
	buf_reset(&ev->fkeys);
	ev->nfields = 0;
	buf_reset(&ev->spans);
	ev->nspans = 0;
	ev->cur_from = 0;
	for (int i = 0; i < 3; i++)
		ident_reset(&ev->id[i]);
	buf_reset(&ev->phases.names);
	ev->phases.n = 0;
	ev->overflow = 0;
	ev->bad[0] = '\0';
}

int tr_set(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	return buf_add(b, s, n);
}

/* --- JSON text ----------------------------------------------------------- */

static const char hexd[] = "0123456789abcdef";

/* buf_add() and buf_addc() without the call when there is room: the
 * per-field path appends a few bytes at a time. */
static inline int add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 <= b->cap) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_add(b, p, n);
}

static inline int addc(struct buf *b, char c)
{
	if (b->len + 2 <= b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_addc(b, c);
}

int tr_json_escape(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0;
	int rc = addc(b, '"');

	for (size_t i = 0; i < n; i++) {
		unsigned char c;
		char esc[6];
		size_t elen = 2;

		i += json_escape_free(s + i, n - i);   /* eight bytes a step */
		if (i == n)
			break;
		c = p[i];
		rc |= add(b, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hexd[c >> 4];
			esc[5] = hexd[c & 15];
			elen = 6;
		}
		rc |= add(b, esc, elen);
	}
	rc |= add(b, s + run, n - run);
	rc |= addc(b, '"');
	return rc ? -1 : 0;
}

int tr_is_number(const char *s, size_t n)
{
	size_t i = 0;

	if (i < n && s[i] == '-')
		i++;
	if (i == n)
		return 0;
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		size_t d = ++i;

		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t d;

		if (++i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	return i == n;
}


static int put_utf8(struct buf *out, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return add(out, u, n);
}

size_t tr_debug_string(const char *s, size_t n, struct buf *out)
{
	size_t i = 1, run = 1;

	buf_reset(out);
	if (n < 2 || s[0] != '"')
		return 0;
	while (i < n) {
		char c = s[i];

		if (c == '"') {
			if (add(out, s + run, i - run) < 0)
				return 0;
			return i + 1;
		}
		if (c != '\\') {
			i++;
			continue;
		}
		if (add(out, s + run, i - run) < 0 || i + 1 >= n)
			return 0;
		c = s[i + 1];
		i += 2;
		switch (c) {
		case 'n': if (addc(out, '\n') < 0) return 0; break;
		case 'r': if (addc(out, '\r') < 0) return 0; break;
		case 't': if (addc(out, '\t') < 0) return 0; break;
		case '0': if (addc(out, '\0') < 0) return 0; break;
		case '\\': case '"': case '\'':
			if (addc(out, c) < 0)
				return 0;
			break;
		case 'u': {
			/* \u{1f600}: Rust's escape_debug for unprintable chars */
			unsigned long cp = 0;
			size_t d = 0;

			if (i >= n || s[i] != '{')
				return 0;
			for (i++; i < n && s[i] != '}' && d < 6; i++, d++) {
				char h = s[i];

				if (h >= '0' && h <= '9')
					cp = cp * 16 + (unsigned long)(h - '0');
				else if (h >= 'a' && h <= 'f')
					cp = cp * 16 + (unsigned long)(h - 'a' + 10);
				else if (h >= 'A' && h <= 'F')
					cp = cp * 16 + (unsigned long)(h - 'A' + 10);
				else
					return 0;
			}
			if (i >= n || s[i] != '}' || d == 0 || put_utf8(out, cp) < 0)
				return 0;
			i++;
			break;
		}
		default:
			return 0;
		}
		run = i;
	}
	return 0;       /* no closing quote */
}

int tr_strip_ansi(struct buf *out, const char *s, size_t n, uint32_t *marks, int *nmarks,
		  int maxmarks)
{
	size_t run = 0, i = 0;
	int dim = 0;    /* the last sequence was ESC[2m, at this output offset + 1 */

	buf_reset(out);
	if (nmarks)
		*nmarks = 0;
	while (i < n) {
		const char *esc = memchr(s + i, '\x1b', n - i);
		size_t j;

		if (!esc)
			break;
		i = (size_t)(esc - s);
		if (i + 1 >= n || s[i + 1] != '[') {
			i++;
			continue;
		}
		for (j = i + 2; j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';'); j++)
			;
		if (j >= n || s[j] != 'm') {
			i++;
			continue;       /* not SGR: kept as it is */
		}
		if (add(out, s + run, i - run) < 0)
			return -1;
		if (marks && dim && dim == (int)out->len + 1 && j - i == 3 && s[i + 2] == '3' &&
		    *nmarks < maxmarks)
			marks[(*nmarks)++] = (uint32_t)out->len;
		dim = (j - i == 3 && s[i + 2] == '2') ? (int)out->len + 1 : 0;
		i = run = j + 1;
	}
	return add(out, s + run, n - run);
}

/* --- fields -------------------------------------------------------------- */

static int seen(const struct buf *names, const struct tr_key *keys, int n, const char *key,
		size_t klen)
{
	for (int i = 0; i < n; i++)
		if (keys[i].len == klen && memcmp(names->data + keys[i].off, key, klen) == 0)
			return 1;
	return 0;
}

static int remember(struct buf *names, struct tr_key *k, const char *key, size_t klen)
{
	k->off = (uint32_t)names->len;
	k->len = (uint32_t)klen;
	return add(names, key, klen);
}

/* Writes a scalar value; uri values get their query redacted. */
static int put_value(struct tr_event *ev, struct buf *b, const char *key, size_t klen,
		     enum tr_type t, const char **v, size_t *vlen)
{
	int secret = redact_is_secret_name(key, klen) &&
		     !(tr_phase_is_key(key, klen) && tr_is_number(*v, *vlen));  /* a duration */

	if (secret) {
		*v = REDACTED;
		*vlen = strlen(REDACTED);
		return tr_json_escape(b, *v, *vlen);
	}
	if (t == TR_STRING && tr_phase_is_key(key, klen) && tr_is_number(*v, *vlen))
		t = TR_NUMBER;  /* u128 durations are written as strings */
	switch (t) {
	case TR_STRING:
		/* a uri's parameters; a token's shape in any other string */
		buf_reset(&ev->scratch);
		if ((SCAN_IS(key, klen, "uri") || SCAN_IS(key, klen, "url") ?
		     redact_uri(&ev->scratch, *v, *vlen) : redact_text(&ev->scratch, *v, *vlen)) < 0)
			return -1;
		*v = buf_str(&ev->scratch);    /* "" when empty: never NULL */
		*vlen = ev->scratch.len;
		return tr_json_escape(b, *v, *vlen);
	case TR_NUMBER:
		return add(b, *v, *vlen);
	case TR_BOOL:
		return buf_adds(b, *vlen == 4 && memcmp(*v, "true", 4) == 0 ? "true" : "false");
	case TR_NULL:
	default:
		return buf_adds(b, "null");
	}
}

/* request_id / x_request_id, method, uri: the first a source gives wins. */
static int note_ident(struct tr_ident *id, const char *key, size_t klen, enum tr_type t,
		      const char *v, size_t vlen, int overwrite)
{
	struct buf *b = NULL;

	if (t != TR_STRING && t != TR_NUMBER)
		return 0;
	if (SCAN_IS(key, klen, "request_id") || SCAN_IS(key, klen, "x_request_id") ||
	    SCAN_IS(key, klen, "x-request-id"))
		b = &id->request_id;
	else if (SCAN_IS(key, klen, "method"))
		b = &id->method;
	else if (SCAN_IS(key, klen, "uri"))
		b = &id->uri;
	if (!b || vlen == 0 || (b->len && !overwrite))
		return 0;
	return tr_set(b, v, vlen);
}

/* The message is stored as a C string: a NUL (JSON's \u0000, Rust's \0)
 * would end it there. It is written as JSON writes it, "\u0000". */
static int keep_nul(struct buf *b, struct buf *tmp)
{
	const char *p = b->len ? memchr(b->data, '\0', b->len) : NULL;

	if (!p)
		return 0;
	buf_reset(tmp);
	for (size_t i = 0; i < b->len; i++)
		if ((b->data[i] ? buf_addc(tmp, b->data[i]) : buf_adds(tmp, "\\u0000")) < 0)
			return -1;
	return tr_set(b, tmp->data, tmp->len);
}

int tr_field(struct tr_event *ev, const char *key, size_t klen, enum tr_type t,
	     const char *v, size_t vlen)
{
	int rc = 0;

	if (SCAN_IS(key, klen, "message")) {
		if (ev->has_message)
			return 0;       /* a repeat: the first wins */
		ev->has_message = 1;
		if (t == TR_NULL)
			v = "null", vlen = 4;
		buf_reset(&ev->message);
		if (redact_text(&ev->message, v, vlen) < 0 ||  /* "login with Bearer eyJ..." */
		    keep_nul(&ev->message, &ev->scratch) < 0)
			return ev->overflow = 1, -1;
		return 0;
	}
	if (seen(&ev->fkeys, ev->fkey, ev->nfields, key, klen))
		return 0;
	if (ev->nfields == TR_MAX_FIELDS)
		return ev->overflow = 1, -1;
	rc |= remember(&ev->fkeys, &ev->fkey[ev->nfields++], key, klen);
	rc |= addc(&ev->fields, ev->nfields == 1 ? '{' : ',');
	rc |= tr_json_escape(&ev->fields, key, klen);
	rc |= addc(&ev->fields, ':');
	if (SCAN_IS(key, klen, "event") && t == TR_STRING && !ev->has_name) {
		ev->has_name = 1;
		rc |= tr_set(&ev->name, v, vlen);
	}
	if ((t == TR_NUMBER || t == TR_STRING) && tr_is_number(v, vlen)) {
		int ph = tr_phase_note(&ev->phases, key, klen, v, vlen);  /* "12 ms", "n/a": not one */

		if (ph == -2 && !ev->bad[0])
			snprintf(ev->bad, sizeof(ev->bad), "field '%.*s' is not a duration "
				 "(0 to a day, in ms)", (int)(klen < 100 ? klen : 100), key);
		else if (ph < 0)
			rc = -1;
	}
	rc |= put_value(ev, &ev->fields, key, klen, t, &v, &vlen);
	if (SCAN_IS(key, klen, "latency") && t != TR_NULL) {
		ev->has_latency = 1;
		ev->latency_ms = tr_latency_ms(v, vlen, t == TR_STRING);
	}
	rc |= note_ident(&ev->id[0], key, klen, t, v, vlen, 0);
	if (rc)
		ev->overflow = 1;
	return rc ? -1 : 0;
}

struct buf *tr_field_json_begin(struct tr_event *ev, const char *key, size_t klen,
				int *redacted)
{
	int rc = 0;

	*redacted = 0;
	if (seen(&ev->fkeys, ev->fkey, ev->nfields, key, klen) ||
	    (SCAN_IS(key, klen, "message") && ev->has_message))
		return NULL;
	if (ev->nfields == TR_MAX_FIELDS) {
		ev->overflow = 1;
		return NULL;
	}
	rc |= remember(&ev->fkeys, &ev->fkey[ev->nfields++], key, klen);
	rc |= addc(&ev->fields, ev->nfields == 1 ? '{' : ',');
	rc |= tr_json_escape(&ev->fields, key, klen);
	rc |= addc(&ev->fields, ':');
	if (redact_is_secret_name(key, klen)) {
		rc |= tr_json_escape(&ev->fields, REDACTED, strlen(REDACTED));
		*redacted = 1;
	}
	if (rc) {
		ev->overflow = 1;
		return NULL;
	}
	return &ev->fields;
}

/* --- spans --------------------------------------------------------------- */

void tr_span_begin(struct tr_event *ev)
{
	buf_reset(&ev->sp);
	buf_reset(&ev->spkeys);
	buf_reset(&ev->spname);
	ev->spname_at = -1;
	ev->nsp = 0;
	ident_reset(&ev->sp_id);
}

static int span_entry_begin(struct tr_event *ev, const char *key, size_t klen)
{
	int rc = 0;

	if (ev->nsp == TR_MAX_FIELDS)
		return ev->overflow = 1, -1;
	rc |= remember(&ev->spkeys, &ev->spkey[ev->nsp], key, klen);
	ev->spent[ev->nsp][0] = (uint32_t)ev->sp.len;
	rc |= tr_json_escape(&ev->sp, key, klen);
	rc |= addc(&ev->sp, ':');
	return rc ? (ev->overflow = 1, -1) : 0;
}

static void span_entry_end(struct tr_event *ev)
{
	ev->spent[ev->nsp][1] = (uint32_t)(ev->sp.len - ev->spent[ev->nsp][0]);
	ev->nsp++;
}

int tr_span_field(struct tr_event *ev, const char *key, size_t klen, enum tr_type t,
		  const char *v, size_t vlen)
{
	int rc;

	if (span_entry_begin(ev, key, klen) < 0)
		return -1;
	if (SCAN_IS(key, klen, "name") && t == TR_STRING) {
		ev->spname_at = ev->nsp;
		if (tr_set(&ev->spname, v, vlen) < 0)
			return ev->overflow = 1, -1;
	}
	rc = put_value(ev, &ev->sp, key, klen, t, &v, &vlen);
	rc |= note_ident(&ev->sp_id, key, klen, t, v, vlen, 0);
	span_entry_end(ev);
	return rc ? (ev->overflow = 1, -1) : 0;
}

struct buf *tr_span_json_begin(struct tr_event *ev, const char *key, size_t klen,
			       int *redacted)
{
	*redacted = 0;
	if (span_entry_begin(ev, key, klen) < 0)
		return NULL;
	if (redact_is_secret_name(key, klen)) {
		if (tr_json_escape(&ev->sp, REDACTED, strlen(REDACTED)) < 0)
			ev->overflow = 1;
		*redacted = 1;
	}
	return &ev->sp;
}

void tr_span_json_end(struct tr_event *ev)
{
	span_entry_end(ev);
}

int tr_span_end(struct tr_event *ev, const char *name, size_t nlen, int where)
{
	struct buf *o = &ev->spobj;
	int rc = 0, kept = 0;

	if (!name && ev->spname_at >= 0) {
		name = ev->spname.data;
		nlen = ev->spname.len;
	}
	/* {"fields"}: the span's own name is not one of them */
	buf_reset(o);
	rc |= addc(o, '{');
	for (int i = 0; i < ev->nsp; i++) {
		const char *k = ev->spkeys.data + ev->spkey[i].off;

		if ((i == ev->spname_at && name == ev->spname.data) ||
		    seen(&ev->spkeys, ev->spkey, i, k, ev->spkey[i].len))
			continue;
		if (kept++)
			rc |= addc(o, ',');
		rc |= add(o, ev->sp.data + ev->spent[i][0], ev->spent[i][1]);
	}
	rc |= addc(o, '}');
	if (where & TR_SPAN_LIST) {
		rc |= buf_adds(&ev->spans, ev->nspans++ ? ",{\"name\":" : "[{\"name\":");
		rc |= name ? tr_json_escape(&ev->spans, name, nlen) : buf_adds(&ev->spans, "null");
		rc |= buf_adds(&ev->spans, ",\"fields\":");
		rc |= add(&ev->spans, o->data, o->len);
		rc |= addc(&ev->spans, '}');
		/* root to leaf: an inner span's identity replaces an outer's */
		if (ev->sp_id.request_id.len)
			rc |= tr_set(&ev->id[1].request_id, ev->sp_id.request_id.data,
				     ev->sp_id.request_id.len);
		if (ev->sp_id.method.len)
			rc |= tr_set(&ev->id[1].method, ev->sp_id.method.data, ev->sp_id.method.len);
		if (ev->sp_id.uri.len)
			rc |= tr_set(&ev->id[1].uri, ev->sp_id.uri.data, ev->sp_id.uri.len);
	}
	if ((where & TR_SPAN_CURRENT) || ev->cur_from < 2) {
		ev->cur_from = (where & TR_SPAN_CURRENT) ? 2 : 1;
		rc |= tr_set(&ev->cur_name, name ? name : "", name ? nlen : 0);
		rc |= tr_set(&ev->cur_fields, o->data, o->len);
	}
	if (where & TR_SPAN_CURRENT) {
		if (ev->sp_id.request_id.len)
			rc |= tr_set(&ev->id[2].request_id, ev->sp_id.request_id.data,
				     ev->sp_id.request_id.len);
		if (ev->sp_id.method.len)
			rc |= tr_set(&ev->id[2].method, ev->sp_id.method.data, ev->sp_id.method.len);
		if (ev->sp_id.uri.len)
			rc |= tr_set(&ev->id[2].uri, ev->sp_id.uri.data, ev->sp_id.uri.len);
	}
	return rc ? (ev->overflow = 1, -1) : 0;
}

/* --- emit ---------------------------------------------------------------- */

static const char *pick(const struct tr_event *ev, int which)
{
	for (int i = 0; i < 3; i++) {
		const struct buf *b = which == 0 ? &ev->id[i].request_id :
				      which == 1 ? &ev->id[i].method : &ev->id[i].uri;

		if (b->len)
			return b->data;
	}
	return NULL;
}

static int starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

/* A process start: the server binds, the pool is ready, or it says so. */
static int is_start(const struct tr_event *ev)
{
	const char *m = ev->message.data;
	size_t n = ev->message.len;

	if (ev->has_name && strcmp(ev->name.data, "db.init") == 0)
		return 1;
	if (!ev->has_message || !m)
		return 0;
	return (n == 9 && memcmp(m, "listening", 9) == 0) || starts(m, n, "listening on") ||
	       starts(m, n, "server started");
}

int tr_emit(struct tr_event *ev, const struct sink *out, struct diag *err)
{
	struct record rec = { .kind = REC_EVENT, .line = ev->line, .off = ev->off };
	struct event_rec *e = &rec.u.event;
	int rc;

	if (ev->nfields == 0)
		rc = buf_adds(&ev->fields, "{}");
	else
		rc = addc(&ev->fields, '}');
	if (ev->nspans)
		rc |= addc(&ev->spans, ']');
	if (rc)
		return diag_set(err, "event too large");       /* callers check overflow first */
	e->ts_us = ev->ts_us;
	e->wrapper_ts_us = ev->wrapper_ts_us;
	e->level = ev->level.len ? ev->level.data : NULL;
	e->target = ev->target.len ? ev->target.data : NULL;
	e->name = ev->has_name ? buf_str(&ev->name) : NULL;
	e->message = ev->has_message ? buf_str(&ev->message) : NULL;
	e->fields_json = ev->fields.data;
	e->span_name = ev->cur_from ? buf_str(&ev->cur_name) : NULL;
	e->span_json = ev->cur_from ? buf_str(&ev->cur_fields) : NULL;
	e->spans_json = ev->nspans ? ev->spans.data : NULL;
	e->request_id = pick(ev, 0);
	e->method = pick(ev, 1);
	e->uri = pick(ev, 2);
	e->is_start = is_start(ev);
	e->thread_name = ev->has_thread_name ? buf_str(&ev->thread_name) : NULL;
	e->thread_id = ev->has_thread_id ? buf_str(&ev->thread_id) : NULL;
	e->file = ev->has_file ? buf_str(&ev->file) : NULL;
	e->file_line = ev->file_line;
	e->has_latency = ev->has_latency;
	e->latency_ms = ev->latency_ms;
	if (out->emit(out->ctx, &rec, err) < 0)
		return -1;
	return tr_phases_emit(&ev->phases, ev->line, ev->off, ev->has_name ? ev->name.data : NULL,
			      out, err);
}
