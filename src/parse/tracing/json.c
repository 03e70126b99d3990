/* json.c - tracing-subscriber's fmt().json() lines -> events.
 * Nested "fields" or flatten_event(true); "span" (the innermost span only)
 * and "spans" (root to leaf), either or both or neither; threadName,
 * threadId, filename, line_number. Read by json_scan (parse/json_scan.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/json_scan.h"
#include "parse/redact.h"
#include "parse/tracing/event.h"
#include "util/timeconv.h"

#define MAX_DEPTH 64

enum role { R_OTHER, R_TOP, R_FIELDS, R_SPAN, R_SPANS, R_SPAN_ITEM };

enum key {
	K_NONE, K_TIMESTAMP, K_LEVEL, K_TARGET, K_FIELDS, K_SPAN, K_SPANS, K_THREAD_NAME,
	K_THREAD_ID, K_FILENAME, K_LINE_NUMBER, K_FIELD,
};

struct tr_json {
	struct tr_event ev;
	/* per line */
	int depth;
	enum role roles[MAX_DEPTH];
	enum key key;
	struct buf keyb;                /* the current key: the scanner's copy moves on */
	struct buf unescaped;           /* json_scan's decoded strings */
	struct buf ts;
	int has_ts, has_level, top_is_object;
	const char *why;                /* a reject reason seen during the parse */
	/* copying a container value (a field that is a map or array) */
	int copy_base;                  /* depth inside the copied container; 0 none */
	int copy_span;                  /* it is a span's field */
	struct buf *copy_to;            /* NULL: skipped (a repeat, or redacted) */
	size_t copy_at;                 /* where in copy_to the container starts */
	uint64_t copy_first, copy_map;  /* per level below copy_base */
};

static const struct {
	const char *name;
	enum key key;
} top_keys[] = {
	{ "timestamp", K_TIMESTAMP }, { "level", K_LEVEL }, { "target", K_TARGET },
	{ "fields", K_FIELDS }, { "span", K_SPAN }, { "spans", K_SPANS },
	{ "threadName", K_THREAD_NAME }, { "threadId", K_THREAD_ID },
	{ "filename", K_FILENAME }, { "line_number", K_LINE_NUMBER },
};

static enum role role_here(const struct tr_json *j)
{
	return j->depth > 0 && j->depth <= MAX_DEPTH ? j->roles[j->depth - 1] : R_OTHER;
}

static void why(struct tr_json *j, const char *reason)
{
	if (!j->why)
		j->why = reason;
}

/* --- copy mode ----------------------------------------------------------- */

static int copying(const struct tr_json *j)
{
	return j->copy_base > 0;
}

static void copy_put(struct tr_json *j, const char *s, size_t n)
{
	if (j->copy_to && buf_add(j->copy_to, s, n) < 0)
		j->ev.overflow = 1;
}

/* Before a value inside the copied container: a comma in arrays. */
static void copy_sep(struct tr_json *j)
{
	int r = j->depth - j->copy_base;
	uint64_t bit = UINT64_C(1) << r;

	if (j->copy_map & bit)
		return;         /* after a key: its comma came with it */
	if (!(j->copy_first & bit))
		copy_put(j, ",", 1);
	j->copy_first &= ~bit;
}

static int copy_open(struct tr_json *j, int is_map)
{
	uint64_t bit;

	copy_sep(j);
	copy_put(j, is_map ? "{" : "[", 1);
	j->depth++;
	if (j->depth - j->copy_base >= 63 || j->depth > MAX_DEPTH) {
		why(j, "JSON nested too deeply");
		return 0;
	}
	bit = UINT64_C(1) << (j->depth - j->copy_base);
	j->copy_first |= bit;
	if (is_map)
		j->copy_map |= bit;
	else
		j->copy_map &= ~bit;
	return 1;
}

/* The copied container again, its secrets redacted at any depth (a
 * "headers" field holding "authorization" or "x-api-key"): the one JSON
 * redactor, not a second one here. */
static void copy_redact(struct tr_json *j)
{
	struct buf *to = j->copy_to, *tmp = &j->ev.scratch;

	buf_reset(tmp);
	if (redact_json(tmp, to->data + j->copy_at, to->len - j->copy_at) < 0) {
		j->ev.overflow = 1;
		return;
	}
	to->len = j->copy_at;
	to->data[to->len] = '\0';
	if (buf_add(to, tmp->data, tmp->len) < 0)
		j->ev.overflow = 1;
}

