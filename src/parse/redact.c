/* redact.c - credential redaction shared by every parser. */
#include "parse/redact.h"

#include <string.h>
#include <strings.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

static const char *const secret_headers[] = {
	"authorization", "proxy-authorization", "cookie", "set-cookie",
	"x-api-key", "x-auth-token", "x-csrf-token", NULL,
};

/* Substrings of query-parameter names that carry credentials. */
static const char *const secret_params[] = {
	"token", "password", "passwd", "secret", "key", "signature", "credential", NULL,
};

/* Substrings of field names that carry credentials, in JSON copies and in
 * tracing events alike (redact_is_secret_name). Narrower than the query
 * list: a tracing field named "key" is a broadcast key, not a secret. */
static const char *const secret_fields[] = {
	"token", "password", "passwd", "secret", "api_key", "apikey", "private_key",
	"access_key", "authorization", "cookie", NULL,
};

static int name_has(const char *name, size_t len, const char *const *needles)
{
	char low[128];

	if (len >= sizeof(low))
		len = sizeof(low) - 1;
	for (size_t i = 0; i < len; i++)
		low[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] - 'A' + 'a' : name[i]);
	low[len] = '\0';
	for (int i = 0; needles[i]; i++)
		if (strstr(low, needles[i]))
			return 1;
	return 0;
}

/* Every secret field name and every secret header name holds one of
 * these; most names hold none, and one pass over them settles it (tracing
 * asks for each field of each event). */
static int may_be_secret(const char *key, size_t klen)
{
	for (size_t i = 0; i + 3 <= klen; i++) {
		char a = (char)(key[i] | 0x20), b = (char)(key[i + 1] | 0x20),
		     c = (char)(key[i + 2] | 0x20);

		switch (a) {
		case 't': if (b == 'o' && c == 'k') return 1; break;
		case 'p': if (b == 'a' && c == 's') return 1; break;
		case 's': if (b == 'e' && c == 'c') return 1; break;
		case 'k': if (b == 'e' && c == 'y') return 1; break;
		case 'a': if (b == 'u' && c == 't') return 1; break;
		case 'c': if (b == 'o' && c == 'o') return 1; break;
		}
	}
	return 0;
}

int redact_is_secret_header(const char *name, size_t len)
{
	for (int i = 0; secret_headers[i]; i++)
		if (strlen(secret_headers[i]) == len && strncasecmp(name, secret_headers[i], len) == 0)
			return 1;
	return 0;
}

int redact_is_secret_name(const char *name, size_t len)
{
	if (!may_be_secret(name, len))
		return 0;
	return name_has(name, len, secret_fields) || redact_is_secret_header(name, len);
}

int redact_is_secret_param(const char *name, size_t len)
{
	return name_has(name, len, secret_params);
}

int redact_query(struct buf *out, const char *q, size_t len)
{
	const char *p = q, *end = q + len;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));

		if (eq && redact_is_secret_param(p, (size_t)(eq - p))) {
			if (buf_add(out, p, (size_t)(eq - p) + 1) < 0 || buf_adds(out, REDACTED) < 0)
				return -1;
		} else if (buf_add(out, p, (size_t)(stop - p)) < 0) {
			return -1;
		}
		if (amp && buf_addc(out, '&') < 0)
			return -1;
		p = amp ? amp + 1 : end;
	}
	return 0;
}

int redact_uri(struct buf *out, const char *uri, size_t len)
{
	const char *q = memchr(uri, '?', len);
	const char *end = uri + len, *frag;

	if (!q)
		return buf_add(out, uri, len);
	frag = memchr(q, '#', (size_t)(end - q));
	if (buf_add(out, uri, (size_t)(q - uri) + 1) < 0 ||
	    redact_query(out, q + 1, (size_t)((frag ? frag : end) - q - 1)) < 0)
		return -1;
	return frag ? buf_add(out, frag, (size_t)(end - frag)) : 0;
}

/* --- JSON copy with secrets replaced ------------------------------------ */

#define REDACT_MAX_DEPTH 64

struct redact_ctx {
	yajl_gen g;
	struct buf *scratch;            /* for redacted uris */
	int depth;
	unsigned char secret[REDACT_MAX_DEPTH];  /* array at this depth holds secrets */
	int key_secret;                 /* the current map key names a secret */
	int key_uri;                    /* the current map key is uri/url */
	int in_array[REDACT_MAX_DEPTH];
};

static int value_is_secret(const struct redact_ctx *c)
{
	if (c->depth > 0 && c->depth <= REDACT_MAX_DEPTH && c->in_array[c->depth - 1])
		return c->secret[c->depth - 1];
	return c->key_secret;
}

