/* access.c - Caddy's log lines -> requests (loggers http.log.access*)
 * and proxy events (every other logger: upstream errors, start, stop).
 * A line is the json encoder's object, or the console encoder's prefix and
 * fields object (console.h); either is read by json_scan
 * (parse/json_scan.h), the ingest's hot loop. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/caddy/console.h"
#include "parse/caddy/doubts.h"
#include "parse/caddy/hold.h"
#include "parse/caddy/values.h"
#include "parse/json_probe.h"
#include "parse/json_scan.h"
#include "parse/parser.h"
#include "parse/redact.h"
#include "parse/route.h"
#include "util/buf.h"
#include "util/scan.h"
#include "util/timeconv.h"
#include "util/tz.h"

#define FIELD_MAX (64 * 1024)   /* one field's cap; a line is at most 1 MiB */
#define MAX_DEPTH 64
#define DAY_US (INT64_C(86400) * 1000000)

/* While a file's float durations have not shown their unit (values.h),
 * its lines are held, in order, and read once it is known: when a line
 * says seconds for sure, when HOLD_DECIDE lines in a row could be
 * milliseconds (a seconds file gives that about never), or when the hold
 * is full or the input ends (milliseconds from HOLD_LEAST such lines on,
 * or when most of them, read as seconds, exceed the held lines' own time
 * span; seconds otherwise: Caddy's default). */
#define HOLD_DECIDE 8
#define HOLD_LEAST 3

enum field {
	F_LEVEL, F_TS, F_LOGGER, F_MSG, F_DURATION, F_STATUS, F_SIZE, F_BYTES_READ,
	F_REMOTE_IP, F_REMOTE_PORT, F_CLIENT_IP, F_PROTO, F_METHOD, F_HOST, F_URI,
	F_H_CF, F_H_XFF, F_H_XREAL, F_H_UA, F_H_REQID, F_RESP_REQID,
	F_COUNT, F_NONE = F_COUNT,
	/* keys that open a container rather than name a value */
	K_REQUEST, K_RESP_HEADERS, K_HEADERS,
};

enum vtype { T_ABSENT, T_STRING, T_NUMBER, T_OTHER };

/* As reject reasons name them. */
static const char *const field_name[F_COUNT] = {
	[F_LEVEL] = "level", [F_TS] = "ts", [F_LOGGER] = "logger", [F_MSG] = "msg",
	[F_DURATION] = "duration", [F_STATUS] = "status", [F_SIZE] = "size",
	[F_BYTES_READ] = "bytes_read", [F_REMOTE_IP] = "request.remote_ip",
	[F_REMOTE_PORT] = "request.remote_port", [F_CLIENT_IP] = "request.client_ip",
	[F_PROTO] = "request.proto", [F_METHOD] = "request.method", [F_HOST] = "request.host",
	[F_URI] = "request.uri", [F_H_CF] = "request.headers.Cf-Connecting-Ip",
	[F_H_XFF] = "request.headers.X-Forwarded-For", [F_H_XREAL] = "request.headers.X-Real-Ip",
	[F_H_UA] = "request.headers.User-Agent", [F_H_REQID] = "request.headers.X-Request-Id",
	[F_RESP_REQID] = "resp_headers.X-Request-Id",
};

/* What the map or array at each depth is, so a key means the right thing. */
enum role { R_OTHER, R_TOP, R_REQUEST, R_REQ_HEADERS, R_RESP_HEADERS, R_VALUES };

