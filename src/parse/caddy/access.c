/* access.c - Caddy's JSON log lines -> requests (loggers http.log.access*)
 * and proxy events (every other logger: upstream errors, start, stop).
 * The line is read by json_scan (parse/json_scan.h), the ingest's hot loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/json_scan.h"
#include "parse/parser.h"
#include "parse/redact.h"
#include "parse/route.h"
#include "util/buf.h"
#include "util/scan.h"
#include "util/timeconv.h"

#define FIELD_MAX (64 * 1024)   /* one field's cap; a line is at most 1 MiB */
#define MAX_DEPTH 64

enum field {
	F_LEVEL, F_TS, F_LOGGER, F_MSG, F_DURATION, F_STATUS, F_SIZE, F_BYTES_READ,
	F_REMOTE_IP, F_REMOTE_PORT, F_CLIENT_IP, F_PROTO, F_METHOD, F_HOST, F_URI,
	F_H_CF, F_H_XFF, F_H_XREAL, F_H_UA, F_H_REQID, F_RESP_REQID,
	F_COUNT, F_NONE = F_COUNT,
	/* keys that open a container rather than name a value */
	K_REQUEST, K_RESP_HEADERS, K_HEADERS,
};

enum vtype { T_ABSENT, T_STRING, T_NUMBER, T_OTHER };

/* What the map or array at each depth is, so a key means the right thing. */
enum role { R_OTHER, R_TOP, R_REQUEST, R_REQ_HEADERS, R_RESP_HEADERS, R_VALUES };

struct caddy_state {
	const struct parse_opts *opts;
	/* per line */
	int depth;
	enum role roles[MAX_DEPTH];
	enum field values_of[MAX_DEPTH];       /* R_VALUES: the header they fill */
	enum field key;                        /* field named by the current key */
	struct buf f[F_COUNT];
	enum vtype t[F_COUNT];
	int top_is_object;
	/* scratch reused across lines */
	struct buf uri, route, json;
	struct buf unescaped;                  /* json_scan's decoded strings */
};

/* Keys are matched for every key of every line of a large log: a switch on
 * the length, then one fixed-size comparison (SCAN_IS). */
#define IS(lit) SCAN_IS(s, n, lit)

static enum field top_key(const char *s, size_t n)
{
	switch (n) {
	case 2: return IS("ts") ? F_TS : F_NONE;
	case 3: return IS("msg") ? F_MSG : F_NONE;
	case 4: return IS("size") ? F_SIZE : F_NONE;
	case 5: return IS("level") ? F_LEVEL : F_NONE;
	case 6: return IS("logger") ? F_LOGGER : IS("status") ? F_STATUS : F_NONE;
	case 7: return IS("request") ? K_REQUEST : F_NONE;
	case 8: return IS("duration") ? F_DURATION : F_NONE;
	case 10: return IS("bytes_read") ? F_BYTES_READ : F_NONE;
	case 12: return IS("resp_headers") ? K_RESP_HEADERS : F_NONE;
	default: return F_NONE;
	}
}

static enum field request_key(const char *s, size_t n)
{
	switch (n) {
	case 3: return IS("uri") ? F_URI : F_NONE;
	case 4: return IS("host") ? F_HOST : F_NONE;
	case 5: return IS("proto") ? F_PROTO : F_NONE;
	case 6: return IS("method") ? F_METHOD : F_NONE;
	case 7: return IS("headers") ? K_HEADERS : F_NONE;
	case 9: return IS("remote_ip") ? F_REMOTE_IP : IS("client_ip") ? F_CLIENT_IP : F_NONE;
	case 11: return IS("remote_port") ? F_REMOTE_PORT : F_NONE;
	default: return F_NONE;
	}
}

/* Is s[0..n) the header NAME (lower case), in any case? Go canonicalises
 * header names, other writers may not. */
static int header_is(const char *s, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z' ? c | 0x20 : c) != (unsigned char)name[i])
			return 0;
	}
	return name[n] == '\0';
}