static int copy_close(struct tr_json *j, int is_map)
{
	copy_put(j, is_map ? "}" : "]", 1);
	j->depth--;
	if (j->depth < j->copy_base) {
		if (j->copy_to && !j->ev.overflow)
			copy_redact(j);
		if (j->copy_span && j->copy_to)
			tr_span_json_end(&j->ev);
		j->copy_base = 0;
	}
	return 1;
}

static void copy_scalar(struct tr_json *j, enum tr_type t, const char *s, size_t n)
{
	copy_sep(j);
	if (!j->copy_to)
		return;
	if (t == TR_STRING) {
		if (tr_json_escape(j->copy_to, s, n) < 0)
			j->ev.overflow = 1;
	} else {
		copy_put(j, s, n);
	}
}

/* A container where a field's value belongs: copy it as it is. */
static int copy_begin(struct tr_json *j, int in_span, int is_map)
{
	int redacted;
	struct buf *to = in_span ?
		tr_span_json_begin(&j->ev, j->keyb.data, j->keyb.len, &redacted) :
		tr_field_json_begin(&j->ev, j->keyb.data, j->keyb.len, &redacted);

	j->copy_to = redacted ? NULL : to;
	j->copy_at = to ? to->len : 0;
	j->copy_span = in_span;
	if (redacted && in_span)
		tr_span_json_end(&j->ev);       /* the entry is complete: "REDACTED" */
	j->copy_base = j->depth + 1;
	j->copy_first = 0;
	j->copy_map = 0;
	copy_put(j, is_map ? "{" : "[", 1);
	j->depth++;
	if (j->depth > MAX_DEPTH) {
		why(j, "JSON nested too deeply");
		return 0;
	}
	j->copy_first = 1;
	j->copy_map = is_map ? 1 : 0;
	return 1;
}

/* --- callbacks ----------------------------------------------------------- */

static int on_scalar(struct tr_json *j, enum tr_type t, const char *s, size_t n)
{
	enum role r;

	if (copying(j)) {
		copy_scalar(j, t, s, n);
		return 1;
	}
	r = role_here(j);
	if (r == R_FIELDS || (r == R_TOP && j->key == K_FIELD)) {
		tr_field(&j->ev, j->keyb.data, j->keyb.len, t, s, n);
	} else if (r == R_SPAN || r == R_SPAN_ITEM) {
		tr_span_field(&j->ev, j->keyb.data, j->keyb.len, t, s, n);
	} else if (r == R_SPANS) {
		why(j, "field 'spans' holds a non-object");
	} else if (r == R_TOP) {
		switch (j->key) {
		case K_TIMESTAMP:
			j->has_ts = 1;
			if (t != TR_STRING)
				why(j, "field 'timestamp' is not a string");
			else if (tr_set(&j->ts, s, n) < 0)
				why(j, "field 'timestamp' is not a time");
			break;
		case K_LEVEL:
			j->has_level = 1;
			if (t != TR_STRING)
				why(j, "field 'level' is not a string");
			else if (tr_set(&j->ev.level, s, n) < 0)
				j->ev.overflow = 1;
			break;
		case K_TARGET:
			if (t != TR_STRING)
				why(j, "field 'target' is not a string");
			else if (tr_set(&j->ev.target, s, n) < 0)
				j->ev.overflow = 1;
			break;
		case K_THREAD_NAME:
		case K_THREAD_ID:
		case K_FILENAME:
			if (t != TR_STRING) {
				why(j, j->key == K_FILENAME ? "field 'filename' is not a string" :
				       "field 'threadName' or 'threadId' is not a string");
				break;
			}
			if (tr_set(j->key == K_THREAD_NAME ? &j->ev.thread_name :
				   j->key == K_THREAD_ID ? &j->ev.thread_id : &j->ev.file, s, n) < 0)
				j->ev.overflow = 1;
			if (j->key == K_THREAD_NAME)
				j->ev.has_thread_name = 1;
			else if (j->key == K_THREAD_ID)
				j->ev.has_thread_id = 1;
			else
				j->ev.has_file = 1;
			break;
		case K_LINE_NUMBER: {
			char num[24];
			char *end;

			if (t != TR_NUMBER || n >= sizeof(num)) {
				why(j, "field 'line_number' is not an integer");
				break;
			}
			memcpy(num, s, n);
			num[n] = '\0';
			j->ev.file_line = strtoll(num, &end, 10);
			if (*end != '\0') {
				j->ev.file_line = RECORD_NONE;
				why(j, "field 'line_number' is not an integer");
			}
			break;
		}
		case K_FIELDS:
			why(j, "field 'fields' is not an object");
			break;
		case K_SPAN:
			if (t != TR_NULL)
				why(j, "field 'span' is not an object");
			break;
		case K_SPANS:
			if (t != TR_NULL)
				why(j, "field 'spans' is not an array");
			break;
		default:
			break;
		}
	}
	return 1;
}