struct caddy_state {
	const struct parse_opts *opts;
	struct tz *tz;                  /* --tz: zone of times without one; NULL UTC */
	enum caddy_unit unit;           /* of float durations; UNKNOWN: not yet shown */
	int unit_forced;                /* --duration-unit */
	int saw_float;                  /* an integer is then of the floats' unit */
	struct line_hold held;          /* lines held until the unit is known */
	int nambiguous;
	int unit_sure;                  /* shown by a duration's digits, not guessed */
	int64_t held_first, held_last;  /* ts span of the held access lines; RECORD_NONE */
	int64_t held_secs[HOLD_DECIDE]; /* their ambiguous durations, read as seconds */
	/* what the file's lines say of how they were read (finish()) */
	int64_t access_lines, first_access;
	int64_t missing[F_COUNT];       /* access lines without the field */
	struct caddy_durations dur;
	/* per line */
	const char *why;                /* a type error seen during the scan */
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
	struct buf clean;                      /* a console line without colours */
	struct caddy_console con;
	const char *obj;                       /* the line's JSON object, or NULL */
	size_t obj_len;
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
	/* a header as a plain string, not an array: other writers (and
	 * re-serialisers) do that; it is read as one value */
	if ((r == R_TOP || r == R_REQUEST || r == R_REQ_HEADERS || r == R_RESP_HEADERS) &&
	    c->key < F_COUNT)
		return c->key;
	if (c->key <= F_NONE)
		return F_NONE;  /* most values: a field we do not read */
	/* a scalar where an object belongs */
	if (r == R_TOP && c->key == K_REQUEST && !c->why)
		c->why = "field 'request' is not an object";
	else if (r == R_TOP && c->key == K_RESP_HEADERS && !c->why)
		c->why = "field 'resp_headers' is not an object";
	else if (r == R_REQUEST && c->key == K_HEADERS && !c->why)
		c->why = "field 'request.headers' is not an object";
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
	} else if ((r == R_TOP || r == R_REQUEST || r == R_REQ_HEADERS ||
		    r == R_RESP_HEADERS) && c->key < F_COUNT) {
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
	else
		(void)value_field(c);   /* an array where an object belongs */
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
	c->why = NULL;
	for (int i = 0; i < F_COUNT; i++) {
		buf_reset(&c->f[i]);
		c->t[i] = T_ABSENT;
	}
}

static const char *str(const struct caddy_state *c, enum field f)
{
	return c->t[f] == T_STRING ? buf_str(&c->f[f]) : NULL;
}

/* An integer field in [lo, hi]: absent is fine, another type is a reject
 * (-1), so is a value out of the range (-2). Its text is a JSON number
 * (json_scan checked it), so it is read as strtoll() would read it, minus
 * strtoll()'s locale and errno: for status, size and bytes_read of every
 * line, strtoll() was 4% of the parser thread's time (perf, 1 GB log),
 * and that thread sets the ingest's pace. */
static int int_field(const struct caddy_state *c, enum field f, int64_t lo, int64_t hi,
		     int64_t *out)
{
	const char *p;
	uint64_t v = 0;
	int neg, over = 0;

	*out = RECORD_NONE;
	if (c->t[f] == T_ABSENT)
		return 0;
	if (c->t[f] != T_NUMBER)
		return -1;
	p = c->f[f].data;
	neg = *p == '-';
	for (p += neg; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			over = 1;       /* strtoll's ERANGE; its digits still read */
		else
			v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p != '\0')
		return -1;      /* a fraction or an exponent */
	if (over || v > (uint64_t)INT64_MAX + (uint64_t)neg)
		return -2;
	/* -v in unsigned arithmetic: INT64_MIN has no positive twin */
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	if (*out < lo || *out > hi) {
		*out = RECORD_NONE;
		return -2;
	}
	return 0;
}

/* ts: float seconds (default), unix_milli_float, unix_nano, or a string
 * (iso8601, rfc3339, rfc3339_nano, wall*, common_log): values.h. */
static int ts_field(const struct caddy_state *c, int64_t *us)
{
	const struct buf *b = &c->f[F_TS];

	if (c->t[F_TS] != T_NUMBER && c->t[F_TS] != T_STRING)
		return -1;
	return caddy_ts(b->data, b->len, c->t[F_TS] == T_NUMBER, c->tz, us);
}

static int is_float(const struct buf *b)
{
	return memchr(b->data, '.', b->len) || memchr(b->data, 'e', b->len) ||
	       memchr(b->data, 'E', b->len);
}