/* The request header a key names: one name per length. */
static enum field request_header(const char *s, size_t n)
{
	switch (n) {
	case 9: return header_is(s, n, "x-real-ip") ? F_H_XREAL : F_NONE;
	case 10: return header_is(s, n, "user-agent") ? F_H_UA : F_NONE;
	case 12: return header_is(s, n, "x-request-id") ? F_H_REQID : F_NONE;
	case 15: return header_is(s, n, "x-forwarded-for") ? F_H_XFF : F_NONE;
	case 16: return header_is(s, n, "cf-connecting-ip") ? F_H_CF : F_NONE;
	default: return F_NONE;
	}
}

static enum role role_here(const struct caddy_state *c)
{
	return c->depth > 0 && c->depth <= MAX_DEPTH ? c->roles[c->depth - 1] : R_OTHER;
}

static int keep_value(struct caddy_state *c, enum field f, enum vtype t, const void *s, size_t n)
{
	if (f == F_NONE)
		return 1;
	if (role_here(c) == R_VALUES) {
		/* header values are arrays: join repeated values as HTTP does */
		if (c->t[f] == T_STRING && c->f[f].len > 0 && buf_adds(&c->f[f], ", ") < 0)
			return 1;       /* over the cap: keep what fits */
		c->t[f] = T_STRING;
		(void)buf_add(&c->f[f], s, n);
		return 1;
	}
	buf_reset(&c->f[f]);    /* hostile input repeats keys: the last one wins */
	c->t[f] = t;
	(void)buf_add(&c->f[f], s, n);
	return 1;
}

static enum field value_field(struct caddy_state *c)
{
	enum role r = role_here(c);

	if (r == R_VALUES)
		return c->values_of[c->depth - 1];
	if ((r == R_TOP || r == R_REQUEST) && c->key < F_COUNT)
		return c->key;
	return F_NONE;
}

static int on_null(void *ctx)
{
	struct caddy_state *c = ctx;

	return keep_value(c, value_field(c), T_OTHER, "", 0);
}

static int on_bool(void *ctx, int v)
{
	struct caddy_state *c = ctx;

	(void)v;
	return keep_value(c, value_field(c), T_OTHER, "", 0);
}

static int on_number(void *ctx, const char *s, size_t n)
{
	struct caddy_state *c = ctx;

	return keep_value(c, value_field(c), T_NUMBER, s, n);
}

static int on_string(void *ctx, const char *s, size_t n)
{
	struct caddy_state *c = ctx;

	return keep_value(c, value_field(c), T_STRING, s, n);
}

static int on_key(void *ctx, const char *s, size_t n)
{
	struct caddy_state *c = ctx;
	enum role r = role_here(c);

	if (r == R_TOP)
		c->key = top_key(s, n);
	else if (r == R_REQUEST)
		c->key = request_key(s, n);
	else if (r == R_REQ_HEADERS)
		c->key = request_header(s, n);
	else if (r == R_RESP_HEADERS && n == 12 && header_is(s, n, "x-request-id"))
		c->key = F_RESP_REQID;
	else
		c->key = F_NONE;
	return 1;
}

static int push(struct caddy_state *c, enum role r, enum field values_of)
{
	if (c->depth < MAX_DEPTH) {
		c->roles[c->depth] = r;
		c->values_of[c->depth] = values_of;
	}
	c->depth++;
	return 1;
}

static int on_start_map(void *ctx)
{
	struct caddy_state *c = ctx;
	enum role r = role_here(c), nr = R_OTHER;

	if (c->depth == 0) {
		c->top_is_object = 1;
		nr = R_TOP;
	} else if (r == R_TOP && c->key == K_REQUEST) {
		nr = R_REQUEST;
	} else if (r == R_TOP && c->key == K_RESP_HEADERS) {
		nr = R_RESP_HEADERS;
	} else if (r == R_REQUEST && c->key == K_HEADERS) {
		nr = R_REQ_HEADERS;
	} else if ((r == R_TOP || r == R_REQUEST) && c->key < F_COUNT) {
		keep_value(c, c->key, T_OTHER, "", 0);  /* a map where a scalar belongs */
	}
	c->key = F_NONE;
	return push(c, nr, F_NONE);
}

