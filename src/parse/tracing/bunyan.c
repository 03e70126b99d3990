/* bunyan.c - tracing-bunyan-formatter's JSON lines -> events:
 *
 *   {"v":0,"name":"app","msg":"[REQUEST - EVENT] message","level":30,"hostname":"h",
 *    "pid":4242,"time":"RFC 3339","target":"t","line":93,"file":"src/main.rs",<fields>}
 *
 * The event's fields and its span's (flattened by the layer) follow the core
 * fields at the top. Each line is rewritten as fmt().json() writes one
 * ({"timestamp","level","target","filename","line_number","fields":{...},
 * "span":{"name":...}}) and read by the json form, so redaction, phases and
 * request identity are the same code. msg's "[SPAN - EVENT] " names the
 * current span (upper-cased by the layer) and is taken off the message; the
 * layer's own span records ("[REQUEST - START]", "[REQUEST - END]" with
 * elapsed_milliseconds) are events with that message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

#include "parse/json_probe.h"
#include "parse/tracing/event.h"
#include "util/timeconv.h"

enum core { C_FIELD, C_V, C_NAME, C_MSG, C_LEVEL, C_HOSTNAME, C_PID, C_TIME, C_TARGET, C_LINE,
	    C_FILE, C_COUNT };

static const char *const core_names[C_COUNT] = {
	[C_V] = "v", [C_NAME] = "name", [C_MSG] = "msg", [C_LEVEL] = "level",
	[C_HOSTNAME] = "hostname", [C_PID] = "pid", [C_TIME] = "time", [C_TARGET] = "target",
	[C_LINE] = "line", [C_FILE] = "file",
};

struct tr_bunyan {
	void *json;                     /* the json form's state */
	yajl_gen g;                     /* the fields object, per line */
	struct buf fields, out, val[C_COUNT];
	int is_string[C_COUNT], has[C_COUNT];
	int depth, top_is_object;
	enum core key;
};

int tr_bunyan_is(const char *text, size_t len)
{
	static const char *const keys[] = { "v", "msg", "level", "time", "timestamp", NULL };
	struct json_probe p;

	return json_probe(text, len, keys, &p) == 0 && p.type[0] == JP_NUMBER &&
	       p.type[1] == JP_STRING && p.type[2] == JP_NUMBER && p.type[3] == JP_STRING &&
	       p.type[4] == JP_ABSENT;
}

static int gen_ok(yajl_gen_status st)
{
	return st == yajl_gen_status_ok;
}

/* A top-level value: a core field is kept, any other goes to the fields. */
static int scalar(struct tr_bunyan *b, int is_string, const char *s, size_t n, yajl_gen_status st)
{
	if (b->depth != 1 || b->key == C_FIELD)
		return gen_ok(st);
	b->has[b->key] = 1;
	b->is_string[b->key] = is_string;
	buf_reset(&b->val[b->key]);
	(void)buf_add(&b->val[b->key], s, n);
	return 1;
}

static int in_fields(const struct tr_bunyan *b)
{
	return b->depth > 1 || b->key == C_FIELD;
}

static int b_null(void *ctx)
{
	struct tr_bunyan *b = ctx;

	return scalar(b, 0, "null", 4, in_fields(b) ? yajl_gen_null(b->g) : yajl_gen_status_ok);
}

static int b_bool(void *ctx, int v)
{
	struct tr_bunyan *b = ctx;

	return scalar(b, 0, v ? "true" : "false", v ? 4 : 5,
		      in_fields(b) ? yajl_gen_bool(b->g, v) : yajl_gen_status_ok);
}

static int b_number(void *ctx, const char *s, size_t n)
{
	struct tr_bunyan *b = ctx;

	return scalar(b, 0, s, n, in_fields(b) ? yajl_gen_number(b->g, s, n) : yajl_gen_status_ok);
}

static int b_string(void *ctx, const unsigned char *s, size_t n)
{
	struct tr_bunyan *b = ctx;

	return scalar(b, 1, (const char *)s, n,
		      in_fields(b) ? yajl_gen_string(b->g, s, n) : yajl_gen_status_ok);
}