/* duration: a float of the file's unit (seconds by default; see the hold
 * above), an integer (nanoseconds: duration_format nano; of the floats'
 * unit once the file has shown floats), or Go's string form. Below a day:
 * a longer one is another unit, or not Caddy's. */
static int duration_field(const struct caddy_state *c, int64_t *us, const char **why)
{
	const struct buf *b = &c->f[F_DURATION];
	int rc = -1;

	*us = RECORD_NONE;
	*why = "field 'duration' is not a duration";
	if (c->t[F_DURATION] == T_ABSENT)
		return 0;
	if (c->t[F_DURATION] == T_STRING) {
		rc = timeconv_parse_go_duration(b->data, b->len, us);
	} else if (c->t[F_DURATION] == T_NUMBER) {
		int flt = is_float(b);

		if (flt && c->unit == CADDY_UNIT_MS &&
		    caddy_duration_hint(b->data, b->len) == CADDY_UNIT_S) {
			*why = "field 'duration' has more digits than milliseconds can have: "
			       "seconds? (--duration-unit)";
			return -1;
		}
		rc = caddy_duration_number(b->data, b->len,
					   flt || c->saw_float ? c->unit : CADDY_UNIT_NS, us);
	}
	if (rc == 0 && *us >= DAY_US) {
		*why = "field 'duration' is a day or more: another unit? (--duration-unit)";
		rc = -1;
	}
	return rc;
}

static int emit_access(struct caddy_state *c, const struct line *l, const struct sink *out,
		       struct diag *err)
{
	struct record rec = { .kind = REC_REQUEST, .line = l->no, .off = l->off };
	struct request_rec *r = &rec.u.request;
	int64_t ts;
	const char *uri, *reason;
	char *q;
	size_t ulen, plen;
	char why[128];
	int rc, flt;

	if (c->access_lines++ == 0)
		c->first_access = l->no;
	for (int f = 0; f < F_COUNT; f++)
		c->missing[f] += c->t[f] == T_ABSENT;
	if (c->why)
		return parser_reject(out, l, c->why, err);
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
	/* status 0: Caddy's entry for a client that went away unanswered */
	rc = int_field(c, F_STATUS, 0, 599, &r->status);
	if (rc == 0 && r->status > 0 && r->status < 100)
		rc = -2;
	if (rc < 0)
		return parser_reject(out, l, rc == -1 ? "field 'status' is not an integer" :
				     "field 'status' is out of range (100-599)", err);
	for (int f = F_SIZE; f <= F_BYTES_READ; f++) {
		rc = int_field(c, f, 0, INT64_MAX, f == F_SIZE ? &r->size : &r->bytes_read);
		if (rc < 0) {
			snprintf(why, sizeof(why), rc == -1 ? "field '%s' is not an integer" :
				 "field '%s' is out of range", field_name[f]);
			return parser_reject(out, l, why, err);
		}
	}
	for (int f = F_REMOTE_IP; f < F_COUNT; f++)
		if (c->t[f] != T_ABSENT && c->t[f] != T_STRING &&
		    !(f == F_REMOTE_PORT && c->t[f] == T_NUMBER)) {
			snprintf(why, sizeof(why), "field '%s' is not a string", field_name[f]);
			return parser_reject(out, l, why, err);
		}
	flt = c->t[F_DURATION] == T_NUMBER && is_float(&c->f[F_DURATION]);
	if (flt)
		caddy_durations_digits(&c->dur, caddy_duration_hint(c->f[F_DURATION].data,
								    c->f[F_DURATION].len));
	if (duration_field(c, &r->duration_us, &reason) < 0)
		return parser_reject(out, l, reason, err);

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