static int on_null(void *ctx)
{
	return on_scalar(ctx, TR_NULL, "null", 4);
}

static int on_bool(void *ctx, int v)
{
	return on_scalar(ctx, TR_BOOL, v ? "true" : "false", v ? 4 : 5);
}

static int on_number(void *ctx, const char *s, size_t n)
{
	return on_scalar(ctx, TR_NUMBER, s, n);
}

static int on_string(void *ctx, const char *s, size_t n)
{
	return on_scalar(ctx, TR_STRING, s, n);
}

static int on_key(void *ctx, const char *s, size_t n)
{
	struct tr_json *j = ctx;

	if (copying(j)) {
		int r = j->depth - j->copy_base;
		uint64_t bit = UINT64_C(1) << r;

		if (!(j->copy_first & bit))
			copy_put(j, ",", 1);
		j->copy_first &= ~bit;
		if (j->copy_to && (tr_json_escape(j->copy_to, s, n) < 0 ||
				   buf_addc(j->copy_to, ':') < 0))
			j->ev.overflow = 1;
		return 1;
	}
	if (tr_set(&j->keyb, s, n) < 0) {
		j->ev.overflow = 1;
		return 0;
	}
	j->key = K_NONE;
	if (role_here(j) == R_TOP) {
		j->key = K_FIELD;       /* flatten_event: the event's fields sit here */
		for (size_t i = 0; i < sizeof(top_keys) / sizeof(top_keys[0]); i++)
			if (strlen(top_keys[i].name) == n && memcmp(top_keys[i].name, s, n) == 0) {
				j->key = top_keys[i].key;
				break;
			}
	}
	return 1;
}

static int push(struct tr_json *j, enum role r)
{
	if (j->depth >= MAX_DEPTH) {
		why(j, "JSON nested too deeply");
		return 0;
	}
	j->roles[j->depth++] = r;
	return 1;
}

/* A container at the top where the key wants a scalar (or no such key):
 * the reject reason names what is wrong; the container is skipped. */
static int top_misfit(struct tr_json *j, int is_array)
{
	if (j->key == K_TIMESTAMP) {
		j->has_ts = 1;
		why(j, "field 'timestamp' is not a string");
	} else if (j->key == K_LEVEL) {
		j->has_level = 1;
		why(j, "field 'level' is not a string");
	} else {
		why(j, is_array ? "unexpected array in a tracing line" :
				  "unexpected object in a tracing line");  /* why() keeps the pointer */
	}
	return push(j, R_OTHER);
}

static int on_start_map(void *ctx)
{
	struct tr_json *j = ctx;
	enum role r = role_here(j);

	if (copying(j))
		return copy_open(j, 1);
	if (j->depth == 0) {
		j->top_is_object = 1;
		return push(j, R_TOP);
	}
	if (r == R_TOP) {
		switch (j->key) {
		case K_FIELDS:
			return push(j, R_FIELDS);
		case K_SPAN:
			tr_span_begin(&j->ev);
			return push(j, R_SPAN);
		case K_FIELD:
			return copy_begin(j, 0, 1);
		case K_SPANS:
			why(j, "field 'spans' is not an array");
			return push(j, R_OTHER);
		default:
			return top_misfit(j, 0);
		}
	}
	if (r == R_FIELDS)
		return copy_begin(j, 0, 1);
	if (r == R_SPAN || r == R_SPAN_ITEM)
		return copy_begin(j, 1, 1);
	if (r == R_SPANS) {
		tr_span_begin(&j->ev);
		return push(j, R_SPAN_ITEM);
	}
	return push(j, R_OTHER);
}

static int on_end_map(void *ctx)
{
	struct tr_json *j = ctx;
	enum role r;

	if (copying(j))
		return copy_close(j, 1);
	r = role_here(j);
	if (r == R_SPAN)
		tr_span_end(&j->ev, NULL, 0, TR_SPAN_CURRENT);
	else if (r == R_SPAN_ITEM)
		tr_span_end(&j->ev, NULL, 0, TR_SPAN_LIST);
	j->depth--;
	return 1;
}