static int b_key(void *ctx, const unsigned char *s, size_t n)
{
	struct tr_bunyan *b = ctx;

	if (b->depth > 1)
		return gen_ok(yajl_gen_string(b->g, s, n));
	b->key = C_FIELD;
	for (int i = 1; i < C_COUNT; i++)
		if (strlen(core_names[i]) == n && memcmp(core_names[i], s, n) == 0)
			b->key = (enum core)i;
	return b->key != C_FIELD || gen_ok(yajl_gen_string(b->g, s, n));
}

static int b_open(void *ctx, int is_map)
{
	struct tr_bunyan *b = ctx;

	if (b->depth++ == 0) {
		b->top_is_object = is_map;
		return 1;
	}
	if (b->depth == 2 && b->key != C_FIELD) {
		b->has[b->key] = 1;         /* a container where a core value belongs */
		b->is_string[b->key] = -1;
		b->key = C_FIELD;           /* ... kept among the fields, under no key */
		return gen_ok(yajl_gen_string(b->g, (const unsigned char *)"_", 1)) &&
		       gen_ok(is_map ? yajl_gen_map_open(b->g) : yajl_gen_array_open(b->g));
	}
	return gen_ok(is_map ? yajl_gen_map_open(b->g) : yajl_gen_array_open(b->g));
}

static int b_map(void *ctx)
{
	return b_open(ctx, 1);
}

static int b_array(void *ctx)
{
	return b_open(ctx, 0);
}

static int b_close(void *ctx, int is_map)
{
	struct tr_bunyan *b = ctx;

	if (--b->depth == 0)
		return 1;
	return gen_ok(is_map ? yajl_gen_map_close(b->g) : yajl_gen_array_close(b->g));
}

static int b_end_map(void *ctx)
{
	return b_close(ctx, 1);
}

static int b_end_array(void *ctx)
{
	return b_close(ctx, 0);
}

static const yajl_callbacks callbacks = {
	b_null, b_bool, NULL, NULL, b_number, b_string, b_map, b_key, b_end_map, b_array,
	b_end_array,
};

static void to_buf(void *ctx, const char *s, size_t n)
{
	(void)buf_add(ctx, s, n);       /* capped: the json form then rejects the line */
}

static const char *level_name(const char *s)
{
	long v = strtol(s, NULL, 10);

	return v <= 10 ? "TRACE" : v <= 20 ? "DEBUG" : v <= 30 ? "INFO" : v <= 40 ? "WARN" : "ERROR";
}

/* The fmt().json() line of what was read; NULL, or why it cannot be one. */
static const char *rewrite(struct tr_bunyan *b)
{
	const char *msg = buf_str(&b->val[C_MSG]), *dash, *close;
	size_t mlen = b->val[C_MSG].len;
	struct buf *o = &b->out;
	int rc = 0;

	if (!b->has[C_TIME])
		return "missing field 'time'";
	if (b->is_string[C_TIME] != 1)
		return "field 'time' is not a string";
	if (timeconv_parse_rfc3339(b->val[C_TIME].data, b->val[C_TIME].len, &(int64_t){ 0 }) < 0)
		return "field 'time' is not a time";    /* the json form would say 'timestamp' */
	if (!b->has[C_LEVEL])
		return "missing field 'level'";
	if (b->is_string[C_LEVEL] != 0 || strspn(b->val[C_LEVEL].data, "0123456789") == 0)
		return "field 'level' is not a number";
	buf_reset(o);
	rc |= buf_adds(o, "{\"timestamp\":");
	rc |= tr_json_escape(o, buf_str(&b->val[C_TIME]), b->val[C_TIME].len);
	rc |= buf_printf(o, ",\"level\":\"%s\"", level_name(b->val[C_LEVEL].data));
	if (b->has[C_TARGET] && b->is_string[C_TARGET] == 1) {
		rc |= buf_adds(o, ",\"target\":");
		rc |= tr_json_escape(o, buf_str(&b->val[C_TARGET]), b->val[C_TARGET].len);
	}
	if (b->has[C_FILE] && b->is_string[C_FILE] == 1) {
		rc |= buf_adds(o, ",\"filename\":");
		rc |= tr_json_escape(o, buf_str(&b->val[C_FILE]), b->val[C_FILE].len);
	}
	if (b->has[C_LINE] && b->is_string[C_LINE] == 0 && tr_is_number(b->val[C_LINE].data,
								     b->val[C_LINE].len))
		rc |= buf_printf(o, ",\"line_number\":%s", b->val[C_LINE].data);
	/* "[SPAN - EVENT] message": the span, and the message without it */
	dash = mlen > 2 && msg[0] == '[' ? strstr(msg, " - ") : NULL;
	close = dash ? strchr(dash, ']') : NULL;
	rc |= buf_adds(o, ",\"fields\":{\"message\":");
	if (close && strncmp(dash, " - EVENT]", 9) == 0)
		rc |= tr_json_escape(o, close + 1 + (close[1] == ' '),
				     mlen - (size_t)(close + 1 + (close[1] == ' ') - msg));
	else
		rc |= tr_json_escape(o, msg, mlen);
	if (b->fields.len > 2) {
		rc |= buf_addc(o, ',');
		rc |= buf_add(o, b->fields.data + 1, b->fields.len - 1);       /* past '{' */
	} else {
		rc |= buf_addc(o, '}');
	}
	if (close) {
		rc |= buf_adds(o, ",\"span\":{\"name\":\"");
		for (const char *p = msg + 1; p < dash; p++)
			rc |= buf_addc(o, *p >= 'A' && *p <= 'Z' ? (char)(*p | 0x20) :
				       *p == '"' || *p == '\\' ? '_' : *p);
		rc |= buf_adds(o, "\"}");
	}
	rc |= buf_addc(o, '}');
	return rc ? "event too large" : NULL;
}