static int r_null(void *ctx)
{
	return yajl_gen_null(((struct redact_ctx *)ctx)->g) == yajl_gen_status_ok;
}

static int r_bool(void *ctx, int v)
{
	return yajl_gen_bool(((struct redact_ctx *)ctx)->g, v) == yajl_gen_status_ok;
}

static int r_number(void *ctx, const char *s, size_t n)
{
	struct redact_ctx *c = ctx;

	if (value_is_secret(c))
		return yajl_gen_string(c->g, (const unsigned char *)REDACTED,
				       strlen(REDACTED)) == yajl_gen_status_ok;
	return yajl_gen_number(c->g, s, n) == yajl_gen_status_ok;
}

static int r_string(void *ctx, const unsigned char *s, size_t n)
{
	struct redact_ctx *c = ctx;
	int in_map_value = !(c->depth > 0 && c->depth <= REDACT_MAX_DEPTH && c->in_array[c->depth - 1]);

	if (value_is_secret(c))
		return yajl_gen_string(c->g, (const unsigned char *)REDACTED,
				       strlen(REDACTED)) == yajl_gen_status_ok;
	if (in_map_value && c->key_uri) {
		buf_reset(c->scratch);
		if (redact_uri(c->scratch, (const char *)s, n) < 0)
			return 0;
		return yajl_gen_string(c->g, (const unsigned char *)c->scratch->data,
				       c->scratch->len) == yajl_gen_status_ok;
	}
	return yajl_gen_string(c->g, s, n) == yajl_gen_status_ok;
}

static int r_map_key(void *ctx, const unsigned char *s, size_t n)
{
	struct redact_ctx *c = ctx;

	c->key_secret = redact_is_secret_name((const char *)s, n);
	c->key_uri = (n == 3 && memcmp(s, "uri", 3) == 0) || (n == 3 && memcmp(s, "url", 3) == 0);
	return yajl_gen_string(c->g, s, n) == yajl_gen_status_ok;
}

static int push(struct redact_ctx *c, int is_array)
{
	if (c->depth < REDACT_MAX_DEPTH) {
		c->secret[c->depth] = (unsigned char)(is_array && value_is_secret(c));
		c->in_array[c->depth] = is_array;
	}
	c->depth++;
	return 1;
}

static int r_start_map(void *ctx)
{
	struct redact_ctx *c = ctx;

	push(c, 0);
	c->key_secret = c->key_uri = 0;
	return yajl_gen_map_open(c->g) == yajl_gen_status_ok;
}

static int r_end_map(void *ctx)
{
	struct redact_ctx *c = ctx;

	c->depth--;
	c->key_secret = c->key_uri = 0;
	return yajl_gen_map_close(c->g) == yajl_gen_status_ok;
}

static int r_start_array(void *ctx)
{
	struct redact_ctx *c = ctx;

	push(c, 1);
	return yajl_gen_array_open(c->g) == yajl_gen_status_ok;
}

static int r_end_array(void *ctx)
{
	struct redact_ctx *c = ctx;

	c->depth--;
	return yajl_gen_array_close(c->g) == yajl_gen_status_ok;
}

static const yajl_callbacks redact_callbacks = {
	r_null, r_bool, NULL, NULL, r_number, r_string, r_start_map, r_map_key,
	r_end_map, r_start_array, r_end_array,
};

static void to_buf(void *ctx, const char *s, size_t n)
{
	(void)buf_add(ctx, s, n);       /* a capped buffer truncates; the caller checks */
}

int redact_json(struct buf *out, const char *text, size_t len)
{
	struct redact_ctx c = { 0 };
	struct buf scratch;
	yajl_handle h;
	size_t before = out->len;
	int rc = -1;

	buf_init(&scratch, len + 64);
	c.scratch = &scratch;
	c.g = yajl_gen_alloc(NULL);
	if (!c.g)
		return -1;
	yajl_gen_config(c.g, yajl_gen_print_callback, to_buf, out);
	yajl_gen_config(c.g, yajl_gen_validate_utf8, 0);
	h = yajl_alloc(&redact_callbacks, NULL, &c);
	if (h && yajl_parse(h, (const unsigned char *)text, len) == yajl_status_ok &&
	    yajl_complete_parse(h) == yajl_status_ok)
		rc = 0;
	if (h)
		yajl_free(h);
	yajl_gen_free(c.g);
	buf_release(&scratch);
	if (rc < 0 && out->data) {
		out->len = before;
		out->data[before] = '\0';
	}
	return rc;
}