		if (*end != '\0' || end == c->f[F_REMOTE_PORT].data || v < 0 || v > 65535)
			return parser_reject(out, l, "field 'request.remote_port' is not a port", err);
		r->remote_port = v;
	}

	uri = c->f[F_URI].data;
	ulen = c->f[F_URI].len;
	buf_reset(&c->uri);
	buf_reset(&c->route);
	if (redact_uri(&c->uri, uri, ulen) < 0)
		return parser_reject(out, l, "request.uri too long", err);
	/* the route from the redacted path: a token as a segment stays out */
	q = strpbrk(buf_str(&c->uri), "?#");     /* "": an empty uri */
	plen = q ? (size_t)(q - c->uri.data) : c->uri.len;
	if (route_template(&c->route, buf_str(&c->uri), plen, c->opts->strip_prefix) < 0)
		return parser_reject(out, l, "request.uri too long", err);
	r->uri = buf_str(&c->uri);
	r->route = buf_str(&c->route);
	caddy_durations_add(&c->dur, ts, flt ? r->duration_us : RECORD_NONE);
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
	if (!c->obj)
		(void)buf_adds(&c->json, "{}");        /* a console line without fields */
	else if (redact_json(&c->json, c->obj, c->obj_len) < 0)
		return parser_reject(out, l, "invalid JSON", err);
	e->fields_json = c->json.data;
	return out->emit(out->ctx, &rec, err);
}

/* The console encoder's prefix as the json encoder's keys would give it. */
static void keep_console_prefix(struct caddy_state *c)
{
	const struct caddy_console *k = &c->con;
	char level[8];
	size_t n = k->level_len < sizeof(level) ? k->level_len : sizeof(level) - 1;
	int numeric = k->ts_len > 0 && strspn(k->ts, "0123456789.") >= k->ts_len;

	for (size_t i = 0; i < n; i++)  /* "INFO" (level_format upper, color) */
		level[i] = (char)(k->level[i] >= 'A' && k->level[i] <= 'Z' ? k->level[i] | 0x20 :
				  k->level[i]);
	keep_value(c, F_TS, numeric ? T_NUMBER : T_STRING, k->ts, k->ts_len);
	keep_value(c, F_LEVEL, T_STRING, level, n);
	if (k->logger_len)
		keep_value(c, F_LOGGER, T_STRING, k->logger, k->logger_len);
	keep_value(c, F_MSG, T_STRING, k->msg, k->msg_len);
}

/* The line into c's fields: NULL, or why it cannot be read. */
static const char *scan_line(struct caddy_state *c, const struct line *l, char *why,
			     size_t size)
{
	struct json_error je;
	size_t i = strspn(l->text, " \t");

	reset_line(c);
	c->obj = l->text;
	c->obj_len = l->len;
	/* not a console line: the JSON reader says what is wrong with it */
	if (l->text[i] != '{' && caddy_console_split(l->text, l->len, &c->clean, &c->con) == 0) {
		c->obj = c->con.json;
		c->obj_len = c->con.json_len;
		c->depth = 0;
		keep_console_prefix(c);
		if (!c->obj) {
			c->top_is_object = 1;
			return NULL;
		}
	}
	if (json_scan(c->obj, c->obj_len, &handlers, c, &c->unescaped, &je) != JSON_OK)
		return json_error_reason(&je, why, size);
	if (!c->top_is_object)
		return "not a JSON object";
	return NULL;
}

static int caddy_line(void *state, const struct line *l, const struct sink *out,
		      struct diag *err);

/* The unit is known now: the held lines are read, in order. */
static int release_held(struct caddy_state *c, enum caddy_unit unit, const struct sink *out,
			struct diag *err)
{
	c->unit = unit;
	c->nambiguous = 0;
	c->held_first = c->held_last = RECORD_NONE;
	return line_hold_replay(&c->held, caddy_line, c, out, err);
}

static enum caddy_unit guessed_unit(const struct caddy_state *c)
{
	if (c->nambiguous >= HOLD_LEAST)
		return CADDY_UNIT_MS;
	if (c->held_first != RECORD_NONE &&
	    caddy_durations_exceed_span(c->held_secs, c->nambiguous, c->held_last - c->held_first))
		return CADDY_UNIT_MS;
	return CADDY_UNIT_S;
}