static int on_end_map(void *ctx)
{
	struct caddy_state *c = ctx;

	c->depth--;
	c->key = F_NONE;
	return 1;
}

static int on_start_array(void *ctx)
{
	struct caddy_state *c = ctx;
	enum role r = role_here(c);

	if ((r == R_REQ_HEADERS || r == R_RESP_HEADERS) && c->key < F_COUNT) {
		buf_reset(&c->f[c->key]);
		c->t[c->key] = T_ABSENT;
		return push(c, R_VALUES, c->key);
	}
	if ((r == R_TOP || r == R_REQUEST) && c->key < F_COUNT)
		keep_value(c, c->key, T_OTHER, "", 0);
	return push(c, R_OTHER, F_NONE);
}

static int on_end_array(void *ctx)
{
	struct caddy_state *c = ctx;

	c->depth--;
	return 1;
}

static const struct json_handlers handlers = {
	on_null, on_bool, on_number, on_string, on_start_map, on_key,
	on_end_map, on_start_array, on_end_array,
};

static void reset_line(struct caddy_state *c)
{
	c->depth = 0;
	c->key = F_NONE;
	c->top_is_object = 0;
	for (int i = 0; i < F_COUNT; i++) {
		buf_reset(&c->f[i]);
		c->t[i] = T_ABSENT;
	}
}

static const char *str(const struct caddy_state *c, enum field f)
{
	return c->t[f] == T_STRING ? buf_str(&c->f[f]) : NULL;
}

/* An integer field: absent is fine, another type is a reject. */
static int int_field(const struct caddy_state *c, enum field f, int64_t *out)
{
	char *end;
	long long v;

	*out = RECORD_NONE;
	if (c->t[f] == T_ABSENT)
		return 0;
	if (c->t[f] != T_NUMBER)
		return -1;
	v = strtoll(c->f[f].data, &end, 10);
	if (*end != '\0')
		return -1;
	*out = v;
	return 0;
}

/* ts: float seconds (default), unix_milli_float, unix_nano, or a string
 * (iso8601, rfc3339, rfc3339_nano, wall). */
static int ts_field(const struct caddy_state *c, int64_t *us)
{
	const struct buf *b = &c->f[F_TS];

	if (c->t[F_TS] == T_NUMBER)
		return timeconv_parse_epoch_number(b->data, b->len, us);
	if (c->t[F_TS] == T_STRING)
		return timeconv_parse_rfc3339(b->data, b->len, us);
	return -1;
}

/* duration: float seconds (default), integer nanoseconds (nano), or Go's
 * string form (string). An integer is nanoseconds: a float-seconds duration
 * is never a whole number in practice. */
static int duration_field(const struct caddy_state *c, int64_t *us)
{
	const struct buf *b = &c->f[F_DURATION];

	*us = RECORD_NONE;
	if (c->t[F_DURATION] == T_ABSENT)
		return 0;
	if (c->t[F_DURATION] == T_STRING)
		return timeconv_parse_go_duration(b->data, b->len, us);
	if (c->t[F_DURATION] != T_NUMBER)
		return -1;
	if (strpbrk(b->data, "eE")) {
		double d = strtod(b->data, NULL);

		if (!(d >= 0 && d < 1e9))
			return -1;
		*us = (int64_t)(d * 1e6 + 0.5);
		return 0;
	}
	if (!strchr(b->data, '.')) {
		char *end;
		long long ns = strtoll(b->data, &end, 10);

		if (*end != '\0' || ns < 0)
			return -1;
		*us = ns / 1000;
		return 0;
	}
	return timeconv_parse_seconds(b->data, b->len, us);
}

