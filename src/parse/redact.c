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

#define IN_FIELD 1      /* JSON keys, tracing fields */
#define IN_PARAM 2      /* query, fragment and matrix parameters */
#define EXACT 4         /* the whole name, not a part of it */

/* The one list of names that carry credentials, for every family. A part
 * of the name (ASCII case folded, percent-decoded), unless EXACT. Fields are
 * matched more narrowly than parameters: a tracing field named "key" is a
 * broadcast key, "signature" a message's; in a URL both are secrets. */
static const struct {
	const char *part;
	unsigned where;
} secret_names[] = {
	{ "token", IN_FIELD | IN_PARAM }, { "password", IN_FIELD | IN_PARAM },
	{ "passwd", IN_FIELD | IN_PARAM }, { "secret", IN_FIELD | IN_PARAM },
	{ "api_key", IN_FIELD | IN_PARAM }, { "apikey", IN_FIELD | IN_PARAM },
	{ "private_key", IN_FIELD | IN_PARAM }, { "access_key", IN_FIELD | IN_PARAM },
	{ "authorization", IN_FIELD | IN_PARAM }, { "cookie", IN_FIELD | IN_PARAM },
	{ "jwt", IN_FIELD | IN_PARAM }, { "key", IN_PARAM }, { "signature", IN_PARAM },
	{ "credential", IN_PARAM }, { "session", IN_PARAM }, { "auth", IN_PARAM | EXACT },
	{ "sig", IN_PARAM | EXACT },
};

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* name[0..len), its first 127 bytes, percent-decoded and lower case. */
static size_t fold(const char *name, size_t len, char low[128])
{
	size_t o = 0;

	for (size_t i = 0; i < len && o < 127; i++) {
		char c = name[i];

		if (c == '%' && i + 2 < len && hexval(name[i + 1]) >= 0 && hexval(name[i + 2]) >= 0) {
			c = (char)(hexval(name[i + 1]) * 16 + hexval(name[i + 2]));
			i += 2;
		}
		low[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	low[o] = '\0';
	return o;
}

static int name_in_list(const char *name, size_t len, unsigned where)
{
	char low[128];
	size_t n = fold(name, len, low);

	for (size_t i = 0; i < sizeof(secret_names) / sizeof(secret_names[0]); i++) {
		if (!(secret_names[i].where & where))
			continue;
		if (secret_names[i].where & EXACT ? strcmp(low, secret_names[i].part) == 0 :
		    strstr(low, secret_names[i].part) != NULL)
			return 1;
	}
	(void)n;
	return 0;
}

/* Every secret field name and every secret header name holds one of
 * these; most names hold none, and one pass over them settles it (tracing
 * asks for each field of each event). A '%' may hide any of them. */
static int may_be_secret(const char *key, size_t klen)
{
	for (size_t i = 0; i + 3 <= klen; i++) {
		char a = (char)(key[i] | 0x20), b = (char)(key[i + 1] | 0x20),
		     c = (char)(key[i + 2] | 0x20);

		if (key[i] == '%')
			return 1;
		switch (a) {
		case 't': if (b == 'o' && c == 'k') return 1; break;
		case 'p': if (b == 'a' && c == 's') return 1; break;
		case 's': if (b == 'e' && c == 'c') return 1; break;
		case 'k': if (b == 'e' && c == 'y') return 1; break;
		case 'a': if (b == 'u' && c == 't') return 1; break;
		case 'c': if (b == 'o' && c == 'o') return 1; break;
		case 'j': if (b == 'w' && c == 't') return 1; break;
		}
	}
	return klen > 1 && memchr(key, '%', klen) != NULL;
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
	return name_in_list(name, len, IN_FIELD) || redact_is_secret_header(name, len);
}

int redact_is_secret_param(const char *name, size_t len)
{
	return name_in_list(name, len, IN_PARAM);
}

/* --- shapes of credentials anywhere in a text ---------------------------- */

static int b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* A JWT at s: "eyJ" header . payload . signature (base64url). Its length. */
static size_t jwt_at(const char *s, size_t n)
{
	size_t i = 3, parts = 0, run = 3;

	if (n < 3 || memcmp(s, "eyJ", 3) != 0)
		return 0;
	for (; i < n; i++) {
		if (b64url(s[i])) {
			run++;
			continue;
		}
		if (s[i] != '.' || run < 2 || parts == 2)
			break;
		parts++;
		run = 0;
	}
	return parts == 2 && i >= 20 ? i : 0;
}

/* "Bearer <token>", "Basic <token>" at s: the length of the scheme and its space. */
static size_t scheme_at(const char *s, size_t n)
{
	static const char *const schemes[] = { "bearer ", "basic ", "token ", NULL };

	for (int k = 0; schemes[k]; k++) {
		size_t m = strlen(schemes[k]);

		if (n > m && strncasecmp(s, schemes[k], m) == 0 &&
		    (b64url(s[m]) || s[m] == '.' || s[m] == '~' || s[m] == '+' || s[m] == '/'))
			return m;
	}
	return 0;
}

static int token_char(char c)
{
	return b64url(c) || c == '.' || c == '~' || c == '+' || c == '/' || c == '=';
}

static int name_char(char c)
{
	return b64url(c) || c == '.' || c == '%';
}

/* Where a value ends: the end of a parameter, a field or a word. */
static int value_end(char c, char quote)
{
	if (quote)
		return c == quote;
	return c == '&' || c == ';' || c == '#' || c == ' ' || c == '\t' || c == '"' ||
	       c == '\'' || c == ',' || c == '}' || c == ']' || c == ')' || c == '\n' || c == '\\';
}

/* Can s hold a shape redact_text() replaces? Every one has '=', ':', a
 * space (after a scheme) or "eyJ" (a JWT); most paths and values have
 * none, and the Caddy access log asks for each of its lines. */
static int may_hold_secret(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '=' || c == ':' || c == ' ' ||
		    (c == 'e' && i + 2 < n && s[i + 1] == 'y' && s[i + 2] == 'J'))
			return 1;
	}
	return 0;
}

