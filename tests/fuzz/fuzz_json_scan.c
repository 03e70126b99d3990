/* fuzz_json_scan.c - json_scan against yajl on the same bytes: the whole
 * input as one document, then each of its lines (the seeds are logs). Both
 * must accept or reject alike, but where json_scan is stricter by design,
 * and accepted documents must give the same events; abort() otherwise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "parse/json_scan.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* One parser's events: a kind byte, then for a number, string or key its
 * length and bytes. A string whose raw text held a \u escape is only its
 * kind: yajl decodes lone surrogates its own way. */
struct side {
	struct buf trace;
	const unsigned char *raw, *cur, *end; /* the input; cur: after the last string */
	int scan;                             /* json_scan's side: check its strings */
};

static void put(struct side *d, char kind, const char *s, size_t n)
{
	if (buf_addc(&d->trace, kind) < 0 ||
	    (s && (buf_add(&d->trace, &n, sizeof(n)) < 0 || buf_add(&d->trace, s, n) < 0)))
		abort();        /* 64 MiB: 1000 times what -max_len lets in */
}

/* The raw text of the string being reported, the next one after d->cur
 * (events come in the text's order): 0 plain, 1 escaped, 2 with a \u. */
static int next_raw_string(struct side *d)
{
	const unsigned char *p = memchr(d->cur, '"', (size_t)(d->end - d->cur));
	int kind = 0;

	for (p = p ? p + 1 : d->end; p < d->end && *p != '"'; p++)
		if (*p == '\\' && ++p < d->end)
			kind = *p == 'u' ? 2 : kind ? kind : 1;
	d->cur = p < d->end ? p + 1 : d->end;
	return kind;
}

static int str(struct side *d, char kind, const char *s, size_t n)
{
	int raw = next_raw_string(d);
	uintptr_t a = (uintptr_t)s;

	/* json_scan: decoded text stays UTF-8; a plain string is borrowed */
	if (d->scan && (!utf8_valid(s, n) ||
			(raw == 0 && (a < (uintptr_t)d->raw || a + n > (uintptr_t)d->end)))) {
		fprintf(stderr, "json_scan string: invalid UTF-8 or not borrowed\n");
		abort();
	}
	put(d, kind, raw == 2 ? NULL : s, n);
	return 1;
}

#define EVENT(name, kind) \
	static int name(void *ctx) \
	{ \
		put(ctx, kind, NULL, 0); \
		return 1; \
	}
EVENT(on_null, 'z')
EVENT(on_start_map, '{')
EVENT(on_end_map, '}')
EVENT(on_start_array, '[')
EVENT(on_end_array, ']')

static int on_bool(void *ctx, int v)
{
	put(ctx, v ? 't' : 'f', NULL, 0);
	return 1;
}

static int on_number(void *ctx, const char *s, size_t n)
{
	put(ctx, 'n', s, n);
	return 1;
}

static int js_string(void *ctx, const char *s, size_t n)
{
	return str(ctx, 's', s, n);
}

static int js_key(void *ctx, const char *s, size_t n)
{
	return str(ctx, 'k', s, n);
}

static int yj_string(void *ctx, const unsigned char *s, size_t n)
{
	return str(ctx, 's', (const char *)s, n);
}

static int yj_key(void *ctx, const unsigned char *s, size_t n)
{
	return str(ctx, 'k', (const char *)s, n);
}

static const struct json_handlers scan_handlers = {
	.on_null = on_null, .on_bool = on_bool, .on_number = on_number,
	.on_string = js_string, .on_key = js_key,
	.on_start_map = on_start_map, .on_end_map = on_end_map,
	.on_start_array = on_start_array, .on_end_array = on_end_array,
};
static const yajl_callbacks yajl_handlers = { /* yajl_number: numbers as text */
	.yajl_null = on_null, .yajl_boolean = on_bool, .yajl_number = on_number,
	.yajl_string = yj_string, .yajl_map_key = yj_key,
	.yajl_start_map = on_start_map, .yajl_end_map = on_end_map,
	.yajl_start_array = on_start_array, .yajl_end_array = on_end_array,
};

/* yajl's trailing-garbage check lexes one token and takes "need more input"
 * for none: after a complete value, text that ends inside a string passes
 * ("{} \"abc", "true\"x"). Does the text end inside a string? */
static int ends_in_string(const unsigned char *p, const unsigned char *end)
{
	int in = 0;

	for (; p < end; p++)
		if (*p == '"')
			in = !in;
		else if (in && *p == '\\' && p + 1 < end)
			p++;
	return in;
}

static void differ(const unsigned char *data, size_t size)
{
	struct side js = { .raw = data, .cur = data, .end = data + size, .scan = 1 };
	struct side yj = { .raw = data, .cur = data, .end = data + size };
	const char *why = NULL;
	struct json_error e;
	struct buf scratch;
	enum json_status st;
	yajl_handle y;
	int yajl_ok;

	buf_init(&js.trace, 64u << 20);
	buf_init(&yj.trace, 64u << 20);
	buf_init(&scratch, 1u << 20);
	st = json_scan((const char *)data, size, &scan_handlers, &js, &scratch, &e);
	buf_release(&scratch);
	if (e.status != st || e.at > size || (st == JSON_OK) != (e.what == NULL))
		why = "json_scan's error does not match its status";
	if (!(y = yajl_alloc(&yajl_handlers, NULL, &yj)))
		abort();
	yajl_ok = yajl_parse(y, data, size) == yajl_status_ok &&
		  yajl_complete_parse(y) == yajl_status_ok;
	if (st == JSON_OK && !yajl_ok)
		why = "json_scan accepts, yajl rejects";
	/* stricter by design: UTF-8, depth, and '\f' '\v' as whitespace (yajl
	 * takes them as such, and as raw bytes nowhere else); yajl's slip above */
	if (st != JSON_OK && yajl_ok && st != JSON_BAD_UTF8 && st != JSON_TOO_DEEP &&
	    !memchr(data, '\f', size) && !memchr(data, '\v', size) &&
	    !(st == JSON_SYNTAX && ends_in_string(data, data + size)))
		why = "yajl accepts, json_scan rejects";
	if (st == JSON_OK && yajl_ok &&
	    (js.trace.len != yj.trace.len ||
	     memcmp(buf_str(&js.trace), buf_str(&yj.trace), js.trace.len)))
		why = "both accept, the events differ";
	if (why) {
		unsigned char *msg = yajl_get_error(y, 0, data, size);

		fprintf(stderr, "%s: json_scan %d at %zu (%s); yajl %s\n", why, e.status, e.at,
			e.what ? e.what : "ok", yajl_ok ? "ok" : (const char *)msg);
		abort();
	}
	yajl_free(y);
	buf_release(&js.trace);
	buf_release(&yj.trace);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const unsigned char *p = data, *end = data + size, *nl;

	differ(data, size);
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		differ(p, (size_t)(nl - p));
		p = nl + 1;
	}
	if (p != data)
		differ(p, (size_t)(end - p));
	return 0;
}