/* A held access line's time and, read as seconds, its ambiguous duration. */
static void note_held(struct caddy_state *c, int flt)
{
	const struct buf *d = &c->f[F_DURATION];
	int64_t ts, us;

	if (ts_field(c, &ts) == 0) {
		if (c->held_first == RECORD_NONE || ts < c->held_first)
			c->held_first = ts;
		if (c->held_last == RECORD_NONE || ts > c->held_last)
			c->held_last = ts;
	}
	if (flt && caddy_duration_number(d->data, d->len, CADDY_UNIT_S, &us) == 0)
		c->held_secs[c->nambiguous] = us;
	else if (flt)
		c->held_secs[c->nambiguous] = 0;
}

/* 1: the line is held (or set the unit free), 0: read it now, -1 error. */
static int hold_for_unit(struct caddy_state *c, const struct line *l, int access,
			 const struct sink *out, struct diag *err)
{
	const struct buf *d = &c->f[F_DURATION];
	int flt = access && c->t[F_DURATION] == T_NUMBER && is_float(d);

	if (c->unit != CADDY_UNIT_UNKNOWN || (!flt && c->held.n == 0))
		return 0;
	if (flt && caddy_duration_hint(d->data, d->len) == CADDY_UNIT_S) {
		c->unit_sure = 1;
		if (release_held(c, CADDY_UNIT_S, out, err) < 0)
			return -1;
		return caddy_line(c, l, out, err) < 0 ? -1 : 1;  /* scanned again */
	}
	if (!line_hold_fits(&c->held, l->len)) {
		if (release_held(c, guessed_unit(c), out, err) < 0)
			return -1;
		return caddy_line(c, l, out, err) < 0 ? -1 : 1;
	}
	if (line_hold_add(&c->held, l, err) < 0)
		return -1;
	if (access)
		note_held(c, flt);
	c->nambiguous += flt;
	if (c->nambiguous == HOLD_DECIDE)
		return release_held(c, CADDY_UNIT_MS, out, err) < 0 ? -1 : 1;
	return 1;
}

static int caddy_line(void *state, const struct line *l, const struct sink *out, struct diag *err)
{
	struct caddy_state *c = state;
	const char *logger, *bad;
	char why[160];
	int access, held;

	if (l->too_long) {
		if (c->held.n && c->unit == CADDY_UNIT_UNKNOWN) {
			if (line_hold_fits(&c->held, l->len))
				return line_hold_add(&c->held, l, err);  /* rejects keep their place */
			if (release_held(c, guessed_unit(c), out, err) < 0)
				return -1;
		}
		snprintf(why, sizeof(why), "line longer than %d bytes", READER_MAX_LINE);
		return parser_reject(out, l, why, err);
	}
	if (strspn(l->text, " \t") == l->len)
		return 0;       /* blank: nothing to keep, nothing lost */
	bad = scan_line(c, l, why, sizeof(why));
	if (!bad && c->t[F_LOGGER] != T_ABSENT && c->t[F_LOGGER] != T_STRING)
		bad = "field 'logger' is not a string";
	logger = str(c, F_LOGGER);
	access = !bad && (logger ? strncmp(logger, "http.log.access", 15) == 0 :
			  c->t[F_STATUS] != T_ABSENT && c->t[F_METHOD] != T_ABSENT);
	held = hold_for_unit(c, l, access, out, err);
	if (held)
		return held < 0 ? -1 : 0;
	if (bad)
		return parser_reject(out, l, bad, err);
	if (access) {
		c->saw_float |= c->t[F_DURATION] == T_NUMBER && is_float(&c->f[F_DURATION]);
		return emit_access(c, l, out, err);
	}
	/* Caddy's root logger has no name: "serving initial configuration" */
	if (!logger && (c->t[F_TS] == T_ABSENT || c->t[F_MSG] != T_STRING))
		return parser_reject(out, l, "not a Caddy log entry (no logger, ts or msg)", err);
	return emit_proxy_event(c, l, out, err);
}