static int emit_access(struct caddy_state *c, const struct line *l, const struct sink *out,
		       struct diag *err)
{
	struct record rec = { .kind = REC_REQUEST, .line = l->no, .off = l->off };
	struct request_rec *r = &rec.u.request;
	int64_t ts;
	const char *uri, *q;
	size_t ulen, plen;

	if (c->t[F_TS] == T_ABSENT)
		return parser_reject(out, l, "missing field 'ts'", err);
	if (ts_field(c, &ts) < 0)
		return parser_reject(out, l, "field 'ts' is not a time", err);
	if (c->t[F_METHOD] == T_ABSENT)
		return parser_reject(out, l, "missing field 'request.method'", err);
	if (c->t[F_URI] == T_ABSENT)
		return parser_reject(out, l, "missing field 'request.uri'", err);
	if (c->t[F_METHOD] != T_STRING)
		return parser_reject(out, l, "field 'request.method' is not a string", err);
	if (c->t[F_URI] != T_STRING)
		return parser_reject(out, l, "field 'request.uri' is not a string", err);
	if (c->t[F_STATUS] == T_ABSENT)
		return parser_reject(out, l, "missing field 'status'", err);
	if (int_field(c, F_STATUS, &r->status) < 0)
		return parser_reject(out, l, "field 'status' is not an integer", err);
	if (int_field(c, F_SIZE, &r->size) < 0)
		return parser_reject(out, l, "field 'size' is not an integer", err);
	if (int_field(c, F_BYTES_READ, &r->bytes_read) < 0)
		return parser_reject(out, l, "field 'bytes_read' is not an integer", err);
	if (duration_field(c, &r->duration_us) < 0)
		return parser_reject(out, l, "field 'duration' is not a duration", err);

	r->end_us = ts;
	r->start_us = r->duration_us != RECORD_NONE ? ts - r->duration_us : ts;
	r->method = str(c, F_METHOD);
	r->host = str(c, F_HOST);
	r->proto = str(c, F_PROTO);
	r->remote_ip = str(c, F_REMOTE_IP);
	r->client_ip = str(c, F_CLIENT_IP);
	r->cf_connecting_ip = str(c, F_H_CF);
	r->x_forwarded_for = str(c, F_H_XFF);
	r->x_real_ip = str(c, F_H_XREAL);
	r->user_agent = str(c, F_H_UA);
	r->request_id = c->t[F_RESP_REQID] == T_STRING && c->f[F_RESP_REQID].len ?
		str(c, F_RESP_REQID) : str(c, F_H_REQID);
	r->remote_port = RECORD_NONE;
	if (c->t[F_REMOTE_PORT] == T_STRING || c->t[F_REMOTE_PORT] == T_NUMBER) {
		char *end;
		long long v = strtoll(c->f[F_REMOTE_PORT].data, &end, 10);

		if (*end == '\0' && end != c->f[F_REMOTE_PORT].data)
			r->remote_port = v;
	}

	uri = c->f[F_URI].data;
	ulen = c->f[F_URI].len;
	q = memchr(uri, '?', ulen);
	plen = q ? (size_t)(q - uri) : ulen;
	buf_reset(&c->uri);
	buf_reset(&c->route);
	if (redact_uri(&c->uri, uri, ulen) < 0 ||
	    route_template(&c->route, uri, plen, c->opts->strip_prefix) < 0)
		return parser_reject(out, l, "request.uri too long", err);
	r->uri = c->uri.data;
	r->route = c->route.data;
	return out->emit(out->ctx, &rec, err);
}

static int emit_proxy_event(struct caddy_state *c, const struct line *l, const struct sink *out,
			    struct diag *err)
{
	struct record rec = { .kind = REC_PROXY_EVENT, .line = l->no, .off = l->off };
	struct proxy_event_rec *e = &rec.u.proxy_event;
	int64_t ts;