static int bunyan_line(void *state, const struct line *l, int64_t wrapper_ts_us,
		       const struct sink *out, struct diag *err)
{
	struct tr_bunyan *b = state;
	struct line again = *l;
	const char *why = NULL;
	yajl_handle h;
	int ok;

	if (l->too_long || strspn(l->text, " \t") == l->len)
		return tr_form_json.line(b->json, l, wrapper_ts_us, out, err);  /* its reasons */
	memset(b->has, 0, sizeof(b->has));
	b->depth = b->top_is_object = 0;
	b->key = C_FIELD;
	buf_reset(&b->fields);
	b->g = yajl_gen_alloc(NULL);
	if (!b->g)
		return diag_oom(err);
	yajl_gen_config(b->g, yajl_gen_print_callback, to_buf, &b->fields);
	yajl_gen_config(b->g, yajl_gen_validate_utf8, 0);
	h = yajl_alloc(&callbacks, NULL, b);
	ok = h && yajl_gen_map_open(b->g) == yajl_gen_status_ok &&
	     yajl_parse(h, (const unsigned char *)l->text, l->len) == yajl_status_ok &&
	     yajl_complete_parse(h) == yajl_status_ok &&
	     yajl_gen_map_close(b->g) == yajl_gen_status_ok;
	if (h)
		yajl_free(h);
	yajl_gen_free(b->g);
	b->g = NULL;
	if (!ok)        /* not JSON: the json form's reader says what is wrong */
		return tr_form_json.line(b->json, l, wrapper_ts_us, out, err);
	if (!b->top_is_object)
		why = "not a JSON object";
	else
		why = rewrite(b);
	if (why)
		return parser_reject(out, l, why, err);
	again.text = b->out.data;
	again.len = b->out.len;
	return tr_form_json.line(b->json, &again, wrapper_ts_us, out, err);
}

static int bunyan_open(void **state, struct diag *err)
{
	struct tr_bunyan *b = calloc(1, sizeof(*b));

	if (!b)
		return diag_oom(err);
	if (tr_form_json.open(&b->json, err) < 0) {
		free(b);
		return -1;
	}
	buf_init(&b->fields, READER_MAX_LINE * 2);
	buf_init(&b->out, READER_MAX_LINE * 2 + 4096);
	for (int i = 0; i < C_COUNT; i++)
		buf_init(&b->val[i], 64 * 1024);
	*state = b;
	return 0;
}

static int bunyan_finish(void *state, const struct sink *out, struct diag *err)
{
	return tr_form_json.finish(((struct tr_bunyan *)state)->json, out, err);
}

static void bunyan_close(void *state)
{
	struct tr_bunyan *b = state;

	if (!b)
		return;
	tr_form_json.close(b->json);
	buf_release(&b->fields);
	buf_release(&b->out);
	for (int i = 0; i < C_COUNT; i++)
		buf_release(&b->val[i]);
	free(b);
}

const struct tr_form tr_form_bunyan = {
	.name = "bunyan",
	.open = bunyan_open,
	.line = bunyan_line,
	.finish = bunyan_finish,
	.close = bunyan_close,
};