static const char *const probe_keys[] = { "logger", "ts", "level", "msg", "timestamp", NULL };
enum { P_LOGGER, P_TS, P_LEVEL, P_MSG, P_TIMESTAMP };

static int caddy_probe(const char *text, size_t len)
{
	struct json_probe p;
	struct caddy_console k;
	struct buf clean;
	int64_t us;
	int score = 0;

	/* by parsing, not by bytes: any spacing, any key order */
	if (json_probe(text, len, probe_keys, &p) == 0) {
		if (p.type[P_TS] == JP_ABSENT || p.type[P_TIMESTAMP] != JP_ABSENT)
			return 0;       /* tracing's JSON has "timestamp" */
		if (p.type[P_LOGGER] == JP_STRING && strncmp(p.value[P_LOGGER], "http.", 5) == 0)
			return 90;
		/* its process log (admin, tls, the nameless root logger) */
		if (p.type[P_LEVEL] == JP_STRING && p.type[P_MSG] == JP_STRING)
			return 80;
		return p.type[P_LOGGER] == JP_STRING ? 60 : 0;
	}
	buf_init(&clean, len + 1);
	if (caddy_console_split(text, len, &clean, &k) == 0 &&
	    caddy_ts(k.ts, k.ts_len, strspn(k.ts, "0123456789.") >= k.ts_len, NULL, &us) == 0)
		score = k.logger_len > 5 && memcmp(k.logger, "http.", 5) == 0 ? 90 : 75;
	buf_release(&clean);
	return score;
}

static int caddy_open(void **state, const struct parse_opts *opts, struct diag *err)
{
	struct caddy_state *c = calloc(1, sizeof(*c));

	if (!c)
		return diag_oom(err);
	c->opts = opts;
	if (opts->tz && tz_load(&c->tz, opts->tz, err) < 0) {
		free(c);
		return -1;
	}
	c->unit = caddy_unit_named(opts->duration_unit);
	c->unit_forced = c->unit != CADDY_UNIT_UNKNOWN;
	c->held_first = c->held_last = RECORD_NONE;
	caddy_durations_init(&c->dur);
	for (int i = 0; i < F_COUNT; i++)
		buf_init(&c->f[i], FIELD_MAX);
	buf_init(&c->uri, FIELD_MAX * 2);
	buf_init(&c->route, FIELD_MAX * 2);
	buf_init(&c->json, READER_MAX_LINE * 2);
	buf_init(&c->unescaped, READER_MAX_LINE);
	buf_init(&c->clean, READER_MAX_LINE + 1);
	line_hold_init(&c->held);
	*state = c;
	return 0;
}

/* The fields a request needs: without one, a line is a reject (or, for
 * duration, a request without one); without it on every line, the file
 * was written another way (a `rename` or `delete` filter): a warning. */
static const enum field required[] = { F_TS, F_METHOD, F_URI, F_STATUS, F_DURATION };

static int caddy_finish(void *state, const struct sink *out, struct diag *err)
{
	struct caddy_state *c = state;
	char why[320];

	if (c->held.n && release_held(c, guessed_unit(c), out, err) < 0)
		return -1;
	for (size_t i = 0; c->access_lines && i < sizeof(required) / sizeof(required[0]); i++)
		if (c->missing[required[i]] == c->access_lines &&
		    parser_warn(out, c->first_access, err, "field '%s' is missing on every access "
				"line (%lld): renamed or deleted by a log filter?",
				field_name[required[i]], (long long)c->access_lines) < 0)
			return -1;
	if (!c->unit_sure && caddy_durations_doubt(&c->dur, c->unit, why, sizeof(why)) &&
	    parser_warn(out, c->first_access, err, "%s", why) < 0)
		return -1;
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
	buf_release(&c->clean);
	line_hold_release(&c->held);
	tz_free(c->tz);
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