int redact_text(struct buf *out, const char *s, size_t n)
{
	size_t run = 0, i = 0;

	if (!may_hold_secret(s, n))
		return buf_add(out, s, n);

	while (i < n) {
		size_t k = 0, v = 0, name0, vend;
		char quote = 0;

		if (s[i] == 'e' && (i == 0 || !b64url(s[i - 1])) && (k = jwt_at(s + i, n - i))) {
			if (buf_add(out, s + run, i - run) < 0 || buf_adds(out, REDACTED) < 0)
				return -1;
			i = run = i + k;
			continue;
		}
		if ((s[i] | 0x20) >= 'b' && (s[i] | 0x20) <= 't' && (i == 0 || !b64url(s[i - 1])) &&
		    (k = scheme_at(s + i, n - i))) {
			for (v = i + k; v < n && token_char(s[v]); v++)
				;
			if (v - (i + k) >= 8) {
				if (buf_add(out, s + run, i + k - run) < 0 || buf_adds(out, REDACTED) < 0)
					return -1;
				i = run = v;
				continue;
			}
		}
		/* name=value, "name":"value", name: value, after a separator */
		if (!name_char(s[i]) || (i > 0 && name_char(s[i - 1]))) {
			i++;
			continue;
		}
		name0 = i;
		while (i < n && name_char(s[i]))
			i++;
		k = i;          /* the name's end */
		if (i < n && s[i] == '"' && name0 > 0 && s[name0 - 1] == '"')
			i++;
		while (i < n && s[i] == ' ')
			i++;
		/* after ?, &, ; or #: a URL's parameter, else a field's name */
		if (i >= n || (s[i] != '=' && s[i] != ':') ||
		    !(name0 > 0 && strchr("?&;#", s[name0 - 1]) ?
		      redact_is_secret_param(s + name0, k - name0) :
		      redact_is_secret_name(s + name0, k - name0)))
			continue;
		i++;
		while (i < n && s[i] == ' ')
			i++;
		if (i < n && (s[i] == '"' || s[i] == '\''))
			quote = s[i++];
		i += scheme_at(s + i, n - i);  /* Authorization: Bearer <the secret> */
		for (vend = i; vend < n && !value_end(s[vend], quote); vend++)
			if (quote && s[vend] == '\\')
				vend++;
		if (vend > n)
			vend = n;
		if (vend == i)
			continue;
		if (buf_add(out, s + run, i - run) < 0 || buf_adds(out, REDACTED) < 0)
			return -1;
		i = run = vend;
	}
	return buf_add(out, s + run, n - run);
}

/* --- URLs ---------------------------------------------------------------- */

/* Parameters separated by SEP: a secret's value replaced, any other
 * value's credential shapes too. */
static int redact_params(struct buf *out, const char *q, size_t len, char sep)
{
	const char *p = q, *end = q + len;

	while (p < end) {
		const char *amp = memchr(p, sep, (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));

		if (eq && redact_is_secret_param(p, (size_t)(eq - p))) {
			if (buf_add(out, p, (size_t)(eq - p) + 1) < 0 || buf_adds(out, REDACTED) < 0)
				return -1;
		} else if (redact_text(out, p, (size_t)(stop - p)) < 0) {
			return -1;
		}
		if (amp && buf_addc(out, sep) < 0)
			return -1;
		p = amp ? amp + 1 : end;
	}
	return 0;
}

int redact_query(struct buf *out, const char *q, size_t len)
{
	return redact_params(out, q, len, '&');
}

/* The path: ;name=value matrix parameters and a token as a segment. */
static int redact_path(struct buf *out, const char *p, size_t len)
{
	const char *end = p + len;

	while (p < end) {
		const char *slash = memchr(p + 1, '/', (size_t)(end - p - 1));
		const char *stop = slash ? slash : end;
		const char *semi = memchr(p, ';', (size_t)(stop - p));

		if (redact_text(out, p, (size_t)((semi ? semi : stop) - p)) < 0)
			return -1;
		if (semi && (buf_addc(out, ';') < 0 ||
			     redact_params(out, semi + 1, (size_t)(stop - semi - 1), ';') < 0))
			return -1;
		p = stop;
	}
	return 0;
}

int redact_uri(struct buf *out, const char *uri, size_t len)
{
	const char *end = uri + len;
	const char *q = memchr(uri, '?', len);
	const char *frag = memchr(uri, '#', len);

	if (frag && q && q > frag)
		q = NULL;       /* a '?' inside the fragment */
	if (redact_path(out, uri, (size_t)((q ? q : frag ? frag : end) - uri)) < 0)
		return -1;
	if (q && (buf_addc(out, '?') < 0 ||
		  redact_query(out, q + 1, (size_t)((frag ? frag : end) - q - 1)) < 0))
		return -1;
	/* #access_token=...: OAuth's implicit flow puts it there */
	if (frag && (buf_addc(out, '#') < 0 ||
		     redact_params(out, frag + 1, (size_t)(end - frag - 1), '&') < 0))
		return -1;
	return 0;
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
	buf_reset(c->scratch);
	if (redact_text(c->scratch, (const char *)s, n) < 0)
		return 0;
	return yajl_gen_string(c->g, (const unsigned char *)c->scratch->data,
			       c->scratch->len) == yajl_gen_status_ok;
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
