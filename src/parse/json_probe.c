/* json_probe.c - a line's top-level keys and their types, for probe()s. */
#include "parse/json_probe.h"

#include <string.h>

#include "parse/json_scan.h"

struct probe_ctx {
	const char *const *keys;
	struct json_probe *p;
	int depth, key, top_is_object;
};

static int value(struct probe_ctx *c, enum json_probe_type t, const char *s, size_t n)
{
	if (c->depth != 1 || c->key < 0)
		return 1;
	c->p->type[c->key] = t;
	if (t == JP_STRING) {
		if (n > JSON_PROBE_VALUE)
			n = JSON_PROBE_VALUE;
		memcpy(c->p->value[c->key], s, n);
		c->p->value[c->key][n] = '\0';
	}
	c->key = -1;
	return 1;
}

static int on_null(void *ctx)
{
	return value(ctx, JP_OTHER, NULL, 0);
}

static int on_bool(void *ctx, int v)
{
	(void)v;
	return value(ctx, JP_OTHER, NULL, 0);
}

static int on_number(void *ctx, const char *s, size_t n)
{
	return value(ctx, JP_NUMBER, s, n);
}

static int on_string(void *ctx, const char *s, size_t n)
{
	return value(ctx, JP_STRING, s, n);
}

static int on_open(void *ctx)
{
	struct probe_ctx *c = ctx;

	if (c->depth == 0)
		c->top_is_object = 1;
	value(c, JP_OTHER, NULL, 0);
	c->depth++;
	return 1;
}

static int on_array(void *ctx)
{
	struct probe_ctx *c = ctx;

	value(c, JP_OTHER, NULL, 0);
	c->depth++;
	return 1;
}

static int on_close(void *ctx)
{
	((struct probe_ctx *)ctx)->depth--;
	return 1;
}

static int on_key(void *ctx, const char *s, size_t n)
{
	struct probe_ctx *c = ctx;

	c->key = -1;
	if (c->depth != 1)
		return 1;
	for (int i = 0; c->keys[i] && i < JSON_PROBE_KEYS; i++)
		if (strlen(c->keys[i]) == n && memcmp(c->keys[i], s, n) == 0)
			c->key = i;
	return 1;
}

static const struct json_handlers handlers = {
	on_null, on_bool, on_number, on_string, on_open, on_key, on_close, on_array, on_close,
};

int json_probe(const char *text, size_t len, const char *const *keys, struct json_probe *p)
{
	struct probe_ctx c = { .keys = keys, .p = p, .key = -1 };
	struct buf scratch;
	enum json_status st;
	size_t i = 0;

	memset(p, 0, sizeof(*p));
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i == len || text[i] != '{')
		return -1;      /* most lines of other formats: no scan at all */
	buf_init(&scratch, len + 1);
	st = json_scan(text, len, &handlers, &c, &scratch, NULL);
	buf_release(&scratch);
	return st == JSON_OK && c.top_is_object ? 0 : -1;
}