	e->ts_us = ts_field(c, &ts) == 0 ? ts : RECORD_NONE;
	e->level = str(c, F_LEVEL);
	e->logger = str(c, F_LOGGER);
	e->msg = str(c, F_MSG);
	buf_reset(&c->json);
	if (redact_json(&c->json, l->text, l->len) < 0)
		return parser_reject(out, l, "invalid JSON", err);
	e->fields_json = c->json.data;
	return out->emit(out->ctx, &rec, err);
}

static int caddy_line(void *state, const struct line *l, const struct sink *out, struct diag *err)
{
	struct caddy_state *c = state;
	struct json_error je;
	const char *logger;
	char why[160];

	if (l->too_long) {
		snprintf(why, sizeof(why), "line longer than %d bytes", READER_MAX_LINE);
		return parser_reject(out, l, why, err);
	}
	if (strspn(l->text, " \t") == l->len)
		return 0;       /* blank: nothing to keep, nothing lost */
	reset_line(c);
	if (json_scan(l->text, l->len, &handlers, c, &c->unescaped, &je) != JSON_OK)
		return parser_reject(out, l, json_error_reason(&je, why, sizeof(why)), err);
	if (!c->top_is_object)
		return parser_reject(out, l, "not a JSON object", err);
	logger = str(c, F_LOGGER);
	if (logger ? strncmp(logger, "http.log.access", 15) == 0 :
		     c->t[F_STATUS] != T_ABSENT && c->t[F_METHOD] != T_ABSENT)
		return emit_access(c, l, out, err);
	/* Caddy's root logger has no name: "serving initial configuration" */
	if (!logger && (c->t[F_TS] == T_ABSENT || c->t[F_MSG] != T_STRING))
		return parser_reject(out, l, "not a Caddy log entry (no logger, ts or msg)", err);
	return emit_proxy_event(c, l, out, err);
}

static int caddy_probe(const char *text, size_t len)
{
	/* Caddy's encoder writes level, ts, logger first; the full parse decides. */
	if (len < 2 || text[0] != '{')
		return 0;
	if (scan_contains(text, len, "\"logger\":\"http.") && scan_contains(text, len, "\"ts\":"))
		return 90;
	/* its process log (admin, tls, the nameless root logger) in that order */
	if (len > 16 && memcmp(text, "{\"level\":\"", 10) == 0 &&
	    scan_contains(text, len, "\",\"ts\":"))
		return 80;
	if (scan_contains(text, len, "\"logger\":\"") && scan_contains(text, len, "\"ts\":"))
		return 60;
	return 0;
}

static int caddy_open(void **state, const struct parse_opts *opts, struct diag *err)
{
	struct caddy_state *c = calloc(1, sizeof(*c));

	if (!c)
		return diag_oom(err);
	c->opts = opts;
	for (int i = 0; i < F_COUNT; i++)
		buf_init(&c->f[i], FIELD_MAX);
	buf_init(&c->uri, FIELD_MAX * 2);
	buf_init(&c->route, FIELD_MAX * 2);
	buf_init(&c->json, READER_MAX_LINE * 2);
	buf_init(&c->unescaped, READER_MAX_LINE);
	*state = c;
	return 0;
}

static int caddy_finish(void *state, const struct sink *out, struct diag *err)
{
	(void)state;
	(void)out;
	(void)err;
	return 0;
}

static void caddy_close(void *state)
{
	struct caddy_state *c = state;

	if (!c)
		return;
	for (int i = 0; i < F_COUNT; i++)
		buf_release(&c->f[i]);
	buf_release(&c->uri);
	buf_release(&c->route);
	buf_release(&c->json);
	buf_release(&c->unescaped);
	free(c);
}

const struct parser caddy_parser = {
	.name = "caddy",
	.probe = caddy_probe,
	.open = caddy_open,
	.line = caddy_line,
	.finish = caddy_finish,
	.close = caddy_close,
};