static int on_start_array(void *ctx)
{
	struct tr_json *j = ctx;
	enum role r = role_here(j);

	if (copying(j))
		return copy_open(j, 0);
	if (r == R_TOP) {
		switch (j->key) {
		case K_SPANS:
			return push(j, R_SPANS);
		case K_FIELD:
			return copy_begin(j, 0, 0);
		case K_FIELDS:
			why(j, "field 'fields' is not an object");
			return push(j, R_OTHER);
		case K_SPAN:
			why(j, "field 'span' is not an object");
			return push(j, R_OTHER);
		default:
			return top_misfit(j, 1);
		}
	}
	if (r == R_FIELDS)
		return copy_begin(j, 0, 0);
	if (r == R_SPAN || r == R_SPAN_ITEM)
		return copy_begin(j, 1, 0);
	if (r == R_SPANS)
		why(j, "field 'spans' holds a non-object");
	return push(j, R_OTHER);
}

static int on_end_array(void *ctx)
{
	struct tr_json *j = ctx;

	if (copying(j))
		return copy_close(j, 0);
	j->depth--;
	return 1;
}

static const struct json_handlers handlers = {
	on_null, on_bool, on_number, on_string, on_start_map, on_key,
	on_end_map, on_start_array, on_end_array,
};

/* --- the form ------------------------------------------------------------ */

static int json_open(void **state, struct diag *err)
{
	struct tr_json *j = calloc(1, sizeof(*j));

	if (!j)
		return diag_oom(err);
	tr_event_init(&j->ev);
	buf_init(&j->keyb, 64 * 1024);
	buf_init(&j->unescaped, READER_MAX_LINE);
	buf_init(&j->ts, 256);
	*state = j;
	return 0;
}

static void json_close(void *state)
{
	struct tr_json *j = state;

	if (!j)
		return;
	tr_event_release(&j->ev);
	buf_release(&j->keyb);
	buf_release(&j->unescaped);
	buf_release(&j->ts);
	free(j);
}

static int json_finish(void *state, const struct sink *out, struct diag *err)
{
	(void)state;
	(void)out;
	(void)err;
	return 0;
}

static int json_line(void *state, const struct line *l, int64_t wrapper_ts_us,
		     const struct sink *out, struct diag *err)
{
	struct tr_json *j = state;
	struct json_error je;
	enum json_status st;
	int64_t ts;
	const char *reason = NULL;
	char why_json[160];

	if (l->too_long) {      /* the reader kept its head only: not "truncated JSON" */
		snprintf(why_json, sizeof(why_json), "line longer than %d bytes", READER_MAX_LINE);
		return parser_reject(out, l, why_json, err);
	}
	if (strspn(l->text, " \t") == l->len)
		return 0;       /* blank: nothing to keep, nothing lost */
	tr_event_reset(&j->ev, l->no, l->off, wrapper_ts_us);
	j->depth = 0;
	j->key = K_NONE;
	j->has_ts = j->has_level = j->top_is_object = 0;
	j->why = NULL;
	j->copy_base = 0;
	buf_reset(&j->ts);
	/* a handler stops the scan (JSON_STOPPED) when the event overflows */
	st = json_scan(l->text, l->len, &handlers, j, &j->unescaped, &je);
	if (st != JSON_OK && st != JSON_STOPPED)
		return parser_reject(out, l, json_error_reason(&je, why_json, sizeof(why_json)),
				     err);
	if (!j->top_is_object)
		reason = "not a JSON object";
	else if (j->why)
		reason = j->why;
	else if (st != JSON_OK || j->ev.overflow)
		reason = "event too large";
	else if (j->ev.bad[0])
		reason = j->ev.bad;
	else if (!j->has_ts)
		reason = "missing field 'timestamp'";
	else if (timeconv_parse_rfc3339(j->ts.data, j->ts.len, &ts) < 0)
		reason = "field 'timestamp' is not a time";
	else if (!j->has_level)
		reason = "missing field 'level'";
	if (reason)
		return parser_reject(out, l, reason, err);
	j->ev.ts_us = ts;
	return tr_emit(&j->ev, out, err);
}

const struct tr_form tr_form_json = {
	.name = "json",
	.open = json_open,
	.line = json_line,
	.finish = json_finish,
	.close = json_close,
};
